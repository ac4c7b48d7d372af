/**
 * A token bucket per key (a client address, a participant, an account): `burst` at once, refilled at
 * `perMinute`. A key whose bucket has refilled is the same as a key never seen, so full buckets are
 * dropped when the map is swept: memory follows the clients that are being limited now, not every
 * client ever seen.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private nextSweep = 0;

  constructor(private readonly perMinute: number, private readonly burst: number) {}

  /** Takes one token for `key`; false (and nothing taken) when its bucket is empty. */
  take(key: string, now: number): boolean {
    const bucket = this.refilled(key, now);
    const ok = bucket.tokens >= 1;
    if (ok) bucket.tokens -= 1;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000 && now >= this.nextSweep) this.sweep(now);
    return ok;
  }

  /** Whether `key` has a token left, without taking it. */
  allows(key: string, now: number): boolean {
    const bucket = this.buckets.get(key);
    return !bucket || this.refilled(key, now).tokens >= 1;
  }

  private refilled(key: string, now: number): { tokens: number; at: number } {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (Math.max(0, now - bucket.at) * this.perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  /** Drops every bucket that has refilled; at most once a second, so a large map is not walked on every take. */
  private sweep(now: number): void {
    this.nextSweep = now + 1_000;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) * this.perMinute) / 60_000 >= this.burst) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }
}
