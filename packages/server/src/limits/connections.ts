import type { Socket } from 'node:net';

const BODY = JSON.stringify({ message: 'too many connections from this address; close some and retry' });
const ANSWER = `HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ThrottlingException\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}`;

/** Connections refused: a request Node's parser still reads from one is not served. */
const refused = new WeakSet<object>();

export function isRefused(socket: object): boolean {
  return refused.has(socket);
}

/**
 * A connection over its address's limit: answered 429 (ThrottlingException) before its request is read,
 * and closed. Whatever it still sends is dropped.
 */
export function refuseConnection(socket: Socket): void {
  refused.add(socket);
  socket.on('error', () => undefined);
  socket.end(ANSWER);
  const cut = setTimeout(() => socket.destroy(), 2_000);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
}
