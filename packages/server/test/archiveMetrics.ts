/**
 * The archive tests' metrics check: GetMetricDataV2 through the real client, and the engine's rows for
 * the same query taken while the contacts were still in memory, in one comparable shape.
 */
import { GetMetricDataV2Command, type ConnectClient } from '@aws-sdk/client-connect';
import type { HistoricalQuery, HistoricalRow } from '@switchboard/engine';
import type { TestServer } from './harness.ts';

/** One row of a query grouped by AGENT: the agent and each metric's value. */
export interface MetricRow {
  agent: string | undefined;
  values: Record<string, number | undefined>;
}

/** Handled, handle and ACW time, queued: the demo queue, by agent, over the two hours around now. */
export function queryAround(queueId: string, now = Date.now()): HistoricalQuery {
  return {
    start: now - 3_600_000, end: now + 3_600_000, period: 'TOTAL', filters: { QUEUE: [queueId] }, groupings: ['AGENT'],
    metrics: ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'CONTACTS_QUEUED'],
  };
}

/**
 * GetMetricDataV2 for the query (grouped by AGENT), through the real client. The query may end in the
 * future (it was taken before the contacts it counts); GetMetricDataV2 refuses an EndTime later than
 * now, so the request ends now — nothing has happened after now to count.
 */
export async function metricsOverApi(connect: ConnectClient, srv: TestServer, query: HistoricalQuery): Promise<MetricRow[]> {
  const out = await connect.send(new GetMetricDataV2Command({
    ResourceArn: srv.demo.instanceArn, StartTime: new Date(query.start), EndTime: new Date(Math.min(query.end, Date.now())), Interval: { IntervalPeriod: 'TOTAL' },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: query.filters.QUEUE ?? [] }], Groupings: query.groupings, Metrics: query.metrics.map((Name) => ({ Name })),
  }));
  return (out.MetricResults ?? []).map((r) => ({
    agent: r.Dimensions?.AGENT, values: Object.fromEntries((r.Collections ?? []).map((c) => [c.Metric?.Name, c.Value])),
  }));
}

/** The engine's rows (historicalMetrics) in the same shape. */
export function metricRowsOf(rows: readonly HistoricalRow[], query: HistoricalQuery): MetricRow[] {
  return rows.map((r) => ({ agent: r.dimensions.AGENT, values: Object.fromEntries(query.metrics.map((m) => [m, r.values[m]])) }));
}
