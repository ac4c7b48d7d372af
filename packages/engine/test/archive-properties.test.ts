/**
 * The archive's key invariant, over the random histories of routingHistories.ts: moving finished chats
 * out of memory after every batch and reviving them when a command names them changes nothing a client
 * can see — every command gets the same decision (the same events, or the same rejection), current and
 * historical metrics are the same, and reviving everything at the end gives back exactly the state that
 * never archived.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CURRENT_METRICS, currentMetrics, type CurrentMetricName } from '../src/index.ts';
import { anyHistoryArb, runHistory } from './routingHistories.ts';
import { serialize } from './serialize.ts';
import { ArchivingExecutor, historicalOf, mirrorInto } from './archivingExecutor.ts';

const CURRENT = Object.keys(CURRENT_METRICS) as CurrentMetricName[];

describe('archiving finished chats', () => {
  test('archiving after every batch and reviving on demand gives the same decisions, metrics and (revived) state as never archiving', () => {
    let archived = 0, revived = 0;
    fc.assert(fc.property(anyHistoryArb, fc.integer({ min: 1, max: 4 }), (history, batchSize) => {
      const archiving = new ArchivingExecutor();
      let steps = 0;
      const ctx = runHistory(history, (ctx, step) => {
        // Same decision as the world that keeps everything (checked as each command runs, below).
        if (++steps % batchSize === 0) archiving.flush();
        const queueIds = [...ctx.queues];
        const instance = archiving.state.instances.get(ctx.world.instanceId)!;
        assert.deepEqual(
          currentMetrics(instance, { queueIds, groupings: ['QUEUE', 'CHANNEL'], metrics: CURRENT }, ctx.world.now),
          currentMetrics(ctx.world.instance, { queueIds, groupings: ['QUEUE', 'CHANNEL'], metrics: CURRENT }, ctx.world.now),
          `current metrics differ after ${step.op.kind}`,
        );
      }, {
        // From here every command runs in both worlds, with the same decision.
        onStart: (ctx) => mirrorInto(ctx.world, archiving),
      });
      archiving.flush();
      const { world } = ctx;
      const instance = archiving.state.instances.get(world.instanceId)!;
      const queueIds = [...ctx.queues];
      assert.deepEqual(historicalOf(instance, queueIds, world.now, archiving.archivedFacts(world.instanceId)), historicalOf(world.instance, queueIds, world.now));
      archived += archiving.archived;
      revived += archiving.revived;
      archiving.reviveAll();
      assert.equal(serialize(archiving.state), serialize(world.state));
    }), { numRuns: 80 });
    assert.ok(archived > 100, `only ${archived} chats were archived`);
    assert.ok(revived > 10, `only ${revived} archived chats were named by a later command`);
  });
});
