/** The fast path's HMAC-SHA1 (rtc/hmacSha1.ts) gives node:crypto's bytes for any key, message and suffix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { HmacSha1 } from '../src/rtc/hmacSha1.ts';

test('HMAC-SHA1: the tag equals createHmac(sha1) of the message and the big-endian suffix, for messages across block boundaries', () => {
  fc.assert(fc.property(
    fc.uint8Array({ minLength: 0, maxLength: 64 }),
    fc.uint8Array({ minLength: 0, maxLength: 300, size: 'max' }),
    fc.nat(300), fc.nat(300),
    fc.integer({ min: 0, max: 0xffffffff }),
    fc.integer({ min: 1, max: 20 }),
    (key, message, a, b, suffix, length) => {
      const start = Math.min(a, b, message.length);
      const end = Math.min(Math.max(a, b), message.length);
      const roc = Buffer.alloc(4);
      roc.writeUInt32BE(suffix);
      const expected = createHmac('sha1', key).update(message.subarray(start, end)).update(roc).digest().subarray(0, length);
      const out = new Uint8Array(length + 3).fill(0xee);
      new HmacSha1(key).tag(message, start, end, suffix, out, 2, length);
      assert.deepEqual(Buffer.from(out.subarray(2, 2 + length)), expected);
      assert.equal(out[0], 0xee, 'nothing written before the offset');
      assert.equal(out[length + 2], 0xee, 'nothing written past the length');
    }), { numRuns: 1000 });
});

test('HMAC-SHA1: one key object gives the same tag again (its pad states are not disturbed by use or by other keys)', () => {
  const one = new HmacSha1(Buffer.from('key one, twenty bytes'));
  const two = new HmacSha1(Buffer.from('another key'));
  const message = Buffer.from('an RTP packet, more or less');
  const first = new Uint8Array(10);
  const again = new Uint8Array(10);
  one.tag(message, 0, message.length, 7, first, 0, 10);
  two.tag(message, 0, message.length, 7, new Uint8Array(10), 0, 10);
  one.tag(message, 0, message.length, 7, again, 0, 10);
  assert.deepEqual(again, first);
});
