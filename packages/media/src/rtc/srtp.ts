import { createCipheriv, createHash, timingSafeEqual, type Cipher, type Hash } from 'node:crypto';
import { RtpHeader, SrtpAuthenticationError, SrtpSession } from 'werift';

/**
 * A faster SRTP path for werift 0.24's AES_CM_128_HMAC_SHA1_80 (the profile Chromium negotiates). werift
 * builds a new AES-CTR cipher and a new HMAC for every packet, and the IV through a BigInt: in bench/media's
 * profile, cipher set-up alone (initiv, createCipherBase) was ~7% of a media worker's time. Here each
 * session key gets one AES-ECB cipher that makes the CTR keystream (RFC 3711 §4.1.1: AES of IV, IV+1, …),
 * and one pair of SHA-1 states with the HMAC pads already absorbed (RFC 2104), copied per packet. Same
 * bytes out as werift's own code (a property test encrypts with one and decrypts with the other).
 */

interface CtrCipher {
  srtpSessionKey: Buffer;
  srtpSessionSalt: Buffer;
  srtpSessionAuthTag: Buffer;
  authTagLength: number;
}

const ecbByKey = new WeakMap<Buffer, Cipher>();
const hmacByKey = new WeakMap<Buffer, { inner: Hash; outer: Hash }>();

function ecb(key: Buffer): Cipher {
  let cipher = ecbByKey.get(key);
  if (!cipher) {
    cipher = createCipheriv('aes-128-ecb', key, null);
    cipher.setAutoPadding(false);
    ecbByKey.set(key, cipher);
  }
  return cipher;
}

/** AES-ECB of `blocks` (whole 16-byte blocks) under `key`, with the key's one cipher. */
export function ecbUpdate(key: Buffer, blocks: Buffer): Buffer {
  return ecb(key).update(blocks);
}

/** `data` XOR the AES-CTR keystream from `iv` (a 128-bit counter, incremented per 16-byte block). */
export function ctrXor(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  return ctrXorInto(key, iv, data, Buffer.allocUnsafe(data.length), 0);
}

/** Counter blocks by block count (reused: a packet's keystream is made and used at once; one size per frame length). */
const countersByBlocks: Buffer[] = [];

/** ctrXor, written into `out` at `offset` (returned). */
export function ctrXorInto<T extends Uint8Array>(key: Buffer, iv: Buffer, data: Uint8Array, out: T, offset: number): T {
  const blocks = Math.ceil(data.length / 16);
  const counters = countersByBlocks[blocks] ??= Buffer.alloc(blocks * 16);
  for (let i = 0; i < 16; i++) counters[i] = iv[i]!; // (byte loops: Buffer#copy makes a subarray per call)
  for (let b = 1; b < blocks; b++) {
    const at = b * 16;
    for (let i = 0; i < 16; i++) counters[at + i] = counters[at - 16 + i]!;
    for (let i = at + 15; i >= at; i--) { // +1, big-endian, with carry
      counters[i] = (counters[i]! + 1) & 0xff;
      if (counters[i] !== 0) break;
    }
  }
  const stream = ecb(key).update(counters);
  for (let i = 0; i < data.length; i++) out[offset + i] = data[i]! ^ stream[i]!;
  return out;
}

function hmacStates(key: Buffer): { inner: Hash; outer: Hash } {
  let states = hmacByKey.get(key);
  if (!states) {
    const block = Buffer.alloc(64);
    (key.length > 64 ? createHash('sha1').update(key).digest() : key).copy(block);
    const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte));
    states = { inner: createHash('sha1').update(pad(0x36)), outer: createHash('sha1').update(pad(0x5c)) };
    hmacByKey.set(key, states);
  }
  return states;
}

/** HMAC-SHA1 of the buffers, then the rollover counter (RFC 3711 §4.2), cut to 80 bits. */
export function srtpAuthTag(key: Buffer, roc: number, buffers: Buffer[]): Buffer {
  const { inner, outer } = hmacStates(key);
  const h = inner.copy();
  for (const buf of buffers) h.update(buf);
  const rocRaw = Buffer.allocUnsafe(4);
  rocRaw.writeUInt32BE(roc >>> 0);
  h.update(rocRaw);
  return outer.copy().update(h.digest()).digest().subarray(0, 10);
}

const ivScratch = Buffer.alloc(16);

