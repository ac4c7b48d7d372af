import type { Event } from '@switchboard/engine';

/**
 * Where events are kept. The embedded SQLite store is the default; a PostgreSQL store implements the
 * same interface. `append` resolves only when the events are durable (fsynced): the pipeline
 * acknowledges nothing to a client before that.
 */
export interface EventStore {
  /** Every stored event, oldest first. */
  load(): Promise<Event[]>;
  /** Appends a batch atomically and durably. */
  append(events: readonly Event[]): Promise<void>;
  close(): Promise<void>;
}
