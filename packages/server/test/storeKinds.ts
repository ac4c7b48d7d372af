/**
 * The stores a test runs against: SQLite in a fresh directory, and PostgreSQL in a fresh schema when
 * SWITCHBOARD_TEST_POSTGRES_URL is set (skipped, with the reason, when it is not).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { PostgresEventStore, SqliteEventStore, type EventStore } from '../src/index.ts';

const PG_URL = process.env.SWITCHBOARD_TEST_POSTGRES_URL;

export interface StoreKind {
  name: string;
  skip?: string;
  /** A fresh place to keep events; `open` may be called again on it (a restart). */
  fresh(): Promise<{ open(): Promise<EventStore>; cleanup(): Promise<void> }>;
}

export const storeKinds: StoreKind[] = [
  {
    name: 'SQLite',
    async fresh() {
      const dir = await mkdtemp(join(tmpdir(), 'switchboard-store-'));
      return { open: async () => new SqliteEventStore(join(dir, 'events.db')), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    ...(PG_URL ? {} : { skip: 'SWITCHBOARD_TEST_POSTGRES_URL is not set' }),
    async fresh() {
      const schema = `sb_test_${randomBytes(6).toString('hex')}`;
      return {
        open: () => PostgresEventStore.open(PG_URL!, { schema }),
        async cleanup() {
          const sql = postgres(PG_URL!, { onnotice: () => undefined });
          await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          await sql.end();
        },
      };
    },
  },
];
