/**
 * Properties of GetMetricDataV2 intervals in every time zone Intl knows: the intervals partition
 * [StartTime, EndTime) with no gap or overlap, each holds one stretch of the zone's wall clock, and every
 * fact is counted in exactly one of them. The oracle reads the wall clock from Intl's date fields, not
 * from the offsets intervals.ts works with.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_WINDOW_DAYS, aggregate, intervalBounds, type IntervalPeriod, type MetricFact } from '../src/index.ts';
import { offsetRuns } from '../src/time/zone.ts';

const DAY = 86_400_000;
const ZONES = [...new Set(['UTC', ...Intl.supportedValuesOf('timeZone')])];
const PERIODS: IntervalPeriod[] = ['FIFTEEN_MIN', 'THIRTY_MIN', 'HOUR', 'DAY', 'WEEK', 'TOTAL'];
const PERIOD_MINUTES: Partial<Record<IntervalPeriod, number>> = { FIFTEEN_MIN: 15, THIRTY_MIN: 30, HOUR: 60 };
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const fieldFormats = new Map<string, Intl.DateTimeFormat>();
/** The zone's wall clock at `at`, read field by field. */
function wall(zone: string, at: number) {
  let f = fieldFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 3,
    });
    fieldFormats.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  const n = (k: string) => Number(parts[k]);
  return { y: n('year'), mo: n('month'), d: n('day'), h: n('hour'), mi: n('minute'), s: n('second'), ms: n('fractionalSecond'), weekday: WEEKDAYS.indexOf(parts.weekday!) };
}

/** Which interval of the wall clock `at` belongs to: the date and the period's slot of the day (or the week's Monday). */
function label(zone: string, period: IntervalPeriod, at: number): string {
  const w = wall(zone, at);
  const minutes = PERIOD_MINUTES[period];
  if (minutes) return `${w.y}-${w.mo}-${w.d} #${Math.floor((w.h * 60 + w.mi) / minutes)}`;
  if (period === 'DAY') return `${w.y}-${w.mo}-${w.d}`;
  return `week of ${(Date.UTC(w.y, w.mo - 1, w.d) / DAY) - w.weekday}`;
}

/**
 * Does the wall clock show the very start of a FIFTEEN_MIN, THIRTY_MIN or HOUR interval at `at`? (A clock
 * set back onto one starts a new interval; dates do not repeat, so DAY and WEEK change only with the date.)
 */
function showsClockIntervalStart(zone: string, period: IntervalPeriod, at: number): boolean {
  const minutes = PERIOD_MINUTES[period];
  if (!minutes) return false;
  const w = wall(zone, at);
  return w.s === 0 && w.ms === 0 && (w.h * 60 + w.mi) % minutes === 0;
}

/** The wall clock at `at` as if it were UTC, in ms: it runs with real time except where the clock is changed. */
function wallMs(zone: string, at: number): number {
  const w = wall(zone, at);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s, w.ms);
}

/** The first instant in (from, to) where the clock was changed, found by bisection on the wall clock; undefined if it ran steadily. */
function clockChangeIn(zone: string, from: number, to: number): number | undefined {
  const steady = (a: number, b: number) => wallMs(zone, b) - wallMs(zone, a) === b - a;
  if (steady(from, to)) return undefined;
  let lo = from, hi = to;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (steady(lo, mid)) lo = mid;
    else hi = mid;
  }
  return hi;
}

const Y1900 = Date.UTC(1900, 0, 1), Y2100 = Date.UTC(2100, 0, 1);

/** Zones whose clocks change, some by half an hour (Lord Howe), some at midnight (Santiago, Havana), some off the hour (Chatham, St John's). */
const CHANGING_ZONES = [
  'America/New_York', 'Europe/Berlin', 'Europe/London', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Santiago',
  'America/Havana', 'Pacific/Chatham', 'America/St_Johns', 'Asia/Tehran', 'America/Sao_Paulo', 'Africa/Cairo',
];

/** In [0, 1), evenly (fc.double would mostly give tiny numbers). */
const fraction = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

