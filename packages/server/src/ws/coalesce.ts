import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SocketGuard } from './guard.ts';

/**
 * Frames sent to one WebSocket from the same callback leave in one write. The socket's transport is
 * corked at its first frame and uncorked on the next tick, after the callback and the promise
 * continuations it resolved (process.nextTick runs once the microtask queue is empty). One durable batch often gives an agent several frames — a snapshot, a chat item, the
 * answer to their request — and each write is a system call (about a quarter of the routing bench's
 * server CPU went to them).
 */
const transports = new WeakMap<WebSocket, Duplex>();
/** The guard that closes a socket whose client has left too much unsent (guard.ts). */
const guards = new WeakMap<WebSocket, SocketGuard>();
/** Sockets without permessage-deflate: ready-made frames may go straight to their transport. */
const plain = new WeakSet<WebSocket>();
const corked: Duplex[] = [];
let scheduled = false;

/** Remembers the transport under a WebSocket (from the upgrade), so its frames can be coalesced. */
export function coalesceWrites(ws: WebSocket, transport: Duplex, guard?: SocketGuard): void {
  transports.set(ws, transport);
  if (guard) guards.set(ws, guard);
  if (ws.extensions === '') plain.add(ws);
}

/**
 * One text, sent to many sockets (a chat item to everyone in the chat): its WebSocket frame (header and
 * UTF-8 payload in one buffer) is built once, on first use, instead of once per socket by `ws`.
 */
export class SharedText {
  private bytes: Buffer | undefined;
  constructor(readonly text: string) {}

  /** The unmasked, unfragmented, uncompressed text frame, as a server sends it (RFC 6455 §5.2). */
  get frame(): Buffer {
    if (this.bytes) return this.bytes;
    const length = Buffer.byteLength(this.text);
    const head = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const frame = Buffer.allocUnsafe(head + length);
    frame[0] = 0x81; // FIN, text
    if (head === 2) frame[1] = length;
    else if (head === 4) {
      frame[1] = 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 127;
      frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
      frame.writeUInt32BE(length >>> 0, 6);
    }
    frame.write(this.text, head, 'utf8');
    return (this.bytes = frame);
  }
}

/**
 * Sends a text frame if the socket is open, coalesced with the other frames sent before the next tick.
 * A SharedText's ready-made frame goes straight to the transport when nothing can stand between `ws`
 * and the socket (no permessage-deflate negotiated: `ws` then writes each frame synchronously, in call
 * order, so frames sent either way keep their order).
 */
export function sendFrame(ws: WebSocket, text: string | SharedText): void {
  if (ws.readyState !== ws.OPEN) return;
  // A client that does not read is closed before what waits for it grows without bound (a single large
  // frame to a client that keeps up is fine: the bound applies to what was already waiting).
  if (!(guards.get(ws)?.checkBehind(ws) ?? true)) return;
  const transport = transports.get(ws);
  if (transport && transport.writableCorked === 0 && !transport.destroyed) {
    transport.cork();
    corked.push(transport);
    if (!scheduled) {
      scheduled = true;
      process.nextTick(uncorkAll);
    }
  }
  if (typeof text === 'string') ws.send(text);
  else if (transport && plain.has(ws)) {
    if (!transport.destroyed) transport.write(text.frame);
  } else ws.send(text.text);
}

function uncorkAll(): void {
  scheduled = false;
  const transports = corked.splice(0);
  for (const transport of transports) transport.uncork();
}
