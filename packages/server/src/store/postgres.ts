import postgres from 'postgres';
import type { Event } from '@switchboard/engine';
import type { EventStore } from './store.ts';

/**
 * The PostgreSQL store: the same event log in a table, appended in one transaction per batch (one
 * multi-row INSERT), durable when PostgreSQL commits. State lives in one process's memory, so one
 * server owns a schema at a time: it holds an advisory lock for as long as it runs.
 */
export class PostgresEventStore implements EventStore {
  private constructor(private readonly sql: postgres.Sql, private readonly schema: string, private readonly lock: postgres.ReservedSql) {}

  static async open(url: string, options: { schema?: string } = {}): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
    const sql = postgres(url, { max: 4, onnotice: () => undefined, types: { bigint: postgres.BigInt } });
    try {
      await sql.unsafe(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await sql.unsafe(`
        CREATE TABLE IF NOT EXISTS ${schema}.switchboard_events (
          seq BIGSERIAL PRIMARY KEY,
          instance_id TEXT NOT NULL,
          type TEXT NOT NULL,
          at BIGINT NOT NULL,
          data JSONB NOT NULL
        )`);
      const lock = await sql.reserve();
      const [row] = await lock`SELECT pg_try_advisory_lock(hashtext(${`switchboard:${schema}`})) AS locked`;
      if (!row?.locked) {
        lock.release();
        throw new Error(`another Switchboard server is using the database schema ${schema}`);
      }
      return new PostgresEventStore(sql, schema, lock);
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw error;
    }
  }

  async load(): Promise<Event[]> {
    const rows = await this.sql.unsafe(`SELECT data FROM ${this.schema}.switchboard_events ORDER BY seq`);
    return rows.map((r) => r.data as Event);
  }

  async append(events: readonly Event[]): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => ({ instance_id: e.instanceId, type: e.type, at: e.at, data: this.sql.json(e as unknown as postgres.JSONValue) }));
    await this.sql.begin((tx) => tx`INSERT INTO ${tx(this.schema)}.switchboard_events ${tx(rows)}`);
  }

  async close(): Promise<void> {
    await this.lock`SELECT pg_advisory_unlock(hashtext(${`switchboard:${this.schema}`}))`;
    this.lock.release();
    await this.sql.end({ timeout: 5 });
  }
}
