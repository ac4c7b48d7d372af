import { encodeFloat } from '../core/g711.ts';

/** Call-progress tones at 8 kHz μ-law, generated (no files). Meant to be played with `loop` where noted. */

const RATE = 8000;

function tone(freqs: number[], onMs: number, offMs: number, amplitude: number, rampMs = 10): Uint8Array {
  const on = Math.round((onMs * RATE) / 1000);
  const total = on + Math.round((offMs * RATE) / 1000);
  const ramp = Math.max(1, Math.round((rampMs * RATE) / 1000));
  const out = new Float32Array(total);
  for (let i = 0; i < on; i++) {
    const env = Math.min(1, i / ramp, (on - 1 - i) / ramp);
    let s = 0;
    for (const f of freqs) s += Math.sin((2 * Math.PI * f * i) / RATE);
    out[i] = (amplitude * env * s) / freqs.length;
  }
  return encodeFloat(out);
}

/** North American ringback: 440 + 480 Hz, 2 s on, 4 s off (one 6 s cadence; loop it). */
export function ringback(): Uint8Array {
  return tone([440, 480], 2000, 4000, 0.2);
}

/** A short beep (the customer whisper's): 1 kHz for 250 ms. */
export function beep(): Uint8Array {
  return tone([1000], 250, 0, 0.25);
}

/** What a text prompt plays when there is no text to speech: a soft two-note chime, 0.6 s. */
export function neutralTone(): Uint8Array {
  const a = tone([659.25], 250, 50, 0.15, 20);
  const b = tone([523.25], 300, 0, 0.15, 20);
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
