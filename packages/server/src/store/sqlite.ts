import Database from 'better-sqlite3';
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Event } from '@switchboard/engine';
import type { EventStore } from './store.ts';

const SCHEMA_VERSION = 1;

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
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly appendBatch: (events: readonly Event[]) => void;
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
    const version = this.db.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string } | undefined;
    if (!version) this.db.prepare(`INSERT INTO meta (key, value) VALUES ('schema_version', ?)`).run(String(SCHEMA_VERSION));
    else if (Number(version.value) !== SCHEMA_VERSION) throw new Error(`data file has schema version ${version.value}; this build reads ${SCHEMA_VERSION}`);
    this.walFd = this.openWal(path);
    this.insert = this.db.prepare(`INSERT INTO events (instance_id, type, at, data) VALUES (?, ?, ?, ?)`);
    this.appendBatch = this.db.transaction((events: readonly Event[]) => {
      for (const e of events) this.insert.run(e.instanceId, e.type, e.at, JSON.stringify(e));
    });
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

  async append(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return;
    this.appendBatch(events);
    if (this.walFd !== undefined) fdatasyncSync(this.walFd);
  }

  async close(): Promise<void> {
    this.db.close();
    if (this.walFd !== undefined) closeSync(this.walFd);
  }
}
