import { offsetRuns } from '../../time/zone.ts';

/**
 * GetMetricDataV2's intervals (IntervalDetails): FIFTEEN_MIN, THIRTY_MIN, HOUR, DAY and WEEK follow the
 * wall clock of the requested time zone (IANA name; UTC by default), TOTAL is the whole window.
 *
 * An interval starts wherever that zone's clock shows a multiple of the period (a DAY at local midnight,
 * a WEEK at Monday 00:00 — Amazon Connect does not document the first day of its weeks; ISO 8601's is
 * taken), and also where a clock change jumps past such a time. So a DAY is one calendar date, 23 or 25
 * hours on daylight-saving days; an HOUR in Asia/Kolkata (UTC+05:30) starts at half past in UTC. When
 * autumn's change sets the clock back onto an interval start, FIFTEEN_MIN, THIRTY_MIN and HOUR begin a
 * new interval there (01:00–02:00 happens twice: two HOUR intervals of 60 minutes), while a DAY or WEEK
 * goes on (Havana's clocks show midnight twice on one date; that date is still one DAY). The first and
 * last intervals are cut at StartTime and EndTime, so the intervals partition [StartTime, EndTime) and
 * each counts only what happened inside it.
 */
export type IntervalPeriod = 'FIFTEEN_MIN' | 'THIRTY_MIN' | 'HOUR' | 'DAY' | 'WEEK' | 'TOTAL';

const DAY_MS = 86_400_000;

/**
 * Each period's length on the wall clock, the wall-clock time its intervals count from, and whether it
 * is a calendar period (dates, which a clock set back does not repeat) or a clock period (times of day).
 */
const WALL_PERIODS: Record<Exclude<IntervalPeriod, 'TOTAL'>, { length: number; anchor: number; calendar: boolean }> = {
  FIFTEEN_MIN: { length: 15 * 60_000, anchor: 0, calendar: false },
  THIRTY_MIN: { length: 30 * 60_000, anchor: 0, calendar: false },
  HOUR: { length: 3_600_000, anchor: 0, calendar: false },
  DAY: { length: DAY_MS, anchor: 0, calendar: true },
  // 1970-01-01 was a Thursday; the 5th, four days on, a Monday.
  WEEK: { length: 7 * DAY_MS, anchor: 4 * DAY_MS, calendar: true },
};

/**
 * The boundaries of the intervals covering [start, end) in `timeZone`: [start, …, end], strictly
 * increasing; interval i is [bounds[i], bounds[i + 1]). Pure: the offsets come from Intl for the instants
 * given (see time/zone.ts).
 */
export function intervalBounds(period: IntervalPeriod, timeZone: string, start: number, end: number): number[] {
  if (period === 'TOTAL') return [start, end];
  const { length, anchor, calendar } = WALL_PERIODS[period];
  /** The start (on the wall clock) of the interval a wall-clock time falls in. */
  const floorWall = (wall: number) => wall - (((wall - anchor) % length) + length) % length;
  const bounds = [start];
  const runs = offsetRuns(timeZone, start, end);
  runs.forEach((run, i) => {
    const to = runs[i + 1]?.from ?? end;
    if (i > 0) {
      // A clock change at run.from: the clock stops short of `before` and goes on from `after`. A new
      // interval starts if the clock jumps to another interval (spring; zones whose clocks skip
      // midnight) or, for clock periods, is set back onto an interval start (the repeated 01:00).
      const before = run.from + runs[i - 1]!.offset;
      const after = run.from + run.offset;
      const lastBefore = floorWall(before) === before ? before - length : floorWall(before);
      if (lastBefore !== floorWall(after) || (!calendar && floorWall(after) === after)) bounds.push(run.from);
    }
    // Inside the run the clock is steady: the interval starts after run.from are one period apart.
    for (let at = floorWall(run.from + run.offset) + length - run.offset; at < to; at += length) bounds.push(at);
  });
  bounds.push(end);
  return bounds;
}

/** The index of the interval holding `at` (bounds[0] <= at < bounds[last]), by bisection. */
export function intervalIndex(bounds: readonly number[], at: number): number {
  let lo = 0, hi = bounds.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}
