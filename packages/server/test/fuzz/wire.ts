/**
 * Raw clients over TCP (net.connect), so the fuzz suite can send what fetch or the ws client would
 * refuse to: any bytes as an HTTP request, and any bytes as WebSocket frames after a correct handshake.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface RawResponse {
  status: number;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  head: string;
  body: Buffer;
}

export interface Exchange {
  /** The final (non-1xx) response, if one came whole. */
  response: RawResponse | undefined;
  /** The connection ended (FIN or reset) before a whole response came. */
  closedEarly: boolean;
  /** Nothing came within the time limit. */
  timedOut: boolean;
  /** A socket error (e.g. ECONNRESET, ECONNREFUSED). */
  error: string | undefined;
  /** Every byte received. */
  received: Buffer;
}

/**
 * Parses the first final response at the start of `buf` (1xx interim responses are skipped).
 * `ended`: the connection has ended, so a body without a length runs to here. Undefined: more bytes are needed.
 */
export function parseResponse(buf: Buffer, opts: { head?: boolean; ended?: boolean } = {}): { response: RawResponse; rest: Buffer } | undefined {
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) return undefined;
    const head = buf.subarray(at, end).toString('latin1');
    const lines = head.split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(head.slice(0, 200))}`);
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    let bodyAt = end + 4;
    if (status >= 100 && status < 200 && status !== 101) {
      at = bodyAt;
      continue;
    }
    if (opts.head || status === 101 || status === 204 || status === 304) {
      return { response: { status, headers, head, body: Buffer.alloc(0) }, rest: buf.subarray(bodyAt) };
    }
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = buf.indexOf('\r\n', bodyAt);
        if (lineEnd < 0) return undefined;
        const size = parseInt(buf.subarray(bodyAt, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) throw new Error('bad chunk size in a response');
        if (size === 0) {
          const trailerEnd = buf.indexOf('\r\n\r\n', lineEnd);
          if (trailerEnd < 0 && buf.indexOf('\r\n', lineEnd + 2) !== lineEnd + 2) return undefined;
          const after = trailerEnd >= 0 ? trailerEnd + 4 : lineEnd + 4;
          return { response: { status, headers, head, body: Buffer.concat(parts) }, rest: buf.subarray(after) };
        }
        if (buf.length < lineEnd + 2 + size + 2) return undefined;
        parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        bodyAt = lineEnd + 2 + size + 2;
      }
    }
    if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (buf.length < bodyAt + length) return undefined;
      return { response: { status, headers, head, body: buf.subarray(bodyAt, bodyAt + length) }, rest: buf.subarray(bodyAt + length) };
    }
    if (!opts.ended) return undefined;
    return { response: { status, headers, head, body: buf.subarray(bodyAt) }, rest: Buffer.alloc(0) };
  }
}

export interface ExchangeOptions {
  /** The request is a HEAD (its answer has no body). */
  head?: boolean;
  /** Half-close the connection after sending (a client that stops mid-request). */
  halfClose?: boolean;
  /** Reset the connection (RST) right after sending. */
  reset?: boolean;
  timeoutMs?: number;
}

/** Sends `request` on a new connection and reads the first final response (or what happens instead). */
export function exchange(port: number, request: Buffer | string, opts: ExchangeOptions = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let received = Buffer.alloc(0);
    let done = false;
    let error: string | undefined;
    const finish = (result: Partial<Exchange>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ response: undefined, closedEarly: false, timedOut: false, error, received, ...result });
    };
    const timer = setTimeout(() => finish({ timedOut: true }), opts.timeoutMs ?? 5000);
    const tryParse = (ended: boolean) => {
      try {
        const parsed = parseResponse(received, { head: opts.head, ended });
        if (parsed) finish({ response: parsed.response });
        else if (ended) finish({ closedEarly: true });
      } catch (e) {
        finish({ closedEarly: ended, error: `unparsable answer: ${(e as Error).message}` });
      }
    };
    socket.on('connect', () => {
      socket.write(request);
      if (opts.reset) {
        socket.resetAndDestroy();
        finish({});
      } else if (opts.halfClose) socket.end();
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      tryParse(false);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on('close', () => tryParse(true));
  });
}

// --- WebSocket -------------------------------------------------------------------------------------

export interface FrameSpec {
  fin?: boolean;
  /** RSV1..3 as bits 0b100, 0b010, 0b001. */
  rsv?: number;
  opcode: number;
  payload?: Buffer | string;
  /** Mask the payload, as a client must (default true). */
  masked?: boolean;
  /** Declare this payload length instead of the real one (a truncated or lying frame). */
  declaredLength?: number | bigint;
  /** Use the 16- or 64-bit length form even for a short payload. */
  lengthForm?: 7 | 16 | 64;
  /** The masking key (default: a fixed one, so an input's bytes are exactly reproducible). */
  maskKey?: Buffer;
}

const FIXED_MASK = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);

/** Builds one WebSocket frame as a client writes it (RFC 6455 §5.2). */
export function buildFrame(spec: FrameSpec): Buffer {
  const payload = typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : (spec.payload ?? Buffer.alloc(0));
  const masked = spec.masked ?? true;
  const declared = BigInt(spec.declaredLength ?? payload.length);
  const form = spec.lengthForm ?? (declared < 126n ? 7 : declared < 65536n ? 16 : 64);
  const head = [((spec.fin ?? true) ? 0x80 : 0) | (((spec.rsv ?? 0) & 7) << 4) | (spec.opcode & 0x0f)];
  const maskBit = masked ? 0x80 : 0;
  const extra: Buffer[] = [];
  if (form === 7) head.push(maskBit | Number(declared & 0x7fn));
  else if (form === 16) {
    head.push(maskBit | 126);
    const b = Buffer.alloc(2);
    b.writeUInt16BE(Number(declared & 0xffffn));
    extra.push(b);
  } else {
    head.push(maskBit | 127);
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(declared & 0xffffffffffffffffn);
    extra.push(b);
  }
  if (!masked) return Buffer.concat([Buffer.from(head), ...extra, payload]);
  const key = spec.maskKey ?? FIXED_MASK;
  const body = Buffer.from(payload);
  for (let i = 0; i < body.length; i++) body[i]! ^= key[i & 3]!;
  return Buffer.concat([Buffer.from(head), ...extra, key, body]);
}

export interface ServerFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Parses the server frames at the start of `buf`; returns them and the bytes left over. */
export function parseFrames(buf: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = [];
  let at = 0;
  for (;;) {
    if (buf.length < at + 2) break;
    const b0 = buf[at]!, b1 = buf[at + 1]!;
    let length = b1 & 0x7f;
    let p = at + 2;
    if (length === 126) {
      if (buf.length < p + 2) break;
      length = buf.readUInt16BE(p);
      p += 2;
    } else if (length === 127) {
      if (buf.length < p + 8) break;
      length = Number(buf.readBigUInt64BE(p));
      p += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    if (masked) p += 4;
    if (buf.length < p + length) break;
    let payload = buf.subarray(p, p + length);
    if (masked) {
      const key = buf.subarray(p - 4, p);
      payload = Buffer.from(payload.map((x, i) => x ^ key[i & 3]!));
    }
    frames.push({ fin: (b0 & 0x80) !== 0, rsv: (b0 >> 4) & 7, opcode: b0 & 0x0f, masked, payload });
    at = p + length;
  }
  return { frames, rest: buf.subarray(at) };
}

export interface CloseInfo {
  /** The close frame's status code, if a close frame came (undefined: none, or one without a code). */
  code: number | undefined;
  reason: string;
  /** A close frame came before the TCP connection ended. */
  frame: boolean;
}

/** A client WebSocket spoken byte by byte. */
export class RawWs {
  readonly frames: ServerFrame[] = [];
  close: CloseInfo | undefined;
  /** The TCP connection has ended. */
  ended = false;
  error: string | undefined;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => (this.error = e.code ?? e.message));
    socket.on('close', () => {
      this.ended = true;
      this.close ??= { code: undefined, reason: '', frame: false };
      this.wake();
    });
  }

  /**
   * Sends an upgrade request for `target`; resolves with the socket if the server answered 101, else with
   * the refusal (or undefined response if the connection ended without one).
   */
  static open(port: number, target: string, extraHead = ''): Promise<{ ws?: RawWs; refused?: Exchange }> {
    const key = randomBytes(16).toString('base64');
    const request = `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extraHead}\r\n`;
    return new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      let received = Buffer.alloc(0);
      let settled = false;
      const timer = setTimeout(() => settle({ refused: { response: undefined, closedEarly: false, timedOut: true, error: undefined, received } }), 5000);
      const settle = (value: { ws?: RawWs; refused?: Exchange }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.removeListener('data', onData);
        if (!value.ws) socket.destroy();
        resolve(value);
      };
      let error: string | undefined;
      const onData = (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        if (/^HTTP\/1\.1 101 /.test(received.subarray(0, end).toString('latin1'))) {
          const ws = new RawWs(socket);
          settle({ ws });
          ws.onData(received.subarray(end + 4));
          return;
        }
        const parsed = parseResponse(received);
        if (parsed) settle({ refused: { response: parsed.response, closedEarly: false, timedOut: false, error, received } });
      };
      socket.on('data', onData);
      socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? e.message));
      socket.on('close', () => {
        const parsed = (() => {
          try {
            return parseResponse(received, { ended: true });
          } catch {
            return undefined;
          }
        })();
        settle({ refused: { response: parsed?.response, closedEarly: !parsed, timedOut: false, error, received } });
      });
      socket.on('connect', () => socket.write(request));
    });
  }

  send(bytes: Buffer): void {
    if (!this.socket.destroyed) this.socket.write(bytes);
  }

  /** A text frame, masked, whole. */
  sendText(text: string): void {
    this.send(buildFrame({ opcode: 1, payload: text }));
  }

  /** Waits until `predicate` holds (checked on every frame and at the end), or `timeoutMs` passes. */
  async until(predicate: () => boolean, timeoutMs = 3000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.ended || Date.now() >= deadline) return predicate();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return true;
  }

  /** Text frames received, parsed as JSON where they are JSON. */
  texts(): unknown[] {
    return this.frames.filter((f) => f.opcode === 1).map((f) => {
      try {
        return JSON.parse(f.payload.toString('utf8'));
      } catch {
        return f.payload.toString('utf8');
      }
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const { frames, rest } = parseFrames(this.buffer);
    this.buffer = Buffer.from(rest);
    for (const frame of frames) {
      this.frames.push(frame);
      if (frame.opcode === 8 && !this.close) {
        this.close = {
          code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined,
          reason: frame.payload.subarray(2).toString('utf8'),
          frame: true,
        };
      }
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
