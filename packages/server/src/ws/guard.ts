import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** Limits every WebSocket the server keeps is held to (README, "Limits"). */
export interface SocketLimits {
  /** Unsent bytes past which a socket whose client does not read is closed (1013, reconnect-able). */
  maxBufferedBytes: number;
  /** Unsent bytes past which the server stops reading a socket's requests until the client reads its answers. */
  pauseBufferedBytes: number;
  /** Closed (1001) when nothing — no frame, no pong — arrived for this long; a ping goes out at half of it. */
  idleTimeoutMs: number;
  /** A chat socket must subscribe (aws/subscribe) within this long, or it is closed (1008). */
  subscribeTimeoutMs: number;
}

/** Close codes: both chatjs and the sdk reconnect after either, and resume from the transcript. */
const CLOSE_TOO_SLOW = 1013;
const CLOSE_IDLE = 1001;
const CLOSE_POLICY = 1008;
/** How long a socket that was asked to close may take before it is cut. */
const CLOSE_GRACE_MS = 5_000;

interface Guarded {
  ws: WebSocket;
  lastSeen: number;
  pinged: boolean;
  /** Until when it must subscribe (0: it has, or need not). */
  subscribeBy: number;
}

/**
 * Keeps every open WebSocket within its limits: one timer for all of them checks idleness (pinging
 * quiet sockets as the protocol's heartbeat) and subscribe deadlines, and the senders ask it whether a
 * socket has fallen too far behind. Every socket gets an 'error' listener here: a protocol error from a
 * client (a frame over the size limit, bad UTF-8, an unmasked frame) closes that socket and nothing else.
 */
export class SocketGuard {
  private readonly sockets = new Map<WebSocket, Guarded>();
  /** Sockets paused until their transport drains. */
  private readonly draining = new WeakSet<WebSocket>();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly limits: SocketLimits, private readonly now: () => number = Date.now) {
    this.timer = setInterval(() => this.sweep(), Math.max(50, Math.min(1_000, limits.idleTimeoutMs / 4, limits.subscribeTimeoutMs / 4)));
    this.timer.unref();
  }

  /** Starts guarding a socket just upgraded; `mustSubscribe` for chat sockets. */
  watch(ws: WebSocket, transport: Duplex, mustSubscribe: boolean): void {
    const now = this.now();
    const entry: Guarded = { ws, lastSeen: now, pinged: false, subscribeBy: mustSubscribe ? now + this.limits.subscribeTimeoutMs : 0 };
    this.sockets.set(ws, entry);
    ws.on('error', () => undefined); // ws closes the socket with the right code; the client's mistake is not ours to log
    transport.on('error', () => undefined);
    const seen = () => {
      entry.lastSeen = this.now();
      entry.pinged = false;
    };
    ws.on('message', seen);
    ws.on('pong', seen);
    ws.once('close', () => this.sockets.delete(ws));
  }

  /** The socket subscribed: its deadline no longer applies. */
  subscribed(ws: WebSocket): void {
    const entry = this.sockets.get(ws);
    if (entry) entry.subscribeBy = 0;
  }

  /**
   * Before something is sent on a socket: close it if its client has left too much unread. Returns
   * false when it was closed (send nothing more).
   */
  checkBehind(ws: WebSocket): boolean {
    if (ws.bufferedAmount <= this.limits.maxBufferedBytes) return true;
    closeWithin(ws, CLOSE_TOO_SLOW, 'the client is not reading: reconnect');
    return false;
  }

  /**
   * After an answer to a client's request: if the client has not read enough of what was sent, stop
   * reading its requests until it has (its further requests wait in the network, not in our memory).
   * Reading resumes once the transport drains. (Sockets whose requests take time use PacedRequests.)
   */
  pace(ws: WebSocket, transport: Duplex): void {
    if (!this.checkBehind(ws) || ws.bufferedAmount <= this.limits.pauseBufferedBytes) return;
    if (!ws.isPaused) ws.pause();
    if (this.draining.has(ws)) return;
    this.draining.add(ws);
    transport.once('drain', () => {
      this.draining.delete(ws);
      if (ws.readyState === ws.OPEN && ws.isPaused) ws.resume();
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const entry of this.sockets.values()) {
      const { ws } = entry;
      if (ws.readyState !== ws.OPEN) continue;
      if (entry.subscribeBy !== 0 && now >= entry.subscribeBy) {
        closeWithin(ws, CLOSE_POLICY, 'not subscribed in time');
      } else if (now - entry.lastSeen >= this.limits.idleTimeoutMs) {
        closeWithin(ws, CLOSE_IDLE, 'idle');
      } else if (!entry.pinged && now - entry.lastSeen >= this.limits.idleTimeoutMs / 2) {
        entry.pinged = true;
        ws.ping();
      }
    }
  }

  /** How many sockets are guarded now (tests, health). */
  get size(): number {
    return this.sockets.size;
  }

  /** The most unsent bytes any open socket has now, and how many sockets are not being read (paced). */
  pressure(): { largestBuffered: number; paused: number } {
    let largestBuffered = 0, paused = 0;
    for (const { ws } of this.sockets.values()) {
      largestBuffered = Math.max(largestBuffered, ws.bufferedAmount);
      if (ws.isPaused) paused++;
    }
    return { largestBuffered, paused };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Asks the client to close, and cuts the connection if it has not closed within a few seconds. */
export function closeWithin(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState !== ws.OPEN && ws.readyState !== ws.CONNECTING) return;
  ws.close(code, reason);
  const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  cut.unref();
  ws.once('close', () => clearTimeout(cut));
}
