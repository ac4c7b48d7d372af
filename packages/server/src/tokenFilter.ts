/**
 * What the server holds in memory of the ClientTokens of the last 7 days: not the tokens, only whether
 * a key may have been seen (a Bloom filter, 2 bytes a token). A "no" is certain, and is what nearly every
 * request gets (a new token); a "maybe" is a retry, or rarely (under 0.05% for each day's slice) a
 * stranger, and is looked up in the store.
 *
 * The filter is kept in slices of about a day each, sized from the day before (doubling when one fills),
 * so it grows and shrinks with the traffic; a slice leaves when its newest key is out of the window.
 * Memory is bounded: past `maxKeys` (default 2^26, ~67 million tokens in a week, 128 MB) keys are not
 * added, and until those keys have expired the filter answers "maybe" to everything (every request
 * with a ClientToken then costs one indexed store read: slower, never wrong).
 */

/** Amazon Connect: "The token is valid for 7 days after creation." */
export const CLIENT_TOKEN_WINDOW_MS = 7 * 86_400_000;

const DAY_MS = 86_400_000;
const BITS_PER_KEY = 16;
/** Probes per key: the optimum for 16 bits a key (16 · ln 2 ≈ 11); a full slice answers "maybe" to ~0.05% of strangers. */
const PROBES = 11;
const MIN_SLICE_KEYS = 1 << 13;
const MAX_SLICE_KEYS = 1 << 23;
export const DEFAULT_FILTER_KEYS = 1 << 26;

/**
 * A 53-bit hash of a key: two 32-bit multiply-xorshift hashes (murmur3's finaliser), 32 + 21 bits.
 * It is stored with the record (the store's index) and is all the filter needs.
 */
export function tokenHash(key: string): number {
  let a = 0x9747b28c;
  let b = 0x2f1b3c5d;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x5bd1e995);
    a ^= a >>> 15;
    b = Math.imul(b ^ c, 0x27d4eb2f);
    b ^= b >>> 13;
  }
  return (finish(a ^ key.length) >>> 0) * 2 ** 21 + (finish(b ^ key.length) >>> 11);
}

function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One Bloom filter: positions hi + i·step (double hashing; step is odd, the size a power of two). */
class Slice {
  private readonly bits: Uint32Array;
  private readonly size: number;
  count = 0;
  newest = -Infinity;

  constructor(readonly capacity: number, readonly day: number) {
    this.size = capacity * BITS_PER_KEY;
    this.bits = new Uint32Array(this.size / 32);
  }

  add(hi: number, step: number): void {
    for (let i = 0; i < PROBES; i++) {
      const bit = (hi + i * step) % this.size;
      this.bits[bit >>> 5]! |= 1 << (bit & 31);
    }
  }

  has(hi: number, step: number): boolean {
    for (let i = 0; i < PROBES; i++) {
      const bit = (hi + i * step) % this.size;
      if ((this.bits[bit >>> 5]! & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}

export class TokenFilter {
  /** Oldest first. */
  private readonly slices: Slice[] = [];
  private held = 0;
  /** Keys could not be added (memory bound): until they have all expired, everything "may" have been seen. */
  private saturatedUntil = -Infinity;

  constructor(private readonly maxKeys = DEFAULT_FILTER_KEYS) {}

  /** Keys the slices have room for (their memory is 2 bytes each). */
  get capacity(): number {
    return this.held;
  }

  add(hash: number, at: number): void {
    let slice = this.slices.at(-1);
    const day = Math.floor(at / DAY_MS);
    if (!slice || day > slice.day || slice.count >= slice.capacity) {
      const capacity = !slice ? MIN_SLICE_KEYS
        : slice.count >= slice.capacity ? Math.min(slice.capacity * 2, MAX_SLICE_KEYS)
        : Math.min(Math.max(MIN_SLICE_KEYS, 2 ** Math.ceil(Math.log2(Math.max(slice.count, 1)))), MAX_SLICE_KEYS);
      this.retire(at - CLIENT_TOKEN_WINDOW_MS);
      if (this.held + capacity > this.maxKeys) {
        this.saturatedUntil = Math.max(this.saturatedUntil, at + CLIENT_TOKEN_WINDOW_MS);
        return;
      }
      slice = new Slice(capacity, day);
      this.slices.push(slice);
      this.held += capacity;
    }
    const [hi, step] = split(hash);
    slice.add(hi, step);
    slice.count++;
    if (at > slice.newest) slice.newest = at;
  }

  /** False: the key was certainly not added (or only before `retire`d time); true: it may have been. */
  mayHave(hash: number, now: number): boolean {
    if (now < this.saturatedUntil) return true;
    const [hi, step] = split(hash);
    for (const slice of this.slices) if (slice.has(hi, step)) return true;
    return false;
  }

  /** Drops the slices whose keys are all from before `before`. */
  retire(before: number): void {
    while (this.slices.length > 0 && this.slices[0]!.newest < before) this.held -= this.slices.shift()!.capacity;
  }
}

function split(hash: number): [number, number] {
  const hi = Math.floor(hash / 2 ** 21);
  return [hi, (hash - hi * 2 ** 21) * 2 + 1];
}
