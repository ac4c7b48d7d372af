import { encodeFloat } from '../core/g711.ts';

/**
 * Built-in hold and queue music, generated: a gentle I–vi–IV–V progression in C (C, Am, F, G), two seconds
 * per chord, as soft sine pads with slow attacks and releases plus a quiet arpeggio an octave up. Eight
 * seconds that loop seamlessly (every note fades to zero at its chord's end). Pure arithmetic: the same
 * bytes on every machine, nothing to license. Frequencies stay under 1.1 kHz, comfortably inside the
 * telephone band.
 */

const RATE = 8000;
const CHORD_SECONDS = 2;
const midi = (note: number) => 440 * 2 ** ((note - 69) / 12);
/** Pad voicings (MIDI notes): bass, then three chord tones. */
const CHORDS: number[][] = [
  [48, 60, 64, 67], // C
  [45, 57, 60, 64], // Am
  [41, 57, 60, 65], // F
  [43, 55, 59, 62], // G
];
const ARPEGGIO = [0, 1, 2, 3, 2, 1, 2, 3]; // indices into the chord's upper tones (+12), eighth notes

let cached: Uint8Array | undefined;

export function holdMusic(): Uint8Array {
  cached ??= render();
  return cached.slice();
}

function render(): Uint8Array {
  const chordSamples = CHORD_SECONDS * RATE;
  const out = new Float32Array(CHORDS.length * chordSamples);
  CHORDS.forEach((chord, c) => {
    const base = c * chordSamples;
    for (let i = 0; i < chordSamples; i++) {
      const t = i / RATE;
      // pad envelope: 0.4 s attack, 0.5 s release, raised-cosine shaped, zero at both ends
      const env = Math.min(shape(t / 0.4), shape((CHORD_SECONDS - t) / 0.5));
      let s = 0;
      chord.forEach((note, k) => {
        const f = midi(note);
        const gain = k === 0 ? 0.32 : 0.22;
        // a touch of second harmonic and slow tremolo for warmth
        s += gain * (Math.sin(2 * Math.PI * f * t) + 0.15 * Math.sin(4 * Math.PI * f * t)) * (1 + 0.08 * Math.sin(2 * Math.PI * (0.5 + 0.1 * k) * t));
      });
      out[base + i] = 0.28 * env * s;
    }
    // arpeggio: eighth notes (0.25 s) with a soft pluck envelope
    const step = chordSamples / ARPEGGIO.length;
    ARPEGGIO.forEach((idx, n) => {
      const f = midi(chord[1 + (idx % 3)]! + 12 + (idx === 3 ? 12 : 0)) / (idx === 3 ? 2 : 1);
      for (let i = 0; i < step; i++) {
        const t = i / RATE;
        const env = Math.min(1, t / 0.01) * Math.exp(-t * 9) * shape((step - i) / (0.02 * RATE));
        out[base + n * step + i]! += 0.07 * env * Math.sin(2 * Math.PI * f * t);
      }
    });
  });
  return encodeFloat(out);
}

/** 0 → 1 raised cosine, clamped. */
function shape(x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  return 0.5 - 0.5 * Math.cos(Math.PI * x);
}
