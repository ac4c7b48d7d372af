import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * Frames sent to one WebSocket from the same callback leave in one write. The socket's transport is
 * corked at its first frame and uncorked on the next tick, after the callback and the promise
 * continuations it resolved (process.nextTick runs once the microtask queue is empty). One durable batch often gives an agent several frames — a snapshot, a chat item, the
 * answer to their request — and each write is a system call (about a quarter of the routing bench's
 * server CPU went to them).
 */
const transports = new WeakMap<WebSocket, Duplex>();
const corked: Duplex[] = [];
let scheduled = false;

/** Remembers the transport under a WebSocket (from the upgrade), so its frames can be coalesced. */
export function coalesceWrites(ws: WebSocket, transport: Duplex): void {
  transports.set(ws, transport);
}

/** Sends a text frame if the socket is open, coalesced with the other frames sent before the next tick. */
export function sendFrame(ws: WebSocket, text: string): void {
  if (ws.readyState !== ws.OPEN) return;
  const transport = transports.get(ws);
  if (transport && transport.writableCorked === 0 && !transport.destroyed) {
    transport.cork();
    corked.push(transport);
    if (!scheduled) {
      scheduled = true;
      process.nextTick(uncorkAll);
    }
  }
  ws.send(text);
}

function uncorkAll(): void {
  scheduled = false;
  const transports = corked.splice(0);
  for (const transport of transports) transport.uncork();
}
