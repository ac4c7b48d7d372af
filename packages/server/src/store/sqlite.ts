import Database from 'better-sqlite3';
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArchivedContact, Event, MetricFact } from '@switchboard/engine';
import type { ArchivedFacts, ContactArchive, EventStore, TokenLog, TokenRecord, TokenWrites } from './store.ts';

/**
 * 1: the event log. 2: the archive of finished contacts (archived_contacts). A version-1 file is
 * migrated in place when opened (the new table is created empty; its events are untouched); a file
 * from a newer build is refused. The ClientToken records (client_tokens) came after version 2 without
 * a new version: the table is created if missing, and a build from before it opens the file as it is
 * (it neither reads nor writes the table; records it did not write are only missing retries).
 */
const SCHEMA_VERSION = 2;

/**
 * ClientToken records, in the order written (seq), indexed by the key's hash. A retry is found by hash
 * (then compared by key); expiry deletes from the oldest end, in bounded steps.
 */
const TOKEN_SCHEMA = `
  CREATE TABLE IF NOT EXISTS client_tokens (
    seq INTEGER PRIMARY KEY,
    hash INTEGER NOT NULL,
    key TEXT NOT NULL,
    at INTEGER NOT NULL,
    answer TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS client_tokens_hash ON client_tokens (hash);
`;

/** The archive table: a finished contact by (instance, contact id), with what GetMetricDataV2 needs beside it. */
const ARCHIVE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS archived_contacts (
    instance_id TEXT NOT NULL,
    contact_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    initiated_at INTEGER NOT NULL,
    disconnected_at INTEGER,
    facts_from INTEGER,
    facts_to INTEGER,
    facts TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (instance_id, contact_id)
  );
  CREATE INDEX IF NOT EXISTS archived_contacts_facts ON archived_contacts (instance_id, facts_from);
