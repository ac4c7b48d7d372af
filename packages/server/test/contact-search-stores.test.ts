/**
 * The archive read SearchContacts uses (ContactArchive.overlapping), on SQLite and on PostgreSQL: the
 * instance's archived contacts whose span [initiated, disconnected] meets the range, and no others.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArchivedContact } from '@switchboard/engine';
import { storeKinds } from './storeKinds.ts';

const record = (instanceId: string, contactId: string, initiatedAt: number, disconnectedAt: number | undefined): ArchivedContact => ({
  instanceId, contactId, channel: 'CHAT', initiatedAt, disconnectedAt, facts: [], factsFrom: undefined, factsTo: undefined, data: `data-${contactId}`,
});

for (const kind of storeKinds) {
  describe(`archived contacts by time range (${kind.name})`, { ...(kind.skip ? { skip: kind.skip } : {}) }, () => {
    test('a search range finds the archived contacts whose span meets it, of its instance only', async () => {
      const place = await kind.fresh();
      const store = await place.open();
      try {
        await store.append([], [
          record('i-1', 'early', 1_000, 2_000),
          record('i-1', 'spanning', 1_500, 9_000),
          record('i-1', 'late', 8_000, 8_500),
          record('i-1', 'open', 7_000, undefined),
          record('i-2', 'other-instance', 1_000, 9_000),
        ]);
        const found = async (start: number, end: number) => (await store.archive!.overlapping!('i-1', start, end)).sort();
        assert.deepEqual(await found(3_000, 4_000), ['data-spanning']);
        assert.deepEqual(await found(0, 1_200), ['data-early']);
        assert.deepEqual(await found(2_000, 2_000), ['data-early', 'data-spanning'], 'the ends of a span count');
        assert.deepEqual(await found(8_200, 10_000), ['data-late', 'data-open', 'data-spanning']);
        assert.deepEqual(await found(10_000, 20_000), ['data-open']);
      } finally {
        await store.close();
        await place.cleanup();
      }
    });
  });
}
