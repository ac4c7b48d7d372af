import { performance } from 'node:perf_hooks';

/**
 * The 20 ms frame clock that drives bridge cores. Deadlines are absolute (start + n × 20 ms), each timer
 * is a setTimeout to the next deadline (never setInterval, which drifts by its lateness every tick).
 * After a stall the missed slots are skipped: one tick runs for the latest slot already due, with that
 * slot's deadline, and nothing is burst out to catch up. The core learns of skipped slots from the gap
 * between deadlines and advances RTP timestamps by 160 per slot. Ticks are synchronous: a tick never
 * awaits. Timers are injectable so tests drive the clock by hand.
 */

export interface Timers {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface FrameClockStats {
  ticks: number;
  /** Slots that were due but never ticked because the thread was busy (a stall). */
  skippedSlots: number;
  /** The worst delay between a slot's deadline and the tick that served it, in ms. */
  maxLateMs: number;
  /** Ticks that ran more than `lateThresholdMs` after their deadline. */
  lateTicks: number;
  /** Time spent inside ticks (the work itself), in ms: total and worst. */
  tickMs: number;
  maxTickMs: number;
}

export interface FrameClockOptions {
  timers?: Timers;
  frameMs?: number;
  /** A tick later than this counts as late in the stats (default: half a frame). */
  lateThresholdMs?: number;
  /** Called when a tick throws; the clock keeps running. */
  onError?: (error: unknown) => void;
}

export class FrameClock {
  readonly frameMs: number;
  #timers: Timers;
  #onTick: (deadlineMs: number) => void;
  #onError: (error: unknown) => void;
  #next = 0;
  #handle: unknown;
  #running = false;
  #lateThresholdMs: number;
  #stats: FrameClockStats = { ticks: 0, skippedSlots: 0, maxLateMs: 0, lateTicks: 0, tickMs: 0, maxTickMs: 0 };

  constructor(onTick: (deadlineMs: number) => void, options: FrameClockOptions = {}) {
    this.#onTick = onTick;
    this.#timers = options.timers ?? realTimers;
    this.frameMs = options.frameMs ?? 20;
    this.#lateThresholdMs = options.lateThresholdMs ?? this.frameMs / 2;
    this.#onError = options.onError ?? ((error) => process.emitWarning(`media: a frame tick threw: ${String(error)}`));
  }

  get running(): boolean { return this.#running; }
  get stats(): FrameClockStats { return { ...this.#stats }; }
  now(): number { return this.#timers.now(); }

  /** The first tick is one frame from now. Starting a running clock does nothing. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#next = this.#timers.now() + this.frameMs;
    this.#schedule();
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    if (this.#handle !== undefined) this.#timers.clearTimeout(this.#handle);
    this.#handle = undefined;
  }

  #schedule(): void {
    const wait = Math.max(0, this.#next - this.#timers.now());
    this.#handle = this.#timers.setTimeout(() => this.#fire(), wait);
  }

  #fire(): void {
    this.#handle = undefined;
    if (!this.#running) return;
    const now = this.#timers.now();
    if (now < this.#next) { this.#schedule(); return; } // woke early
    const missed = Math.floor((now - this.#next) / this.frameMs);
    if (missed > 0) {
      this.#stats.skippedSlots += missed;
      this.#next += missed * this.frameMs;
    }
    const deadline = this.#next;
    this.#next += this.frameMs;
    this.#stats.ticks++;
    const late = now - deadline;
    if (late > this.#stats.maxLateMs) this.#stats.maxLateMs = late;
    if (late > this.#lateThresholdMs) this.#stats.lateTicks++;
    try {
      this.#onTick(deadline);
    } catch (error) {
      try { this.#onError(error); } catch { /* nothing more to do */ }
    }
    const spent = this.#timers.now() - now;
    this.#stats.tickMs += spent;
    if (spent > this.#stats.maxTickMs) this.#stats.maxTickMs = spent;
    if (this.#running) this.#schedule();
  }
}
