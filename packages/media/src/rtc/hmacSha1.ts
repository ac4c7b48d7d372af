/**
 * HMAC-SHA1 (RFC 2104 over FIPS 180-4's SHA-1) for SRTP's authentication tag, in plain JavaScript with the
 * key's inner and outer pad blocks absorbed once. Node's crypto needs two Hash copies, three updates and
 * two digests per packet, each a call into C++ and a new object: ~4.7 µs of a ~30 µs packet in bench/media's
 * profile, and garbage. This writes the tag into the caller's buffer and allocates nothing per packet.
 * A property test holds it to node:crypto's createHmac for any key and message.
 */

const W = new Int32Array(80);
const BLOCK = new Uint8Array(64);

/**
 * One SHA-1 compression of the 64 bytes of `src` at `at` into the five-word state `h`. Reads the message
 * where it lies (full blocks of a packet are never copied) and runs the four 20-round stages as four loops,
 * so no round tests which stage it is in.
 */
function compress(h: Int32Array, src: Uint8Array, at: number): void {
  for (let i = 0; i < 16; i++, at += 4) W[i] = (src[at]! << 24) | (src[at + 1]! << 16) | (src[at + 2]! << 8) | src[at + 3]!;
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3]! ^ W[i - 8]! ^ W[i - 14]! ^ W[i - 16]!;
    W[i] = (x << 1) | (x >>> 31);
  }
  let a = h[0]!, b = h[1]!, c = h[2]!, d = h[3]!, e = h[4]!;
  let i = 0;
  for (; i < 20; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 40; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 60; i++) {
    const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[i]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  for (; i < 80; i++) {
    const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[i]!) | 0;
    e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
  }
  h[0] = (h[0]! + a) | 0; h[1] = (h[1]! + b) | 0; h[2] = (h[2]! + c) | 0; h[3] = (h[3]! + d) | 0; h[4] = (h[4]! + e) | 0;
}

const INIT = Int32Array.of(0x67452301, 0xefcdab89 | 0, 0x98badcfe | 0, 0x10325476, 0xc3d2e1f0 | 0);

export class HmacSha1 {
  readonly #inner = new Int32Array(5);
  readonly #outer = new Int32Array(5);
  readonly #h = new Int32Array(5);
  readonly #digest = new Int32Array(5);

  constructor(key: Uint8Array) {
    if (key.length > 64) throw new RangeError('HmacSha1: keys longer than a block are not used by SRTP');
    for (const [state, pad] of [[this.#inner, 0x36], [this.#outer, 0x5c]] as const) {
      state.set(INIT);
      for (let i = 0; i < 64; i++) BLOCK[i] = (key[i] ?? 0) ^ pad;
      compress(state, BLOCK, 0);
    }
  }

  /**
   * HMAC-SHA1 of `data[start, end)` followed by `suffix` as four big-endian bytes (SRTP's rollover counter),
   * its first `length` bytes written to `out` at `outOffset`.
   */
  tag(data: Uint8Array, start: number, end: number, suffix: number, out: Uint8Array, outOffset: number, length: number): void {
    const h = this.#h;
    h.set(this.#inner);
    let at = start;
    for (; end - at >= 64; at += 64) compress(h, data, at); // whole blocks, read in place
    let fill = 0;
    for (; at < end; at++) BLOCK[fill++] = data[at]!;
    for (let shift = 24; shift >= 0; shift -= 8) {
      BLOCK[fill++] = (suffix >>> shift) & 0xff;
      if (fill === 64) { compress(h, BLOCK, 0); fill = 0; }
    }
    finish(h, fill, 64 + (end - start) + 4);
    // The outer hash: the inner digest (20 bytes), one block.
    const inner = this.#digest;
    inner.set(h);
    h.set(this.#outer);
    for (let i = 0; i < 5; i++) {
      BLOCK[4 * i] = inner[i]! >>> 24; BLOCK[4 * i + 1] = (inner[i]! >>> 16) & 0xff;
      BLOCK[4 * i + 2] = (inner[i]! >>> 8) & 0xff; BLOCK[4 * i + 3] = inner[i]! & 0xff;
    }
    finish(h, 20, 64 + 20);
    for (let i = 0; i < length; i++) out[outOffset + i] = (h[i >> 2]! >>> (24 - 8 * (i & 3))) & 0xff;
  }
}

/** SHA-1's padding from `fill` bytes into BLOCK: 0x80, zeros, the message's length in bits (64-bit big-endian). */
function finish(h: Int32Array, fill: number, messageBytes: number): void {
  BLOCK[fill++] = 0x80;
  if (fill > 56) {
    while (fill < 64) BLOCK[fill++] = 0;
    compress(h, BLOCK, 0);
    fill = 0;
  }
  while (fill < 56) BLOCK[fill++] = 0; // (a loop: fill() is a call into C++)
  const bits = messageBytes * 8;
  const high = Math.floor(bits / 0x1_0000_0000);
  BLOCK[56] = high >>> 24; BLOCK[57] = (high >>> 16) & 0xff; BLOCK[58] = (high >>> 8) & 0xff; BLOCK[59] = high & 0xff;
  BLOCK[60] = bits >>> 24; BLOCK[61] = (bits >>> 16) & 0xff; BLOCK[62] = (bits >>> 8) & 0xff; BLOCK[63] = bits & 0xff;
  compress(h, BLOCK, 0);
}
