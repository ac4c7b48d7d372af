/**
 * The baseline: a bare `ws` broadcast server (rooms by URL path, every message to every socket of its
 * room, sender included — the same fan-out Switchboard does), run as a child process.
 */
import { WebSocketServer, type WebSocket } from 'ws';

const port = Number(process.argv[2] ?? 0);
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const key = req.url ?? '/';
  let room = rooms.get(key);
  if (!room) rooms.set(key, (room = new Set()));
  room.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const peer of room!) peer.send(data, { binary: isBinary });
  });
  ws.on('close', () => room!.delete(ws));
});
wss.on('listening', () => console.log(`listening ${(wss.address() as { port: number }).port}`));
