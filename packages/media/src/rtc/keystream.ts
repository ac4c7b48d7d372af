import { ctrXorInto, ecbUpdate, srtpCounter } from './srtp.ts';

/**
 * AES-CM keystream for one SSRC, made ahead in batches (RFC 3711 §4.1.1: packet i's keystream is AES of
 * IV(i), IV(i)+1, …, and IV(i) depends only on the salt, the SSRC and the packet index ROC·65536 + SEQ).
 * Packets come in order, so the keystream of the next `BATCH` indexes is made with one AES call: one call
 * into OpenSSL and one buffer per second of audio instead of one per packet (in bench/media ~1.9 µs and
 * ~0.5 kB of garbage a packet). A packet longer than a frame, or far from the batch, is XORed the direct
 * way. Same bytes either way (property-tested).
 */
const BATCH = 64;
/** Keystream kept per packet index: one 20 ms PCMU frame (160 bytes) rounded to whole AES blocks. */
const PER_PACKET = 160;
const BLOCKS = PER_PACKET / 16;

export class Keystream {
  readonly #key: Buffer;
  readonly #salt: Buffer;
  readonly #ssrc: number;
  #first = -1;
  /**
   * The batch's keystream. AES's output is a new buffer each time; it is copied into this one and dropped at
   * once, so it dies young: kept for the batch's 1.3 s it would be promoted, and promoted buffers' external
   * memory makes V8 run full collections (bench/media: 15 a window instead of 1).
   */
  readonly #stream = Buffer.alloc(BATCH * PER_PACKET);
  readonly #counters = Buffer.alloc(BATCH * PER_PACKET);

  constructor(key: Buffer, salt: Buffer, ssrc: number) {
    this.#key = key;
    this.#salt = salt;
    this.#ssrc = ssrc >>> 0;
  }

  /** `data[start, end)` XOR packet (seq, roc)'s keystream, into `out` at `offset`. */
  xorInto(seq: number, roc: number, data: Uint8Array, out: Uint8Array, offset: number, start = 0, end = data.length): void {
    const length = end - start;
    if (length > PER_PACKET) {
      ctrXorInto(this.#key, srtpCounter(seq, roc, this.#ssrc, this.#salt), data.subarray(start, end), out, offset);
      return;
    }
    const index = roc * 0x10000 + (seq & 0xffff);
    let k = index - this.#first;
    if (this.#first < 0 || k < 0 || k >= BATCH) {
      if (this.#first >= 0 && k < 0 && k > -BATCH) { // a late packet from before the batch: not worth a refill
        ctrXorInto(this.#key, srtpCounter(seq, roc, this.#ssrc, this.#salt), data.subarray(start, end), out, offset);
        return;
      }
      this.#fill(index);
      k = 0;
    }
    const stream = this.#stream;
    const at = k * PER_PACKET - start;
    for (let i = start; i < end; i++) out[offset - start + i] = data[i]! ^ stream[at + i]!;
  }

  #fill(first: number): void {
    const counters = this.#counters;
    for (let p = 0; p < BATCH; p++) {
      const index = first + p;
      const iv = srtpCounter(index % 0x10000, Math.floor(index / 0x10000) >>> 0, this.#ssrc, this.#salt);
      const base = p * PER_PACKET;
      // (byte loops, not Buffer#copy: in Node 20 each copy makes a subarray, ten a packet)
      for (let i = 0; i < 16; i++) counters[base + i] = iv[i]!;
      for (let b = 1; b < BLOCKS; b++) {
        const at = base + b * 16;
        for (let i = 0; i < 16; i++) counters[at + i] = counters[at - 16 + i]!;
        for (let i = at + 15; i >= at; i--) { // +1, big-endian, with carry
          counters[i] = (counters[i]! + 1) & 0xff;
          if (counters[i] !== 0) break;
        }
      }
    }
    this.#stream.set(ecbUpdate(this.#key, counters));
    this.#first = first;
  }
}
