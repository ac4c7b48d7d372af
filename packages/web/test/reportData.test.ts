/**
 * The reports' data: time ranges and interval starts on the browser's clock, the GetMetricDataV2
 * request, and GetMetricDataV2's MetricResults shaped into the table, the chart's series and CSV rows.
 * Runs on New York's clock (set before any date is made), so a daylight-saving day is in reach.
 */
process.env.TZ = 'America/New_York';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartSeries, csvRows, metricDataRequest, metricsFor, shapeResults, type MetricResult, type ReportQuery } from '../src/admin/reportData.ts';
import { periodFits, rangeFor, slotStarts, type TimeRange } from '../src/admin/reportRange.ts';

const HOUR = 3_600_000;
/** Local (New York) time as epoch ms. */
const at = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => new Date(y, mo - 1, d, h, mi, s, ms).getTime();
const NOW = at(2026, 12, 7, 15, 32, 10, 450);

test('today runs from local midnight to now, in whole seconds, named by its date', () => {
  assert.deepEqual(rangeFor('today', NOW), { start: at(2026, 12, 7), end: at(2026, 12, 7, 15, 32, 10), label: '2026-12-07' });
});

test('the last 7 days are today and the 6 dates before it', () => {
  assert.deepEqual(rangeFor('last7', NOW), { start: at(2026, 12, 1), end: at(2026, 12, 7, 15, 32, 10), label: '2026-12-01_to_2026-12-07' });
});

test('custom dates run from the first midnight to the end of the last date, never past now', () => {
  assert.deepEqual(rangeFor('custom', NOW, { from: '2026-11-20', to: '2026-11-22' }), { start: at(2026, 11, 20), end: at(2026, 11, 23), label: '2026-11-20_to_2026-11-22' });
  assert.deepEqual(rangeFor('custom', NOW, { from: '2026-12-07', to: '2026-12-07' }), { start: at(2026, 12, 7), end: at(2026, 12, 7, 15, 32, 10), label: '2026-12-07' });
});

test('custom dates that are missing, reversed, in the future or 35 days or more apart are refused with a reason', () => {
  assert.equal(rangeFor('custom', NOW, { from: '', to: '2026-12-01' }), 'Pick both dates.');
  assert.equal(rangeFor('custom', NOW, { from: '2026-02-30', to: '2026-03-01' }), 'Pick both dates.');
  assert.equal(rangeFor('custom', NOW, { from: '2026-12-05', to: '2026-12-01' }), 'The end date is before the start date.');
  assert.equal(rangeFor('custom', NOW, { from: '2026-12-08', to: '2026-12-09' }), 'The start date is in the future.');
  assert.equal(rangeFor('custom', NOW, { from: '2026-10-01', to: '2026-11-04' }), 'A report covers less than 35 days.');
  assert.equal(typeof rangeFor('custom', NOW, { from: '2026-10-01', to: '2026-11-03' }), 'object');
});

test('hours fit windows under 3 days; days and the total, windows under 35 days', () => {
  const today = rangeFor('today', NOW) as TimeRange, week = rangeFor('last7', NOW) as TimeRange;
  assert.equal(periodFits('HOUR', today), true);
  assert.equal(periodFits('HOUR', week), false);
  assert.equal(periodFits('DAY', week), true);
  assert.equal(periodFits('TOTAL', { start: 0, end: 35 * 24 * HOUR }), false);
});

test('hour intervals start at the window start, then every local hour; a spring-forward day has 23', () => {
  const today = rangeFor('today', NOW) as TimeRange;
  const hours = slotStarts('HOUR', today);
  assert.equal(hours.length, 16);
  assert.deepEqual(hours.slice(0, 3), [at(2026, 12, 7), at(2026, 12, 7, 1), at(2026, 12, 7, 2)]);
  assert.equal(hours.at(-1), at(2026, 12, 7, 15));
  assert.equal(slotStarts('HOUR', { start: at(2026, 3, 8), end: at(2026, 3, 9) }).length, 23);
  // A window that starts mid-hour: its first interval is cut there, the next starts on the hour.
  assert.deepEqual(slotStarts('HOUR', { start: at(2026, 12, 7, 9, 40), end: at(2026, 12, 7, 11, 5) }), [at(2026, 12, 7, 9, 40), at(2026, 12, 7, 10), at(2026, 12, 7, 11)]);
});

