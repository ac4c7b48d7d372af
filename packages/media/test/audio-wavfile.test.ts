import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, readAudioFile, wavToUlaw } from '../src/audio/wavFile.ts';
import { resample } from '../src/audio/resample.ts';
import { decodeSample, encodeSample } from '../src/core/g711.ts';

/** Builds a WAV with one fmt chunk (optionally a junk chunk before data) from per-sample writers. */
function wav(o: { rate: number; channels: number; bits: number; format: number; frames: number; sample: (frame: number, ch: number) => number; extensible?: boolean; junk?: boolean; dataSize?: number }): Uint8Array {
  const width = o.bits / 8;
  const dataBytes = o.frames * o.channels * width;
  const fmtSize = o.extensible ? 40 : 16;
  const junk = o.junk ? 8 + 3 + 1 : 0; // odd-sized chunk plus its pad byte
  const bytes = new Uint8Array(12 + 8 + fmtSize + junk + 8 + dataBytes);
  const v = new DataView(bytes.buffer);
  const tag = (at: number, s: string) => [...s].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  tag(0, 'RIFF');
  v.setUint32(4, bytes.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, o.extensible ? 0xfffe : o.format, true);
  v.setUint16(22, o.channels, true);
  v.setUint32(24, o.rate, true);
  v.setUint32(28, o.rate * o.channels * width, true);
  v.setUint16(32, o.channels * width, true);
  v.setUint16(34, o.bits, true);
  if (o.extensible) v.setUint16(20 + 24, o.format, true); // SubFormat GUID starts with the format code
  let at = 20 + fmtSize;
  if (o.junk) {
    tag(at, 'LIST');
    v.setUint32(at + 4, 3, true);
    at += junk;
  }
  tag(at, 'data');
  v.setUint32(at + 4, o.dataSize ?? dataBytes, true);
  at += 8;
  for (let f = 0; f < o.frames; f++) {
    for (let c = 0; c < o.channels; c++) {
      const s = o.sample(f, c);
      if (o.format === 3) v.setFloat32(at, s, true);
      else if (o.format === 7) bytes[at] = encodeSample(Math.round(s * 32767));
      else if (o.bits === 8) bytes[at] = Math.round(s * 127) + 128;
      else if (o.bits === 16) v.setInt16(at, Math.round(s * 32767), true);
      else if (o.bits === 24) {
        const i = Math.round(s * 8388607);
        bytes[at] = i & 0xff;
        bytes[at + 1] = (i >> 8) & 0xff;
        bytes[at + 2] = (i >> 16) & 0xff;
      }
      at += width;
    }
  }
  return bytes;
}
const sine = (freq: number, rate: number, amp = 0.5) => (f: number) => amp * Math.sin((2 * Math.PI * freq * f) / rate);
function amplitude(u: Uint8Array, freq: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < u.length; i++) {
    const x = decodeSample(u[i]!) / 32768;
    re += x * Math.cos((2 * Math.PI * freq * i) / 8000);
    im += x * Math.sin((2 * Math.PI * freq * i) / 8000);
  }
  return (2 * Math.hypot(re, im)) / u.length;
}

test('16-bit mono 8 kHz WAV converts sample for sample (μ-law quantisation only)', () => {
  const bytes = wav({ rate: 8000, channels: 1, bits: 16, format: 1, frames: 800, sample: sine(400, 8000) });
  const u = wavToUlaw(bytes);
  assert.equal(u.length, 800);
  for (let i = 0; i < 800; i += 37) assert.ok(Math.abs(decodeSample(u[i]!) / 32768 - sine(400, 8000)(i)) < 0.03, `sample ${i}`);
});

test('every supported encoding yields the same tone: PCM 8/16/24-bit, float, μ-law, extensible; rates 8k–48k; stereo mixed down', () => {
  const cases = [
    { rate: 8000, bits: 8, format: 1 },
    { rate: 16000, bits: 16, format: 1 },
    { rate: 22050, bits: 16, format: 1 },
    { rate: 44100, bits: 24, format: 1 },
    { rate: 48000, bits: 32, format: 3 },
    { rate: 8000, bits: 8, format: 7 },
    { rate: 32000, bits: 16, format: 1, extensible: true, junk: true },
  ];
  for (const c of cases) {
    for (const channels of [1, 2]) {
      const bytes = wav({ ...c, channels, frames: c.rate / 2, sample: sine(600, c.rate) });
      const u = wavToUlaw(bytes);
      const label = `${c.rate} Hz ${c.bits}-bit format ${c.format} × ${channels}`;
      assert.ok(Math.abs(u.length - 4000) <= 1, `${label}: ${u.length} samples`);
      const a = amplitude(u, 600);
      assert.ok(Math.abs(a - 0.5) < 0.05, `${label}: amplitude ${a}`);
    }
  }
});

test('stereo is averaged: opposite channels cancel', () => {
  const bytes = wav({ rate: 8000, channels: 2, bits: 16, format: 1, frames: 400, sample: (f, c) => (c === 0 ? 1 : -1) * sine(500, 8000)(f) });
  assert.ok(wavToUlaw(bytes).every((b) => Math.abs(decodeSample(b)) <= 8));
});

test('a streamed WAV whose data size runs past the end (espeak-ng stdout) is read to the end of the file', () => {
  const bytes = wav({ rate: 8000, channels: 1, bits: 16, format: 1, frames: 100, sample: sine(500, 8000), dataSize: 0x7ffff000 });
  assert.equal(parseWav(bytes).samples.length, 100);
});

test('not a WAV, or an unsupported one, is a TypeError', () => {
  assert.throws(() => parseWav(new Uint8Array(50)), TypeError);
  assert.throws(() => wavToUlaw(wav({ rate: 8000, channels: 1, bits: 16, format: 2, frames: 10, sample: () => 0 })), TypeError);
});

test('resampling 22 050 → 8000 keeps in-band tones and removes what would alias', () => {
  const rate = 22050;
  const tone = (f: number) => Float32Array.from({ length: rate }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / rate));
  const enc = (x: Float32Array) => Uint8Array.from(x, (s) => encodeSample(Math.round(s * 32767)));
  const inBand = resample(tone(1000), rate);
  assert.equal(inBand.length, 8000);
  assert.ok(Math.abs(amplitude(enc(inBand), 1000) - 0.5) < 0.02);
  // 6 kHz would fold to 2 kHz at 8 kHz without the low-pass
  const high = resample(tone(6000), rate);
  assert.ok(amplitude(enc(high), 2000) < 0.01, `alias ${amplitude(enc(high), 2000)}`);
});

test('.ulaw files are raw 8 kHz μ-law and pass through; .wav files are converted', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-wav-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const raw = Uint8Array.from({ length: 321 }, (_, i) => (i * 13) & 0xff);
  await writeFile(join(dir, 'p.ulaw'), raw);
  assert.deepEqual(await readAudioFile(join(dir, 'p.ulaw')), raw);
  await writeFile(join(dir, 'p.wav'), wav({ rate: 16000, channels: 1, bits: 16, format: 1, frames: 1600, sample: sine(300, 16000) }));
  assert.equal((await readAudioFile(join(dir, 'p.wav'))).length, 800);
});