/** A window the period allows; half the time it holds one of the zone's clock changes. */
const windowArb = fc.record({
  zone: fc.oneof(fc.constantFrom(...ZONES), fc.constantFrom(...CHANGING_ZONES)),
  period: fc.constantFrom(...PERIODS),
  start: fc.integer({ min: Y1900, max: Y2100 }),
  nearChange: fc.boolean(),
  lengthFraction: fraction,
  leadFraction: fraction,
}).map(({ zone, period, start, nearChange, lengthFraction, leadFraction }) => {
  const length = 1 + Math.floor(lengthFraction * (MAX_WINDOW_DAYS[period] * DAY - 1));
  if (nearChange) {
    const runs = offsetRuns(zone, start, start + 400 * DAY);
    if (runs.length > 1) start = runs[1]!.from - Math.floor(leadFraction * length);
  }
  return { zone, period, start, end: start + length };
});

describe('interval properties, in every time zone', () => {
  test('the intervals partition [StartTime, EndTime): no gap, no overlap, none empty', () => {
    fc.assert(fc.property(windowArb, ({ zone, period, start, end }) => {
      const b = intervalBounds(period, zone, start, end);
      assert.equal(b[0], start);
      assert.equal(b[b.length - 1], end);
      for (let i = 1; i < b.length; i++) assert.ok(b[i]! > b[i - 1]!, `interval ${i} is empty or backwards`);
    }), { numRuns: 300 });
  });

  test('each interval is one stretch of the wall clock: it starts where the date or time slot changes (or the clock is set back onto a quarter, half or whole hour), and nothing inside does either, not even a clock change', () => {
    fc.assert(fc.property(windowArb, fraction, ({ zone, period, start, end }, inside) => {
      if (period === 'TOTAL') return;
      const b = intervalBounds(period, zone, start, end);
      for (let i = 0; i + 1 < b.length; i++) {
        const [from, to] = [b[i]!, b[i + 1]!];
        const here = label(zone, period, from);
        if (i > 0) {
          assert.ok(label(zone, period, from - 1) !== here || showsClockIntervalStart(zone, period, from),
            `${zone} ${period}: ${new Date(from).toISOString()} starts an interval but the clock neither shows an interval start nor changes interval`);
        }
        // A clock change inside the interval must stay in it, and not set the clock back onto the start
        // of a clock interval (autumn's repeated 01:00 starts a new HOUR).
        const change = clockChangeIn(zone, from, to - 1);
        if (change !== undefined) {
          assert.ok(!showsClockIntervalStart(zone, period, change), `${zone} ${period}: the clock shows an interval start at ${new Date(change).toISOString()}, inside the interval from ${new Date(from).toISOString()}`);
        }
        for (const probe of [to - 1, from + Math.floor((to - from) * inside), ...(change !== undefined ? [change] : [])]) {
          assert.equal(label(zone, period, probe), here, `${zone} ${period}: ${new Date(probe).toISOString()} is in the interval from ${new Date(from).toISOString()}`);
        }
      }
    }), { numRuns: 200 });
  });

  test('every fact in the window is counted in exactly one interval, the one holding it; facts outside are not counted', () => {
    const factsArb = (start: number, end: number) => fc.array(fc.integer({ min: start - DAY, max: end + DAY }), { maxLength: 40 });
    fc.assert(fc.property(windowArb.chain((w) => factsArb(w.start, w.end).map((ats) => ({ ...w, ats }))), ({ zone, period, start, end, ats }) => {
      const facts: MetricFact[] = ats.map((at) => ({ metric: 'CONTACTS_QUEUED', at, dims: { QUEUE: 'q' }, value: 1 }));
      const rows = aggregate(facts, { start, end, period, timeZone: zone, filters: { QUEUE: ['q'] }, groupings: [], metrics: ['CONTACTS_QUEUED'] });
      const b = intervalBounds(period, zone, start, end);
      const inWindow = ats.filter((at) => at >= start && at < end);
      assert.equal(rows.reduce((sum, r) => sum + r.values.CONTACTS_QUEUED!, 0), inWindow.length);
      for (const row of rows) {
        const i = b.indexOf(row.interval.start);
        assert.ok(i >= 0 && b[i + 1] === row.interval.end, 'a row covers exactly one interval');
        assert.equal(row.values.CONTACTS_QUEUED, inWindow.filter((at) => at >= row.interval.start && at < row.interval.end).length);
      }
      assert.equal(new Set(rows.map((r) => r.interval.start)).size, rows.length, 'no interval twice');
    }), { numRuns: 200 });
  });
});
