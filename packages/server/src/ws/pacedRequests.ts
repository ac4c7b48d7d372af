import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { SocketGuard } from './guard.ts';

/**
 * The requests read from one socket, started in the order they came, at most `max` at once, and only
 * while the client keeps up with reading the answers. While it does not (its unsent bytes pass the
 * guard's pause bound) or `max` are under way, the socket is not read: what the client sends waits in
 * the network, and what was already read (one network read's worth at most) waits here. So a client
 * that sends requests and never reads the answers costs a bounded amount of memory, however many it sends.
 */
export class PacedRequests<T> {
  private readonly queue: T[] = [];
  private inFlight = 0;
  private waitingForDrain = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly transport: Duplex,
    private readonly guard: SocketGuard,
    private readonly max: number,
    private readonly run: (request: T) => Promise<void>,
  ) {}

  push(request: T): void {
    this.queue.push(request);
    this.pump();
  }

  private pump(): void {
    const { ws } = this;
    while (this.queue.length > 0 && this.inFlight < this.max && ws.readyState === ws.OPEN) {
      if (!this.guard.checkBehind(ws)) return;
      if (ws.bufferedAmount > this.guard.limits.pauseBufferedBytes) {
        this.afterDrain();
        break;
      }
      const request = this.queue.shift()!;
      this.inFlight++;
      void this.run(request).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
    if (ws.readyState !== ws.OPEN) return;
    const room = this.queue.length === 0 && this.inFlight < this.max && ws.bufferedAmount <= this.guard.limits.pauseBufferedBytes;
    if (room && ws.isPaused) ws.resume();
    else if (!room && !ws.isPaused) ws.pause();
    if (!room && ws.bufferedAmount > this.guard.limits.pauseBufferedBytes) this.afterDrain();
  }

  /** Pumps again once the client has read what waits for it. */
  private afterDrain(): void {
    if (this.waitingForDrain) return;
    this.waitingForDrain = true;
    this.transport.once('drain', () => {
      this.waitingForDrain = false;
      this.pump();
    });
  }
}
