/**
 * The historical reports: which GetMetricDataV2 metrics each report asks for, the request, and the
 * shaping of its MetricResults into a table (one row per interval and group), chart series (one per
 * group, a value per interval) and CSV rows. Pure, so node tests check it.
 */
import { isoDate, isoMinute, slotStarts, type Period, type TimeRange } from './reportRange.ts';

export type Grouping = 'QUEUE' | 'AGENT';
export type Unit = 'COUNT' | 'SECONDS' | 'PERCENT';
export type ReportKind = 'queue' | 'agent';

export interface MetricDef {
  label: string;
  unit: Unit;
  /** False for metrics not asked when grouped by agent: no agent has a contact abandoned or queued; GetMetricDataV2 gives no service level by agent. */
  perAgent: boolean;
}

/** The server's historical metrics (engine views/metrics/historical.ts) the reports use. */
export const METRICS = {
  CONTACTS_HANDLED: { label: 'Contacts handled', unit: 'COUNT', perAgent: true },
  CONTACTS_QUEUED: { label: 'Contacts queued', unit: 'COUNT', perAgent: false },
  CONTACTS_ABANDONED: { label: 'Contacts abandoned', unit: 'COUNT', perAgent: false },
  AVG_HANDLE_TIME: { label: 'Average handle time', unit: 'SECONDS', perAgent: true },
  AVG_QUEUE_ANSWER_TIME: { label: 'Average queue answer time', unit: 'SECONDS', perAgent: true },
  AVG_AFTER_CONTACT_WORK_TIME: { label: 'Average after contact work time', unit: 'SECONDS', perAgent: true },
  AGENT_NON_RESPONSE: { label: 'Agent non-response', unit: 'COUNT', perAgent: true },
  /** With a threshold X (seconds): the share of contacts removed from the queue within X. */
  SERVICE_LEVEL: { label: 'Service level', unit: 'PERCENT', perAgent: false },
} as const satisfies Record<string, MetricDef>;
export type MetricName = keyof typeof METRICS;

