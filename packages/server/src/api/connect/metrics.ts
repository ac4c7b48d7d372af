import { z } from 'zod';
import {
  CURRENT_METRICS, HISTORICAL_METRICS, checkHistoricalQuery, currentMetrics, historicalMetrics, isRejection, reject,
  type Channel, type CurrentMetricName, type HistoricalDimension, type HistoricalMetricName, type HistoricalQuery, type Instance,
} from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const ChannelName = z.enum(['VOICE', 'CHAT', 'TASK']);

const CurrentBody = z.object({
  Filters: z.object({
    Queues: z.array(z.string().min(1)).min(1).max(100),
    Channels: z.array(ChannelName).max(3).optional(),
  }).passthrough(),
  Groupings: z.array(z.enum(['QUEUE', 'CHANNEL'])).max(2).optional(),
  CurrentMetrics: z.array(z.object({ Name: z.string(), Unit: z.string().optional() })).min(1),
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
});

function checkQueues(instance: Instance, refs: string[]): string[] {
  const ids = refs.map(idOf);
  for (const id of ids) if (!instance.queues.has(id)) throw errors.notFound(`Queue ${id} not found`, 'Queue', id);
  return ids;
}

/** GetCurrentMetricData (POST /metrics/current/{InstanceId}). */
export async function getCurrentMetricData(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = CurrentBody.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const b = parsed.data;
  for (const m of b.CurrentMetrics) if (!Object.hasOwn(CURRENT_METRICS, m.Name)) throw errors.validation('connect', `CurrentMetrics: ${m.Name} is not supported`);
  const queueIds = checkQueues(instance, b.Filters.Queues);
  await services.pipeline.settled();
  const now = services.pipeline.now();
  const rows = currentMetrics(instance, {
    queueIds,
    ...(b.Filters.Channels ? { channels: b.Filters.Channels as Channel[] } : {}),
    groupings: b.Groupings ?? [],
    metrics: b.CurrentMetrics.map((m) => m.Name as CurrentMetricName),
  }, now);
  sendJson(res, 200, {
    MetricResults: rows.map((row) => ({
      Dimensions: {
        ...(row.queueId ? { Queue: { Id: row.queueId, Arn: instance.queues.get(row.queueId)!.arn } } : {}),
        ...(row.channel ? { Channel: row.channel } : {}),
      },
      Collections: b.CurrentMetrics.map((m) => ({
        Metric: { Name: m.Name, Unit: CURRENT_METRICS[m.Name as CurrentMetricName] },
        Value: row.values[m.Name as CurrentMetricName] ?? 0,
      })),
    })),
    DataSnapshotTime: now / 1000,
    ApproximateTotalCount: rows.length,
  });
}

const Dimension = z.enum(['QUEUE', 'CHANNEL', 'AGENT', 'ROUTING_PROFILE']);
const V2Body = z.object({
  ResourceArn: z.string().min(1),
  StartTime: z.number(),
  EndTime: z.number(),
  Interval: z.object({ TimeZone: z.string().optional(), IntervalPeriod: z.enum(['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY', 'WEEK', 'TOTAL']).optional() }).optional(),
  Filters: z.array(z.object({ FilterKey: z.string(), FilterValues: z.array(z.string()).max(100) })).min(1).max(5),
  Groupings: z.array(Dimension).max(4).optional(),
  Metrics: z.array(z.object({
    Name: z.string(),
    Threshold: z.array(z.object({ Comparison: z.string().optional(), ThresholdValue: z.number().optional() }).passthrough()).optional(),
  }).passthrough()).min(1).max(10),
  NextToken: z.string().optional(),
  MaxResults: z.number().int().min(1).max(100).optional(),
});

/** SERVICE_LEVEL's ThresholdValue: whole seconds from 1 to 604800 (a week), compared "less than" (LT). */
const MAX_SERVICE_LEVEL_SECONDS = 604_800;

/**
 * The threshold of a SERVICE_LEVEL metric, as GetMetricDataV2 takes it: one Threshold, Comparison LT,
 * ThresholdValue a whole number of seconds from 1 to 604800. A string says what is wrong.
 */
