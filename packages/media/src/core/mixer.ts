import type { HearingMatrix } from '../facade.ts';
import { FRAME_SAMPLES, ULAW_DECODE, ULAW_ENCODE, ULAW_SILENCE } from './g711.ts';

/**
 * Per-listener mixing from the hearing matrix.
 *
 * The matrix is positive and complete: a listener hears exactly the sources its row names (endpoint ids
 * and playback ids), each once however often it is listed. An endpoint with no row hears no one; one named
 * in no row is heard by no one (fail closed).
 *
 * Unknown ids: the facade says they raise TypeError, but the server pushes the matrix and play() at about
 * the same time, so a row may name a playback (or an endpoint) a moment before it exists. Unknown ids are
 * therefore accepted and treated as silent sources until they exist; only malformed input (not an object,
 * rows that are not arrays, ids that are not non-empty strings, a version that is not a finite number)
 * raises TypeError.
 *
 * Output per listener and frame:
 * - no source that exists: μ-law silence (0xFF) — every endpoint is sent a frame every 20 ms, so the
 *   browser's stream, its jitter buffer and its RTCP stay continuous (nothing audible is lost by sending
 *   silence; a gap would make the receiver conceal and stretch);
 * - exactly one: that source's μ-law bytes, byte for byte (no decode/encode loss);
 * - several: their decoded samples summed in Int32 and clipped once to 16 bits, then encoded.
 */

/** A source as the mixer sees it for one frame. */
export interface MixSource {
  /** This frame's 160 μ-law bytes. */
  readonly ulaw: Uint8Array;
  /** This frame decoded (valid once `decode` has run for the frame). */
  readonly pcm: Int16Array;
  /** Makes `pcm` current for this frame (cheap when already done). */
  decode(): void;
}

/** Throws TypeError unless `m` is a well-formed HearingMatrix. */
export function validateHearingMatrix(m: unknown): asserts m is HearingMatrix {
  if (typeof m !== 'object' || m === null) throw new TypeError('setHearing: matrix must be an object');
  const { version, hears } = m as { version?: unknown; hears?: unknown };
  if (typeof version !== 'number' || !Number.isFinite(version)) throw new TypeError('setHearing: version must be a finite number');
  if (typeof hears !== 'object' || hears === null || Array.isArray(hears)) throw new TypeError('setHearing: hears must be an object of rows');
  for (const [listener, row] of Object.entries(hears)) {
    if (listener === '') throw new TypeError('setHearing: empty listener id');
    if (!Array.isArray(row)) throw new TypeError(`setHearing: the row of ${listener} is not an array`);
    for (const id of row) if (typeof id !== 'string' || id === '') throw new TypeError(`setHearing: the row of ${listener} holds a non-string or empty id`);
  }
}

/** A private copy of a validated matrix (rows deduplicated), so later changes by the caller do not leak in. */
export function copyHearingMatrix(m: HearingMatrix): HearingMatrix {
  const hears: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const [listener, row] of Object.entries(m.hears)) hears[listener] = [...new Set(row)];
  return { version: m.version, hears };
}

/**
 * Mixes `count` sources into `out` (160 μ-law bytes) using `acc` (160 Int32) as scratch.
 * Returns the sum of absolute sample values of what `out` decodes to (for the energy meter).
 */
export function mixFrame(sources: readonly MixSource[], count: number, out: Uint8Array, acc: Int32Array): number {
  if (count === 0) {
    out.fill(ULAW_SILENCE, 0, FRAME_SAMPLES);
    return 0;
  }
  if (count === 1) {
    const s = sources[0]!;
    out.set(s.ulaw.subarray(0, FRAME_SAMPLES));
    return absSumUlaw(out);
  }
  acc.fill(0, 0, FRAME_SAMPLES);
  for (let k = 0; k < count; k++) addInto(sources[k]!, acc, 1);
  return encodeMix(acc, out);
}

/**
 * A bridge's mixing plan, made when its rows change. In a conference most listeners hear everyone but
 * themselves: summing each row is O(parties²) a frame. So the sources heard in rows of two or more are summed
 * once a frame (`shared`), and a listener for whom it is cheaper takes that sum minus the few sources it does
 * not hear (`minus[i]`): one pass instead of five for each of six parties. Integer sums, so the bytes are the
 * same as `mixFrame`'s (a property test holds them equal).
 */
export interface MixPlan {
  /** The sources to sum once a frame (empty: no listener uses the shared sum). */
  shared: MixSource[];
  /** Per row: the shared sources it lacks (subtract them), or undefined (mix the row itself). */
  minus: (MixSource[] | undefined)[];
}

export function planMix(rows: readonly (readonly MixSource[])[]): MixPlan {
  const union = new Set<MixSource>();
  for (const row of rows) if (row.length >= 2) for (const s of row) union.add(s);
  const shared = [...union];
  const minus = rows.map((row) => {
    if (row.length < 3) return undefined; // a pair costs what a copy of the sum costs
    const heard = new Set(row);
    const lacks = shared.filter((s) => !heard.has(s));
    return lacks.length + 1 < row.length ? lacks : undefined;
  });
  if (!minus.some((m) => m !== undefined)) shared.length = 0;
  return { shared, minus };
}

/** The plan's shared sum for this frame into `total` (160 Int32). */
export function sumShared(plan: MixPlan, total: Int32Array): void {
  total.fill(0, 0, FRAME_SAMPLES);
  for (const s of plan.shared) addInto(s, total, 1);
}

/** Mixes `total` minus `lacks` into `out`, like `mixFrame`, with `acc` as scratch. */
export function mixFromShared(total: Int32Array, lacks: readonly MixSource[], out: Uint8Array, acc: Int32Array): number {
  acc.set(total);
  for (const s of lacks) addInto(s, acc, -1);
  return encodeMix(acc, out);
}

function addInto(s: MixSource, acc: Int32Array, sign: 1 | -1): void {
  s.decode();
  const pcm = s.pcm;
  if (sign === 1) for (let i = 0; i < FRAME_SAMPLES; i++) acc[i]! += pcm[i]!;
  else for (let i = 0; i < FRAME_SAMPLES; i++) acc[i]! -= pcm[i]!;
}

/** Clips `acc` once to 16 bits and encodes it into `out`; returns the energy of what is sent. */
function encodeMix(acc: Int32Array, out: Uint8Array): number {
  let energy = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    let v = acc[i]!;
    v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    const b = ULAW_ENCODE[v + 32768]!;
    out[i] = b;
    const sent = ULAW_DECODE[b]!; // meter what is actually sent, after quantisation
    energy += sent < 0 ? -sent : sent;
  }
  return energy;
}

/** Sum of absolute decoded samples of a μ-law frame. */
export function absSumUlaw(frame: Uint8Array): number {
  let e = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const v = ULAW_DECODE[frame[i]!]!;
    e += v < 0 ? -v : v;
  }
  return e;
}

/** Sum of absolute samples of a decoded frame. */
export function absSumPcm(pcm: Int16Array): number {
  let e = 0;
  for (let i = 0; i < FRAME_SAMPLES; i++) {
    const v = pcm[i]!;
    e += v < 0 ? -v : v;
  }
  return e;
}
