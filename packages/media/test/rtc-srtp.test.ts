/** Our SRTP path (rtc/srtp.ts) writes the same bytes as werift's own and reads what werift writes, for any packet and key. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RtpHeader, SrtpAuthenticationError, SrtpSession } from 'werift';
import { installFastSrtp, weriftCtrMethods } from '../src/rtc/srtp.ts';

installFastSrtp();
const werift = weriftCtrMethods() as { encryptRtp: (...a: unknown[]) => Buffer; decryptRtp: (...a: unknown[]) => [Buffer, RtpHeader] };

interface Cipher { encryptRtp(h: RtpHeader, p: Buffer, roc: number): Buffer; decryptRtp(c: Buffer, roc: number, h?: RtpHeader): [Buffer, RtpHeader] }

/** A sender's and a receiver's cipher for the same keys. */
function pair(key: Uint8Array, salt: Uint8Array): { send: Cipher; receive: Cipher } {
  const keys = { localMasterKey: Buffer.from(key), localMasterSalt: Buffer.from(salt), remoteMasterKey: Buffer.from(key), remoteMasterSalt: Buffer.from(salt) };
  const session = new SrtpSession({ keys, profile: 1 } as never) as unknown as { localContext: { cipher: Cipher }; remoteContext: { cipher: Cipher } };
  return { send: session.localContext.cipher, receive: session.remoteContext.cipher };
}

const input = fc.record({
  key: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  salt: fc.uint8Array({ minLength: 14, maxLength: 14 }),
  seq: fc.integer({ min: 0, max: 0xffff }),
  ts: fc.integer({ min: 0, max: 0xffffffff }),
  ssrc: fc.integer({ min: 0, max: 0xffffffff }),
  pt: fc.integer({ min: 0, max: 127 }),
  marker: fc.boolean(),
  roc: fc.integer({ min: 0, max: 0xffffffff }),
  // size 'max': lengths spread over the whole range (fast-check keeps arrays short by default, and one AES block hides counter bugs)
  payload: fc.uint8Array({ minLength: 1, maxLength: 400, size: 'max' }),
});

test('SRTP: our encryption gives werift\'s bytes, and each side decrypts the other\'s packets', () => {
  fc.assert(fc.property(input, (i) => {
    const { send, receive } = pair(i.key, i.salt);
    const header = () => new RtpHeader({ sequenceNumber: i.seq, timestamp: i.ts, ssrc: i.ssrc, payloadType: i.pt, marker: i.marker });
    const payload = Buffer.from(i.payload);
    const ours = send.encryptRtp(header(), payload, i.roc);
    const theirs = werift.encryptRtp.call(send, header(), payload, i.roc);
    assert.deepEqual(ours, theirs);
    const [plainByThem] = werift.decryptRtp.call(receive, ours, i.roc, RtpHeader.deSerialize(ours.subarray(0, ours.length - 10)));
    const [plainByUs] = receive.decryptRtp(theirs, i.roc);
    assert.deepEqual(plainByUs, plainByThem);
    assert.deepEqual(plainByUs.subarray(plainByUs.length - payload.length), payload);
  }), { numRuns: 500 });
});

test('SRTP: a packet changed in flight, or with the wrong rollover counter, fails authentication (and is dropped by werift)', () => {
  fc.assert(fc.property(input, fc.nat(), (i, at) => {
    const { send, receive } = pair(i.key, i.salt);
    const packet = send.encryptRtp(new RtpHeader({ sequenceNumber: i.seq, timestamp: i.ts, ssrc: i.ssrc, payloadType: i.pt }), Buffer.from(i.payload), i.roc);
    const changed = Buffer.from(packet);
    changed[at % changed.length]! ^= 0x01;
    assert.throws(() => receive.decryptRtp(changed, i.roc), SrtpAuthenticationError);
    assert.throws(() => receive.decryptRtp(packet, (i.roc + 1) >>> 0), SrtpAuthenticationError);
  }), { numRuns: 300 });
});

test('SRTP: a packet too short to hold a header and a tag fails authentication', () => {
  const { receive } = pair(new Uint8Array(16), new Uint8Array(14));
  assert.throws(() => receive.decryptRtp(Buffer.alloc(15), 0), SrtpAuthenticationError);
});
