/**
 * A store that "dies" right after a write: the batch is committed (durable), and then the append never
 * resolves, as if the process had been killed between the commit and the answer. The server on top
 * never answers the requests of that batch; the test then lets it go and starts another server on the
 * same data. `bury()` lets the dead server's pipeline drain afterwards, so it can be closed.
 */
import type { ArchivedContact, Event } from '@switchboard/engine';
import type { EventStore } from '../src/index.ts';

export class CrashingStore implements EventStore {
  private armed = false;
  private dead = false;
  private buried = false;
  private readonly hung: (() => void)[] = [];
  private crashed!: () => void;
  /** Resolves once the armed write is durable and the store has died. */
  readonly died = new Promise<void>((resolve) => (this.crashed = resolve));

  constructor(private readonly inner: EventStore) {}

  get archive() {
    return this.inner.archive;
  }

  get tokens() {
    return (this.inner as { tokens?: unknown }).tokens as never;
  }

  load(): Promise<Event[]> {
    return this.inner.load();
  }

  /** The next append that writes a batch containing an event that `match` accepts is the last one. */
  private match: (events: readonly Event[]) => boolean = () => true;
  crashAfterWriting(match: (events: readonly Event[]) => boolean = () => true): void {
    this.armed = true;
    this.match = match;
  }

  async append(events: readonly Event[], archived?: readonly ArchivedContact[], ...rest: unknown[]): Promise<void> {
    if (this.buried) return;
    if (this.dead) return new Promise((resolve) => this.hung.push(resolve));
    await (this.inner.append as (...args: unknown[]) => Promise<void>)(events, archived, ...rest);
    if (!this.armed || !this.match(events)) return;
    // Committed; now the process "dies": nothing more is written, and this append never returns.
    this.dead = true;
    await this.inner.close();
    this.crashed();
    return new Promise((resolve) => this.hung.push(resolve));
  }

  /** Lets the dead server's pipeline finish (writing nothing), so the server can be closed. */
  bury(): void {
    this.dead = true;
    this.buried = true;
    for (const resolve of this.hung.splice(0)) resolve();
  }

  async close(): Promise<void> {
    if (!this.dead) await this.inner.close();
  }
}