`;

/**
 * The embedded store: one SQLite file in WAL mode. One process owns the file: it holds SQLite's
 * exclusive lock while it runs.
 *
 * Durability: `append` returns only once the batch is on disk. SQLite writes the batch's WAL frames
 * (synchronous=NORMAL: no sync inside the commit), then `append` fdatasyncs the WAL file. That is the
 * guarantee of synchronous=FULL, whose commit syncs the WAL itself — but SQLite as better-sqlite3 builds
 * it syncs with fsync, which also writes the file's times to the journal; fdatasync does not need them.
 * The sync runs on the event loop, which waits for it (0.1–0.5 ms on this disk). Handing it to libuv's
 * thread pool (2026-11-21, reverted the same day) kept the loop free, but under load the wake-ups
 * between threads cost more than the sync: syncs came back after 10–30 ms where the disk takes under
 * 1 ms, and in alternating 40 s routing runs the steady-state p99 was higher in 3 of 3 pairs
 * (bench/RESULTS.md). Checkpoints keep SQLite's own syncs (under NORMAL it syncs the WAL before a
 * checkpoint and the database after it). An in-memory database, or a WAL file that cannot be found,
 * falls back to FULL.
 */
export class SqliteEventStore implements EventStore, ContactArchive, TokenLog {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly upsertArchived: Database.Statement;
  private readonly insertToken: Database.Statement;
  private readonly pruneTokens: Database.Statement;
  private readonly findTokens: Database.Statement;
  private readonly appendBatch: (events: readonly Event[], archived: readonly ArchivedContact[], tokens: TokenWrites | undefined) => void;
  readonly archive: ContactArchive = this;
  readonly tokens: TokenLog = this;
  /** The WAL file, synced after each commit; undefined when SQLite syncs in the commit itself (FULL). */
  private readonly walFd: number | undefined;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      // One server owns the file: state lives in its memory, so a second writer would fork history.
      this.db.pragma('busy_timeout = 2000');
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec('BEGIN EXCLUSIVE; COMMIT');
    } catch (error) {
      this.db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new Error(`another Switchboard server is using ${path}`);
      throw error;
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY,
        instance_id TEXT NOT NULL,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        data TEXT NOT NULL
      );
    `);
    this.migrate();
    this.walFd = this.openWal(path);
    this.insert = this.db.prepare(`INSERT INTO events (instance_id, type, at, data) VALUES (?, ?, ?, ?)`);
    this.upsertArchived = this.db.prepare(`
      INSERT INTO archived_contacts (instance_id, contact_id, channel, initiated_at, disconnected_at, facts_from, facts_to, facts, data)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (instance_id, contact_id) DO UPDATE SET
        channel = excluded.channel, initiated_at = excluded.initiated_at, disconnected_at = excluded.disconnected_at,
        facts_from = excluded.facts_from, facts_to = excluded.facts_to, facts = excluded.facts, data = excluded.data`);
    this.insertToken = this.db.prepare(`INSERT INTO client_tokens (hash, key, at, answer) VALUES (?, ?, ?, ?)`);
    this.pruneTokens = this.db.prepare(`DELETE FROM client_tokens WHERE seq IN (SELECT seq FROM client_tokens ORDER BY seq LIMIT ?) AND at < ?`);
    this.findTokens = this.db.prepare(`SELECT hash, key, at, answer FROM client_tokens WHERE hash = ? ORDER BY seq DESC`);
    this.appendBatch = this.db.transaction((events: readonly Event[], archived: readonly ArchivedContact[], tokens: TokenWrites | undefined) => {
      for (const e of events) this.insert.run(e.instanceId, e.type, e.at, JSON.stringify(e));
      for (const a of archived) {
        this.upsertArchived.run(a.instanceId, a.contactId, a.channel, a.initiatedAt, a.disconnectedAt ?? null, a.factsFrom ?? null, a.factsTo ?? null, JSON.stringify(a.facts), a.data);
      }
      if (tokens) {
        for (const r of tokens.records) this.insertToken.run(r.hash, r.key, r.at, r.answer);
        if (tokens.prune) this.pruneTokens.run(tokens.prune.limit, tokens.prune.before);
      }
    });
  }

  /** Brings the file to SCHEMA_VERSION, in one transaction, or refuses a file from a newer build. */
  private migrate(): void {
    this.db.transaction(() => {
      const version = this.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
      const found = version ? Number(version.value) : SCHEMA_VERSION;
      if (!(found >= 1 && found <= SCHEMA_VERSION)) throw new Error(`data file has schema version ${version!.value}; this build reads ${SCHEMA_VERSION}`);
      this.db.exec(ARCHIVE_SCHEMA);
      this.db.exec(TOKEN_SCHEMA);
      this.db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(SCHEMA_VERSION));
    })();
  }

  /**
   * Opens the WAL file to sync it ourselves, and only then lets commits skip their fsync. Everything
   * written so far was committed under FULL, and the directory is synced so the WAL's entry is durable.
   */
  private openWal(path: string): number | undefined {
    const wal = `${path}-wal`;
    if (path === ':memory:' || path === '' || !existsSync(wal)) return undefined;
    const fd = openSync(wal, 'r');
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
    this.db.pragma('synchronous = NORMAL');
    return fd;
  }

  async load(): Promise<Event[]> {
    const rows = this.db.prepare(`SELECT data FROM events ORDER BY seq`).all() as { data: string }[];
    return rows.map((r) => JSON.parse(r.data) as Event);
  }

  async append(events: readonly Event[], archived: readonly ArchivedContact[] = [], tokens?: TokenWrites): Promise<void> {
    if (events.length === 0 && archived.length === 0 && !tokens?.records.length && !tokens?.prune) return;
    this.appendBatch(events, archived, tokens);
    if (this.walFd !== undefined) fdatasyncSync(this.walFd);
  }

  /** Not synced by itself: a delete lost to a crash is only done again at the next start. */
  async prune(before: number): Promise<void> {
    this.db.prepare(`DELETE FROM client_tokens WHERE at < ?`).run(before);
  }

  async scan(each: (hash: number, at: number) => void): Promise<void> {
    for (const [hash, at] of this.db.prepare(`SELECT hash, at FROM client_tokens ORDER BY seq`).raw().iterate() as Iterable<[number, number]>) each(hash, at);
  }

  async find(hash: number): Promise<TokenRecord[]> {
    return this.findTokens.all(hash) as TokenRecord[];
  }

  async contact(instanceId: string, contactId: string): Promise<string | undefined> {
    const row = this.db.prepare(`SELECT data FROM archived_contacts WHERE instance_id = ? AND contact_id = ?`).get(instanceId, contactId) as { data: string } | undefined;
    return row?.data;
  }

  async facts(instanceId: string, start: number, end: number): Promise<ArchivedFacts[]> {
    const rows = this.db.prepare(`
      SELECT contact_id, facts FROM archived_contacts
      WHERE instance_id = ? AND facts_from < ? AND facts_to >= ?`).all(instanceId, end, start) as { contact_id: string; facts: string }[];
    return rows.map((r) => ({ contactId: r.contact_id, facts: JSON.parse(r.facts) as MetricFact[] }));
  }

  async ids(): Promise<{ instanceId: string; contactId: string }[]> {
    const rows = this.db.prepare(`SELECT instance_id, contact_id FROM archived_contacts`).all() as { instance_id: string; contact_id: string }[];
    return rows.map((r) => ({ instanceId: r.instance_id, contactId: r.contact_id }));
  }

  async overlapping(instanceId: string, start: number, end: number): Promise<string[]> {
    const rows = this.db.prepare(`
      SELECT data FROM archived_contacts
      WHERE instance_id = ? AND initiated_at <= ? AND (disconnected_at IS NULL OR disconnected_at >= ?)`).all(instanceId, end, start) as { data: string }[];
    return rows.map((r) => r.data);
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
  }
}
