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
import {
  CURRENT_METRICS, HISTORICAL_METRICS, currentMetrics, historicalMetrics, type Command, type Decision, type HistoricalDimension,
  type HistoricalMetricName, type CurrentMetricName, type Instance, type MetricFact,
} from '../src/index.ts';
import { T0 } from './fixtures.ts';
import { anyHistoryArb, runHistory } from './routingHistories.ts';
import { serialize } from './serialize.ts';
import { ArchivingExecutor } from './archivingExecutor.ts';

const HISTORICAL = Object.keys(HISTORICAL_METRICS) as HistoricalMetricName[];
const CURRENT = Object.keys(CURRENT_METRICS) as CurrentMetricName[];
const GROUPINGS: HistoricalDimension[][] = [['QUEUE'], ['AGENT'], ['ROUTING_PROFILE', 'CHANNEL']];

function historical(instance: Instance, queueIds: string[], now: number, archived: MetricFact[] = []) {
  return GROUPINGS.flatMap((groupings) => (['TOTAL', 'FIFTEEN_MIN'] as const).map((period) =>
    historicalMetrics(instance, { start: T0, end: now + 1, period, filters: { QUEUE: queueIds }, groupings, metrics: HISTORICAL }, archived)));
}

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
        onStart: (ctx) => {
          // The setup so far, as facts; from here every command runs in both worlds.
          const { world } = ctx;
          archiving.applyFacts(world.events);
          let logged = world.events.length;
          const run = world.run.bind(world);
          world.run = (input) => {
            // Injected facts (tasks) logged since the last command.
            archiving.applyFacts(world.events.slice(logged));
            const command = { instanceId: world.instanceId, now: world.now, seed: world.seed(), ...input } as Command;
            const decision: Decision = run(command);
            assert.deepEqual(archiving.execute(command), decision, `${command.type} decided differently with archiving`);
            logged = world.events.length;
            return decision;
          };
        },
      });
      archiving.flush();
      const { world } = ctx;
      const instance = archiving.state.instances.get(world.instanceId)!;
      const queueIds = [...ctx.queues];
      assert.deepEqual(historical(instance, queueIds, world.now, archiving.archivedFacts(world.instanceId)), historical(world.instance, queueIds, world.now));
      archived += archiving.archived;
      revived += archiving.revived;
      archiving.reviveAll();
      assert.equal(serialize(archiving.state), serialize(world.state));
    }), { numRuns: 80 });
    assert.ok(archived > 100, `only ${archived} chats were archived`);
    assert.ok(revived > 10, `only ${revived} archived chats were named by a later command`);
  });
});
