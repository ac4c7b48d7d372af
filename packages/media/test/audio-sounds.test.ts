import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdMusic } from '../src/audio/music.ts';
import { beep, neutralTone, ringback } from '../src/audio/tones.ts';
import { decodeSample } from '../src/core/g711.ts';

const pcm = (u: Uint8Array) => Float64Array.from(u, (b) => decodeSample(b));
const meanAbs = (x: Float64Array, from = 0, to = x.length) => {
  let e = 0;
  for (let i = from; i < to; i++) e += Math.abs(x[i]!);
  return e / Math.max(1, to - from);
};
/** Amplitude of one frequency over a span (single-bin DFT). */
function amplitude(x: Float64Array, freq: number, from: number, to: number): number {
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    re += x[i]! * Math.cos((2 * Math.PI * freq * i) / 8000);
    im += x[i]! * Math.sin((2 * Math.PI * freq * i) / 8000);
  }
  return (2 * Math.hypot(re, im)) / (to - from);
}

test('hold music is deterministic: the same bytes every time, and callers cannot change the shared copy', () => {
  const a = holdMusic();
  a.fill(0);
  const b = holdMusic();
  const c = holdMusic();
  assert.deepEqual(b, c);
  assert.ok(b.some((x) => x !== 0));
});

test('hold music is 8 s of gentle, non-silent audio that never clips and loops without a click', () => {
  const x = pcm(holdMusic());
  assert.equal(x.length, 64_000);
  for (let s = 0; s < 8; s++) {
    const e = meanAbs(x, s * 8000, (s + 1) * 8000);
    assert.ok(e > 800 && e < 8000, `second ${s}: mean level ${e}`);
  }
  const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(peak < 20_000, `peak ${peak} leaves headroom`);
  // every note fades to zero at its chord's end and starts from zero, so the loop point has no step
  assert.ok(meanAbs(x, x.length - 40) < 50, 'the end is faded out');
  assert.ok(Math.abs(x[0]!) < 50 && Math.abs(x[0]! - x[x.length - 1]!) < 50, 'no jump from the last sample to the first');
});

test('hold music follows its chords: C, Am, F, G (the bass note of each two-second chord is present)', () => {
  const x = pcm(holdMusic());
  const bass = [130.81, 110.0, 87.31, 98.0];
  bass.forEach((f, c) => {
    const from = c * 16000 + 4000;
    const to = from + 8000;
    const own = amplitude(x, f, from, to);
    const others = bass.filter((g) => g !== f).map((g) => amplitude(x, g, from, to));
    assert.ok(others.every((o) => own > 3 * o), `chord ${c}: ${own} vs ${others.join(',')}`);
  });
});

test('ringback is North American: 440 + 480 Hz for 2 s, then 4 s of silence', () => {
  const x = pcm(ringback());
  assert.equal(x.length, 48_000);
  assert.ok(amplitude(x, 440, 800, 15_200) > 1500 && amplitude(x, 480, 800, 15_200) > 1500);
  assert.ok(amplitude(x, 620, 800, 15_200) < 100, 'not busy tone');
  assert.ok(meanAbs(x, 16_100, 48_000) === 0, 'silent off-period');
});

test('the beep is a 250 ms 1 kHz tone; the neutral chime is short and non-silent', () => {
  const b = pcm(beep());
  assert.equal(b.length, 2000);
  assert.ok(amplitude(b, 1000, 100, 1900) > 5000);
  const n = pcm(neutralTone());
  assert.ok(n.length >= 4000 && n.length <= 8000 && meanAbs(n) > 500);
});
