import type { Contact } from '../../model/contact.ts';
import type { Instance } from '../../state.ts';
import { reject, type Rejection } from '../../rejection.ts';
import { isTimeZone } from '../../time/zone.ts';
import { intervalBounds, intervalIndex, type IntervalPeriod } from './intervals.ts';

export type { IntervalPeriod } from './intervals.ts';

/**
 * Historical metrics, GetMetricDataV2-shaped. Every contact keeps its record (queue times, every offer
 * and how it ended, every agent's leg with its after contact work); metrics are counted from those
 * records over the asked interval, filtered and grouped. Nothing is counted on the side.
 */
export const HISTORICAL_METRICS = {
  CONTACTS_QUEUED: 'COUNT',
  CONTACTS_HANDLED: 'COUNT',
  CONTACTS_ABANDONED: 'COUNT',
  AGENT_NON_RESPONSE: 'COUNT',
  AVG_HANDLE_TIME: 'SECONDS',
  AVG_AFTER_CONTACT_WORK_TIME: 'SECONDS',
  AVG_QUEUE_ANSWER_TIME: 'SECONDS',
  /** Service level X: the percentage of contacts removed from the queue (answered or abandoned) less than X seconds after they were queued. */
  SERVICE_LEVEL: 'PERCENT',
} as const;

export type HistoricalMetricName = keyof typeof HISTORICAL_METRICS;
export type HistoricalDimension = 'QUEUE' | 'CHANNEL' | 'AGENT' | 'ROUTING_PROFILE';
export interface HistoricalQuery {
  start: number;
  end: number;
  period: IntervalPeriod;
  /** The IANA time zone whose wall clock the intervals follow (Interval.TimeZone); UTC when absent. */
  timeZone?: string;
  filters: Partial<Record<HistoricalDimension, string[]>>;
  groupings: HistoricalDimension[];
  metrics: HistoricalMetricName[];
  /** SERVICE_LEVEL's thresholds X (seconds; Threshold LT X); the rows' `serviceLevels` hold one percentage per threshold. */
  serviceLevelThresholds?: number[];
}

export interface HistoricalRow {
  dimensions: Partial<Record<HistoricalDimension, string>>;
  interval: { start: number; end: number };
  values: Partial<Record<HistoricalMetricName, number>>;
  /** SERVICE_LEVEL per threshold (String(X) → percent), when the query asks for it with thresholds and the group had contacts removed from the queue. */
  serviceLevels?: Record<string, number>;
}

/** One countable thing that happened: which metric, when, along which dimensions, and its value (seconds for averages). */
export interface MetricFact {
  metric: HistoricalMetricName;
  at: number;
  dims: Partial<Record<HistoricalDimension, string>>;
  value: number;
}

/** The facts one contact's record yields. */
export function contactFacts(instance: Instance, contact: Contact): MetricFact[] {
  const facts: MetricFact[] = [];
  // A call an agent places never waits in a queue; it counts for the queue it was made for (the
  // agent's default outbound queue) — handled, handle time and ACW, like any contact an agent handled.
  const queueId = contact.queueId ?? (contact.initiationMethod === 'OUTBOUND' ? contact.targetQueueId : undefined);
  if (queueId === undefined) return facts;
  const base: MetricFact['dims'] = { QUEUE: queueId, CHANNEL: contact.channel };
  const agentDims = (userId: string): MetricFact['dims'] => {
    const profile = instance.users.get(userId)?.routingProfileId;
    return { ...base, AGENT: userId, ...(profile ? { ROUTING_PROFILE: profile } : {}) };
  };
  if (contact.enqueuedAt !== undefined) {
    facts.push({ metric: 'CONTACTS_QUEUED', at: contact.enqueuedAt, dims: base, value: 1 });
    if (contact.connectedToAgentAt !== undefined) {
      const first = contact.legs[0];
      const dims = first ? agentDims(first.userId) : base;
      facts.push({ metric: 'AVG_QUEUE_ANSWER_TIME', at: contact.connectedToAgentAt, dims, value: (contact.connectedToAgentAt - contact.enqueuedAt) / 1000 });
      // Removed from the queue by an answer: its time in queue, for service levels.
      facts.push({ metric: 'SERVICE_LEVEL', at: contact.connectedToAgentAt, dims, value: (contact.connectedToAgentAt - contact.enqueuedAt) / 1000 });
    } else if (contact.status === 'ended' && contact.disconnectedAt !== undefined) {
      // Abandoned: queued, then gone before any agent answered. Removed from the queue too.
      facts.push({ metric: 'CONTACTS_ABANDONED', at: contact.disconnectedAt, dims: base, value: 1 });
      facts.push({ metric: 'SERVICE_LEVEL', at: contact.disconnectedAt, dims: base, value: (contact.disconnectedAt - contact.enqueuedAt) / 1000 });
    }
  }
  for (const offer of contact.offers) {
    if (offer.outcome === 'missed') facts.push({ metric: 'AGENT_NON_RESPONSE', at: offer.endedAt!, dims: agentDims(offer.userId), value: 1 });
  }
  for (const leg of contact.legs) {
    if (leg.leftAt !== undefined) facts.push({ metric: 'CONTACTS_HANDLED', at: leg.leftAt, dims: agentDims(leg.userId), value: 1 });
    if (leg.leftAt !== undefined && leg.acwEndAt !== undefined) {
      facts.push({ metric: 'AVG_HANDLE_TIME', at: leg.acwEndAt, dims: agentDims(leg.userId), value: (leg.acwEndAt - leg.connectedAt) / 1000 });
      facts.push({ metric: 'AVG_AFTER_CONTACT_WORK_TIME', at: leg.acwEndAt, dims: agentDims(leg.userId), value: (leg.acwEndAt - leg.leftAt) / 1000 });
    }
  }
  return facts;
}

