/**
 * Graceful shutdown (app.ts close(), main.ts on SIGTERM/SIGINT): the server stops taking connections,
 * answers requests arriving on open ones 503 with Retry-After, lets requests being served finish and
 * their commands become durable, closes WebSockets with 1012 (service restart) so clients reconnect,
 * and is done within SWITCHBOARD_SHUTDOWN_TIMEOUT_MS whatever a client holds open.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArchivedContact, Event } from '@switchboard/engine';
import { SqliteEventStore } from '../src/index.ts';
import { RawAgent, createConnection, openChatSocket, participant, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';

/** SQLite whose writes take a while when asked: a request stays in flight long enough to stop the server under it. */
class SlowStore extends SqliteEventStore {
  slowMs = 0;
  writing = false;
  override async append(events: readonly Event[], archived?: readonly ArchivedContact[], ...rest: unknown[]): Promise<void> {
    if (this.slowMs > 0) {
      this.writing = true;
      await new Promise((resolve) => setTimeout(resolve, this.slowMs));
    }
    await (super.append as (...args: unknown[]) => Promise<void>)(events, archived, ...rest);
    this.writing = false;
  }
}

/** A connection that has sent the start of a request (so the server counts it busy, not idle). */
async function halfSentRequest(url: string, start: string): Promise<{ socket: Socket; answer: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(start);
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { socket, answer };
}

describe('graceful shutdown', { timeout: 60_000 }, () => {
  test('a request in flight when the server stops is answered and durable; a request arriving after gets 503 with Retry-After; sockets close with 1012', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-ops-'));
    const store = new SlowStore(join(dir, 'switchboard.db'));
    let srv: TestServer = await startTestServer({ dir, store });
    try {
      const chat = await startWidgetChat(srv, 'Stopping Stella');
      const connection = await createConnection(srv, chat.ParticipantToken);
      const token = connection.ConnectionCredentials.ConnectionToken;
      const chatSocket = await openChatSocket(connection.Websocket.Url);
      const agent = await RawAgent.login(srv, 'agent1');
      const closes = [chatSocket, agent.socket].map((s) => new Promise<{ code: number; reason: string }>((resolve) => s.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))));
      const late = await halfSentRequest(srv.url, 'POST /participant/message HTTP/1.1\r\nHost: x\r\n');

      store.slowMs = 400;
      const inFlight = participant(srv, 'message', token, { ContentType: 'text/plain', Content: 'sent just before the stop', ClientToken: 'stop-1' });
      await waitFor(() => store.writing, 3000, 'the message on its way to disk');
      const stopping = srv.close();

      late.socket.write(`Content-Type: application/json\r\nContent-Length: 2\r\nX-Amz-Bearer: ${token}\r\n\r\n{}`);
      const refused = await late.answer;
      assert.match(refused, /^HTTP\/1\.1 503 /, refused);
      assert.match(refused, /\r\nretry-after: 5\r\n/i);
      assert.match(refused, /\r\nx-amzn-ErrorType: ServiceUnavailableException\r\n/i);
      assert.match(refused, /\r\nconnection: close\r\n/i);

      const answered = await inFlight;
      assert.equal(answered.status, 200, 'the request in flight is answered');
      const messageId = answered.body.Id as string;
      assert.ok(messageId);

      for (const close of await Promise.all(closes)) assert.deepEqual(close, { code: 1012, reason: 'service restart' }, 'reconnect: chatjs and the sdk do');
      await stopping;
      await assert.rejects(fetch(`${srv.url}/health`), 'no new connections');

      srv = await startTestServer({ dir });
      const transcript = await participant(srv, 'transcript', token, { MaxResults: 100 });
      assert.equal(transcript.status, 200);
      assert.ok(transcript.body.Transcript.some((item: any) => item.Id === messageId && item.Content === 'sent just before the stop'), 'the message is durable');
    } finally {
      await srv.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('while the server stops /ready answers 503 {reason: shutting down}, /health 200, and a WebSocket upgrade is refused 503 with Retry-After', async () => {
    const srv = await startTestServer();
    // A request that never ends (a body that never comes) keeps the server stopping for a moment.
    const hanging = await halfSentRequest(srv.url, `PUT /attachments/never HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123`);
    const ready = await halfSentRequest(srv.url, 'GET /ready HTTP/1.1\r\nHost: x\r\n');
    const health = await halfSentRequest(srv.url, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n');
    const upgrade = await halfSentRequest(srv.url, 'GET /agent/ws?token=t HTTP/1.1\r\nHost: x\r\n');
    const stopping = srv.stop();
    ready.socket.write('\r\n');
    health.socket.write('\r\n');
    upgrade.socket.write('Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    const answer = await ready.answer;
    assert.match(answer, /^HTTP\/1\.1 503 /);
    assert.match(answer, /"reason":"shutting down"/);
    assert.match(await health.answer, /^HTTP\/1\.1 200 /, 'still alive');
    const refused = await upgrade.answer;
    assert.match(refused, /^HTTP\/1\.1 503 /, refused);
    assert.match(refused, /\r\nRetry-After: 5\r\n/);
    hanging.socket.destroy();
    await stopping;
  });

  test('a shutdown ends within SWITCHBOARD_SHUTDOWN_TIMEOUT_MS even when a client never finishes its request', async () => {
    const srv = await startTestServer({ env: { SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: '300' } });
    const login = await RawAgent.login(srv, 'agent2');
    const hanging = await halfSentRequest(srv.url, `POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"Co`);
    const started = Date.now();
    await srv.stop();
    const took = Date.now() - started;
    assert.ok(took < 2_000, `stopped in ${took} ms`);
    await hanging.answer; // the connection was cut
    await waitFor(() => login.socket.ws.readyState === login.socket.ws.CLOSED, 2000, 'the agent socket closed');
  });
});

const here = dirname(fileURLToPath(import.meta.url));

describe('SIGTERM', { timeout: 60_000 }, () => {
  test('npm start stops on SIGTERM: JSON log lines, the plain banner, and exit code 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-ops-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', join(here, '../src/main.ts')], {
        cwd: join(here, '..'),
        env: { ...process.env, HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_MEDIA: '0', SWITCHBOARD_DEMO: '0', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const url = await waitFor(() => /Switchboard is running at (\S+)/.exec(output)?.[1], 30_000, 'the banner');
      assert.equal((await fetch(`${url}/ready`)).status, 200);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      // In the order they were logged (pino's time, then output order): once, under load, the last two lines
      // reached the pipe swapped, 4 ms apart.
      const json = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line))
        .sort((a, b) => a.time - b.time);
      // Without the demo, the first start makes the account's access key (its id and file are logged, never the secret).
      assert.deepEqual(json.map((e) => e.msg), ['made the account access key', 'listening', 'shutting down', 'stopped'], output);
      assert.equal(json[2].signal, 'SIGTERM');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
