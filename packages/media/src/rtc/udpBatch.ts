import type { Socket } from 'node:dgram';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A frame's datagrams in one call each way (native/udp_batch.c, built by `npm install`).
 *
 * Node's dgram gives every received datagram its own ArrayBuffer, Buffer, address object and event, and
 * every send a closure, a request object and an event-loop trip. At 40 six-party calls a media worker moves
 * 24,000 datagrams a second, and that was the largest share of its time (bench/RESULTS.md, session 13).
 * A socket registered here stops being read by libuv; instead `receive()` drains every registered socket
 * into one reused buffer (recvmmsg) and hands each datagram to its socket's callback, and `send()` queues a
 * datagram that `flush()` sends with the rest of the frame's. The media host calls `receive()` at the start
 * of each 20 ms tick and `flush()` at its end, so RTP is read just before the mixer needs it (the jitter
 * buffer sees the same packets it would have) and a frame's sends leave together. Between ticks nothing is
 * read: STUN, DTLS and RTCP on a registered socket wait up to one frame, far inside their timeouts.
 *
 * Only IPv4 sockets (dgram 'udp4') are taken; others stay with dgram. `loadUdpBatch()` answers why not when
 * the addon is not built (not Linux, no compiler at install time); the media worker then uses dgram as
 * before, at a higher CPU cost per call, as it does when the engine's `udpBatch` option is false
 * (the server's SWITCHBOARD_MEDIA_UDP_BATCH=0).
 */

interface Native {
  receive(fds: Int32Array, nfds: number, data: Uint8Array, meta: Int32Array): number;
  send(data: Uint8Array, meta: Int32Array, count: number): number;
  META: number;
  SLOT: number;
}

/** What a registered socket's datagrams go to: `data` is a view valid only during the call (copy to keep). */
export type OnDatagram = (data: Buffer, port: number, address: number) => void;

export interface BatchedSocket {
  /** Queues one datagram to an IPv4 address (`ipv4ToNumber`); sent by the next flush, or at once outside a frame. */
  send(packet: Uint8Array, port: number, address: number): void;
  /** Gives the socket back to dgram's reading. Idempotent; closing the socket does it too. */
  release(): void;
}

export interface UdpBatchStats { sockets: number; received: number; sent: number; sendFailures: number }

export function ipv4ToNumber(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

export function numberToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

let loaded: Native | string | undefined;

/** The native module, or why it is not available. Loaded once per thread. */
export function loadUdpBatch(): Native | string {
  if (loaded !== undefined) return loaded;
  if (process.platform !== 'linux') return (loaded = `not built on ${process.platform} (it uses Linux's recvmmsg)`);
  try {
    // By package name, so the same lookup works from src/ under tsx and from the server's bundle in dist/.
    const find = createRequire(import.meta.url);
    const dir = dirname(find.resolve('@switchboard/media/package.json'));
    loaded = find(join(dir, 'native', 'build', 'Release', 'udp_batch.node')) as Native;
  } catch (error) {
    loaded = `not built (npm install builds it with node-gyp; it needs python3, make and a C compiler): ${String((error as Error).message ?? error).split('\n')[0]}`;
  }
  return loaded;
}

/** dgram keeps its libuv handle under a symbol; `_handle` would say the same but warns (DEP0112). */
interface UdpHandle { fd?: number; recvStop?(): number; recvStart?(): number }
function handleOf(socket: Socket): UdpHandle | undefined {
  const key = Object.getOwnPropertySymbols(socket).find((s) => s.description === 'state symbol');
  const state = key ? (socket as unknown as Record<symbol, { handle?: UdpHandle | null }>)[key] : undefined;
  return state?.handle ?? undefined;
}

const TX_BYTES = 1 << 19;
const MAX_PASSES = 4;

export class UdpBatch {
  readonly #native: Native;
  readonly #meta: number;
  readonly #slot: number;
  #fds = new Int32Array(64);
  #targets: (OnDatagram | undefined)[] = [];
  #nfds = 0;
  readonly #rx: Buffer;
  readonly #rxMeta: Int32Array;
  /** The same memory as #rxMeta / #txMeta, for the addresses' bytes (network order: a big-endian uint32). */
  readonly #rxBytes: DataView;
  readonly #tx = Buffer.alloc(TX_BYTES);
  readonly #txMeta: Int32Array;
  readonly #txBytes: DataView;
  #txCount = 0;
  #txUsed = 0;
  #inFrame = false;
  #stats: UdpBatchStats = { sockets: 0, received: 0, sent: 0, sendFailures: 0 };

  constructor(native: Native, slots = 1024) {
    this.#native = native;
    this.#meta = native.META;
    this.#slot = native.SLOT;
    this.#rx = Buffer.alloc(slots * native.SLOT);
    this.#rxMeta = new Int32Array(slots * native.META);
    this.#rxBytes = new DataView(this.#rxMeta.buffer);
    this.#txMeta = new Int32Array(4096 * native.META);
    this.#txBytes = new DataView(this.#txMeta.buffer);
  }

  get stats(): UdpBatchStats { return { ...this.#stats }; }

  /**
   * Takes an IPv4 dgram socket's reading over; undefined (and the socket untouched) when it cannot: not
   * 'udp4', not bound, or not the dgram internals this expects.
   */
  register(socket: Socket, onDatagram: OnDatagram): BatchedSocket | undefined {
    if ((socket as { type?: string }).type !== 'udp4') return undefined;
    const handle = handleOf(socket);
    const fd = handle?.fd;
    if (!handle || typeof fd !== 'number' || fd < 0 || typeof handle.recvStop !== 'function' || typeof handle.recvStart !== 'function') return undefined;
    if (handle.recvStop() !== 0) return undefined;
    let index = this.#targets.indexOf(undefined);
    if (index < 0 || index >= this.#nfds) index = this.#nfds++;
    if (index >= this.#fds.length) {
      const grown = new Int32Array(this.#fds.length * 2);
      grown.set(this.#fds);
      this.#fds = grown;
    }
    this.#fds[index] = fd;
    this.#targets[index] = onDatagram;
    this.#stats.sockets++;

    let released = false;
    const close = socket.close;
    const release = () => {
      if (released) return;
      released = true;
      this.#fds[index] = -1;
      this.#targets[index] = undefined;
      this.#stats.sockets--;
      while (this.#nfds > 0 && this.#targets[this.#nfds - 1] === undefined) this.#nfds--;
      this.#dropQueued(fd);
      if (socket.close === closing) socket.close = close;
      if (handleOf(socket) === handle) handle.recvStart!(); // still open: dgram reads it again
    };
    // Released before the fd is closed, so a later socket given the same number is never read as this one.
    const closing = function (this: Socket, ...args: unknown[]) { release(); return (close as (...a: unknown[]) => Socket).apply(this, args); } as Socket['close'];
    socket.close = closing;
    return {
      send: (packet, port, address) => { if (!released) this.#queue(fd, packet, port, address); },
      release,
    };
  }

  /**
   * Reads every registered socket dry and hands each datagram on; sends are then held until `flush()`. At most
   * MAX_PASSES buffers a call: a flood faster than the worker reads waits in the kernel (and is dropped there
   * when the socket's buffer fills) instead of holding the frame clock.
   */
  receive(): number {
    this.#inFrame = true;
    let total = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const n = this.#native.receive(this.#fds, this.#nfds, this.#rx, this.#rxMeta);
      const meta = this.#rxMeta;
      for (let i = 0; i < n; i++) {
        const row = i * this.#meta;
        const target = this.#targets[meta[row]!];
        if (!target) continue; // released by an earlier datagram's handler
        const offset = meta[row + 1]!;
        try {
          target(this.#rx.subarray(offset, offset + meta[row + 2]!), meta[row + 3]!, this.#rxBytes.getUint32((row + 5) * 4));
        } catch (error) {
          process.emitWarning(`media: a datagram handler threw: ${String(error)}`);
        }
      }
      total += n;
      if (n * this.#slot < this.#rx.length) break; // not full: every socket is dry
    }
    this.#stats.received += total;
    return total;
  }

  /** Sends what the frame queued; later sends go out at once until the next `receive()`. */
  flush(): void {
    this.#inFrame = false;
    if (this.#txCount === 0) return;
    const failures = this.#native.send(this.#tx, this.#txMeta, this.#txCount);
    this.#stats.sent += this.#txCount - failures;
    this.#stats.sendFailures += failures;
    this.#txCount = 0;
    this.#txUsed = 0;
  }

  #queue(fd: number, packet: Uint8Array, port: number, address: number): void {
    if (this.#txCount * this.#meta >= this.#txMeta.length || this.#txUsed + packet.length > TX_BYTES) this.#sendNow();
    if (packet.length > TX_BYTES) { this.#stats.sendFailures++; return; }
    const row = this.#txCount * this.#meta;
    const meta = this.#txMeta;
    meta[row] = fd;
    meta[row + 1] = this.#txUsed;
    meta[row + 2] = packet.length;
    meta[row + 3] = port;
    meta[row + 4] = 4;
    this.#txBytes.setUint32((row + 5) * 4, address);
    this.#tx.set(packet, this.#txUsed);
    this.#txUsed += packet.length;
    this.#txCount++;
    if (!this.#inFrame) this.#sendNow();
  }

  #sendNow(): void {
    const inFrame = this.#inFrame;
    this.flush();
    this.#inFrame = inFrame;
  }

  /** A released socket's queued datagrams are not sent: its fd may be closed, or reused, by then. */
  #dropQueued(fd: number): void {
    for (let i = 0; i < this.#txCount; i++) if (this.#txMeta[i * this.#meta] === fd) this.#txMeta[i * this.#meta] = -1;
  }
}

/** A batch for this thread, or why there is none (logged once by the caller). */
export function createUdpBatch(): UdpBatch | string {
  const native = loadUdpBatch();
  return typeof native === 'string' ? native : new UdpBatch(native);
}
