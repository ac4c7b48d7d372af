/**
 * The load generator's WebSocket client against a real `ws` server: it must read every frame a server
 * can send (all three length encodings, frames split across reads and several in one read), answer
 * pings, send frames the server accepts (masked), and refuse a handshake it should not trust.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { RawWebSocket } from './rawWs.ts';

async function server(): Promise<{ url: string; next: () => Promise<WebSocket>; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const waiting: ((ws: WebSocket) => void)[] = [];
  const ready: WebSocket[] = [];
  wss.on('connection', (ws) => { const w = waiting.shift(); if (w) w(ws); else ready.push(ws); });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/room/1?token=a%20b`,
    next: () => new Promise((r) => { const ws = ready.shift(); if (ws) r(ws); else waiting.push(r); }),
    close: () => new Promise((r) => { for (const c of wss.clients) c.terminate(); wss.close(() => r()); }),
  };
}

function collect(count: number): { texts: string[]; done: Promise<void>; onText: (t: string) => void } {
  const texts: string[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { texts, done, onText: (t) => { texts.push(t); if (texts.length === count) resolve(); } };
}

test('the raw WebSocket client reads text frames of every length encoding, in order, including non-ASCII text', async () => {
  const s = await server();
  const messages = ['short é', 'x'.repeat(125), 'y'.repeat(126), 'z'.repeat(65_535), '✓'.repeat(70_000)];
  const got = collect(messages.length);
  const client = await RawWebSocket.open(s.url, got.onText);
  const peer = await s.next();
  for (const m of messages) peer.send(m);
  await got.done;
  assert.deepEqual(got.texts, messages);
  client.terminate();
  await s.close();
});

test('the raw WebSocket client sends masked text frames that a ws server accepts', async () => {
  const s = await server();
  const client = await RawWebSocket.open(s.url, () => {});
  const peer = await s.next();
  const received = new Promise<string>((r) => peer.once('message', (data) => r(data.toString())));
  client.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }) + 'é'.repeat(200));
  assert.equal(await received, JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }) + 'é'.repeat(200));
  client.terminate();
  await s.close();
});

test('the raw WebSocket client answers a ping with a pong carrying the same payload', async () => {
  const s = await server();
  const client = await RawWebSocket.open(s.url, () => {});
  const peer = await s.next();
  const pong = new Promise<string>((r) => peer.once('pong', (data) => r(data.toString())));
  peer.ping('are you there');
  assert.equal(await pong, 'are you there');
  client.terminate();
  await s.close();
});

test('the raw WebSocket client reassembles frames split across reads and several frames in one read', async () => {
  // A hand-rolled server that writes the 101 and two frames, cut at every byte boundary in turn.
  const frames = Buffer.concat([Buffer.from([0x81, 5]), Buffer.from('hello'), Buffer.from([0x81, 126, 0, 200]), Buffer.alloc(200, 'q')]);
  for (const cut of [1, 2, 3, 4, 7, 8, 50, frames.length - 1]) {
    const tcp = createServer((socket) => {
      socket.once('data', (request) => {
        const key = /sec-websocket-key: *(\S+)/i.exec(request.toString())![1]!;
        const accept = createHash('sha1').update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
        socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
        // The 101 and the first bytes of the frames in one write, the rest in another.
        socket.write(frames.subarray(0, cut));
        setTimeout(() => socket.write(frames.subarray(cut)), 5);
      });
    });
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const got = collect(2);
    const client = await RawWebSocket.open(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}/`, got.onText);
    await got.done;
    assert.deepEqual(got.texts, ['hello', 'q'.repeat(200)], `cut at ${cut}`);
    client.terminate();
    await new Promise((r) => tcp.close(r));
  }
});

test('the raw WebSocket client refuses a server whose Sec-WebSocket-Accept does not match its key', async () => {
  const tcp = createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: d3JvbmcK\r\n\r\n')));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  await assert.rejects(RawWebSocket.open(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}/`, () => {}), /Sec-WebSocket-Accept/);
  await new Promise((r) => tcp.close(r));
});

test('the raw WebSocket client refuses an answer that is not an upgrade', async () => {
  const tcp = createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')));
  await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
  await assert.rejects(RawWebSocket.open(`ws://127.0.0.1:${(tcp.address() as AddressInfo).port}/`, () => {}), /no upgrade: HTTP\/1.1 403/);
  await new Promise((r) => tcp.close(r));
});


test('the raw WebSocket client reports a connection the server closed: onClose is called and isOpen is false', async () => {
  const s = await server();
  const client = await RawWebSocket.open(s.url, () => {});
  assert.equal(client.isOpen, true);
  const closed = new Promise<void>((r) => client.onClose(r));
  (await s.next()).close(1000, 'bye');
  await closed;
  assert.equal(client.isOpen, false);
  await s.close();
});
