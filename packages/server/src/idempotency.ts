import type { Event } from '@switchboard/engine';
import type { EventStore, TokenRecord, TokenWrites } from './store/store.ts';
import { CLIENT_TOKEN_WINDOW_MS, TokenFilter, tokenHash } from './tokenFilter.ts';

export { CLIENT_TOKEN_WINDOW_MS } from './tokenFilter.ts';

/**
 * What a command carries so that its answer is kept with its events: the idempotency key (none when
 * the request has no ClientToken), and how to make the answer from what the command did. `answer` runs
 * inside the pipeline, right after the command (state is as the command left it), so the record is
 * written in the same transaction as the events (pipeline.ts).
 */
export interface Reply<A> {
  key?: string | undefined;
  answer(events: readonly Event[], now: number): A;
}

export interface IdempotencyOptions {
  /**
   * How many answers are kept in memory, newest first, so a quick retry costs no store read (default 1,000;
   * ~250 bytes each). Kept small on purpose: at 4,200 sends/s a 50,000-answer cache kept each answer ~12 s,
   * long enough to be promoted and die in V8's old generation (bench/RESULTS.md, session 8); a retry it no
   * longer holds costs one indexed store read.
   */
  recentAnswers?: number;
  /** The bound on the filter's memory, in keys (tokenFilter.ts). */
  filterKeys?: number;
}

/** Records written, per minute, oldest first: how many expired records there are to delete. */
class ExpiryCounts {
  private minutes: number[] = [];
  private counts: number[] = [];
  private head = 0;

  add(at: number): void {
    const minute = Math.floor(at / 60_000);
    const last = this.minutes.length - 1;
    // A time earlier than the newest (a clock step back) counts with the newest: it is deleted later, not sooner.
    if (last >= this.head && this.minutes[last]! >= minute) this.counts[last]!++;
    else {
      this.minutes.push(minute);
      this.counts.push(1);
    }
  }

  /** Takes up to `limit` of the records from before `before`; returns how many. */
  take(before: number, limit: number): number {
    let taken = 0;
    while (this.head < this.minutes.length && taken < limit && (this.minutes[this.head]! + 1) * 60_000 <= before) {
      const n = Math.min(this.counts[this.head]!, limit - taken);
      taken += n;
      this.counts[this.head]! -= n;
      if (this.counts[this.head] === 0) this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.minutes.length) {
      this.minutes = this.minutes.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
    return taken;
  }
}

/** Each write deletes at most this many expired records, or twice the records it adds if more. */
const PRUNE_STEP = 64;

/**
 * ClientToken idempotency. A request with a ClientToken runs through `once`: the first with its key runs;
 * a retry gets the first one's answer — after it is durable if it is still in flight, from memory or the
 * store afterwards, for 7 days (Amazon Connect's window); after that the token is new again. Only
 * requests that succeed leave a record: a refused one may be retried and run again. A retry's body is
 * not compared with the first's: none of the operations that take a ClientToken here lists
 * IdempotencyException, and StartOutboundVoiceContact's says "If a contact is already started, the
 * contact ID is returned" — so the same token gets the first answer, whatever the body.
 *
 * The record (key, time, answer as JSON) is written by the pipeline in the same transaction as the
 * request's events, so a request is never durable without it: after a crash between the commit and the
 * answer, the retry finds it. At start the records of the window are read into the filter
 * (tokenFilter.ts: 2 bytes a token), older ones deleted; while the server runs, each write deletes the
 * records that have expired since, a bounded number at a time (no transaction of its own).
 *
 * A store without ClientToken records (a test double) keeps the newest answers in memory only.
 */
export class IdempotencyKeeper {
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly recent = new Map<string, { at: number; answer: string }>();
  private readonly filter: TokenFilter;
  private readonly expiring = new ExpiryCounts();
  private readonly recentLimit: number;
  private loaded = false;
  /** Resolves once the records of the window are in the filter (they are read at construction). */
  readonly ready: Promise<void>;

