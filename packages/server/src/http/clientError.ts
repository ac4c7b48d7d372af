import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** How long a connection whose bytes stopped parsing as HTTP may still send before it is cut. */
export const CLIENT_ERROR_LINGER_MS = 2_000;

const lingering = new WeakSet<Duplex>();

/**
 * Node's 'clientError': bytes on a connection that do not parse as HTTP (a malformed head, or what follows
 * a request that declared no body). Node's own handling destroys the socket at once; when the client is
 * still sending, that close becomes a reset, and a reset throws away an answer the client has not read
 * yet — the answer to the request before the bad bytes. So: answer 400 if nothing was answered on the
 * connection, close the sending side, read and drop what still arrives (a "lingering close"), and cut
 * the connection when the client has finished or after CLIENT_ERROR_LINGER_MS.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (lingering.has(socket)) return; // the parser reports every later chunk too
  lingering.add(socket);
  socket.on('error', () => undefined);
  if (socket.destroyed || !socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const conn = socket as Duplex & { bytesWritten?: number; _httpMessage?: ServerResponse | null };
  socket.resume();
  // A request before the bad bytes may still be being answered: its answer goes out first (not when the
  // request itself timed out: it is answered 408 now, as Node does).
  const answering = conn._httpMessage;
  if (answering && !answering.writableFinished && error.code !== 'ERR_HTTP_REQUEST_TIMEOUT') answering.once('finish', () => socket.end());
  else socket.end((conn.bytesWritten ?? 0) > 0 ? undefined : answerFor(error.code));
  const cut = setTimeout(() => socket.destroy(), CLIENT_ERROR_LINGER_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  socket.once('end', () => socket.destroy());
}

/** Node's own statuses for what its parser refuses (a head too large 431, a chunk extension 413, too slow 408, else 400), as an API error. */
const STATUS: Record<string, [status: string, type: string, message: string]> = {
  HPE_HEADER_OVERFLOW: ['431 Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', 'the request head is too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: ['413 Payload Too Large', 'PayloadTooLarge', 'the chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: ['408 Request Timeout', 'RequestTimeoutException', 'the request did not arrive in time'],
};

function answerFor(code: string | undefined): string {
  const [status, type, message] = (code && STATUS[code]) || ['400 Bad Request', 'BadRequestException', 'the request is not valid HTTP'];
  const body = JSON.stringify({ message });
  return `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
