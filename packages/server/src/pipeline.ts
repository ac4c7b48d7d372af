import { randomUUID } from 'node:crypto';
import { execute, type Command, type Event, type Rejection, type State } from '@switchboard/engine';
import type { EventStore } from './store/store.ts';

/** A command as the shell's callers give it: the pipeline stamps the time and the id seed. */
export type CommandInput = Command extends infer C ? (C extends Command ? Omit<C, 'now' | 'seed'> : never) : never;

export type Outcome = { ok: true; events: Event[] } | { ok: false; rejection: Rejection };

type Listener = (events: readonly Event[]) => void;

/**
 * The command pipeline: validate (engine) → events → in-memory state → durable append → publish → reply.
 *
 * Commands run one at a time against the in-memory state, as they arrive. Their events collect in a
 * batch that is written in one transaction on the next turn of the event loop, or, if a write is still on
 * its way to disk, as soon as that one is durable (group commit); only when
 * that write is durable are the callers answered and subscribers told. If a write fails, the process
 * stops: memory is ahead of the disk, and a restart rebuilds state from what is durable.
 */
export class Pipeline {
  private pending: { events: Event[]; waiters: (() => void)[] } | undefined;
  private flushing: Promise<void> = Promise.resolve();
  /** A batch is being made durable. */
  private writing = false;
  private readonly listeners: Listener[] = [];

  constructor(
    readonly state: State,
    private readonly store: EventStore,
    private readonly clock: () => number = Date.now,
    private readonly onFatal: (error: unknown) => void = (error) => {
      console.error('switchboard: could not make events durable; stopping so a restart rebuilds state from disk', error);
      process.exit(70);
    },
  ) {}

  now(): number {
    return this.clock();
  }

  /** Runs a command; resolves once its events are durable and published. */
  submit(input: CommandInput): Promise<Outcome> {
    const command = { ...input, now: this.clock(), seed: randomUUID() } as Command;
    const decision = execute(this.state, command);
    if (!decision.ok) return Promise.resolve(decision);
    if (decision.events.length === 0) return this.settled().then(() => decision);
    return new Promise((resolve) => {
      const batch = this.batch();
      batch.events.push(...decision.events);
      batch.waiters.push(() => resolve(decision));
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
      this.pending = { events: [], waiters: [] };
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
    this.flushing = this.store.append(batch.events).then(() => {
      for (const listener of this.listeners) {
        try {
          listener(batch.events);
        } catch (error) {
          console.error('switchboard: a subscriber failed', error);
        }
      }
      for (const waiter of batch.waiters) waiter();
      this.writing = false;
      this.flush();
    }, (error: unknown) => {
      // Nothing more is written or answered: memory is ahead of the disk.
      this.onFatal(error);
    });
  }
}
