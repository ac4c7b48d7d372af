/**
 * GetMetricDataV2 intervals in a time zone (Interval.TimeZone): where each interval starts and ends, on
 * ordinary days, daylight-saving days and in zones whose offset is not a whole hour.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { intervalBounds, type IntervalPeriod } from '../src/index.ts';
import { offsetAt, offsetRuns } from '../src/time/zone.ts';

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace(':00.000Z', 'Z');
/** The intervals as [start, end] ISO pairs (UTC, minutes). */
function intervals(period: IntervalPeriod, zone: string, start: string, end: string): [string, string][] {
  const b = intervalBounds(period, zone, at(start), at(end));
  return b.slice(0, -1).map((s, i) => [iso(s), iso(b[i + 1]!)]);
}
const hoursLong = (pairs: [string, string][]) => pairs.map(([s, e]) => (at(e) - at(s)) / HOUR);

describe('intervals in a time zone', () => {
  test('UTC: intervals start on the UTC clock, as before; an aligned StartTime gives whole periods', () => {
    assert.deepEqual(intervals('HOUR', 'UTC', '2024-05-01T10:00Z', '2024-05-01T13:00Z'), [
      ['2024-05-01T10:00Z', '2024-05-01T11:00Z'], ['2024-05-01T11:00Z', '2024-05-01T12:00Z'], ['2024-05-01T12:00Z', '2024-05-01T13:00Z'],
    ]);
    assert.deepEqual(intervals('DAY', 'UTC', '2024-05-01T00:00Z', '2024-05-03T00:00Z'), [
      ['2024-05-01T00:00Z', '2024-05-02T00:00Z'], ['2024-05-02T00:00Z', '2024-05-03T00:00Z'],
    ]);
    assert.deepEqual(intervals('TOTAL', 'America/New_York', '2024-05-01T10:07Z', '2024-05-02T00:00Z'), [['2024-05-01T10:07Z', '2024-05-02T00:00Z']]);
  });

  test('the first interval is cut at StartTime and the last at EndTime when they fall inside one', () => {
    assert.deepEqual(intervals('FIFTEEN_MIN', 'UTC', '2024-05-01T10:07Z', '2024-05-01T10:50Z'), [
      ['2024-05-01T10:07Z', '2024-05-01T10:15Z'], ['2024-05-01T10:15Z', '2024-05-01T10:30Z'],
      ['2024-05-01T10:30Z', '2024-05-01T10:45Z'], ['2024-05-01T10:45Z', '2024-05-01T10:50Z'],
    ]);
  });

  test('a DAY in America/New_York starts at local midnight: 2024-03-10 (spring forward) is 23 hours, 2024-11-03 (fall back) 25', () => {
    const spring = intervals('DAY', 'America/New_York', '2024-03-09T05:00Z', '2024-03-12T04:00Z');
    assert.deepEqual(spring, [
      ['2024-03-09T05:00Z', '2024-03-10T05:00Z'], ['2024-03-10T05:00Z', '2024-03-11T04:00Z'], ['2024-03-11T04:00Z', '2024-03-12T04:00Z'],
    ]);
    assert.deepEqual(hoursLong(spring), [24, 23, 24]);
    const fall = intervals('DAY', 'America/New_York', '2024-11-02T04:00Z', '2024-11-05T05:00Z');
    assert.deepEqual(fall, [
      ['2024-11-02T04:00Z', '2024-11-03T04:00Z'], ['2024-11-03T04:00Z', '2024-11-04T05:00Z'], ['2024-11-04T05:00Z', '2024-11-05T05:00Z'],
    ]);
    assert.deepEqual(hoursLong(fall), [24, 25, 24]);
  });

  test('HOUR in America/New_York: the spring-forward day has 23 hourly intervals, the fall-back day 25 (01:00 twice), each 60 minutes', () => {
    const spring = intervals('HOUR', 'America/New_York', '2024-03-10T05:00Z', '2024-03-11T04:00Z');
    assert.equal(spring.length, 23);
    assert.ok(hoursLong(spring).every((h) => h === 1));
    // 01:00 EST is 06:00Z; the next hour on the clock is 03:00 EDT, 07:00Z.
    assert.deepEqual(spring[1], ['2024-03-10T06:00Z', '2024-03-10T07:00Z']);
    const fall = intervals('HOUR', 'America/New_York', '2024-11-03T04:00Z', '2024-11-04T05:00Z');
    assert.equal(fall.length, 25);
    assert.ok(hoursLong(fall).every((h) => h === 1));
    // 01:00 EDT (05:00Z) and 01:00 EST (06:00Z) are two intervals.
    assert.deepEqual(fall.slice(1, 3), [['2024-11-03T05:00Z', '2024-11-03T06:00Z'], ['2024-11-03T06:00Z', '2024-11-03T07:00Z']]);
  });

  test('Europe/Berlin: 2024-03-31 is 23 hours and 2024-10-27 25, each day from local midnight; hours stay whole across both changes', () => {
    const days = intervals('DAY', 'Europe/Berlin', '2024-03-30T23:00Z', '2024-04-01T22:00Z');
    assert.deepEqual(days, [['2024-03-30T23:00Z', '2024-03-31T22:00Z'], ['2024-03-31T22:00Z', '2024-04-01T22:00Z']]);
    assert.deepEqual(hoursLong(days), [23, 24]);
    const autumn = intervals('DAY', 'Europe/Berlin', '2024-10-26T22:00Z', '2024-10-27T23:00Z');
    assert.deepEqual(hoursLong(autumn), [25]);
    // 02:00–03:00 happens twice on 27 October (CEST, then CET): 00:00Z–01:00Z and 01:00Z–02:00Z.
    const hours = intervals('HOUR', 'Europe/Berlin', '2024-10-26T23:00Z', '2024-10-27T03:00Z');
    assert.deepEqual(hours, [
      ['2024-10-26T23:00Z', '2024-10-27T00:00Z'], ['2024-10-27T00:00Z', '2024-10-27T01:00Z'],
      ['2024-10-27T01:00Z', '2024-10-27T02:00Z'], ['2024-10-27T02:00Z', '2024-10-27T03:00Z'],
    ]);
    assert.equal(intervals('HOUR', 'Europe/Berlin', '2024-03-30T23:00Z', '2024-03-31T22:00Z').length, 23);
  });

  test('Asia/Kolkata (UTC+05:30): hours start at half past in UTC, half hours as in UTC, the day at 18:30Z', () => {
    assert.deepEqual(intervals('HOUR', 'Asia/Kolkata', '2024-05-01T04:00Z', '2024-05-01T07:00Z'), [
      ['2024-05-01T04:00Z', '2024-05-01T04:30Z'], ['2024-05-01T04:30Z', '2024-05-01T05:30Z'],
      ['2024-05-01T05:30Z', '2024-05-01T06:30Z'], ['2024-05-01T06:30Z', '2024-05-01T07:00Z'],
    ]);
    assert.deepEqual(intervals('THIRTY_MIN', 'Asia/Kolkata', '2024-05-01T04:00Z', '2024-05-01T05:00Z'), intervals('THIRTY_MIN', 'UTC', '2024-05-01T04:00Z', '2024-05-01T05:00Z'));
    assert.deepEqual(intervals('DAY', 'Asia/Kolkata', '2024-04-30T18:30Z', '2024-05-02T18:30Z'), [
      ['2024-04-30T18:30Z', '2024-05-01T18:30Z'], ['2024-05-01T18:30Z', '2024-05-02T18:30Z'],
    ]);
  });

  test('Asia/Kathmandu (UTC+05:45): half hours start at :15 and :45 in UTC', () => {
    assert.deepEqual(intervals('THIRTY_MIN', 'Asia/Kathmandu', '2024-05-01T04:00Z', '2024-05-01T05:00Z'), [
      ['2024-05-01T04:00Z', '2024-05-01T04:15Z'], ['2024-05-01T04:15Z', '2024-05-01T04:45Z'], ['2024-05-01T04:45Z', '2024-05-01T05:00Z'],
    ]);
  });

  test('a clock change that skips an interval start begins a new interval there: Australia/Lord_Howe (half-hour change), America/Santiago (skips midnight)', () => {
    // Lord Howe: 02:00 (+10:30) becomes 02:30 (+11:00) at 15:30Z on 5 October 2024; 02:00 never shows.
    assert.deepEqual(intervals('HOUR', 'Australia/Lord_Howe', '2024-10-05T14:30Z', '2024-10-05T17:00Z'), [
      ['2024-10-05T14:30Z', '2024-10-05T15:30Z'], ['2024-10-05T15:30Z', '2024-10-05T16:00Z'], ['2024-10-05T16:00Z', '2024-10-05T17:00Z'],
    ]);
    // Santiago: 8 September 2024 starts at 01:00 (04:00Z), midnight never shows; the day is 23 hours.
    const days = intervals('DAY', 'America/Santiago', '2024-09-07T04:00Z', '2024-09-09T03:00Z');
    assert.deepEqual(days, [['2024-09-07T04:00Z', '2024-09-08T04:00Z'], ['2024-09-08T04:00Z', '2024-09-09T03:00Z']]);
  });

  test('a clock set back onto midnight repeats the hour but not the date: America/Havana, 3 November 2024, is one DAY of 25 hours and has 00:00 twice', () => {
    // 01:00 CDT (05:00Z) becomes 00:00 CST.
    const days = intervals('DAY', 'America/Havana', '2024-11-03T04:00Z', '2024-11-05T05:00Z');
    assert.deepEqual(days, [['2024-11-03T04:00Z', '2024-11-04T05:00Z'], ['2024-11-04T05:00Z', '2024-11-05T05:00Z']]);
    assert.deepEqual(hoursLong(days), [25, 24]);
    assert.deepEqual(intervals('HOUR', 'America/Havana', '2024-11-03T04:00Z', '2024-11-03T07:00Z'), [
      ['2024-11-03T04:00Z', '2024-11-03T05:00Z'], ['2024-11-03T05:00Z', '2024-11-03T06:00Z'], ['2024-11-03T06:00Z', '2024-11-03T07:00Z'],
    ]);
  });

  test('a WEEK starts on Monday at local midnight (ISO 8601), 167 hours long in the week Europe/Berlin springs forward', () => {
    const weeks = intervals('WEEK', 'Europe/Berlin', '2024-03-24T23:00Z', '2024-04-07T22:00Z');
    assert.deepEqual(weeks, [['2024-03-24T23:00Z', '2024-03-31T22:00Z'], ['2024-03-31T22:00Z', '2024-04-07T22:00Z']]);
    assert.deepEqual(hoursLong(weeks), [167, 168]);
    // 2024-05-01 was a Wednesday: the first week is cut at StartTime, the next starts Monday 6 May.
    assert.deepEqual(intervals('WEEK', 'UTC', '2024-05-01T00:00Z', '2024-05-10T00:00Z'), [
      ['2024-05-01T00:00Z', '2024-05-06T00:00Z'], ['2024-05-06T00:00Z', '2024-05-10T00:00Z'],
    ]);
  });
});

