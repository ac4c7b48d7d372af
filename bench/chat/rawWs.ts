/**
 * A cheap WebSocket client for the load generator (RFC 6455, text frames, no extensions): the opening
 * handshake is checked (101 and Sec-WebSocket-Accept), server frames are parsed straight from each TCP
 * read, and the client's own frames are masked as the RFC requires.
 *
 * Why not `ws` here: its receiver stores new per-message objects on each socket's long-lived state
 * (`_fragments = []`, then a push into it). With 6,000 sockets each receiving a frame every ~240 ms,
 * those objects outlive two young-generation collections, are promoted, and die in the old generation:
 * the load generator ran a full GC every ~4.6 s (freeing 55–90 MB each, with or without a larger young
 * generation or allocation-site pretenuring), and its sends went out late after each one, which showed
 * as slow deliveries of the server under test. Here a socket keeps nothing between frames but a partial
 * frame's bytes, when a read ends mid-frame. Both servers, ours and the bare baseline, are read with it.
 */
import { connect, type Socket } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export class RawWebSocket {
  /** Bytes of a frame that a read ended in the middle of (rare); undefined otherwise. */
  private pending: Buffer | undefined;
  private closed = false;
  private closeHandler: (() => void) | undefined;

  private constructor(private readonly socket: Socket, private readonly onText: (text: string) => void, private readonly onError: (error: Error) => void) {}

  /** Connects and completes the opening handshake; `onText` gets each text message. */
  static open(url: string, onText: (text: string) => void): Promise<RawWebSocket> {
    const { hostname, port, pathname, search } = new URL(url);
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port), noDelay: true });
      let head: Buffer | undefined;
      const fail = (error: Error) => { socket.destroy(); reject(error); };
      socket.once('error', fail);
      socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      const onHead = (chunk: Buffer) => {
        head = head ? Buffer.concat([head, chunk]) : chunk;
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const text = head.toString('latin1', 0, end);
        if (!text.startsWith('HTTP/1.1 101')) return fail(new Error(`no upgrade: ${text.split('\r\n')[0]}`));
        if (!new RegExp(`\r\nsec-websocket-accept: *${accept.replace(/[+/=]/g, '\\$&')}\r?$`, 'im').test(text)) return fail(new Error('wrong Sec-WebSocket-Accept'));
        socket.off('data', onHead);
        socket.off('error', fail);
        const ws = new RawWebSocket(socket, onText, (error) => { if (!ws.closed) console.error(`[bench:chat] chat socket: ${error.message}`); });
        socket.on('data', (data: Buffer) => ws.read(data));
        socket.on('error', (error) => ws.onError(error));
        socket.on('close', () => { ws.closed = true; ws.closeHandler?.(); });
        resolve(ws);
        if (head.length > end + 4) ws.read(head.subarray(end + 4));
      };
      socket.on('data', onHead);
    });
  }

  /** Whether the connection is still open (no close frame, error or terminate yet). */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Called once when the TCP connection closes, however it closed. */
  onClose(handler: () => void): void {
    this.closeHandler = handler;
  }

  /** Sends one masked text frame. */
  send(text: string): void {
    this.frame(0x1, Buffer.from(text, 'utf8'));
  }

  /** Drops the connection at once (no closing handshake), as `ws`'s terminate does. */
  terminate(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private frame(opcode: number, payload: Buffer): void {
    const n = payload.length;
    const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
    const out = Buffer.allocUnsafe(head + 4 + n);
    out[0] = 0x80 | opcode;
    if (n < 126) out[1] = 0x80 | n;
    else if (n < 65536) { out[1] = 0x80 | 126; out.writeUInt16BE(n, 2); }
    else { out[1] = 0x80 | 127; out.writeBigUInt64BE(BigInt(n), 2); }
    const mask = randomBytes(4);
    mask.copy(out, head);
    for (let i = 0; i < n; i++) out[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
    this.socket.write(out);
  }

  private read(chunk: Buffer): void {
    const buf = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    let at = 0;
    while (buf.length - at >= 2) {
      const b0 = buf[at]!, b1 = buf[at + 1]!;
      if (b1 & 0x80) return this.fail('a masked frame from the server');
      let length = b1 & 0x7f, head = 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2); head = 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = Number(buf.readBigUInt64BE(at + 2)); head = 10;
      }
      if (buf.length - at < head + length) break;
      const start = at + head, end = start + length;
      at = end;
      switch (b0 & 0x0f) {
        case 0x1:
          if (!(b0 & 0x80)) return this.fail('a fragmented message (the servers under test send whole frames)');
          this.onText(buf.toString('utf8', start, end));
          break;
        case 0x9: this.frame(0xa, buf.subarray(start, end)); break; // ping → pong
        case 0xa: break;
        case 0x8: this.frame(0x8, buf.subarray(start, Math.min(end, start + 2))); this.closed = true; this.socket.end(); return;
        default: return this.fail(`unexpected opcode ${b0 & 0x0f}`);
      }
    }
    if (at < buf.length) this.pending = buf.subarray(at);
  }

  private fail(why: string): void {
    this.onError(new Error(why));
    this.terminate();
  }
}