export const REPORTS: Record<ReportKind, { title: string; grouping: Grouping; metrics: MetricName[] }> = {
  queue: { title: 'Queue performance', grouping: 'QUEUE', metrics: ['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AVG_HANDLE_TIME', 'AVG_QUEUE_ANSWER_TIME', 'SERVICE_LEVEL'] },
  agent: { title: 'Agent performance', grouping: 'AGENT', metrics: ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AGENT_NON_RESPONSE'] },
};

/** The report's metrics that make sense for the grouping. */
export function metricsFor(report: ReportKind, grouping: Grouping): MetricName[] {
  return REPORTS[report].metrics.filter((m) => grouping === 'QUEUE' || METRICS[m].perAgent);
}

export interface ReportQuery {
  instanceArn: string;
  range: Pick<TimeRange, 'start' | 'end'>;
  period: Period;
  timeZone: string;
  /** Every queue the report covers (GetMetricDataV2 needs a resource filter; at most 100 values). */
  queueIds: string[];
  channel?: 'VOICE' | 'CHAT' | 'TASK' | undefined;
  grouping: Grouping;
  metrics: MetricName[];
  /** SERVICE_LEVEL's threshold: contacts removed from the queue in less than this many seconds. */
  serviceLevelSeconds: number;
}

/** The GetMetricDataV2 body (POST /metrics/data): times in epoch seconds, as the wire carries them. */
export function metricDataRequest(q: ReportQuery, nextToken?: string): Record<string, unknown> {
  return {
    ResourceArn: q.instanceArn,
    StartTime: q.range.start / 1000,
    EndTime: q.range.end / 1000,
    Interval: { TimeZone: q.timeZone, IntervalPeriod: q.period },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: q.queueIds }, ...(q.channel ? [{ FilterKey: 'CHANNEL', FilterValues: [q.channel] }] : [])],
    Groupings: [q.grouping],
    Metrics: q.metrics.map((Name) => (Name === 'SERVICE_LEVEL' ? { Name, Threshold: [{ Comparison: 'LT', ThresholdValue: q.serviceLevelSeconds }] } : { Name })),
    MaxResults: 100,
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

/** One MetricResult of GetMetricDataV2's answer (the fields the reports read). */
export interface MetricResult {
  Dimensions?: Record<string, string>;
  MetricInterval?: { Interval?: string; StartTime?: number; EndTime?: number };
  Collections?: { Metric?: { Name?: string }; Value?: number }[];
}

export interface ReportRow {
  /** The interval, epoch ms. */
  start: number;
  end: number;
  groupId: string;
  group: string;
  values: Partial<Record<MetricName, number>>;
}

export interface ReportTable {
  period: Period;
  metrics: MetricName[];
  grouping: Grouping;
  serviceLevelSeconds: number;
  /** Every interval start of the window (the chart's x axis), epoch ms. */
  slots: number[];
  /** Groups that have numbers, by name. */
  groups: { id: string; name: string }[];
  /** One row per interval and group the answer has, by time then group name. */
  rows: ReportRow[];
}

/** A dimension value may be an id or an ARN (…/queue/<id>): the id. */
const idOf = (value: string) => value.slice(value.lastIndexOf('/') + 1);

/**
 * Shapes MetricResults into the report's table: names from `names` (id → name; the id when unknown),
 * intervals in epoch ms. Counts with no value are 0; an average with none (no contact to average) stays
 * empty rather than 0, which would be a real time.
 */
export function shapeResults(results: readonly MetricResult[], q: Pick<ReportQuery, 'range' | 'period' | 'grouping' | 'metrics' | 'serviceLevelSeconds'>, names: ReadonlyMap<string, string>): ReportTable {
  const groups = new Map<string, string>();
  const rows: ReportRow[] = [];
  const starts = new Set(slotStarts(q.period, q.range));
  for (const result of results) {
    const raw = result.Dimensions?.[q.grouping];
    if (raw === undefined) continue;
    const groupId = idOf(raw);
    const group = names.get(groupId) ?? groupId;
    groups.set(groupId, group);
    const start = (result.MetricInterval?.StartTime ?? q.range.start / 1000) * 1000;
    const end = (result.MetricInterval?.EndTime ?? q.range.end / 1000) * 1000;
    starts.add(start);
    const values: ReportRow['values'] = {};
    for (const metric of q.metrics) {
      const value = result.Collections?.find((c) => c.Metric?.Name === metric)?.Value;
      if (value !== undefined) values[metric] = value;
      else if (METRICS[metric].unit === 'COUNT') values[metric] = 0;
    }
    rows.push({ start, end, groupId, group, values });
  }
  rows.sort((a, b) => a.start - b.start || a.group.localeCompare(b.group) || a.groupId.localeCompare(b.groupId));
  return {
    period: q.period,
    metrics: q.metrics,
    grouping: q.grouping,
    serviceLevelSeconds: q.serviceLevelSeconds,
    slots: [...starts].sort((a, b) => a - b),
    groups: [...groups].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
    rows,
  };
}

export interface ChartSeries {
  /** The x values: interval starts in epoch seconds (uPlot's time scale), or group positions for TOTAL. */
  xs: number[];
  series: { label: string; values: (number | null)[] }[];
  /** For TOTAL, one bar per group: the groups' names along x. */
  categories?: string[];
}

/**
 * The chart's data for one metric. Per interval: a series per group over every interval of the window
 * (an interval without numbers is 0 for a count, a gap for an average). For TOTAL: one series, a value per group.
 */
export function chartSeries(table: ReportTable, metric: MetricName): ChartSeries {
  const empty = METRICS[metric].unit === 'COUNT' ? 0 : null;
  const value = (row: ReportRow | undefined) => row?.values[metric] ?? empty;
  if (table.period === 'TOTAL') {
    return {
      xs: table.groups.map((_, i) => i),
      series: [{ label: METRICS[metric].label, values: table.groups.map((g) => value(table.rows.find((r) => r.groupId === g.id))) }],
      categories: table.groups.map((g) => g.name),
    };
  }
  const index = new Map(table.rows.map((r) => [`${r.start}|${r.groupId}`, r]));
  return {
    xs: table.slots.map((s) => s / 1000),
    series: table.groups.map((g) => ({ label: g.name, values: table.slots.map((s) => value(index.get(`${s}|${g.id}`))) })),
  };
}

/** A value as the table and the CSV show it: counts whole, seconds and percentages to a tenth, an empty average blank. */
export function formatValue(metric: MetricName, value: number | undefined): string {
  if (value === undefined) return '';
  return METRICS[metric].unit === 'COUNT' ? String(Math.round(value)) : value.toFixed(1);
}

/** The interval as the table shows it: the hour, the date, or the whole window. */
export function formatInterval(row: Pick<ReportRow, 'start' | 'end'>, period: Period): string {
  if (period === 'HOUR') return isoMinute(row.start);
  if (period === 'DAY') return isoDate(row.start);
  return `${isoMinute(row.start)} – ${isoMinute(row.end)}`;
}

const UNIT_WORD: Record<Unit, string> = { COUNT: 'count', SECONDS: 'seconds', PERCENT: 'percent' };

/** A metric's column header with its unit: "Average handle time (seconds)", "Service level 20 s (percent)". */
export function metricHeader(metric: MetricName, serviceLevelSeconds?: number): string {
  const label = metric === 'SERVICE_LEVEL' && serviceLevelSeconds !== undefined ? `${METRICS[metric].label} ${serviceLevelSeconds} s` : METRICS[metric].label;
  return `${label} (${UNIT_WORD[METRICS[metric].unit]})`;
}

/** The table as CSV rows: a header (interval in the zone, the group, each metric with its unit), then the rows. */
export function csvRows(table: ReportTable, timeZone: string): string[][] {
  const header = [`Interval start (${timeZone})`, `Interval end (${timeZone})`, table.grouping === 'QUEUE' ? 'Queue' : 'Agent', ...table.metrics.map((m) => metricHeader(m, table.serviceLevelSeconds))];
  return [header, ...table.rows.map((r) => [isoMinute(r.start), isoMinute(r.end), r.group, ...table.metrics.map((m) => formatValue(m, r.values[m]))])];
}
