/** The fast path's SRTP (rtc/srtpStream.ts) against werift's own sessions, for both profiles werift negotiates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RtpHeader, RtpPacket, SrtpSession } from 'werift';
import { srtpKeysOf } from '../src/rtc/fastPath.ts';
import { SrtpReader, SrtpWriter, estimateRoc } from '../src/rtc/srtpStream.ts';

const PROFILES = { 'aes-cm': { id: 1, saltLength: 14 }, 'aes-gcm': { id: 7, saltLength: 12 } } as const;
type Profile = keyof typeof PROFILES;

interface WSession { encrypt(payload: Buffer, header: RtpHeader): Buffer; decrypt(packet: Buffer): Buffer; localContext: { cipher: unknown }; remoteContext: { cipher: unknown } }

/** A werift session whose local and remote keys are the same (what one side encrypts, the other decrypts). */
function weriftSession(profile: Profile, key: Uint8Array, salt: Uint8Array): WSession {
  const k = Buffer.from(key);
  const s = Buffer.from(salt.subarray(0, PROFILES[profile].saltLength));
  return new SrtpSession({ keys: { localMasterKey: k, localMasterSalt: s, remoteMasterKey: k, remoteMasterSalt: s }, profile: PROFILES[profile].id } as never) as unknown as WSession;
}

function ours(session: WSession, ssrc: number): { writer: SrtpWriter; reader: SrtpReader } {
  const local = srtpKeysOf(session.localContext.cipher);
  const remote = srtpKeysOf(session.remoteContext.cipher);
  assert.ok(local && remote, 'werift\'s session keys are readable');
  return { writer: new SrtpWriter(local, ssrc), reader: new SrtpReader(remote) };
}

const stream = fc.record({
  profile: fc.constantFrom<Profile>('aes-cm', 'aes-gcm'),
  key: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  salt: fc.uint8Array({ minLength: 14, maxLength: 14 }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  // starts near the wrap often, so the rollover counter is exercised
  firstSeq: fc.oneof(fc.integer({ min: 0xfff0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })),
  ts: fc.integer({ min: 0, max: 0xffffffff }),
  payloads: fc.array(fc.uint8Array({ minLength: 1, maxLength: 200 }), { minLength: 1, maxLength: 40 }),
  pt: fc.constantFrom(0, 101),
});

test('fast-path SRTP: werift decrypts every packet the writer sends, across a sequence-number wrap, in both profiles', () => {
  fc.assert(fc.property(stream, (s) => {
    const session = weriftSession(s.profile, s.key, s.salt);
    const { writer } = ours(session, s.ssrc);
    s.payloads.forEach((payload, i) => {
      const seq = (s.firstSeq + i) & 0xffff;
      const packet = writer.protect(s.pt, seq, s.ts + 160 * i, i === 0, payload);
      const plain = RtpPacket.deSerialize(session.decrypt(packet));
      assert.equal(plain.header.sequenceNumber, seq);
      assert.equal(plain.header.ssrc, s.ssrc >>> 0);
      assert.equal(plain.header.payloadType, s.pt);
      assert.equal(plain.header.marker, i === 0);
      assert.equal(plain.header.timestamp, (s.ts + 160 * i) >>> 0);
      assert.deepEqual(new Uint8Array(plain.payload), payload);
    });
  }), { numRuns: 150 });
});

test('fast-path SRTP: a writer building packets in its own buffer (reuse) writes the same bytes as one making a new buffer each time', () => {
  fc.assert(fc.property(stream, (s) => {
    const session = weriftSession(s.profile, s.key, s.salt);
    const fresh = ours(session, s.ssrc).writer;
    const reusing = ours(session, s.ssrc).writer;
    let previous: Buffer | undefined;
    s.payloads.forEach((payload, i) => {
      const seq = (s.firstSeq + i) & 0xffff;
      const expected = fresh.protect(s.pt, seq, s.ts + 160 * i, false, payload);
      const got = reusing.protect(s.pt, seq, s.ts + 160 * i, false, payload, true);
      assert.deepEqual(Buffer.from(got), expected);
      if (previous && previous.length === got.length) assert.equal(previous, got, 'the same view for the same length');
      previous = got;
    });
  }), { numRuns: 100 });
});

test('fast-path SRTP: the reader decrypts every packet werift sends, across a sequence-number wrap, in both profiles', () => {
  fc.assert(fc.property(stream, (s) => {
    const session = weriftSession(s.profile, s.key, s.salt);
    const { reader } = ours(session, s.ssrc);
    s.payloads.forEach((payload, i) => {
      const seq = (s.firstSeq + i) & 0xffff;
      const header = new RtpHeader({ sequenceNumber: seq, timestamp: (s.ts + 160 * i) >>> 0, ssrc: s.ssrc >>> 0, payloadType: s.pt, marker: i === 0 });
      const got = reader.unprotect(session.encrypt(Buffer.from(payload), header));
      assert.ok(got, `packet ${i} (seq ${seq}) decrypted`);
      assert.equal(got.sequenceNumber, seq);
      assert.equal(got.ssrc, s.ssrc >>> 0);
      assert.equal(got.payloadType, s.pt);
      assert.equal(got.marker, i === 0);
      assert.deepEqual(new Uint8Array(got.payload), payload);
    });
    assert.equal(reader.dropped, 0);
  }), { numRuns: 150 });
});

test('fast-path SRTP: a packet changed in flight does not authenticate, is dropped and counted, and the stream goes on', () => {
  fc.assert(fc.property(stream, fc.nat(), (s, at) => {
    const session = weriftSession(s.profile, s.key, s.salt);
    const { writer, reader } = ours(session, s.ssrc);
    const good = writer.protect(s.pt, s.firstSeq, s.ts, false, s.payloads[0]!);
    const bad = Buffer.from(good);
    // any bit after the first byte (the first byte's version bits make it not RTP at all, also dropped)
    bad[1 + (at % (bad.length - 1))]! ^= 0x01;
    assert.equal(reader.unprotect(bad), undefined);
    assert.equal(reader.dropped, 1);
    assert.ok(reader.unprotect(good), 'the genuine packet still decrypts');
  }), { numRuns: 200 });
});

test('fast-path SRTP: packets too short for a header and a tag, or not RTP version 2, are dropped', () => {
  const session = weriftSession('aes-cm', new Uint8Array(16), new Uint8Array(14));
  const { reader } = ours(session, 1);
  for (const packet of [Buffer.alloc(0), Buffer.alloc(21, 0x80), Buffer.from([0x40, ...Buffer.alloc(40)])]) {
    assert.equal(reader.unprotect(packet), undefined);
  }
  assert.equal(reader.dropped, 3);
});

test('fast-path SRTP: the rollover counter is estimated as RFC 3711 §3.3.1 says (a late packet from before a wrap keeps the old counter)', () => {
  assert.equal(estimateRoc({ roc: 0, seq: 100 }, 101), 0);
  assert.equal(estimateRoc({ roc: 0, seq: 0xfffe }, 1), 1, 'just past the wrap');
  assert.equal(estimateRoc({ roc: 1, seq: 2 }, 0xfffd), 0, 'a late packet from before the wrap');
  assert.equal(estimateRoc({ roc: 3, seq: 0x9000 }, 0x8fff), 3);
});
