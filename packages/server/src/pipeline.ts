import { randomUUID } from 'node:crypto';
import { execute, type Command, type Event, type Rejection, type State } from '@switchboard/engine';
import type { EventStore, TokenRecord } from './store/store.ts';
import { ContactArchiveKeeper } from './archive.ts';
import { IdempotencyKeeper, type IdempotencyOptions, type Reply } from './idempotency.ts';
import { log } from './log.ts';

/** A command as the shell's callers give it: the pipeline stamps the time and the id seed. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'now' | 'seed'> : never) : never;

/** What a command did; `answer` is its `Reply`'s (undefined without one). */
export type Outcome<A = undefined> = { ok: true; events: Event[]; answer: A } | { ok: false; rejection: Rejection };

interface Batch {
  events: Event[];
  /** The ClientToken records of the batch's requests: written in its transaction. */
  records: TokenRecord[];
  waiters: (() => void)[];
}

type Listener = (events: readonly Event[]) => void;

/** What the pipeline reports as it works (ops.ts turns it into metrics). */
export interface PipelineObserver {
  /** A command ran: accepted (its events go into the batch) or rejected by the rules. */
  command(type: string, accepted: boolean): void;
  /** A batch became durable: its events, and how long its write took (seconds). */
  durable(events: readonly Event[], seconds: number): void;
}

/**
 * The command pipeline: validate (engine) → events → in-memory state → durable append → publish → reply.
 *
 * Commands run one at a time against the in-memory state, as they arrive. Their events collect in a
 * batch that is written in one transaction on the next turn of the event loop, or, if a write is still on
 * its way to disk, as soon as that one is durable (group commit); only when
 * that write is durable are the callers answered and subscribers told. If a write fails, the process
 * stops: memory is ahead of the disk, and a restart rebuilds state from what is durable.
 *
 * A command may carry a `Reply`: its answer is made as soon as the command has run, and, when the
 * request had a ClientToken, recorded in the same write as its events (idempotency.ts), so a request
 * is never durable without the answer its retry must get. That costs a row in the batch's transaction,
 * not a transaction.
 */
export class Pipeline {
  private pending: Batch | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** A batch is being made durable. */
  private writing = false;
  private readonly listeners: Listener[] = [];
  /**
   * While commands wait for archived contacts to be read back (an await), every later command waits
   * behind them, so commands still run in the order they were submitted.
   */
  private reviving: Promise<void> | undefined;
  /** The events of the batch being written. */
  private inFlight: readonly Event[] = [];
  /** Finished chats and calls (whole chains): archived with the batch that finished them, forgotten once it is durable, revived on demand. */
  readonly archive: ContactArchiveKeeper;
  /** ClientToken idempotency, kept with the events. */
  readonly idempotency: IdempotencyKeeper;
  /** Told of every command and durable batch (metrics). */
  observer: PipelineObserver | undefined;

  constructor(
    readonly state: State,
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
    private readonly onFatal: (error: unknown) => void = (error) => {
      log().fatal({ err: error }, 'could not make events durable; stopping so a restart rebuilds state from disk');
      process.exit(70);
    },
    idempotency: IdempotencyOptions = {},
  ) {
    this.archive = new ContactArchiveKeeper(state, store, () => [...this.inFlight, ...(this.pending?.events ?? [])]);
    this.idempotency = new IdempotencyKeeper(store, clock, onFatal, idempotency);
  }

  now(): number {
    return this.clock();
  }

