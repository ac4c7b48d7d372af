/**
 * Windowed-sinc resampling to 8 kHz for prompts and files (offline, not the call path). The low-pass
 * cutoff sits just below the lower of the two Nyquist frequencies (91%), with a Blackman window over
 * ±16 zero crossings, so 22 050 Hz speech comes down to telephone bandwidth without aliasing.
 */
const ZERO_CROSSINGS = 16;

/** Fractional positions are quantised to 1/PHASES of an input sample; each phase has a precomputed kernel. */
const PHASES = 256;

export function resample(input: Float32Array, fromRate: number, toRate = 8000): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new RangeError(`bad sample rate ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return input.slice();
  const ratio = fromRate / toRate;
  const outLength = Math.floor(input.length / ratio);
  const out = new Float32Array(outLength);
  // cutoff relative to the input rate's Nyquist
  const cutoff = 0.91 * Math.min(1, toRate / fromRate);
  const half = Math.ceil(ZERO_CROSSINGS / cutoff);
  const taps = 2 * half;
  // kernels[p][j] weights input sample (center − half + 1 + j) when the output sits p/PHASES past center
  const kernels = new Float64Array((PHASES + 1) * taps);
  for (let p = 0; p <= PHASES; p++) {
    let norm = 0;
    for (let j = 0; j < taps; j++) {
      const x = p / PHASES + half - 1 - j;
      const w = sinc(x * cutoff) * window(x / (half + 1));
      kernels[p * taps + j] = w;
      norm += w;
    }
    for (let j = 0; j < taps; j++) kernels[p * taps + j]! /= norm; // unity gain at DC
  }
  for (let n = 0; n < outLength; n++) {
    const t = n * ratio;
    const center = Math.floor(t);
    const k0 = p0(center, half);
    const phase = Math.round((t - center) * PHASES);
    const kb = phase * taps;
    let sum = 0;
    if (k0 >= 0 && k0 + taps <= input.length) {
      for (let j = 0; j < taps; j++) sum += input[k0 + j]! * kernels[kb + j]!;
    } else {
      for (let j = 0; j < taps; j++) {
        const k = k0 + j;
        if (k >= 0 && k < input.length) sum += input[k]! * kernels[kb + j]!;
      }
    }
    out[n] = sum;
  }
  return out;
}

const p0 = (center: number, half: number) => center - half + 1;

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over −1..1. */
function window(u: number): number {
  if (u <= -1 || u >= 1) return 0;
  const a = Math.PI * (u + 1); // 0..2π
  return 0.42 - 0.5 * Math.cos(a) + 0.08 * Math.cos(2 * a);
}
