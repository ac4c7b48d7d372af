/**
 * Frames built once and written straight to a socket's transport (SharedText) must arrive exactly as
 * `ws` would have sent them, in order with frames `ws` sends itself, at every length encoding.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedText, coalesceWrites, sendFrame } from '../src/ws/coalesce.ts';

describe('shared text frames', () => {
  let server: Server;
  let wss: WebSocketServer;
  let url: string;
  const accepted: WebSocket[] = [];

  before(async () => {
    server = createServer();
    wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      wss.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket);
        accepted.push(ws);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function connect(): Promise<{ client: WebSocket; peer: WebSocket; received: string[] }> {
    const client = new WebSocket(url);
    const received: string[] = [];
    client.on('message', (data, isBinary) => received.push(isBinary ? `binary:${data.toString()}` : data.toString()));
    await new Promise((resolve, reject) => { client.once('open', resolve); client.once('error', reject); });
    while (accepted.length === 0) await new Promise((r) => setTimeout(r, 5));
    return { client, peer: accepted.shift()!, received };
  }

  test('every length encoding, multi-byte text, mixed with frames ws sends, to several sockets, in order', async () => {
    const a = await connect();
    const b = await connect();
    const texts = ['', 'x', 'é'.repeat(62), 'y'.repeat(125), 'z'.repeat(126), '€'.repeat(21_845), 'w'.repeat(65_535), 'v'.repeat(65_536), '😀'.repeat(40_000)];
    const expected: string[] = [];
    for (const [i, text] of texts.entries()) {
      const shared = new SharedText(text);
      sendFrame(a.peer, shared);
      sendFrame(b.peer, shared);
      sendFrame(a.peer, `plain ${i}`);
      sendFrame(b.peer, `plain ${i}`);
      expected.push(text, `plain ${i}`);
    }
    while (a.received.length < expected.length || b.received.length < expected.length) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(a.received, expected);
    assert.deepEqual(b.received, expected);
    a.client.close();
    b.client.close();
  });

  test('nothing is sent to a socket that is closing', async () => {
    const a = await connect();
    const closed = new Promise((resolve) => a.client.once('close', resolve));
    a.peer.close();
    sendFrame(a.peer, new SharedText('too late'));
    await closed;
    assert.deepEqual(a.received, []);
  });
});