const AVERAGES = new Set<HistoricalMetricName>(['AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AVG_QUEUE_ANSWER_TIME']);

/**
 * Sums counts and averages durations per group and interval. Each group's values are summed in sorted
 * order, so the answer does not depend on the order the facts come in (contacts in memory, then archived
 * ones): floating-point addition is not associative, and the same contacts must give the same metric.
 */
export function aggregate(facts: Iterable<MetricFact>, query: HistoricalQuery): HistoricalRow[] {
  const wanted = new Set(query.metrics);
  const bounds = intervalBounds(query.period, query.timeZone ?? 'UTC', query.start, query.end);
  const groups = new Map<string, { row: HistoricalRow; values: Map<HistoricalMetricName, number[]> }>();
  for (const fact of facts) {
    if (!wanted.has(fact.metric) || fact.at < query.start || fact.at >= query.end) continue;
    let filtered = false;
    for (const [dim, values] of Object.entries(query.filters) as [HistoricalDimension, string[]][]) {
      if (values.length > 0 && !values.includes(fact.dims[dim] ?? '')) filtered = true;
    }
    if (filtered) continue;
    if (query.groupings.some((g) => fact.dims[g] === undefined)) continue;
    const bucket = intervalIndex(bounds, fact.at);
    const start = bounds[bucket]!, end = bounds[bucket + 1]!;
    const dimensions: HistoricalRow['dimensions'] = {};
    for (const g of query.groupings) dimensions[g] = fact.dims[g]!;
    const key = JSON.stringify([start, query.groupings.map((g) => fact.dims[g])]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { row: { dimensions, interval: { start, end }, values: {} }, values: new Map() }));
    const list = group.values.get(fact.metric);
    if (list) list.push(fact.value);
    else group.values.set(fact.metric, [fact.value]);
  }
  const rows: HistoricalRow[] = [];
  for (const { row, values } of groups.values()) {
    for (const metric of query.metrics) {
      const list = values.get(metric);
      if (metric === 'SERVICE_LEVEL') {
        const thresholds = query.serviceLevelThresholds ?? [];
        if (list && thresholds.length > 0) row.serviceLevels = Object.fromEntries(thresholds.map((x) => [String(x), (100 * list.filter((seconds) => seconds < x).length) / list.length]));
        continue;
      }
      const total = list ? list.sort((a, b) => a - b).reduce((sum, v) => sum + v, 0) : 0;
      if (AVERAGES.has(metric)) {
        if (list) row.values[metric] = total / list.length;
      } else row.values[metric] = total;
    }
    rows.push(row);
  }
  return rows.sort((a, b) => a.interval.start - b.interval.start || JSON.stringify(a.dimensions).localeCompare(JSON.stringify(b.dimensions)));
}

const DAY_MS = 86_400_000;

/**
 * How long a window each period may cover (IntervalDetails): the difference between StartTime and
 * EndTime must be less than 3 days for FIFTEEN_MIN, THIRTY_MIN and HOUR, less than 35 days for DAY, WEEK
 * and TOTAL. Real time, not wall-clock days: the limit is on the difference of two instants.
 */
export const MAX_WINDOW_DAYS: Record<IntervalPeriod, number> = { FIFTEEN_MIN: 3, THIRTY_MIN: 3, HOUR: 3, DAY: 35, WEEK: 35, TOTAL: 35 };

/** The instants a JavaScript Date (and so Intl) can hold: ±100,000,000 days around 1970. */
const MAX_INSTANT = 8.64e15;

/**
 * Checks a query the way GetMetricDataV2 does. With `now` (the shell's clock), also that EndTime is not
 * in the future ("It cannot be later than the current timestamp").
 */
export function checkHistoricalQuery(query: HistoricalQuery, now?: number): Rejection | undefined {
  for (const [name, at] of [['StartTime', query.start], ['EndTime', query.end]] as const) {
    if (!Number.isFinite(at) || Math.abs(at) > MAX_INSTANT) return reject('InvalidParameter', `${name} is not a valid timestamp`);
  }
  if (!(query.end > query.start)) return reject('InvalidRequest', 'EndTime must be after StartTime');
  if (query.timeZone !== undefined && !isTimeZone(query.timeZone)) {
    return reject('InvalidParameter', `Interval.TimeZone: ${query.timeZone} is not a time zone (use an IANA name such as America/New_York)`);
  }
  const days = MAX_WINDOW_DAYS[query.period];
  if (query.end - query.start >= days * DAY_MS) {
    return reject('InvalidParameter', `The difference between StartTime and EndTime must be less than ${days} days for IntervalPeriod ${query.period}`);
  }
  if (now !== undefined && query.end > now) return reject('InvalidParameter', 'EndTime cannot be later than the current time');
  if (!['QUEUE', 'ROUTING_PROFILE', 'AGENT'].some((d) => (query.filters[d as HistoricalDimension] ?? []).length > 0)) {
    return reject('InvalidRequest', 'at least one resource filter (QUEUE, ROUTING_PROFILE or AGENT) is required');
  }
  if (query.metrics.length === 0) return reject('InvalidRequest', 'Metrics must not be empty');
  return undefined;
}

/**
 * Counts the contacts in memory and, beside them, the facts of contacts the shell has archived (taken
 * from their records when they were archived: see archive/record.ts), so archiving changes no number.
 */
export function historicalMetrics(instance: Instance, query: HistoricalQuery, archived: Iterable<MetricFact> = []): HistoricalRow[] | Rejection {
  const problem = checkHistoricalQuery(query);
  if (problem) return problem;
  function* facts() {
    for (const contact of instance.contacts.values()) yield* contactFacts(instance, contact);
    yield* archived;
  }
  return aggregate(facts(), query);
}