/**
 * The SRTP IV (RFC 3711 §4.1.1): salt XOR (SSRC, ROC, SEQ) placed at bits 32, 64 and 112 of 128. The buffer is
 * reused: it holds the IV until the next call (callers hand it straight to ctrXor).
 */
export function srtpCounter(sequenceNumber: number, roc: number, ssrc: number, salt: Buffer): Buffer {
  const counter = ivScratch;
  counter.fill(0);
  counter.writeUInt32BE(ssrc >>> 0, 4);
  counter.writeUInt32BE(roc >>> 0, 8);
  counter.writeUInt16BE(sequenceNumber & 0xffff, 12);
  for (let i = 0; i < salt.length; i++) counter[i]! ^= salt[i]!;
  return counter;
}

function fail(message: string): never {
  throw new SrtpAuthenticationError(message);
}

/** The header of an SRTP packet, checked as werift checks it (bad packets are authentication failures: dropped). */
function srtpHeader(packet: Buffer, tagLength: number): RtpHeader {
  const message = 'Failed to authenticate SRTP packet';
  const tagOffset = packet.length - tagLength;
  if (packet.length < 12 + tagLength) fail(message);
  let header: RtpHeader;
  try { header = RtpHeader.deSerialize(packet.subarray(0, tagOffset)); } catch { fail(message); }
  header.paddingSize = 0;
  if (header.payloadOffset < 12 || header.payloadOffset > tagOffset) fail(message);
  return header;
}

const fast = {
  encryptRtp(this: CtrCipher, header: RtpHeader, payload: Buffer, roc: number): Buffer {
    const headerBuffer = header.serialize(header.serializeSize);
    const enc = ctrXor(this.srtpSessionKey, srtpCounter(header.sequenceNumber, roc, header.ssrc, this.srtpSessionSalt), payload);
    return Buffer.concat([headerBuffer, enc, srtpAuthTag(this.srtpSessionAuthTag, roc, [headerBuffer, enc])]);
  },
  decryptRtp(this: CtrCipher, cipherText: Buffer, roc: number, header = srtpHeader(cipherText, this.authTagLength)): [Buffer, RtpHeader] {
    const message = 'Failed to authenticate SRTP packet';
    const tagOffset = cipherText.length - this.authTagLength;
    const packet = cipherText.subarray(0, tagOffset);
    const expected = srtpAuthTag(this.srtpSessionAuthTag, roc, [packet.subarray(0, header.payloadOffset), packet.subarray(header.payloadOffset)]);
    const actual = cipherText.subarray(tagOffset);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) fail(message);
    const payload = ctrXor(this.srtpSessionKey, srtpCounter(header.sequenceNumber, roc, header.ssrc, this.srtpSessionSalt), packet.subarray(header.payloadOffset));
    const dst = Buffer.concat([packet.subarray(0, header.payloadOffset), payload]);
    if (header.padding) {
      if (dst.length <= header.payloadOffset) fail(message);
      const paddingSize = dst[dst.length - 1]!;
      if (!(paddingSize > 0 && paddingSize <= dst.length - header.payloadOffset)) fail(message);
      header.paddingSize = paddingSize;
    } else {
      header.paddingSize = 0;
    }
    return [dst, header];
  },
};

let installed: { encryptRtp: unknown; decryptRtp: unknown } | undefined;

/** werift's own AES-CM SRTP methods (for the test that holds ours to them), once installed. */
export function weriftCtrMethods(): { encryptRtp: unknown; decryptRtp: unknown } | undefined {
  return installed;
}

/** Makes every werift AES_CM_128_HMAC_SHA1_80 session use the methods above (the class is not exported: found through a session). */
export function installFastSrtp(): void {
  if (installed) return;
  const probe = new SrtpSession({ keys: { localMasterKey: Buffer.alloc(16), localMasterSalt: Buffer.alloc(14), remoteMasterKey: Buffer.alloc(16), remoteMasterSalt: Buffer.alloc(14) }, profile: 1 } as never);
  const proto = Object.getPrototypeOf((probe as unknown as { localContext: { cipher: object } }).localContext.cipher) as Record<string, unknown>;
  installed = { encryptRtp: proto.encryptRtp, decryptRtp: proto.decryptRtp };
  proto.encryptRtp = fast.encryptRtp;
  proto.decryptRtp = fast.decryptRtp;
}