test('day intervals start at each local midnight; the total is one interval', () => {
  const week = rangeFor('last7', NOW) as TimeRange;
  assert.deepEqual(slotStarts('DAY', week), [1, 2, 3, 4, 5, 6, 7].map((d) => at(2026, 12, d)));
  assert.deepEqual(slotStarts('TOTAL', week), [week.start]);
  // Across the autumn change (25 hours on 1 November) days still start at midnight.
  assert.deepEqual(slotStarts('DAY', { start: at(2026, 10, 31), end: at(2026, 11, 3) }), [at(2026, 10, 31), at(2026, 11, 1), at(2026, 11, 2)]);
});

test('an agent grouping leaves out metrics no agent has (abandoned, queued) and the service level (not by agent)', () => {
  assert.deepEqual(metricsFor('queue', 'QUEUE'), ['CONTACTS_QUEUED', 'CONTACTS_HANDLED', 'CONTACTS_ABANDONED', 'AVG_HANDLE_TIME', 'AVG_QUEUE_ANSWER_TIME', 'SERVICE_LEVEL']);
  assert.deepEqual(metricsFor('queue', 'AGENT'), ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'AVG_QUEUE_ANSWER_TIME']);
  assert.deepEqual(metricsFor('agent', 'AGENT'), ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME', 'AVG_AFTER_CONTACT_WORK_TIME', 'AGENT_NON_RESPONSE']);
});

const range = { start: at(2026, 12, 7), end: at(2026, 12, 7, 3, 30) };
const query: ReportQuery = {
  instanceArn: 'arn:aws:connect:us-east-1:000000000000:instance/i-1', range, period: 'HOUR', timeZone: 'America/New_York',
  queueIds: ['q-1', 'q-2'], channel: 'CHAT', grouping: 'QUEUE', metrics: ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME'], serviceLevelSeconds: 20,
};

test('the request names the window in epoch seconds, the zone and period, the queues and channel, the grouping and metrics', () => {
  assert.deepEqual(metricDataRequest(query), {
    ResourceArn: query.instanceArn, StartTime: range.start / 1000, EndTime: range.end / 1000,
    Interval: { TimeZone: 'America/New_York', IntervalPeriod: 'HOUR' },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: ['q-1', 'q-2'] }, { FilterKey: 'CHANNEL', FilterValues: ['CHAT'] }],
    Groupings: ['QUEUE'], Metrics: [{ Name: 'CONTACTS_HANDLED' }, { Name: 'AVG_HANDLE_TIME' }], MaxResults: 100,
  });
  assert.deepEqual(metricDataRequest({ ...query, metrics: ['SERVICE_LEVEL'], serviceLevelSeconds: 45 }).Metrics, [{ Name: 'SERVICE_LEVEL', Threshold: [{ Comparison: 'LT', ThresholdValue: 45 }] }], 'the service level with its threshold');
  const all = metricDataRequest({ ...query, channel: undefined }, 'token-2');
  assert.deepEqual(all.Filters, [{ FilterKey: 'QUEUE', FilterValues: ['q-1', 'q-2'] }]);
  assert.equal(all.NextToken, 'token-2');
});

/** A MetricResult as the server sends it: epoch seconds, values only where there are some. */
const result = (queue: string, hour: number, values: Record<string, number>): MetricResult => ({
  Dimensions: { QUEUE: queue },
  MetricInterval: { Interval: 'HOUR', StartTime: at(2026, 12, 7, hour) / 1000, EndTime: at(2026, 12, 7, hour + 1) / 1000 },
  Collections: ['CONTACTS_HANDLED', 'AVG_HANDLE_TIME'].map((Name) => ({ Metric: { Name }, ...(values[Name] !== undefined ? { Value: values[Name] } : {}) })),
});
const results = [
  result('q-2', 0, { CONTACTS_HANDLED: 1, AVG_HANDLE_TIME: 42 }),
  result('arn:aws:connect:us-east-1:000000000000:instance/i-1/queue/q-1', 2, { AVG_HANDLE_TIME: 30.25 }),
  result('q-1', 0, { CONTACTS_HANDLED: 3, AVG_HANDLE_TIME: 61.5 }),
  result('q-9', 2, { CONTACTS_HANDLED: 2 }),
];
const names = new Map([['q-1', 'Sales, EMEA'], ['q-2', 'Billing']]);

test('results become rows by time, then group name; ARNs become ids, ids their names; a missing count is 0, a missing average empty', () => {
  const table = shapeResults(results, query, names);
  assert.deepEqual(table.groups, [{ id: 'q-2', name: 'Billing' }, { id: 'q-9', name: 'q-9' }, { id: 'q-1', name: 'Sales, EMEA' }]);
  assert.deepEqual(table.rows.map((r) => [new Date(r.start).getHours(), r.group, r.values]), [
    [0, 'Billing', { CONTACTS_HANDLED: 1, AVG_HANDLE_TIME: 42 }],
    [0, 'Sales, EMEA', { CONTACTS_HANDLED: 3, AVG_HANDLE_TIME: 61.5 }],
    [2, 'q-9', { CONTACTS_HANDLED: 2 }],
    [2, 'Sales, EMEA', { CONTACTS_HANDLED: 0, AVG_HANDLE_TIME: 30.25 }],
  ]);
  assert.deepEqual(table.slots, [0, 1, 2, 3].map((h) => at(2026, 12, 7, h)), 'every hour of the window, with numbers or not');
});

