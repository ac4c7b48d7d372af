import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTestServer } from './harness.ts';

/** Sends one GET on the socket and resolves with the answer's status line. */
function get(socket: Socket, host: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1] ?? 0);
      if (text.length < end + 4 + length) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(text.slice(0, text.indexOf('\r\n')));
    };
    const onClose = () => reject(new Error('the server closed the connection'));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  });
}

test('an idle keep-alive connection is kept longer than Node\'s 5 s default, so chat clients that send every few seconds reuse it', async () => {
  const srv = await startTestServer();
  const { hostname, port, host } = new URL(srv.url);
  const socket = connect({ host: hostname, port: Number(port) });
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    assert.equal(await get(socket, host, '/health'), 'HTTP/1.1 200 OK');
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    assert.equal(socket.destroyed, false, 'the server closed the idle connection');
    assert.equal(await get(socket, host, '/health'), 'HTTP/1.1 200 OK');
  } finally {
    socket.destroy();
    await srv.stop();
  }
});