function serviceLevelThreshold(threshold: { Comparison?: string | undefined; ThresholdValue?: number | undefined }[] | undefined): number | string {
  const only = threshold?.length === 1 ? threshold[0]! : undefined;
  if (!only || only.Comparison !== 'LT' || only.ThresholdValue === undefined) return 'SERVICE_LEVEL needs one Threshold: { Comparison: LT, ThresholdValue: seconds }';
  const x = only.ThresholdValue;
  if (!Number.isInteger(x) || x < 1 || x > MAX_SERVICE_LEVEL_SECONDS) return `SERVICE_LEVEL: ThresholdValue must be a whole number of seconds from 1 to ${MAX_SERVICE_LEVEL_SECONDS}`;
  return x;
}

/**
 * GetMetricDataV2 (POST /metrics/data): the instance comes from ResourceArn. Intervals follow the wall
 * clock of Interval.TimeZone (UTC by default); MetricInterval StartTime/EndTime are the real instants, in
 * epoch seconds.
 */
export async function getMetricDataV2(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const parsed = V2Body.safeParse(parseJson(raw, 'connect'));
  if (!parsed.success) throw fromZod('connect', parsed.error);
  const b = parsed.data;
  const instance = instanceFor(services, keyInstance, idOf(b.ResourceArn));
  if (b.ResourceArn !== instance.arn && b.ResourceArn !== instance.id) throw errors.validation('connect', 'ResourceArn must be the instance ARN');
  for (const m of b.Metrics) if (!Object.hasOwn(HISTORICAL_METRICS, m.Name)) throw errors.validation('connect', `Metrics: ${m.Name} is not supported`);
  const filters: Partial<Record<HistoricalDimension, string[]>> = {};
  for (const f of b.Filters) {
    const key = Dimension.safeParse(f.FilterKey);
    if (!key.success) throw errors.validation('connect', `FilterKey ${f.FilterKey} is not supported`);
    filters[key.data] = key.data === 'CHANNEL' ? f.FilterValues : f.FilterValues.map(idOf);
  }
  // SERVICE_LEVEL: one per threshold (a request may ask several); by queue, channel or routing profile, not by agent.
  const thresholds = new Map<number, number>();
  b.Metrics.forEach((m, i) => {
    if (m.Name !== 'SERVICE_LEVEL') return;
    const x = serviceLevelThreshold(m.Threshold);
    if (typeof x === 'string') throw fromRejection('connect', reject('InvalidParameter', x));
    thresholds.set(i, x);
  });
  if (thresholds.size > 0 && ((b.Groupings ?? []).includes('AGENT') || filters.AGENT !== undefined)) {
    throw fromRejection('connect', reject('InvalidParameter', 'SERVICE_LEVEL is not available by AGENT (its groupings and filters are QUEUE, CHANNEL and ROUTING_PROFILE)'));
  }
  const query: HistoricalQuery = {
    start: b.StartTime * 1000,
    end: b.EndTime * 1000,
    period: b.Interval?.IntervalPeriod ?? 'TOTAL',
    ...(b.Interval?.TimeZone !== undefined ? { timeZone: b.Interval.TimeZone } : {}),
    filters,
    groupings: b.Groupings ?? [],
    metrics: b.Metrics.map((m) => m.Name as HistoricalMetricName),
    ...(thresholds.size > 0 ? { serviceLevelThresholds: [...new Set(thresholds.values())] } : {}),
  };
  await services.pipeline.settled();
  // Checked before the archive is read, so a bad window costs no database read; `now` for "EndTime
  // cannot be later than the current timestamp".
  const problem = checkHistoricalQuery(query, services.pipeline.now());
  if (problem) throw fromRejection('connect', problem);
  // Contacts in memory and archived (finished) chats, whose facts were kept beside them when archived.
  const archived = await services.pipeline.archive.facts(instance.id, query.start, query.end);
  const result = historicalMetrics(instance, query, archived);
  if (isRejection(result)) throw fromRejection('connect', result);
  sendJson(res, 200, {
    MetricResults: result.map((row) => ({
      Dimensions: row.dimensions,
      MetricInterval: { Interval: b.Interval?.IntervalPeriod ?? 'TOTAL', StartTime: row.interval.start / 1000, EndTime: row.interval.end / 1000 },
      Collections: b.Metrics.map((m, i) => {
        const x = thresholds.get(i);
        if (x !== undefined) {
          const value = row.serviceLevels?.[String(x)];
          return { Metric: { Name: m.Name, Threshold: [{ Comparison: 'LT', ThresholdValue: x }] }, ...(value !== undefined ? { Value: value } : {}) };
        }
        return { Metric: { Name: m.Name }, ...(row.values[m.Name as HistoricalMetricName] !== undefined ? { Value: row.values[m.Name as HistoricalMetricName] } : {}) };
      }),
    })),
  });
}
