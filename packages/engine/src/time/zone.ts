/**
 * Time zones, from the instant given and nothing else: Intl (ICU's copy of the IANA database) turns an
 * instant and an IANA name into that zone's UTC offset. Nothing here reads the machine's clock or its TZ
 * setting, so the engine stays pure and the same query gives the same answer on any server.
 */

/** Is this time zone one the platform knows (IANA name, e.g. "Europe/Berlin")? */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * One formatter per zone name: building one costs far more than using it. Bounded, because the names
 * come from requests (IANA names are case-insensitive, so one zone has many spellings).
 */
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 512;

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formats.set(timeZone, format);
  }
  return format;
}

/** "GMT", "GMT+05:30", "GMT-04:56:02" (local mean time before standard time had seconds). */
const LONG_OFFSET = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** The zone's offset from UTC at `at` (epoch ms), in ms: local wall-clock time = at + offset. */
export function offsetAt(timeZone: string, at: number): number {
  const name = offsetFormat(timeZone).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = LONG_OFFSET.exec(name);
  if (!m) throw new Error(`unexpected offset "${name}" for ${timeZone}`);
  if (!m[1]) return 0;
  const ms = ((Number(m[2]) * 60 + Number(m[3])) * 60 + Number(m[4] ?? 0)) * 1000;
  return m[1] === '-' ? -ms : ms;
}

/** From `from` on (until the next run's `from`), the zone's clocks run at `offset` ms from UTC. */
export interface OffsetRun {
  from: number;
  offset: number;
}

/**
 * How often the offset is sampled when looking for its changes. Every zone in the IANA database keeps
 * each offset for far longer than this (daylight saving lasts months); two changes inside one step that
 * cancel out would go unseen. The property tests check interval boundaries in every zone Intl knows.
 */
const SCAN_STEP_MS = 6 * 3_600_000;

/**
 * The runs of constant offset covering [start, end): the first starts at `start`, each next one at the
 * exact millisecond the zone's offset changes (found by bisection between two samples).
 */
export function offsetRuns(timeZone: string, start: number, end: number): OffsetRun[] {
  const runs: OffsetRun[] = [{ from: start, offset: offsetAt(timeZone, start) }];
  let at = start;
  while (at < end) {
    const current = runs[runs.length - 1]!.offset;
    const next = Math.min(at + SCAN_STEP_MS, end);
    if (next === end && next - at <= 1) break;
    const probe = next === end ? end - 1 : next;
    if (offsetAt(timeZone, probe) === current) {
      at = next;
      continue;
    }
    // The offset changed in (at, probe]: bisect to the first millisecond with the new offset (changes
    // fall on whole seconds, so rounding to whole milliseconds moves no change across an end).
    let lo = Math.floor(at), hi = Math.ceil(probe);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(timeZone, mid) === current) lo = mid;
      else hi = mid;
    }
    runs.push({ from: hi, offset: offsetAt(timeZone, hi) });
    at = hi;
  }
  return runs;
}
