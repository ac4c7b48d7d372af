/** Our RTP header reader returns what werift's own does, field for field, for any packet (rtc/rtpHeader.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRtpHeader, weriftParseRtpHeader } from '../src/rtc/rtpHeader.ts';

/** A well-formed RTP packet: any fixed header, CSRCs, an optional one-byte, two-byte or other extension block, padding. */
const packet = fc.record({
  first: fc.integer({ min: 0, max: 255 }).map((b) => (b & 0x3f) | 0x80),
  second: fc.integer({ min: 0, max: 255 }),
  seq: fc.integer({ min: 0, max: 0xffff }),
  ts: fc.integer({ min: 0, max: 0xffffffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  csrc: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15, size: 'max' }),
  profile: fc.constantFrom(0xbede, 0x1000, 0x1234),
  extWords: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24, size: 'max' }).map((bytes) => bytes.slice(0, bytes.length - (bytes.length % 4))),
  payload: fc.uint8Array({ minLength: 1, maxLength: 200, size: 'max' }),
}).map((p) => {
  const cc = p.csrc.length;
  const extension = (p.first & 0x10) !== 0;
  const header = Buffer.alloc(12 + 4 * cc + (extension ? 4 + p.extWords.length : 0));
  header[0] = (p.first & 0xf0) | cc;
  header[1] = p.second;
  header.writeUInt16BE(p.seq, 2);
  header.writeUInt32BE(p.ts, 4);
  header.writeUInt32BE(p.ssrc, 8);
  p.csrc.forEach((c, i) => header.writeUInt32BE(c, 12 + 4 * i));
  if (extension) {
    const at = 12 + 4 * cc;
    header.writeUInt16BE(p.profile, at);
    header.writeUInt16BE(p.extWords.length / 4, at + 2);
    Buffer.from(p.extWords).copy(header, at + 4);
  }
  return Buffer.concat([header, Buffer.from(p.payload)]);
});

const plain = (h: object) => JSON.parse(JSON.stringify(h, (_k, v) => (v && v.type === 'Buffer' ? v : v === undefined ? '<undefined>' : v)));

test('the fast RTP header reader gives werift\'s own result for every packet', () => {
  fc.assert(fc.property(packet, (raw) => {
    assert.deepEqual(plain(parseRtpHeader(raw)), plain(weriftParseRtpHeader(raw)));
  }), { numRuns: 2000 });
});

test('a PCMU packet with Chromium\'s audio-level extension reads as werift reads it', () => {
  const raw = Buffer.from('90006b2c0001f40012345678bede000110800000' + 'ff'.repeat(160), 'hex');
  const ours = parseRtpHeader(raw);
  assert.deepEqual(plain(ours), plain(weriftParseRtpHeader(raw)));
  assert.equal(ours.payloadType, 0);
  assert.equal(ours.sequenceNumber, 0x6b2c);
  assert.deepEqual(ours.extensions.map((e) => e.id), [1]);
  assert.equal(ours.payloadOffset, 20);
});
