/** Small helpers: percentiles, a seeded random source, table formatting. */

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a list of numbers (ms). */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const n = sorted.length;
  if (n === 0) return { count: 0, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const at = (p: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return { count: n, p50: at(50), p90: at(90), p99: at(99), max: sorted[n - 1]!, mean: sum / n };
}

/**
 * A growing list of numbers kept off the JavaScript heap (a Float64Array's backing store), so that a load
 * generator recording 25,000 samples a second does not grow its own old generation and stall itself in
 * full GCs while it measures. `values` is a view of what was pushed (for `summarize`).
 */
export class Samples {
  private data: Float64Array;
  length = 0;
  constructor(capacity = 1 << 16) { this.data = new Float64Array(capacity); }
  push(value: number): void {
    if (this.length === this.data.length) this.grow();
    this.data[this.length++] = value;
  }
  private grow(): void {
    const bigger = new Float64Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }
  at(i: number): number { return this.data[i]!; }
  get values(): Float64Array { return this.data.subarray(0, this.length); }
}

/** mulberry32: a small seeded PRNG, so both phases draw the same handle times. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function ms(v: number, digits = 3): string {
  return Number.isFinite(v) ? v.toFixed(digits) : 'n/a';
}

/** A Markdown table (first column left-aligned, the others right-aligned), padded for reading in a terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  const sep = '| ' + widths.map((w, i) => (i === 0 ? ':' + '-'.repeat(w - 1) : '-'.repeat(w - 1) + ':')).join(' | ') + ' |';
  return [line(rows[0]!), sep, ...rows.slice(1).map(line)].join('\n');
}
