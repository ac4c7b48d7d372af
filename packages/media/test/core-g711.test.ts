import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ULAW_DECODE, ULAW_ENCODE, decodeSample, encodeSample, decodeInto, encodeInto } from '../src/core/g711.ts';

test('μ-law decode table matches G.711: 0xFF and 0x7F are zero, 0x00 and 0x80 are the extremes ∓32124', () => {
  assert.equal(decodeSample(0xff), 0);
  assert.equal(decodeSample(0x7f), 0);
  assert.equal(decodeSample(0x00), -32124);
  assert.equal(decodeSample(0x80), 32124);
  assert.equal(decodeSample(0xfe), 8); // smallest positive step
  assert.equal(ULAW_DECODE.length, 256);
  assert.equal(ULAW_ENCODE.length, 65536);
});

test('encoding a decoded byte gives the byte back (except negative zero 0x7F, which encodes as 0xFF)', () => {
  for (let b = 0; b < 256; b++) assert.equal(encodeSample(decodeSample(b)), b === 0x7f ? 0xff : b, `byte ${b}`);
});

test('encoding is monotonic in the sample and clips beyond 16 bits', () => {
  let prev = -Infinity;
  for (let s = -32768; s <= 32767; s += 7) {
    const v = decodeSample(encodeSample(s));
    assert.ok(v >= prev, `decode(encode(${s})) = ${v} < ${prev}`);
    prev = v;
  }
  assert.equal(encodeSample(100_000), encodeSample(32767));
  assert.equal(encodeSample(-100_000), encodeSample(-32768));
});

test('quantisation error stays within μ-law step size (≤ 1/16 of the magnitude, plus the smallest step)', () => {
  fc.assert(
    fc.property(fc.integer({ min: -32000, max: 32000 }), (s) => {
      const err = Math.abs(decodeSample(encodeSample(s)) - s);
      return err <= Math.abs(s) / 16 + 8;
    }),
  );
});

test('decodeInto/encodeInto fill preallocated buffers and clip Int32 input', () => {
  const src = new Int32Array([0, 40000, -40000, 1000]);
  const u = new Uint8Array(4);
  encodeInto(src, u);
  const back = new Int16Array(4);
  decodeInto(u, back);
  assert.deepEqual([...back].map((v, i) => Math.sign(v) === Math.sign(src[i]!) || v === 0), [true, true, true, true]);
  assert.equal(back[1], 32124);
  assert.equal(back[2], -32124);
});
