/**
 * Structured logs (log.ts): JSON lines, the level from LOG_LEVEL (or SWITCHBOARD_LOG_LEVEL), a debug line
 * per request with its request id, and never a message, token, password, Authorization header or
 * attachment name — checked by sending secrets and grepping what was logged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv } from '../src/index.ts';
import { createLogger } from '../src/log.ts';
import { DEMO_PASSWORD, createConnection, participant, postJson, startTestServer, startWidgetChat, type TestServer } from './harness.ts';
import { captureLog } from './logCapture.ts';

describe('log settings', () => {
  test('LOG_LEVEL (or SWITCHBOARD_LOG_LEVEL) sets the level; info by default; an unknown level refuses to start', () => {
    const config = (env: Record<string, string>) => configFromEnv(env, '/nonexistent');
    assert.equal(config({}).logLevel, 'info');
    assert.equal(config({ LOG_LEVEL: 'debug' }).logLevel, 'debug');
    assert.equal(config({ SWITCHBOARD_LOG_LEVEL: 'warn' }).logLevel, 'warn');
    assert.equal(config({ LOG_LEVEL: 'error', SWITCHBOARD_LOG_LEVEL: 'debug' }).logLevel, 'error', 'LOG_LEVEL first');
    assert.throws(() => config({ LOG_LEVEL: 'verbose' }), /bad setting LOG_LEVEL/);
  });

  test('fields that carry secrets or contents are redacted whatever object reaches the log', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ headers: { authorization: 'AWS4-HMAC-SHA256 sig-1' }, Content: 'hello-2', password: 'pw-3', ParticipantToken: 'tok-4', request: { AttachmentName: 'name-5', sdp: 'v=0 6' } }, 'x');
    const entry = JSON.parse(lines[0]!);
    assert.equal(entry.headers.authorization, '[redacted]');
    for (const secret of ['sig-1', 'hello-2', 'pw-3', 'tok-4', 'name-5', 'v=0 6']) assert.ok(!lines[0]!.includes(secret), secret);
  });
});

describe('request logs', { timeout: 30_000 }, () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(() => srv.stop());

  test('at debug every request is one JSON line with its request id, method, route pattern, status and duration', async () => {
    const captured = captureLog('debug');
    let reqId: string | null;
    try {
      const r = await fetch(`${srv.url}/contacts/${srv.demo.instanceId}/some-contact`);
      reqId = r.headers.get('x-amzn-requestid');
      await r.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      captured.restore();
    }
    const line = captured.entries().find((e) => e.reqId === reqId);
    assert.ok(line, `a line with the request id: ${captured.lines.join('')}`);
    assert.equal(line.level, 20, 'debug');
    assert.equal(line.msg, 'request');
    assert.equal(line.method, 'GET');
    assert.equal(line.route, '/contacts/:instanceId/:contactId', 'the pattern, not the path');
    assert.equal(line.status, 403);
    assert.equal(typeof line.ms, 'number');
    assert.equal(typeof line.time, 'number');
  });

  test('at info requests are not logged', async () => {
    const captured = captureLog('info');
    try {
      await (await fetch(`${srv.url}/health`)).text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      captured.restore();
    }
    assert.deepEqual(captured.lines, []);
  });

  test('no message, token, password, Authorization header or attachment name sent in requests appears in the log, even at trace', async () => {
    const captured = captureLog('trace');
    const secrets: string[] = [];
    try {
      const chat = await startWidgetChat(srv, 'Secret Sam');
      secrets.push(chat.ParticipantToken);
      const connection = await createConnection(srv, chat.ParticipantToken);
      const token = connection.ConnectionCredentials.ConnectionToken;
      secrets.push(token, new URL(connection.Websocket.Url).searchParams.get('token')!);
      const message = 'the-secret-message-8c1d';
      secrets.push(message);
      assert.equal((await participant(srv, 'message', token, { ContentType: 'text/plain', Content: message })).status, 200);
      const authorization = 'Bearer secret-authorization-77aa';
      secrets.push('secret-authorization-77aa');
      await postJson(`${srv.url}/participant/message`, { ContentType: 'text/plain', Content: message }, { 'x-amz-bearer': token, authorization });
      const attachmentName = 'secret-attachment-name-19f2.txt';
      secrets.push(attachmentName);
      await participant(srv, 'start-attachment-upload', token, { AttachmentName: attachmentName, AttachmentSizeInBytes: 10, ContentType: 'text/plain', ClientToken: 'c1' });
      secrets.push(DEMO_PASSWORD);
      const login = await postJson(`${srv.url}/agent/login`, { Username: 'agent1', Password: DEMO_PASSWORD });
      secrets.push(login.body.Token);
      await postJson(`${srv.url}/agent/login`, { Username: 'agent1', Password: `${DEMO_PASSWORD}-wrong` });
      await postJson(`${srv.url}/participant/message`, undefined, { 'x-amz-bearer': token }, `{"Content":"${message}",`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      captured.restore();
    }
    const text = captured.lines.join('');
    assert.ok(captured.entries().filter((e) => e.msg === 'request').length >= 8, 'the requests were logged');
    for (const secret of secrets) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}… is not in the log`);
    assert.ok(!/authorization/i.test(text), 'no header is logged at all');
  });
});