  constructor(
    private readonly store: EventStore,
    private readonly clock: () => number,
    onFatal: (error: unknown) => void,
    options: IdempotencyOptions = {},
  ) {
    this.recentLimit = options.recentAnswers ?? 1_000;
    this.filter = new TokenFilter(options.filterKeys);
    this.ready = this.load().then(() => {
      this.loaded = true;
    }, (error: unknown) => onFatal(new Error('could not read the ClientToken records', { cause: error })));
  }

  private async load(): Promise<void> {
    const log = this.store.tokens;
    if (!log) return;
    const cutoff = this.clock() - CLIENT_TOKEN_WINDOW_MS;
    await log.prune(cutoff);
    await log.scan((hash, at) => {
      if (at < cutoff) return;
      this.filter.add(hash, at);
      this.expiring.add(at);
    });
  }

  /**
   * Runs `run` once per key: a request with the key of one still running waits for it and gets its
   * answer (or, if it failed, runs itself); a request with the key of one answered in the window gets
   * that answer. `run` submits the command with a `Reply` naming `key`. Without a key, just runs.
   */
  async once<A>(key: string | undefined, run: () => Promise<A>): Promise<A> {
    if (key === undefined) return run();
    if (!this.loaded) await this.ready;
    let failed: Promise<unknown> | undefined;
    for (;;) {
      const flying = this.inFlight.get(key);
      if (flying && flying !== failed) {
        try {
          return (await flying) as A;
        } catch {
          failed = flying;
          continue;
        }
      }
      const known = await this.lookup(key);
      if (known !== undefined) return JSON.parse(known) as A;
      // The lookup may have waited on the store: another request with the key may have started meanwhile.
      const started = this.inFlight.get(key);
      if (started && started !== failed) continue;
      const attempt = run();
      this.inFlight.set(key, attempt);
      try {
        return await attempt;
      } finally {
        if (this.inFlight.get(key) === attempt) this.inFlight.delete(key);
      }
    }
  }

  /** The answer (JSON) recorded for the key in the window, if any. */
  private async lookup(key: string): Promise<string | undefined> {
    const now = this.clock();
    const cutoff = now - CLIENT_TOKEN_WINDOW_MS;
    // The map holds the newest record of a key it holds at all.
    const near = this.recent.get(key);
    if (near) return near.at >= cutoff ? near.answer : undefined;
    const log = this.store.tokens;
    if (!log) return undefined;
    const hash = tokenHash(key);
    this.filter.retire(cutoff);
    if (!this.filter.mayHave(hash, now)) return undefined;
    for (const record of await log.find(hash)) {
      if (record.key === key) return record.at >= cutoff ? record.answer : undefined;
    }
    return undefined;
  }

  /** The record of an answer (made in the pipeline when the command has run). */
  record(key: string, answer: unknown, at: number): TokenRecord {
    return { hash: tokenHash(key), key, at, answer: JSON.stringify(answer) ?? 'null' };
  }

  /** What a batch with these records writes: them, and a bounded delete of records that have expired. */
  writes(records: readonly TokenRecord[]): TokenWrites | undefined {
    const before = this.clock() - CLIENT_TOKEN_WINDOW_MS;
    const limit = this.store.tokens ? this.expiring.take(before, Math.max(PRUNE_STEP, 2 * records.length)) : 0;
    if (records.length === 0 && limit === 0) return undefined;
    return limit > 0 ? { records, prune: { before, limit } } : { records };
  }

  /** The records are durable: retries find them from now on. */
  durable(records: readonly TokenRecord[]): void {
    const stored = this.store.tokens !== undefined;
    for (const record of records) {
      this.recent.delete(record.key);
      this.recent.set(record.key, { at: record.at, answer: record.answer });
      if (stored) {
        this.filter.add(record.hash, record.at);
        this.expiring.add(record.at);
      }
    }
    while (this.recent.size > this.recentLimit) this.recent.delete(this.recent.keys().next().value!);
  }
}
