/**
 * Properties of routing over the random histories of routingHistories.ts: current and historical metrics
 * equal an independent recount that walks the raw event list, never the state.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  currentMetrics, historicalMetrics, isRejection, type Channel, type HistoricalDimension, type HistoricalMetricName, type Instance,
} from '../src/index.ts';
import { T0 } from './fixtures.ts';
import { RUNS, anyHistoryArb, runHistory } from './routingHistories.ts';
import { Recount } from './eventRecount.ts';

type Table = Record<string, Partial<Record<HistoricalMetricName, number>>>;

/** historicalMetrics over the whole history (TOTAL), grouped by one dimension, zeros left out. */
function historicalTable(instance: Instance, queueIds: string[], now: number, grouping: HistoricalDimension, metrics: HistoricalMetricName[]): Table {
  const rows = historicalMetrics(instance, { start: T0, end: now + 1, period: 'TOTAL', filters: { QUEUE: queueIds }, groupings: [grouping], metrics });
  if (isRejection(rows)) throw new Error(rows.message);
  const table: Table = {};
  for (const row of rows) {
    for (const metric of metrics) {
      const value = row.values[metric] ?? 0;
      if (value !== 0) (table[row.dimensions[grouping]!] ??= {})[metric] = value;
    }
  }
  return table;
}

function recountTable(columns: Partial<Record<HistoricalMetricName, Map<string, number>>>, key: (k: string) => string = (k) => k): Table {
  const table: Table = {};
  for (const [metric, counts] of Object.entries(columns) as [HistoricalMetricName, Map<string, number>][]) {
    for (const [k, n] of counts) {
      if (n === 0) continue;
      const row = (table[key(k)] ??= {});
      row[metric] = (row[metric] ?? 0) + n;
    }
  }
  return table;
}

describe('routing properties over random histories', () => {
  test('metrics equal a recount from the events: CONTACTS_IN_QUEUE and SLOTS_ACTIVE after every step; queued, handled, abandoned and non-response at the end', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      let recount = new Recount();
      const ctx = runHistory(history, (ctx, step) => {
        for (const event of step.events) recount.apply(event);
        const { instance, now } = ctx.world;
        const queueIds = [...ctx.queues];
        const channels: Channel[] = ['CHAT', 'TASK'];
        const grouped = currentMetrics(instance, { queueIds, channels, groupings: ['QUEUE', 'CHANNEL'], metrics: ['CONTACTS_IN_QUEUE', 'SLOTS_ACTIVE'] }, now);
        const expected = queueIds.flatMap((q) => channels.map((ch) => ({
          queueId: q, channel: ch, values: { CONTACTS_IN_QUEUE: recount.inQueue([q], [ch]), SLOTS_ACTIVE: recount.slotsActive([q], [ch]) },
        })));
        assert.deepEqual(grouped, expected);
        const [total] = currentMetrics(instance, { queueIds, channels, metrics: ['CONTACTS_IN_QUEUE', 'SLOTS_ACTIVE'] }, now);
        assert.deepEqual(total!.values, { CONTACTS_IN_QUEUE: recount.inQueue(queueIds, channels), SLOTS_ACTIVE: recount.slotsActive(queueIds, channels) });
      }, { onStart: (ctx) => { recount = new Recount(ctx.world.events); } });

      // Historical metrics over the final state against a fresh recount of the whole event list.
      const fresh = new Recount(ctx.world.events);
      const { instance, now } = ctx.world;
      const queueIds = [...ctx.queues];
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'QUEUE', ['CONTACTS_QUEUED', 'CONTACTS_ABANDONED']),
        recountTable({ CONTACTS_QUEUED: fresh.queued, CONTACTS_ABANDONED: fresh.abandoned }),
      );
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'AGENT', ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE']),
        recountTable({ CONTACTS_HANDLED: fresh.handled, AGENT_NON_RESPONSE: fresh.nonResponse }),
      );
      assert.deepEqual(
        historicalTable(instance, queueIds, now, 'ROUTING_PROFILE', ['CONTACTS_HANDLED', 'AGENT_NON_RESPONSE']),
        recountTable({ CONTACTS_HANDLED: fresh.handled, AGENT_NON_RESPONSE: fresh.nonResponse }, (userId) => fresh.profileOf.get(userId)!),
      );
    }), RUNS);
  });
});
