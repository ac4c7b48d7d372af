/**
 * The EventStore contract, run against every store: the embedded SQLite file always, and PostgreSQL
 * when SWITCHBOARD_TEST_POSTGRES_URL is set (.ci/run sets it). Plus a whole server on PostgreSQL.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { Event } from '@switchboard/engine';
import { PostgresEventStore } from '../src/index.ts';
import { storeKinds } from './storeKinds.ts';
import { startTestServer, startWidgetChat } from './harness.ts';

const PG_URL = process.env.SWITCHBOARD_TEST_POSTGRES_URL;
if (!PG_URL) console.warn('SWITCHBOARD_TEST_POSTGRES_URL is not set: the PostgreSQL store tests are skipped');

function events(n: number, from = 0): Event[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'QueueCreated', instanceId: 'i-1', at: 1_700_000_000_000 + from + i, queueId: `q${from + i}`, name: `Queue ${from + i}`, description: 'é ✓ "quoted"',
  }));
}

const kinds = storeKinds;

for (const kind of kinds) {
  describe(`${kind.name} event store`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    const cleanups: (() => Promise<void>)[] = [];
    after(async () => {
      for (const c of cleanups) await c();
    });
    async function place() {
      const p = await kind.fresh();
      cleanups.push(p.cleanup);
      return p;
    }

    test('a new store is empty', async () => {
      const store = await (await place()).open();
      assert.deepEqual(await store.load(), []);
      await store.close();
    });

    test('appended batches load back whole and in order, also after reopening', async () => {
      const p = await place();
      let store = await p.open();
      await store.append(events(3));
      await store.append([]);
      await store.append(events(250, 3));
      assert.deepEqual(await store.load(), events(253));
      await store.close();
      store = await p.open();
      assert.deepEqual(await store.load(), events(253));
      await store.append(events(1, 253));
      assert.equal((await store.load()).length, 254);
      await store.close();
    });

    test('one server at a time owns a store: a second open is refused with a clear error', async () => {
      const p = await place();
      const store = await p.open();
      await store.append(events(1));
      await assert.rejects(p.open(), /another Switchboard server is using/);
      assert.equal((await store.load()).length, 1, 'the first store is unharmed');
      await store.close();
      const again = await p.open();
      assert.equal((await again.load()).length, 1);
      await again.close();
    });
  });
}

describe('a whole server on PostgreSQL', { ...(PG_URL ? {} : { skip: 'SWITCHBOARD_TEST_POSTGRES_URL is not set' }) }, () => {
  test('chats survive a restart on the PostgreSQL store', async () => {
    const schema = `sb_test_${randomBytes(6).toString('hex')}`;
    try {
      const first = await startTestServer({ store: await PostgresEventStore.open(PG_URL!, { schema }) });
      const chat = await startWidgetChat(first, 'Pat');
      const contactId = chat.ContactId;
      await first.stop({ keepDir: true });
      const second = await startTestServer({ dir: first.dir, store: await PostgresEventStore.open(PG_URL!, { schema }) });
      const contact = second.services.state.instances.get(second.demo.instanceId)!.contacts.get(contactId);
      assert.ok(contact, 'the contact is still there');
      assert.equal(contact.customerDisplayName, 'Pat');
      assert.ok(contact.transcript.some((i) => i.role === 'SYSTEM'), 'the flow greeting is in the transcript');
      await second.stop();
    } finally {
      const sql = postgres(PG_URL!, { onnotice: () => undefined });
      await sql.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await sql.end();
    }
  });
});
