/**
 * A cheap HTTP/1.1 client for the load generator: each request is written as raw bytes on a persistent
 * (keep-alive) TCP connection, one request in flight per connection, and the answer is read by its
 * Content-Length. `fetch` (undici) cost the load generator far more CPU per request than the server
 * spent on it, on the same two cores; a browser running chatjs has a CPU of its own. The requests are
 * the real API calls: same path, headers, token and JSON body as chatjs sends.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface RawResponse { status: number; body: string }

interface Waiter { resolve: (r: RawResponse) => void; reject: (e: Error) => void }

/** Idle connections older than this are closed, not reused: the server drops them after 5 s (Keep-Alive: timeout=5), and a request sent just as it does would be lost. */
const IDLE_MS = 4000;

class Connection {
  private buffer: Buffer | undefined;
  idleSince = 0;
  private waiter: Waiter | undefined;
  readonly socket: Socket;

  constructor(host: string, port: number, private readonly done: (c: Connection) => void, private readonly gone: (c: Connection) => void) {
    this.socket = connect({ host, port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    let closed = false;
    const fail = (error?: Error) => {
      if (!closed) this.gone(this);
      closed = true;
      const w = this.waiter;
      this.waiter = undefined;
      w?.reject(error ?? new Error('connection closed'));
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail());
  }

  send(request: string, waiter: Waiter): void {
    this.waiter = waiter;
    this.socket.write(request);
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.buffer.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    let body: string, total: number;
    if (length) {
      total = end + 4 + Number(length[1]);
      if (this.buffer.length < total) return;
      body = this.buffer.toString('utf8', end + 4, total);
    } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
      const chunks = dechunk(this.buffer, end + 4);
      if (!chunks) return;
      ({ body, total } = chunks);
    } else {
      this.socket.destroy(new Error(`an answer without a length: ${head}`));
      return;
    }
    this.buffer = this.buffer.length > total ? this.buffer.subarray(total) : undefined;
    const w = this.waiter!;
    this.waiter = undefined;
    this.done(this);
    w.resolve({ status, body });
  }
}

/** A chunked body starting at `at`: its text and where it ends, or undefined while incomplete. */
function dechunk(buffer: Buffer, at: number): { body: string; total: number } | undefined {
  const parts: Buffer[] = [];
  for (;;) {
    const line = buffer.indexOf('\r\n', at);
    if (line < 0) return undefined;
    const size = parseInt(buffer.toString('latin1', at, line), 16);
    const start = line + 2;
    if (buffer.length < start + size + 2) return undefined;
    if (size === 0) return { body: Buffer.concat(parts).toString('utf8'), total: start + 2 };
    parts.push(buffer.subarray(start, start + size));
    at = start + size + 2;
  }
}

/**
 * A pool of keep-alive connections to one server; at most `max` open, further requests wait their turn.
 *
 * Idle connections are reused least recently used first, so under a steady load every connection is used
 * every few milliseconds and none reaches the server's keep-alive timeout; `warm` opens the whole pool
 * before measuring. (Most recently used first let the bottom of the pool go stale: whenever latency rose,
 * the pool reached for those, dropped them and opened new connections in the middle of the run, and the
 * first request on a new connection costs the server more — an artefact of the load generator: each
 * participant of a real chat keeps its own connection.)
 */
export class RawHttpClient {
  private readonly idle: Connection[] = [];
  private readonly queue: { request: string; waiter: Waiter }[] = [];
  private open = 0;

  constructor(private readonly host: string, private readonly port: number, private readonly max = 512) {}

  /** POSTs a JSON body with the given extra header lines (each `Name: value`). */
  post(path: string, headers: string[], body: string): Promise<RawResponse> {
    const request = `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json\r\n${headers.map((h) => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      const connection = this.reusable() ?? (this.open < this.max ? this.connect() : undefined);
      if (connection) connection.send(request, waiter);
      else this.queue.push({ request, waiter });
    });
  }

  /** Opens connections until `count` (at most `max`) are open and idle, and resolves when they are connected. */
  async warm(count = this.max): Promise<void> {
    const fresh: Connection[] = [];
    while (this.open < Math.min(count, this.max)) fresh.push(this.connect());
    await Promise.all(fresh.map((c) => new Promise<void>((resolve, reject) => {
      c.socket.once('connect', resolve);
      c.socket.once('error', reject);
    })));
    const now = performance.now();
    for (const c of fresh) {
      c.idleSince = now;
      this.idle.push(c);
    }
  }

  private reusable(): Connection | undefined {
    const now = performance.now();
    for (let c = this.idle.shift(); c; c = this.idle.shift()) {
      if (now - c.idleSince < IDLE_MS) return c;
      c.socket.destroy();
    }
    return undefined;
  }

  close(): void {
    for (const c of this.idle.splice(0)) c.socket.destroy();
  }

  private connect(): Connection {
    this.open++;
    return new Connection(this.host, this.port, (c) => {
      const next = this.queue.shift();
      if (next) c.send(next.request, next.waiter);
      else {
        c.idleSince = performance.now();
        this.idle.push(c);
      }
    }, (c) => {
      const i = this.idle.indexOf(c);
      if (i >= 0) this.idle.splice(i, 1);
      this.open--;
    });
  }
}
