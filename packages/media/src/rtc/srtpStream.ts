import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { InboundRtp } from '../core/port.ts';
import { HmacSha1 } from './hmacSha1.ts';
import { Keystream } from './keystream.ts';

/**
 * SRTP for the media fast path (fastPath.ts): one sender's packets out, and what arrives in, with the session
 * keys werift derived during its DTLS handshake. The two profiles werift negotiates:
 * - `aes-cm`: AES_CM_128_HMAC_SHA1_80 (RFC 3711), through srtp.ts's one-cipher-per-key keystream and
 *   hmacSha1.ts (the tag in JavaScript, written in place);
 * - `aes-gcm`: AEAD_AES_128_GCM (RFC 7714: 12-byte IV, the header as AAD, a 16-byte tag), one Node cipher
 *   per packet (GCM takes no new IV on a live cipher).
 * Rollover counters (RFC 3711 §3.3.1): the writer counts its own sequence wraps; the reader estimates the
 * index of each packet from the highest one authenticated so far, per SSRC, and only moves on a packet that
 * authenticates.
 */

export interface SrtpKeys {
  profile: 'aes-cm' | 'aes-gcm';
  key: Buffer;
  /** 14 bytes (aes-cm) or 12 (aes-gcm). */
  salt: Buffer;
  /** The HMAC key (aes-cm only). */
  authKey?: Buffer;
}

const CM_TAG = 10;
const GCM_TAG = 16;

const gcmIvScratch = Buffer.alloc(12);

/** The GCM IV (RFC 7714 §8.1): 00 00 | SSRC | ROC | SEQ, XOR the 12-byte salt. Reused (Node's cipher copies it). */
function gcmIv(ssrc: number, roc: number, seq: number, salt: Buffer): Buffer {
  const iv = gcmIvScratch;
  iv.fill(0);
  iv.writeUInt32BE(ssrc >>> 0, 2);
  iv.writeUInt32BE(roc >>> 0, 6);
  iv.writeUInt16BE(seq & 0xffff, 10);
  for (let i = 0; i < 12; i++) iv[i]! ^= salt[i]!;
  return iv;
}

function hmacOf(keys: SrtpKeys): HmacSha1 | undefined {
  if (keys.profile !== 'aes-cm') return undefined;
  if (!keys.authKey) throw new TypeError('aes-cm keys need an authentication key');
  return new HmacSha1(keys.authKey);
}

export class SrtpWriter {
  #roc = 0;
  #lastSeq = -1;
  readonly #keys: SrtpKeys;
  readonly #hmac: HmacSha1 | undefined;
  readonly #keystream: Keystream | undefined;
  readonly #ssrc: number;
  /** Where `protect(…, reuse)` builds its packet; views kept by length, as the reader's. */
  readonly #out = Buffer.alloc(12 + PLAIN_MAX + GCM_TAG);
  readonly #outViews = new Map<number, Buffer>();

  constructor(keys: SrtpKeys, ssrc: number) {
    this.#keys = keys;
    this.#hmac = hmacOf(keys);
    this.#ssrc = ssrc >>> 0;
    this.#keystream = keys.profile === 'aes-cm' ? new Keystream(keys.key, keys.salt, this.#ssrc) : undefined;
  }

