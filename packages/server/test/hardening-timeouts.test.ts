/**
 * Half-sent requests are not held (issue 14): headers must arrive within the headers timeout and the
 * whole request within the request timeout; then Node answers 408 and the connection closes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { startTestServer, type TestServer } from './harness.ts';

let srv: TestServer;
before(async () => {
  srv = await startTestServer({ env: { SWITCHBOARD_HEADERS_TIMEOUT_MS: '300', SWITCHBOARD_REQUEST_TIMEOUT_MS: '800' } });
});
after(() => srv.stop());

/** Sends `bytes` and never more; resolves with what the server sent and how long until it closed the connection. */
function stall(bytes: string): Promise<{ answer: string; closedAfterMs: number }> {
  const u = new URL(srv.url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let answer = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server held the half-sent request for 10 s'));
    }, 10_000);
    socket.on('data', (d) => (answer += d.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
    socket.write(bytes);
  });
}

test('a request whose headers never finish is answered 408 and closed once the headers timeout passes', async () => {
  const { answer } = await stall('POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: app');
  assert.match(answer, /^HTTP\/1\.1 408 /);
});

test('a request whose body never finishes is closed once the request timeout passes', async () => {
  const { answer } = await stall('POST /participant/message HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nX-Amz-Bearer: t\r\n\r\n{"Con');
  assert.match(answer, /^HTTP\/1\.1 408 /);
});
