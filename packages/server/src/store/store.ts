import type { ArchivedContact, Event, MetricFact } from '@switchboard/engine';

/**
 * Where events are kept. The embedded SQLite store is the default; a PostgreSQL store implements the
 * same interface. `append` resolves only when the events are durable (fsynced): the pipeline
 * acknowledges nothing to a client before that.
 */
export interface EventStore {
  /** Every stored event, oldest first. */
  load(): Promise<Event[]>;
  /**
   * Appends a batch atomically and durably, and in the same transaction upserts the contacts the batch
   * finished into the archive (so a contact is never forgotten from memory unless it is on disk).
   */
  append(events: readonly Event[], archived?: readonly ArchivedContact[]): Promise<void>;
  /** The archive of finished contacts; a store without one (a test double) makes the pipeline keep every contact in memory. */
  readonly archive?: ContactArchive;
  close(): Promise<void>;
}

/** An archived contact's metric facts, for GetMetricDataV2 without reviving it. */
export interface ArchivedFacts {
  contactId: string;
  facts: MetricFact[];
}

/** Reads of the archive (writes go through `append`). */
export interface ContactArchive {
  /** The serialised contact (serializeContact's text), if archived. */
  contact(instanceId: string, contactId: string): Promise<string | undefined>;
  /** The facts of the instance's archived contacts that may fall in [start, end) (whose facts span overlaps it). */
  facts(instanceId: string, start: number, end: number): Promise<ArchivedFacts[]>;
  /** Every archived contact's id, by instance (at start-up). */
  ids(): Promise<{ instanceId: string; contactId: string }[]>;
}