test('the chart has a series per group over every interval: 0 where a count has none, a gap where an average has none', () => {
  const table = shapeResults(results, query, names);
  const handled = chartSeries(table, 'CONTACTS_HANDLED');
  assert.deepEqual(handled.xs, [0, 1, 2, 3].map((h) => at(2026, 12, 7, h) / 1000));
  assert.deepEqual(handled.series, [
    { label: 'Billing', values: [1, 0, 0, 0] },
    { label: 'q-9', values: [0, 0, 2, 0] },
    { label: 'Sales, EMEA', values: [3, 0, 0, 0] },
  ]);
  assert.equal(handled.categories, undefined);
  assert.deepEqual(chartSeries(table, 'AVG_HANDLE_TIME').series.map((s) => s.values), [[42, null, null, null], [null, null, null, null], [61.5, null, 30.25, null]]);
});

test('for the total the chart is one bar per group, named along the axis', () => {
  const total = { ...query, period: 'TOTAL' as const };
  const table = shapeResults([
    { Dimensions: { QUEUE: 'q-1' }, MetricInterval: { StartTime: range.start / 1000, EndTime: range.end / 1000 }, Collections: [{ Metric: { Name: 'CONTACTS_HANDLED' }, Value: 3 }] },
    { Dimensions: { QUEUE: 'q-2' }, MetricInterval: { StartTime: range.start / 1000, EndTime: range.end / 1000 }, Collections: [{ Metric: { Name: 'CONTACTS_HANDLED' }, Value: 1 }] },
  ], total, names);
  assert.deepEqual(table.slots, [range.start]);
  assert.deepEqual(chartSeries(table, 'CONTACTS_HANDLED'), { xs: [0, 1], series: [{ label: 'Contacts handled', values: [1, 3] }], categories: ['Billing', 'Sales, EMEA'] });
});

test('a service level is a percentage to a tenth, its header naming the threshold; none (nobody left the queue) is blank', () => {
  const table = shapeResults([
    { Dimensions: { QUEUE: 'q-1' }, MetricInterval: { StartTime: range.start / 1000, EndTime: range.end / 1000 }, Collections: [{ Metric: { Name: 'CONTACTS_QUEUED' }, Value: 3 }, { Metric: { Name: 'SERVICE_LEVEL' }, Value: 200 / 3 }] },
    { Dimensions: { QUEUE: 'q-2' }, MetricInterval: { StartTime: range.start / 1000, EndTime: range.end / 1000 }, Collections: [{ Metric: { Name: 'CONTACTS_QUEUED' }, Value: 1 }, { Metric: { Name: 'SERVICE_LEVEL' } }] },
  ], { ...query, period: 'TOTAL', metrics: ['CONTACTS_QUEUED', 'SERVICE_LEVEL'], serviceLevelSeconds: 30 }, names);
  assert.deepEqual(csvRows(table, 'UTC').map((r) => r.slice(2)), [['Queue', 'Contacts queued (count)', 'Service level 30 s (percent)'], ['Billing', '1', ''], ['Sales, EMEA', '3', '66.7']]);
  assert.deepEqual(chartSeries(table, 'SERVICE_LEVEL').series[0]!.values, [null, 200 / 3]);
});

test('CSV rows: a header with the zone, the grouping and each metric with its unit, then the table as shown', () => {
  const rows = csvRows(shapeResults(results, query, names), 'America/New_York');
  assert.deepEqual(rows[0], ['Interval start (America/New_York)', 'Interval end (America/New_York)', 'Queue', 'Contacts handled (count)', 'Average handle time (seconds)']);
  assert.deepEqual(rows.slice(1), [
    ['2026-12-07 00:00', '2026-12-07 01:00', 'Billing', '1', '42.0'],
    ['2026-12-07 00:00', '2026-12-07 01:00', 'Sales, EMEA', '3', '61.5'],
    ['2026-12-07 02:00', '2026-12-07 03:00', 'q-9', '2', ''],
    ['2026-12-07 02:00', '2026-12-07 03:00', 'Sales, EMEA', '0', '30.3'],
  ]);
});
