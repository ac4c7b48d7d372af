/**
 * A WebSocket client made of bytes, for sending what a well-behaved client never would (frames over the
 * size limit, bad UTF-8, reserved bits, unmasked frames), and for not reading at all: the test decides
 * when the socket reads. It does the handshake, builds frames by hand and parses what the server sends.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

export interface FrameSpec {
  opcode?: number;
  fin?: boolean;
  rsv1?: boolean;
  mask?: boolean;
  payload?: Buffer | string;
  /** Claim this payload length in the header (the payload sent may be shorter). */
  claimedLength?: number;
}

/** One client frame (masked unless `mask: false`), RFC 6455 §5.2. */
export function frame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload) : (spec.payload ?? Buffer.alloc(0));
  const length = spec.claimedLength ?? payload.length;
  const mask = spec.mask !== false;
  const head: number[] = [((spec.fin === false ? 0 : 1) << 7) | ((spec.rsv1 ? 1 : 0) << 6) | (spec.opcode ?? 1)];
  const m = mask ? 0x80 : 0;
  const ext: Buffer[] = [];
  if (length < 126) head.push(m | length);
  else if (length < 65536) {
    head.push(m | 126);
    const b = Buffer.alloc(2);
    b.writeUInt16BE(length);
    ext.push(b);
  } else {
    head.push(m | 127);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(length));
    ext.push(b);
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ...ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), ...ext, key, masked]);
}

export const text = (payload: string) => frame({ payload });

/** A raw client socket after a successful upgrade; frames from the server are parsed as they arrive. */
export class RawSocket {
  readonly frames: ServerFrame[] = [];
  closed = false;
  private buffer: Buffer = Buffer.alloc(0);

  private constructor(readonly socket: Socket, rest: Buffer) {
    socket.on('data', (chunk: Buffer) => this.take(chunk));
    socket.on('close', () => {
      this.closed = true;
    });
    socket.on('error', () => undefined);
    if (rest.length > 0) this.take(rest);
  }

  /** Upgrades `url` (ws://host:port/path?query); rejects with the status line if the server refuses. */
  static open(url: string): Promise<RawSocket> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(u.port), u.hostname);
      let head = Buffer.alloc(0);
      const onData = (chunk: Buffer) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = head.subarray(0, head.indexOf('\r\n')).toString();
        if (!status.includes(' 101 ')) {
          socket.destroy();
          reject(new Error(status));
          return;
        }
        resolve(new RawSocket(socket, head.subarray(end + 4)));
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.write(
        `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  }

  write(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  send(value: unknown): void {
    this.write(text(typeof value === 'string' ? value : JSON.stringify(value)));
  }

  /** Text frames received, parsed as JSON. */
  json(): any[] {
    return this.frames.filter((f) => f.opcode === 1).map((f) => JSON.parse(f.payload.toString()));
  }

  /** The close code the server sent, if it sent a close frame. */
  closeCode(): number | undefined {
    const close = this.frames.find((f) => f.opcode === 8);
    return close && close.payload.length >= 2 ? close.payload.readUInt16BE(0) : undefined;
  }

  /** Stops reading: what the server sends waits in the network and then in the server. */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private take(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      let length = b[1]! & 0x7f;
      let at = 2;
      if (length === 126) {
        if (b.length < 4) return;
        length = b.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (b.length < 10) return;
        length = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      if (b.length < at + length) return;
      this.frames.push({ opcode: b[0]! & 0x0f, payload: Buffer.from(b.subarray(at, at + length)) });
      this.buffer = b.subarray(at + length);
    }
  }
}
