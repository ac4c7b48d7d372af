/** The batched AES-CM keystream (rtc/keystream.ts) gives the per-packet keystream's bytes for any order of packets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Keystream } from '../src/rtc/keystream.ts';
import { ctrXorInto, srtpCounter } from '../src/rtc/srtp.ts';

test('keystream: made ahead in batches, it XORs exactly as the per-packet keystream, in order, late, after jumps and wraps, for long packets, and for data read in place from a larger packet', () => {
  fc.assert(fc.property(
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
    fc.uint8Array({ minLength: 14, maxLength: 14 }),
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.integer({ min: 0, max: 0xffff + 3 * 0x10000 }),
    // steps from one packet index to the next: mostly +1, sometimes late, sometimes a jump
    fc.array(fc.oneof(fc.constant(1), fc.constant(1), fc.integer({ min: -80, max: 0 }), fc.integer({ min: 2, max: 200 })), { minLength: 1, maxLength: 150 }),
    fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 }),
    (key, salt, ssrc, start, steps, lengths) => {
      const k = Buffer.from(key), s = Buffer.from(salt);
      const keystream = new Keystream(k, s, ssrc);
      let index = start;
      steps.forEach((step, i) => {
        index = Math.max(0, index + step);
        const seq = index % 0x10000, roc = Math.floor(index / 0x10000);
        const data = Buffer.alloc(i % 3 === 0 ? lengths[i % lengths.length]! : 160, i & 0xff);
        const expected = ctrXorInto(k, srtpCounter(seq, roc, ssrc, s), data, Buffer.alloc(data.length), 0);
        const got = Buffer.alloc(data.length + 4, 0xee);
        if (i % 2 === 0) keystream.xorInto(seq, roc, data, got, 2);
        else { // in place: the payload inside a packet, read from `pre` to `pre + length`
          const pre = 12 + (i % 5) * 4;
          const framed = Buffer.concat([Buffer.alloc(pre, 0x55), data, Buffer.alloc(10, 0x66)]);
          keystream.xorInto(seq, roc, framed, got, 2, pre, pre + data.length);
        }
        assert.deepEqual(got.subarray(2, 2 + data.length), expected, `packet ${i}: index ${index}, ${data.length} bytes`);
        assert.equal(got[0], 0xee);
        assert.equal(got[data.length + 2], 0xee);
      });
    }), { numRuns: 200 });
});
