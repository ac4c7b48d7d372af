/**
 * G.711 μ-law (PCMU). Decoding is a 256-entry Int16 table; encoding is a 64K-entry table indexed by
 * `sample + 32768`, so the mixer's inner loop is two array reads per sample. Tables are built once at load.
 */

export const FRAME_SAMPLES = 160;
/** μ-law silence: 0xFF decodes to 0 (0x7F is "negative zero" and also decodes to 0). */
export const ULAW_SILENCE = 0xff;

const BIAS = 0x84;
const CLIP = 32635;

function encodeArithmetic(sample: number): number {
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

function decodeArithmetic(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -magnitude : magnitude;
}

/** μ-law byte → linear 16-bit sample. */
export const ULAW_DECODE = new Int16Array(256);
for (let b = 0; b < 256; b++) ULAW_DECODE[b] = decodeArithmetic(b);

/** Linear sample (index `sample + 32768`) → μ-law byte. */
export const ULAW_ENCODE = new Uint8Array(65536);
for (let i = 0; i < 65536; i++) ULAW_ENCODE[i] = encodeArithmetic(i - 32768);

export function decodeSample(byte: number): number {
  return ULAW_DECODE[byte & 0xff]!;
}

/** Encodes one sample, clipping it to 16 bits first. */
export function encodeSample(sample: number): number {
  const s = sample > 32767 ? 32767 : sample < -32768 ? -32768 : sample | 0;
  return ULAW_ENCODE[s + 32768]!;
}

/** Decodes `count` bytes of `src` into `dst` (no allocation). */
export function decodeInto(src: Uint8Array, dst: Int16Array, count = src.length): void {
  for (let i = 0; i < count; i++) dst[i] = ULAW_DECODE[src[i]!]!;
}

/** Encodes `count` samples of `src` (any integer array; values are clipped) into `dst` (no allocation). */
export function encodeInto(src: ArrayLike<number>, dst: Uint8Array, count = src.length): void {
  for (let i = 0; i < count; i++) {
    let v = src[i]!;
    v = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
    dst[i] = ULAW_ENCODE[v + 32768]!;
  }
}

/** Encodes a whole buffer of float samples in −1..1 (renderers, not the hot path). */
export function encodeFloat(samples: Float32Array | Float64Array): Uint8Array {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encodeSample(Math.round(samples[i]! * 32767));
  return out;
}
