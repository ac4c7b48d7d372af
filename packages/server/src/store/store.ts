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
   * finished into the archive (so a contact is never forgotten from memory unless it is on disk), and
   * writes the ClientToken records of the batch's requests (so a request is never durable without its
   * record), deleting the expired records `tokens.prune` names.
   */
  append(events: readonly Event[], archived?: readonly ArchivedContact[], tokens?: TokenWrites): Promise<void>;
  /** The archive of finished contacts; a store without one (a test double) makes the pipeline keep every contact in memory. */
  readonly archive?: ContactArchive;
  /** Reads of the ClientToken records; a store without them (a test double) keeps `tokens` in memory only (idempotency.ts). */
  readonly tokens?: TokenLog;
  /** Resolves when the store answers a trivial query (GET /ready); a store without it (a test double) is always reachable. */
  ping?(): Promise<void>;
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
  /**
   * SearchContacts (issue 18): the serialised contacts of the instance whose span [initiated, disconnected] meets
   * [start, end] (every timestamp a search asks by falls in a contact's span). A store without it is read contact by contact.
   */
  overlapping?(instanceId: string, start: number, end: number): Promise<string[]>;
}

/** The answer given to a request with a ClientToken, kept so that its retries get it again (idempotency.ts). */
export interface TokenRecord {
  /** A 53-bit hash of `key`: what the store indexes and the in-memory filter holds. */
  hash: number;
  /** Operation, scope (instance or participant) and the ClientToken. */
  key: string;
  /** When the request ran (ms): the record counts for 7 days from then. */
  at: number;
  /** The answer, as JSON. */
  answer: string;
}

/** What a batch writes beside its events. */
export interface TokenWrites {
  records: readonly TokenRecord[];
  /** Delete the expired records among the oldest `limit` (records are kept in the order written: a bounded delete). */
  prune?: { before: number; limit: number };
}

/** Reads of the ClientToken records (writes go through `append`). */
export interface TokenLog {
  /** Deletes every record from before `before` (at start-up). */
  prune(before: number): Promise<void>;
  /** Calls `each` with every record's hash and time, oldest first (at start-up, for the in-memory filter). */
  scan(each: (hash: number, at: number) => void): Promise<void>;
  /** The records with this hash, newest first. */
  find(hash: number): Promise<TokenRecord[]>;
}
