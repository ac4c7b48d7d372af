/**
 * The archive's key invariant over the random call histories of voiceHistories.ts: moving finished calls
 * (whole chains of contacts) out of memory after every batch, and reviving a chain when a command names
 * any contact of it, changes nothing a client can see — every command gets the same decision (the same
 * events, or the same rejection), current and historical metrics are the same, DescribeContact answers
 * the same for every leg, and reviving everything at the end gives back exactly the state that never archived.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CURRENT_METRICS, contactRecord, currentMetrics, deserializeContact, type CurrentMetricName } from '../src/index.ts';
import { finishingHistoryArb, historyArb, runHistory } from './voiceHistories.ts';
import { serialize } from './serialize.ts';
import { ArchivingExecutor, historicalOf, mirrorInto } from './archivingExecutor.ts';

const CURRENT = Object.keys(CURRENT_METRICS) as CurrentMetricName[];
/** VOICE_RUNS=2000 to search harder. */
const RUNS = { numRuns: Number(process.env.VOICE_RUNS ?? 80) };

describe('archiving finished calls', () => {
  test('archiving finished call chains after every batch and reviving a chain when a command names any of its contacts gives the same decisions, metrics, DescribeContact records and (revived) state as never archiving', () => {
    let archived = 0, revived = 0, legs = 0;
    fc.assert(fc.property(fc.oneof(historyArb, finishingHistoryArb), fc.integer({ min: 1, max: 4 }), (history, batchSize) => {
      const archiving = new ArchivingExecutor();
      let steps = 0;
      const ctx = runHistory(history, (ctx, step) => {
        // Same decision as the world that keeps everything (checked as each command runs: mirrorInto).
        if (++steps % batchSize === 0) archiving.flush();
        const { world } = ctx;
        const queueIds = [...world.instance.queues.keys()];
        const instance = archiving.state.instances.get(world.instanceId)!;
        assert.deepEqual(
          currentMetrics(instance, { queueIds, groupings: ['QUEUE', 'CHANNEL'], metrics: CURRENT }, world.now),
          currentMetrics(world.instance, { queueIds, groupings: ['QUEUE', 'CHANNEL'], metrics: CURRENT }, world.now),
          `current metrics differ after ${step.op.kind}`,
        );
      }, { onStart: (ctx) => mirrorInto(ctx.world, archiving) });
      archiving.flush();
      const { world } = ctx;
      const instance = archiving.state.instances.get(world.instanceId)!;
      const queueIds = [...world.instance.queues.keys()];
      assert.deepEqual(historicalOf(instance, queueIds, world.now, archiving.archivedFacts(world.instanceId)), historicalOf(world.instance, queueIds, world.now));
      for (const contact of world.instance.contacts.values()) {
        assert.deepEqual(archiving.view(world.instanceId, contact.id, (c) => contactRecord(instance, c)), contactRecord(world.instance, contact), `DescribeContact ${contact.id}`);
      }
      archived += archiving.archived;
      revived += archiving.revived;
      legs += [...archiving.archive.values()].filter((r) => deserializeContact(r.data).initialContactId !== undefined).length;
      archiving.reviveAll();
      assert.equal(serialize(archiving.state), serialize(world.state));
    }), RUNS);
    assert.ok(archived > 100, `only ${archived} call contacts were archived`);
    assert.ok(legs > 20, `only ${legs} legs (contacts after the first of a call) were archived`);
    assert.ok(revived > 20, `only ${revived} archived calls were named by a later command`);
  });
});
