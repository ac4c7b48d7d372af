/**
 * ClientToken records in the pipeline and the stores, with the clock in the test's hands: the record
 * rides in the append of its request's events; it counts for 7 days, across restarts; expired ones are
 * deleted by later writes (a bounded number each, no transaction of their own); a retry of a request
 * still in flight waits for it. SQLite always, PostgreSQL when SWITCHBOARD_TEST_POSTGRES_URL is set.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, replay, type ArchivedContact, type Event } from '@switchboard/engine';
import { Pipeline, type EventStore } from '../src/index.ts';
import { CLIENT_TOKEN_WINDOW_MS } from '../src/idempotency.ts';
import type { TokenWrites } from '../src/store/store.ts';
import { storeKinds } from './storeKinds.ts';
import { ticks, waitFor } from './harness.ts';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MINUTE = 60_000;

/** Records every append (and can hold them back until `release`). */
class SpyStore implements EventStore {
  readonly appends: { events: readonly Event[]; tokens: TokenWrites | undefined }[] = [];
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  constructor(readonly inner: EventStore) {}
  get archive() {
    return this.inner.archive;
  }
  get tokens() {
    return this.inner.tokens;
  }
  load(): Promise<Event[]> {
    return this.inner.load();
  }
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  release(): void {
    this.open?.();
    this.gate = undefined;
  }
  async append(events: readonly Event[], archived?: readonly ArchivedContact[], tokens?: TokenWrites): Promise<void> {
    this.appends.push({ events: [...events], tokens });
    await this.gate;
    return this.inner.append(events, archived, tokens);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

const createInstance = (instanceId: string) => ({
  type: 'CreateInstance' as const, instanceId, alias: instanceId, region: 'us-east-1', accountId: '123456789012', tokenKey: '00'.repeat(32),
});

async function storedTokens(store: EventStore): Promise<number[]> {
  const times: number[] = [];
  await store.tokens!.scan((_hash, at) => times.push(at));
  return times;
}

for (const kind of storeKinds) {
  describe(`ClientToken records with the clock in hand (${kind.name})`, { skip: kind.skip }, () => {
    /** A pipeline over the place's store, rebuilt from it (a restart), at the test's `now`. */
    async function harness() {
      const place = await kind.fresh();
      const h = {
        now: T0,
        runs: [] as string[],
        store: undefined as unknown as SpyStore,
        pipeline: undefined as unknown as Pipeline,
        async start() {
          h.store = new SpyStore(await place.open());
          h.pipeline = new Pipeline(replay(await h.store.load(), emptyState()), h.store, () => h.now, (error) => assert.fail(String(error)));
          await h.pipeline.idempotency.ready;
        },
        async restart() {
          await h.pipeline.settled();
          await h.store.close();
          await h.start();
        },
        /** Creates an instance under the ClientToken key; the answer names it. */
        create(key: string, instanceId: string) {
          return h.pipeline.idempotency.once(key, async () => {
            h.runs.push(instanceId);
            const outcome = await h.pipeline.submit(createInstance(instanceId), { key, answer: (events) => ({ created: events[0]!.instanceId }) });
            assert.ok(outcome.ok);
            return outcome.answer;
          });
        },
        async end() {
          await h.pipeline?.settled();
          await h.store?.close();
          await place.cleanup();
        },
      };
      await h.start();
      return h;
    }

    test('a ClientToken answer is written in the same append as its events and counts for 7 days across restarts; after them the token is new', async () => {
      const h = await harness();
      try {
        assert.deepEqual(await h.create('K', 'i-1'), { created: 'i-1' });
        assert.equal(h.store.appends.length, 1, 'one write: the events and the record together');
        assert.equal(h.store.appends[0]!.events[0]!.type, 'InstanceCreated');
        assert.deepEqual(h.store.appends[0]!.tokens?.records.map((r) => [r.key, r.at, JSON.parse(r.answer)]), [['K', T0, { created: 'i-1' }]]);

        h.now = T0 + CLIENT_TOKEN_WINDOW_MS; // the last moment of the window
        await h.restart();
        assert.deepEqual(await h.create('K', 'i-2'), { created: 'i-1' }, 'the retry after a restart gets the first answer');
        assert.deepEqual(h.runs, ['i-1']);

        h.now = T0 + CLIENT_TOKEN_WINDOW_MS + 1;
        assert.deepEqual(await h.create('K', 'i-3'), { created: 'i-3' }, 'a token older than 7 days is new');
        assert.deepEqual(h.runs, ['i-1', 'i-3']);
        await h.restart();
        assert.deepEqual(await storedTokens(h.store), [h.now], 'the expired record was deleted at start');
        assert.deepEqual(await h.create('K', 'i-4'), { created: 'i-3' });
      } finally {
        await h.end();
      }
    });

    test('expired ClientToken records are deleted by later writes, at most max(64, twice their new records) each, within the same append', async () => {
      const h = await harness();
      try {
        await Promise.all(Array.from({ length: 200 }, (_, i) => h.create(`old-${i}`, `old-${i}`)));
        assert.equal((await storedTokens(h.store)).length, 200);
        h.now = T0 + CLIENT_TOKEN_WINDOW_MS + 2 * MINUTE;
        h.store.appends.length = 0;
        const left: number[] = [];
        for (let i = 0; i < 5; i++) {
          await h.create(`new-${i}`, `new-${i}`);
          left.push((await storedTokens(h.store)).filter((at) => at === T0).length);
        }
        assert.deepEqual(left, [136, 72, 8, 0, 0]);
        assert.equal(h.store.appends.length, 5, 'no write of its own: each delete rode on a write of events');
        assert.deepEqual(h.store.appends.map((a) => a.tokens?.prune?.limit), [64, 64, 64, 8, undefined]);
        assert.equal((await storedTokens(h.store)).length, 5);
      } finally {
        await h.end();
      }
    });

    test('a retry that arrives while the first request is not yet durable waits for it and gets its answer; the command runs once', async () => {
      const h = await harness();
      try {
        h.store.hold();
        const first = h.create('K', 'i-1');
        await waitFor(() => h.store.appends.length === 1, 3000, 'the write');
        const retry = h.create('K', 'i-2');
        let answered = false;
        void retry.then(() => (answered = true));
        await ticks(10);
        assert.equal(answered, false, 'the retry is not answered before the first is durable');
        h.store.release();
        assert.deepEqual(await first, { created: 'i-1' });
        assert.deepEqual(await retry, { created: 'i-1' });
        assert.deepEqual(h.runs, ['i-1']);
        assert.equal((await storedTokens(h.store)).length, 1);
      } finally {
        h.store.release();
        await h.end();
      }
    });

    test('a request the rules refuse leaves no record: its retry runs again, and a retry waiting on it runs itself', async () => {
      const h = await harness();
      try {
        const refused = () => h.pipeline.idempotency.once('K', async () => {
          h.runs.push('refused');
          const outcome = await h.pipeline.submit({ type: 'SetAgentStatus', instanceId: 'missing', userId: 'u', statusId: 's' }, { key: 'K', answer: () => 'never' });
          assert.equal(outcome.ok, false);
          throw new Error('refused');
        });
        await assert.rejects(refused(), /refused/);
        assert.deepEqual(await h.create('K', 'i-1'), { created: 'i-1' });
        assert.deepEqual(h.runs, ['refused', 'i-1']);

        // A first attempt that fails while a retry waits on it: the retry runs.
        let fail!: () => void;
        const failing = h.pipeline.idempotency.once('L', () => new Promise((_, reject) => (fail = () => reject(new Error('lost')))));
        const retry = h.create('L', 'i-2');
        await ticks(5);
        assert.deepEqual(h.runs, ['refused', 'i-1'], 'the retry waits for the attempt in flight');
        fail();
        await assert.rejects(failing, /lost/);
        assert.deepEqual(await retry, { created: 'i-2' });
        assert.equal((await storedTokens(h.store)).length, 2);
      } finally {
        await h.end();
      }
    });
  });
}
