import { useEffect, useState } from 'preact/hooks';

/** "1:05", "12:03:09": how long since `from` (ms), for the CCP's timers. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Re-renders every `ms` and returns the current time. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Whole seconds left of an offer, never more than the offer lasts (a render may run a moment early). */
export function secondsLeft(deadline: number, now: number, total: number): number {
  return Math.min(Math.round(total / 1000), Math.max(0, Math.ceil((deadline - now) / 1000)));
}