  /**
   * Runs a command; resolves once its events are durable and published. A command naming an archived
   * contact first reads it back into memory (so the rules answer as if it had never left). With a
   * `reply`, the outcome carries its answer, recorded with the events if it names a key.
   */
  submit(input: CommandInput): Promise<Outcome>;
  submit<A>(input: CommandInput, reply: Reply<A>): Promise<Outcome<A>>;
  submit<A>(input: CommandInput, reply?: Reply<A>): Promise<Outcome<A | undefined>> {
    if (!this.reviving && this.archive.missing(input).length === 0) return this.run(input, [], reply);
    let outcome!: Promise<Outcome<A | undefined>>;
    const turn = (this.reviving ?? Promise.resolve()).then(async () => {
      outcome = this.run(input, await this.archive.revive(input.instanceId, this.archive.missing(input)), reply);
    });
    const gate = turn.catch(() => undefined);
    this.reviving = gate;
    void gate.then(() => {
      if (this.reviving === gate) this.reviving = undefined;
    });
    return turn.then(() => outcome);
  }

  private run<A>(input: CommandInput, revived: readonly string[], reply: Reply<A> | undefined): Promise<Outcome<A | undefined>> {
    const command = { ...input, now: this.clock(), seed: randomUUID() } as Command;
    const decision = execute(this.state, command);
    this.observer?.command(command.type, decision.ok);
    // A revived contact the command did not change is still archived as it is: it leaves memory at once.
    this.archive.forgetRevived(input.instanceId, revived, decision.ok ? decision.events : []);
    if (!decision.ok) return Promise.resolve(decision);
    let outcome: Outcome<A | undefined> = { ok: true, events: decision.events, answer: undefined };
    let record: TokenRecord | undefined;
    let failure: { error: unknown } | undefined;
    if (reply) {
      // State has already changed: whatever happens here, the events go into the batch.
      try {
        outcome = { ok: true, events: decision.events, answer: reply.answer(decision.events, command.now) };
        if (reply.key !== undefined) record = this.idempotency.record(reply.key, outcome.answer, command.now);
      } catch (error) {
        failure = { error };
      }
    }
    if (decision.events.length === 0 && !record) return this.settled().then(() => (failure ? Promise.reject(failure.error) : outcome));
    return new Promise((resolve, reject) => {
      const batch = this.batch();
      batch.events.push(...decision.events);
      if (record) batch.records.push(record);
      batch.waiters.push(() => (failure ? reject(failure.error) : resolve(outcome)));
    });
  }

  /** Subscribes to every durable batch of events, in order. */
  subscribe(listener: Listener): void {
    this.listeners.push(listener);
  }

  /** Resolves when everything submitted so far is durable: reads wait on it so they never show what could still be lost. */
  settled(): Promise<void> {
    if (!this.pending) return this.flushing;
    return new Promise((resolve) => this.pending!.waiters.push(resolve));
  }

  private batch() {
    if (!this.pending) {
      this.pending = { events: [], records: [], waiters: [] };
      // While a write is on its way to disk, the next batch grows; that write's end starts it.
      if (!this.writing) setImmediate(() => this.flush());
    }
    return this.pending;
  }

  /** Writes the pending batch, one write at a time: what arrives meanwhile goes into the next batch. */
  private flush(): void {
    const batch = this.pending;
    if (!batch || this.writing) return;
    this.pending = undefined;
    this.writing = true;
    // The contacts this batch finishes are archived in the same transaction (state is exactly as of the batch here).
    const archived = this.archive.recordsFor(batch.events);
    this.inFlight = batch.events;
    const tokens = this.idempotency.writes(batch.records);
    const started = performance.now();
    this.flushing = this.store.append(batch.events, archived, tokens).then(() => {
      this.observer?.durable(batch.events, (performance.now() - started) / 1000);
      this.idempotency.durable(batch.records);
      for (const listener of this.listeners) {
        try {
          listener(batch.events);
        } catch (error) {
          log().error({ err: error }, 'a subscriber failed');
        }
      }
      for (const waiter of batch.waiters) waiter();
      this.inFlight = [];
      this.archive.forget(archived);
      this.writing = false;
      this.flush();
    }, (error: unknown) => {
      // Nothing more is written or answered: memory is ahead of the disk.
      this.onFatal(error);
    });
  }
}
