import { setFlagsFromString } from 'node:v8';

/**
 * V8's old generation may grow to (1 + percent/100)× its live size before the next full collection
 * (SWITCHBOARD_HEAP_GROWTH_PERCENT, 400 by default; 0 leaves V8's own factor). V8 reads it at each full
 * collection, in every isolate of the process (the media workers' too), so setting it before the load is
 * enough. `npm start` and bench/media's system under test both apply it, so the bench collects as the server does.
 */
export function applyHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
