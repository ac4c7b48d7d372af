/**
 * Hostile HTTP requests (issue 14): whatever a client sends is answered in the API's own error shape,
 * and the server goes on serving everyone else.
 */
import { describe, test } from 'node:test';
import { serverThatMustNotThrow } from './mustNotThrow.ts';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, startWidgetChat, createConnection, participant, postJson, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { GetCurrentMetricDataCommand } from '@aws-sdk/client-connect';
import { captureLog } from './logCapture.ts';

let srv: TestServer;
serverThatMustNotThrow((server) => {
  srv = server;
});

/** Sends raw bytes on a new connection and resolves with everything the server sent before it closed (or `waitMs` passed). */
export function rawExchange(url: string, bytes: string | Buffer, waitMs = 3000): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(u.port), u.hostname);
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', done);
    socket.write(bytes);
  });
}

const statusOf = (answer: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
const errorTypeOf = (answer: string) => /x-amzn-errortype: ([^\r\n]+)/i.exec(answer)?.[1];

async function serverIsUp(): Promise<void> {
  assert.equal((await fetch(`${srv.url}/health`)).status, 200);
}

describe('malformed request targets', { timeout: 30_000 }, () => {
  test('a malformed percent-escape in a route parameter is answered 400 in the API\'s error shape, and the server stays up', async () => {
    const cases: [string, string, string][] = [
      ['GET', '/attachments/%ZZ', 'ValidationException'],
      ['PUT', '/attachments/%ZZ', 'ValidationException'],
      ['GET', '/attachments/%E0%A4', 'ValidationException'],
      ['GET', `/quick-connects/${srv.demo.instanceId}/%ZZ`, 'InvalidRequestException'],
      ['GET', '/instance/i/attribute/%', 'InvalidRequestException'],
      ['GET', '/contacts/%ZZ/%ZZ', 'InvalidRequestException'],
    ];
    for (const [method, path, errorType] of cases) {
      const r = await fetch(`${srv.url}${path}`, { method, body: method === 'PUT' ? 'x' : undefined });
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.equal(r.headers.get('x-amzn-errortype'), errorType, `${method} ${path}`);
      assert.match((await r.json() as { message: string }).message, /malformed percent-escape/);
    }
    await serverIsUp();
  });

  test('a request target that starts with // (a browser opening http://host//) is answered, not a crash', async () => {
    for (const target of ['//', '//x', '///participant/message', '//evil.example/ccp/']) {
      const answer = await rawExchange(srv.url, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const status = statusOf(answer);
      // 503 here: the test server has no built pages (a real one answers 404 from its pages).
      assert.ok(status >= 300 && status !== 500, `${target} answered ${status}`);
      if (status >= 400) assert.ok(errorTypeOf(answer), `${target}: a typed error`);
    }
    await serverIsUp();
  });

  test('a request target that is not a path (an absolute URL, *) is answered, not a crash', async () => {
    for (const target of ['http://h/health', '*', 'http://[::1']) {
      const answer = await rawExchange(srv.url, `OPTIONS ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.ok(statusOf(answer) > 0, `${target}: an answer`);
    }
    await serverIsUp();
  });
});

describe('request bodies', { timeout: 30_000 }, () => {
  test('a body over the limit sent chunked is answered 400 in the API\'s shape (not a connection reset), and the connection then closes', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const head = 'POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nX-Amz-Bearer: t\r\n\r\n';
    const chunks = [Buffer.from(head)];
    for (let i = 0; i < 20; i++) chunks.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    const answer = await rawExchange(srv.url, Buffer.concat(chunks));
    assert.equal(statusOf(answer), 400);
    assert.equal(errorTypeOf(answer), 'ValidationException');
    assert.match(answer, /larger than/);
    await serverIsUp();
  });

  test('a declared Content-Length over the limit is refused before the body is read', async () => {
    const answer = await rawExchange(srv.url, `POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n{`);
    assert.equal(statusOf(answer), 400);
    assert.equal(errorTypeOf(answer), 'ValidationException');
  });

  test('a client that goes away mid-body is not an error of ours: nothing is logged', async () => {
    const captured = captureLog('warn');
    try {
      for (let i = 0; i < 5; i++) {
        await rawExchange(srv.url, 'POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nX-Amz-Bearer: t\r\n\r\n{"Content', 100);
      }
      await serverIsUp();
    } finally {
      captured.restore();
    }
    assert.deepEqual(captured.lines, []);
  });
});

describe('names a client chooses', { timeout: 30_000 }, () => {
  test('metric names that are Object members (toString, constructor, __proto__) are not metrics: InvalidRequestException', async () => {
    const connect = demoConnectClient(srv);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      await assert.rejects(
        connect.send(new GetCurrentMetricDataCommand({
          InstanceId: srv.demo.instanceId, Filters: { Queues: [srv.demo.queueId], Channels: ['CHAT'] },
          CurrentMetrics: [{ Name: name as never, Unit: 'COUNT' }],
        })),
        (error: Error) => error.name === 'InvalidRequestException' && /not supported/.test(error.message),
        name,
      );
    }
  });
});

describe('the server after many bad requests', { timeout: 30_000 }, () => {
  test('a burst of malformed requests of every kind leaves the server serving a customer', async () => {
    const bad = ['/attachments/%ZZ', '//', '/participant/%', '/agent/ws', '/contacts/%C0%AF/x'];
    await Promise.all(bad.flatMap((path) => ['GET', 'POST', 'PUT', 'DELETE'].map((method) => fetch(`${srv.url}${path}`, { method, body: method === 'GET' ? undefined : '{' }).then((r) => r.arrayBuffer()))));
    const chat = await startWidgetChat(srv, 'After');
    const connection = await createConnection(srv, chat.ParticipantToken);
    const sent = await participant(srv, 'message', connection.ConnectionCredentials.ConnectionToken, { ContentType: 'text/plain', Content: 'still here' });
    assert.equal(sent.status, 200);
    const r = await postJson(`${srv.url}/participant/message`, null, {}, '{');
    assert.equal(r.status, 400);
  });
});

describe('found by the fuzz suite', { timeout: 30_000 }, () => {
  test('a backwards byte range (Range: bytes=5-2) on a static page is ignored: the page is served whole, the server stays up', async () => {
    const root = await mkdtemp(join(tmpdir(), 'switchboard-pages-'));
    await mkdir(join(root, 'ccp'));
    await writeFile(join(root, 'ccp', 'index.html'), '<!doctype html><title>CCP</title>');
    const pages = await startTestServer({ env: { SWITCHBOARD_WEB_ROOT: root } });
    try {
      for (const range of ['bytes=5-2', 'bytes=-', 'bytes=0-1,3-4', 'items=1-2']) {
        const r = await fetch(`${pages.url}/ccp/`, { headers: { range } });
        assert.equal(r.status, 200, range);
        assert.match(await r.text(), /CCP/);
      }
      const part = await fetch(`${pages.url}/ccp/`, { headers: { range: 'bytes=0-8' } });
      assert.equal(part.status, 206, 'a range it can serve is still served');
    } finally {
      await pages.stop();
      await rm(root, { recursive: true, force: true });
    }
  });

  test('a malformed Host header does not break the URLs handed back: CreateParticipantConnection and the widget answer as for our own address', async () => {
    const chat = await startWidgetChat(srv, 'Hosty');
    const answer = await rawExchange(srv.url, `POST /participant/connection HTTP/1.1\r\nHost: [\r\nX-Amz-Bearer: ${chat.ParticipantToken}\r\nContent-Type: application/json\r\nContent-Length: 22\r\nConnection: close\r\n\r\n{"Type":["WEBSOCKET"]}`);
    // Node itself may refuse the header (400); if it reaches us, the answer is a normal one.
    assert.ok([200, 400].includes(statusOf(answer)), answer.slice(0, 200));
    const widget = await rawExchange(srv.url, `POST /widget/${srv.demo.widgetId}/start-chat HTTP/1.1\r\nHost: a b\r\nOrigin: http://example.com\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`);
    assert.ok([400, 403].includes(statusOf(widget)), widget.slice(0, 200));
    await serverIsUp();
  });
});
