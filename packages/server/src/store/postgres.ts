import postgres from 'postgres';
import type { ArchivedContact, Event, MetricFact } from '@switchboard/engine';
import type { ArchivedFacts, ContactArchive, EventStore, TokenLog, TokenRecord, TokenWrites } from './store.ts';

/**
 * The PostgreSQL store: the same event log in a table, appended in one transaction per batch (one
 * multi-row INSERT), durable when PostgreSQL commits. State lives in one process's memory, so one
 * server owns a schema at a time: it holds an advisory lock for as long as it runs.
 *
 * Finished contacts are upserted into switchboard_archived_contacts in the same transaction as the
 * batch that finished them. The table is created if missing, so a schema from before the archive
 * opens as it is (its events untouched, its archive empty). So are the ClientToken records
 * (switchboard_client_tokens), written in the same transaction as the events of their requests.
 */
export class PostgresEventStore implements EventStore, ContactArchive, TokenLog {
  readonly archive: ContactArchive = this;
  readonly tokens: TokenLog = this;

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
      await sql.unsafe(`
        CREATE TABLE IF NOT EXISTS ${schema}.switchboard_archived_contacts (
          instance_id TEXT NOT NULL,
          contact_id TEXT NOT NULL,
          channel TEXT NOT NULL,
          initiated_at BIGINT NOT NULL,
          disconnected_at BIGINT,
          facts_from BIGINT,
          facts_to BIGINT,
          facts JSONB NOT NULL,
          data TEXT NOT NULL,
          PRIMARY KEY (instance_id, contact_id)
        )`);
      await sql.unsafe(`CREATE INDEX IF NOT EXISTS switchboard_archived_contacts_facts ON ${schema}.switchboard_archived_contacts (instance_id, facts_from)`);
      await sql.unsafe(`
        CREATE TABLE IF NOT EXISTS ${schema}.switchboard_client_tokens (
          seq BIGSERIAL PRIMARY KEY,
          hash BIGINT NOT NULL,
          key TEXT NOT NULL,
          at BIGINT NOT NULL,
          answer TEXT NOT NULL
        )`);
      await sql.unsafe(`CREATE INDEX IF NOT EXISTS switchboard_client_tokens_hash ON ${schema}.switchboard_client_tokens (hash)`);
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

  async append(events: readonly Event[], archived: readonly ArchivedContact[] = [], tokens?: TokenWrites): Promise<void> {
    const records = tokens?.records ?? [];
    const prune = tokens?.prune;
    if (events.length === 0 && archived.length === 0 && records.length === 0 && !prune) return;
    const rows = events.map((e) => ({ instance_id: e.instanceId, type: e.type, at: e.at, data: this.sql.json(e as unknown as postgres.JSONValue) }));
    const contacts = archived.map((a) => ({
      instance_id: a.instanceId, contact_id: a.contactId, channel: a.channel, initiated_at: a.initiatedAt, disconnected_at: a.disconnectedAt ?? null,
      facts_from: a.factsFrom ?? null, facts_to: a.factsTo ?? null, facts: this.sql.json(a.facts as unknown as postgres.JSONValue), data: a.data,
    }));
    const tokenRows = records.map((r) => ({ hash: r.hash, key: r.key, at: r.at, answer: r.answer }));
    await this.sql.begin(async (tx) => {
      // Sent together (pipelined), not one after another: the transaction costs one round trip more, not three.
      const writes: Promise<unknown>[] = [];
      if (rows.length > 0) writes.push(tx`INSERT INTO ${tx(this.schema)}.switchboard_events ${tx(rows)}`);
      if (contacts.length > 0) {
        writes.push(tx`
          INSERT INTO ${tx(this.schema)}.switchboard_archived_contacts ${tx(contacts)}
          ON CONFLICT (instance_id, contact_id) DO UPDATE SET
            channel = excluded.channel, initiated_at = excluded.initiated_at, disconnected_at = excluded.disconnected_at,
            facts_from = excluded.facts_from, facts_to = excluded.facts_to, facts = excluded.facts, data = excluded.data`);
      }
      if (tokenRows.length > 0) writes.push(tx`INSERT INTO ${tx(this.schema)}.switchboard_client_tokens ${tx(tokenRows)}`);
      if (prune) {
        const table = tx`${tx(this.schema)}.switchboard_client_tokens`;
        writes.push(tx`DELETE FROM ${table} WHERE seq IN (SELECT seq FROM ${table} ORDER BY seq LIMIT ${prune.limit}) AND at < ${prune.before}`);
      }
      await Promise.all(writes);
    });
  }

  async prune(before: number): Promise<void> {
    await this.sql`DELETE FROM ${this.sql(this.schema)}.switchboard_client_tokens WHERE at < ${before}`;
  }

  async scan(each: (hash: number, at: number) => void): Promise<void> {
    await this.sql`SELECT hash, at FROM ${this.sql(this.schema)}.switchboard_client_tokens ORDER BY seq`.cursor(10_000, (rows) => {
      for (const r of rows) each(Number(r.hash), Number(r.at));
    });
  }

  async find(hash: number): Promise<TokenRecord[]> {
    const rows = await this.sql`
      SELECT key, at, answer FROM ${this.sql(this.schema)}.switchboard_client_tokens WHERE hash = ${hash} ORDER BY seq DESC`;
    return rows.map((r) => ({ hash, key: r.key as string, at: Number(r.at), answer: r.answer as string }));
  }

  async contact(instanceId: string, contactId: string): Promise<string | undefined> {
    const [row] = await this.sql`
      SELECT data FROM ${this.sql(this.schema)}.switchboard_archived_contacts WHERE instance_id = ${instanceId} AND contact_id = ${contactId}`;
    return row?.data as string | undefined;
  }

  async facts(instanceId: string, start: number, end: number): Promise<ArchivedFacts[]> {
    const rows = await this.sql`
      SELECT contact_id, facts FROM ${this.sql(this.schema)}.switchboard_archived_contacts
      WHERE instance_id = ${instanceId} AND facts_from < ${end} AND facts_to >= ${start}`;
    return rows.map((r) => ({ contactId: r.contact_id as string, facts: r.facts as MetricFact[] }));
  }

  async ids(): Promise<{ instanceId: string; contactId: string }[]> {
    const rows = await this.sql`SELECT instance_id, contact_id FROM ${this.sql(this.schema)}.switchboard_archived_contacts`;
    return rows.map((r) => ({ instanceId: r.instance_id as string, contactId: r.contact_id as string }));
  }

  async overlapping(instanceId: string, start: number, end: number): Promise<string[]> {
    const rows = await this.sql`
      SELECT data FROM ${this.sql(this.schema)}.switchboard_archived_contacts
      WHERE instance_id = ${instanceId} AND initiated_at <= ${end} AND (disconnected_at IS NULL OR disconnected_at >= ${start})`;
    return rows.map((r) => r.data as string);
  }

  async ping(): Promise<void> {
    await this.sql`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.lock`SELECT pg_advisory_unlock(hashtext(${`switchboard:${this.schema}`}))`;
    this.lock.release();
    await this.sql.end({ timeout: 5 });
  }
}
