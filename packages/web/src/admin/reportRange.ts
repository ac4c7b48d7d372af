/**
 * The reports' time ranges and intervals, on the browser's wall clock (the same zone the request names
 * in Interval.TimeZone, so the server's intervals start where these do). Pure: `now` comes in.
 */

export type RangeKind = 'today' | 'last7' | 'custom';
export type Period = 'HOUR' | 'DAY' | 'TOTAL';

/** A report's window, [start, end) in epoch ms, and its name for a file ("2026-12-01_to_2026-12-07"). */
export interface TimeRange {
  start: number;
  end: number;
  label: string;
}

const DAY_MS = 86_400_000;
/** GetMetricDataV2's limits (IntervalDetails): under 3 days for HOUR, under 35 for DAY and TOTAL. */
const MAX_DAYS: Record<Period, number> = { HOUR: 3, DAY: 35, TOTAL: 35 };

const pad = (n: number) => String(n).padStart(2, '0');
/** A local date as YYYY-MM-DD. */
export function isoDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
/** A local time as YYYY-MM-DD HH:mm. */
export function isoMinute(ms: number): string {
  const d = new Date(ms);
  return `${isoDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Local midnight of the date `days` after the one holding `ms`. */
function midnight(ms: number, days = 0): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
}

/** Local midnight of a YYYY-MM-DD date, or undefined when it is not one. */
function parseDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return d.getMonth() === Number(m[2]) - 1 && d.getDate() === Number(m[3]) ? d.getTime() : undefined;
}

/**
 * The window a range picks: today (from local midnight), the last 7 days (today and the 6 before) or
 * custom dates (from the first date's midnight to the end of the last), never past `now` (the API
 * refuses an EndTime in the future; whole seconds, as the wire carries). A string says what is wrong.
 */
export function rangeFor(kind: RangeKind, now: number, custom?: { from: string; to: string }): TimeRange | string {
  const end = Math.floor(now / 1000) * 1000;
  if (kind === 'today') return { start: midnight(now), end, label: isoDate(now) };
  if (kind === 'last7') return { start: midnight(now, -6), end, label: `${isoDate(midnight(now, -6))}_to_${isoDate(now)}` };
  const from = parseDate(custom?.from ?? ''), to = parseDate(custom?.to ?? '');
  if (from === undefined || to === undefined) return 'Pick both dates.';
  if (to < from) return 'The end date is before the start date.';
  if (from >= end) return 'The start date is in the future.';
  const until = Math.min(midnight(to, 1), end);
  if (until - from >= MAX_DAYS.TOTAL * DAY_MS) return `A report covers less than ${MAX_DAYS.TOTAL} days.`;
  return { start: from, end: until, label: from === to ? custom!.from : `${custom!.from}_to_${custom!.to}` };
}

/** Whether GetMetricDataV2 takes this period for the window (hours only for windows under 3 days). */
export function periodFits(period: Period, range: Pick<TimeRange, 'start' | 'end'>): boolean {
  return range.end - range.start < MAX_DAYS[period] * DAY_MS;
}

/**
 * Where each interval of the window starts (epoch ms): the window's start, then every local hour or
 * midnight after it, as the server cuts them; one for TOTAL. The chart's x axis, so empty hours show.
 */
export function slotStarts(period: Period, range: Pick<TimeRange, 'start' | 'end'>): number[] {
  const out = [range.start];
  if (period === 'TOTAL') return out;
  const d = new Date(range.start);
  if (period === 'HOUR') d.setMinutes(0, 0, 0);
  else d.setHours(0, 0, 0, 0);
  for (;;) {
    if (period === 'HOUR') d.setHours(d.getHours() + 1);
    else d.setDate(d.getDate() + 1);
    if (d.getTime() >= range.end) return out;
    if (d.getTime() > out[out.length - 1]!) out.push(d.getTime());
  }
}