  /**
   * One protected packet: a 12-byte header (no CSRCs, no extensions), the encrypted payload, the tag. With
   * `reuse`, the packet is built in the writer's own buffer, valid until the next call (for a caller that
   * copies it at once, as the UDP batch does); otherwise it is a new buffer (dgram's send keeps it a while).
   */
  protect(payloadType: number, sequenceNumber: number, timestamp: number, marker: boolean, payload: Uint8Array, reuse = false): Buffer {
    const seq = sequenceNumber & 0xffff;
    if (this.#lastSeq >= 0 && seq < this.#lastSeq && this.#lastSeq - seq > 0x8000) this.#roc = (this.#roc + 1) >>> 0;
    this.#lastSeq = seq;
    const keys = this.#keys;
    const tagLength = keys.profile === 'aes-gcm' ? GCM_TAG : CM_TAG;
    const length = 12 + payload.length + tagLength;
    const out = reuse && payload.length <= PLAIN_MAX ? this.#outView(length) : Buffer.allocUnsafe(length);
    out[0] = 0x80;
    out[1] = (marker ? 0x80 : 0) | (payloadType & 0x7f);
    out.writeUInt16BE(seq, 2);
    out.writeUInt32BE(timestamp >>> 0, 4);
    out.writeUInt32BE(this.#ssrc, 8);
    if (keys.profile === 'aes-gcm') {
      const cipher = createCipheriv('aes-128-gcm', keys.key, gcmIv(this.#ssrc, this.#roc, seq, keys.salt));
      cipher.setAAD(out.subarray(0, 12));
      const enc = cipher.update(payload);
      cipher.final();
      enc.copy(out, 12);
      cipher.getAuthTag().copy(out, 12 + payload.length);
    } else {
      this.#keystream!.xorInto(seq, this.#roc, payload, out, 12);
      this.#hmac!.tag(out, 0, 12 + payload.length, this.#roc, out, 12 + payload.length, CM_TAG);
    }
    return out;
  }

  #outView(length: number): Buffer {
    let view = this.#outViews.get(length);
    if (!view) this.#outViews.set(length, (view = this.#out.subarray(0, length)));
    return view;
  }
}

interface StreamState { roc: number; seq: number }

/** The largest payload the reader decrypts into its own buffer (longer ones get a buffer of their own). */
const PLAIN_MAX = 1500;

export class SrtpReader {
  readonly #keys: SrtpKeys;
  /**
   * What `unprotect` returns, and the buffer its payload is decrypted into: the same objects every time, so
   * a packet leaves no garbage (RTP arrives 50 times a second per party). Views of `#plain` are kept by length
   * (a peer sends one or two lengths: 160-byte frames, 4-byte DTMF events).
   */
  readonly #packet: InboundRtp = { payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0, marker: false, payload: new Uint8Array(0) };
  readonly #plain = new Uint8Array(PLAIN_MAX);
  readonly #views = new Map<number, Uint8Array>();
  readonly #hmac: HmacSha1 | undefined;
  readonly #expected = new Uint8Array(CM_TAG);
  readonly #streams = new Map<number, StreamState>();
  readonly #keystreams = new Map<number, Keystream>();
  /** Packets dropped because they did not authenticate or were malformed. */
  dropped = 0;

  constructor(keys: SrtpKeys) {
    this.#keys = keys;
    this.#hmac = hmacOf(keys);
  }

  /**
   * The packet's RTP fields and plain payload, or undefined (counted in `dropped`) when it is malformed or does
   * not authenticate. The result and its payload are reused: valid until the next call (copy what you keep).
   */
  unprotect(packet: Buffer): InboundRtp | undefined {
    const keys = this.#keys;
    const tagLength = keys.profile === 'aes-gcm' ? GCM_TAG : CM_TAG;
    const end = packet.length - tagLength;
    if (end < 12 || packet[0]! >> 6 !== 2) return this.#drop();
    let offset = 12 + 4 * (packet[0]! & 0x0f);
    if (packet[0]! & 0x10) {
      if (offset + 4 > end) return this.#drop();
      offset += 4 + 4 * packet.readUInt16BE(offset + 2);
    }
    if (offset > end) return this.#drop();
    const seq = packet.readUInt16BE(2);
    const ssrc = packet.readUInt32BE(8);
    const state = this.#streams.get(ssrc);
    const roc = state ? estimateRoc(state, seq) : 0;
    let plain: Uint8Array;
    try {
      if (keys.profile === 'aes-gcm') {
        const decipher = createDecipheriv('aes-128-gcm', keys.key, gcmIv(ssrc, roc, seq, keys.salt));
        decipher.setAAD(packet.subarray(0, offset));
        decipher.setAuthTag(packet.subarray(end));
        plain = decipher.update(packet.subarray(offset, end));
        decipher.final(); // throws when the tag does not match
      } else {
        const expected = this.#expected;
        this.#hmac!.tag(packet, 0, end, roc, expected, 0, CM_TAG);
        let diff = 0; // (constant time: every byte compared)
        for (let i = 0; i < CM_TAG; i++) diff |= expected[i]! ^ packet[end + i]!;
        if (diff !== 0) return this.#drop();
        let keystream = this.#keystreams.get(ssrc);
        if (!keystream) {
          if (this.#keystreams.size >= 16) this.#keystreams.clear(); // (a peer sends one SSRC; never let a stream of new ones grow this)
          keystream = new Keystream(keys.key, keys.salt, ssrc);
          this.#keystreams.set(ssrc, keystream);
        }
        plain = this.#view(end - offset);
        keystream.xorInto(seq, roc, packet, plain, 0, offset, end);
      }
    } catch {
      return this.#drop();
    }
    if (packet[0]! & 0x20) { // padding: its length is the payload's last byte
      const padding = plain.length > 0 ? plain[plain.length - 1]! : 0;
      if (padding === 0 || padding > plain.length) return this.#drop();
      plain = plain.subarray(0, plain.length - padding);
    }
    if (!state) this.#streams.set(ssrc, { roc, seq });
    else if (roc > state.roc || (roc === state.roc && seq > state.seq)) { state.roc = roc; state.seq = seq; }
    const out = this.#packet;
    out.payloadType = packet[1]! & 0x7f;
    out.sequenceNumber = seq;
    out.timestamp = packet.readUInt32BE(4);
    out.ssrc = ssrc;
    out.marker = (packet[1]! & 0x80) !== 0;
    out.payload = plain;
    return out;
  }

  /** `length` bytes of the reader's own buffer (a new buffer past PLAIN_MAX). */
  #view(length: number): Uint8Array {
    if (length > PLAIN_MAX) return new Uint8Array(length);
    let view = this.#views.get(length);
    if (!view) {
      if (this.#views.size >= 8) this.#views.clear();
      view = this.#plain.subarray(0, length);
      this.#views.set(length, view);
    }
    return view;
  }

  #drop(): undefined {
    this.dropped++;
    return undefined;
  }
}

/** RFC 3711 §3.3.1: the rollover counter of sequence number `seq`, given the highest packet seen (s_l, ROC). */
export function estimateRoc(state: StreamState, seq: number): number {
  if (state.seq < 0x8000) {
    return seq - state.seq > 0x8000 ? Math.max(0, state.roc - 1) : state.roc;
  }
  return state.seq - 0x8000 > seq ? (state.roc + 1) >>> 0 : state.roc;
}
