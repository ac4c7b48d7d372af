/**
 * The stores' archive of finished contacts: written with a batch in one transaction, upserted, read by
 * id, by facts' time range and as a set of ids — on SQLite always and on PostgreSQL when
 * SWITCHBOARD_TEST_POSTGRES_URL is set. And a SQLite file from before the archive (schema 1) opens.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ArchivedContact, Event } from '@switchboard/engine';
import { SqliteEventStore, type EventStore } from '../src/index.ts';
import { storeKinds } from './storeKinds.ts';

const event = (i: number): Event => ({ type: 'QueueCreated', instanceId: 'i-1', at: 1_000 + i, queueId: `q${i}`, name: `Queue ${i}`, description: '' });

function record(contactId: string, from: number, to: number, data = `{"contact":"${contactId}"}`): ArchivedContact {
  return {
    instanceId: 'i-1', contactId, channel: 'CHAT', initiatedAt: from - 10, disconnectedAt: to - 5,
    facts: [
      { metric: 'CONTACTS_HANDLED', at: from, dims: { QUEUE: 'q', CHANNEL: 'CHAT', AGENT: 'u' }, value: 1 },
      { metric: 'AVG_HANDLE_TIME', at: to, dims: { QUEUE: 'q', CHANNEL: 'CHAT', AGENT: 'u' }, value: 12.5 },
    ],
    factsFrom: from, factsTo: to, data,
  };
}

const kinds = storeKinds;

for (const kind of kinds) {
  describe(`${kind.name} contact archive`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups) await c();
    });

    test('archived contacts are written with their batch, upserted, and read back by id, by facts range and as ids, also after reopening', async () => {
      const place = await kind.fresh();
      cleanups.push(place.cleanup);
      let store = await place.open();
      await store.append([event(1), event(2)], [record('c1', 100, 200), record('c2', 300, 400)]);
      await store.append([], [record('c1', 100, 250, '{"contact":"c1","v":2}')]);
      const check = async (s: EventStore) => {
        assert.equal((await s.load()).length, 2);
        assert.equal(await s.archive!.contact('i-1', 'c1'), '{"contact":"c1","v":2}');
        assert.equal(await s.archive!.contact('i-1', 'nope'), undefined);
        assert.equal(await s.archive!.contact('i-2', 'c1'), undefined);
        const ids = (await s.archive!.ids()).map((r) => `${r.instanceId}/${r.contactId}`).sort();
        assert.deepEqual(ids, ['i-1/c1', 'i-1/c2']);
        const inRange = async (start: number, end: number) => (await s.archive!.facts('i-1', start, end)).map((r) => r.contactId).sort();
        assert.deepEqual(await inRange(0, 100), []);
        assert.deepEqual(await inRange(0, 101), ['c1']);
        assert.deepEqual(await inRange(250, 300), ['c1']);
        assert.deepEqual(await inRange(251, 300), []);
        assert.deepEqual(await inRange(0, 1_000), ['c1', 'c2']);
        assert.deepEqual(await s.archive!.facts('i-2', 0, 1_000), []);
        const [c2] = await s.archive!.facts('i-1', 350, 360);
        assert.deepEqual(c2, { contactId: 'c2', facts: record('c2', 300, 400).facts });
      };
      await check(store);
      await store.close();
      store = await place.open();
      await check(store);
      await store.close();
    });
  });
}

describe('SQLite schema migration', () => {
  test('a data file from before the archive (schema 1) opens: its events load, the archive is empty, and it is migrated to schema 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-store-'));
    try {
      const path = join(dir, 'events.db');
      // A schema-1 file, as the previous build wrote it.
      const old = new Database(path);
      old.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE events (seq INTEGER PRIMARY KEY, instance_id TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL, data TEXT NOT NULL);
        INSERT INTO meta (key, value) VALUES ('schema_version', '1');
      `);
      old.prepare(`INSERT INTO events (instance_id, type, at, data) VALUES (?, ?, ?, ?)`).run('i-1', 'QueueCreated', 1001, JSON.stringify(event(1)));
      old.close();
      const store = new SqliteEventStore(path);
      assert.deepEqual(await store.load(), [event(1)]);
      assert.deepEqual(await store.archive.ids(), []);
      await store.append([event(2)], [record('c1', 1, 2)]);
      await store.close();
      const check = new Database(path, { readonly: true });
      assert.equal((check.prepare(`SELECT value FROM meta WHERE key = 'schema_version'`).get() as { value: string }).value, '2');
      check.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a data file from a newer build is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-store-'));
    try {
      const path = join(dir, 'events.db');
      const db = new Database(path);
      db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta (key, value) VALUES ('schema_version', '99');`);
      db.close();
      assert.throws(() => new SqliteEventStore(path), /schema version 99/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