describe('time zone offsets (time/zone.ts)', () => {
  test('offsets come from the instant and the zone only, including half hours and seconds of local mean time', () => {
    assert.equal(offsetAt('UTC', at('2024-05-01T00:00Z')), 0);
    assert.equal(offsetAt('America/New_York', at('2024-01-15T12:00Z')), -5 * HOUR);
    assert.equal(offsetAt('America/New_York', at('2024-07-15T12:00Z')), -4 * HOUR);
    assert.equal(offsetAt('Asia/Kolkata', at('2024-07-15T12:00Z')), 5.5 * HOUR);
    assert.equal(offsetAt('Asia/Kathmandu', at('2024-07-15T12:00Z')), 5.75 * HOUR);
    assert.equal(offsetAt('America/New_York', at('1850-01-01T00:00Z')), -(4 * HOUR + 56 * 60_000 + 2000));
  });

  test('offset runs change at the exact millisecond of a clock change', () => {
    const runs = offsetRuns('America/New_York', at('2024-03-09T00:00Z'), at('2024-03-12T00:00Z'));
    assert.deepEqual(runs, [{ from: at('2024-03-09T00:00Z'), offset: -5 * HOUR }, { from: at('2024-03-10T07:00Z'), offset: -4 * HOUR }]);
    assert.deepEqual(offsetRuns('UTC', 0, 40 * 86_400_000), [{ from: 0, offset: 0 }]);
  });
});
