import { FRAME_SAMPLES, ULAW_DECODE, ULAW_ENCODE, ULAW_SILENCE } from './g711.ts';

/**
 * Per-endpoint playout buffer for PCMU, keyed by RTP timestamp and drained one 20 ms frame per bridge tick.
 *
 * - On the first packet (and whenever the SSRC changes) playout is placed `targetSamples` behind that
 *   packet's timestamp, so audio is held for the target delay (40 ms; the tick phase adds 0–20 ms).
 * - A packet that would end at or before the playout point is late and dropped. Several late packets in a
 *   row mean the sender's clock jumped backwards: resynchronise on the next one.
 * - A packet that would end more than `capSamples` ahead of playout (sender clock jumped forwards, or
 *   drifted past the cap) resynchronises the buffer on it; nothing is ever held longer than the cap.
 * - On an underrun the last good frame is repeated once at half volume, then silence follows.
 * - If for a whole second the buffer never held less than the target plus two frames (a burst at call
 *   setup, or a sender that came back from a stall), one frame is dropped, so extra delay drains away at
 *   20 ms per second instead of staying for the rest of the call.
 *
 * Samples live in a ring of μ-law bytes with a per-sample "present" flag, so any packet size works
 * (10, 20 or 30 ms ptime). Nothing is allocated after construction.
 */

const RING = 2048; // > cap (1600) + one frame; a power of two so `& (RING - 1)` wraps
const MASK = RING - 1;
const LATE_RESYNC = 5;
const DRAIN_WINDOW = 50; // pulls (one second)

export type PullResult = 'audio' | 'concealed' | 'silence';

export interface JitterStats {
  /** Packets written to the buffer. */
  accepted: number;
  /** Packets dropped because they arrived after their playout time. */
  late: number;
  /** Times the buffer restarted (new SSRC, timestamp jump, overflow). */
  resyncs: number;
  /** Frames that had no audio at their playout time (concealed or silent), after audio had started. */
  underruns: number;
  /** Frames dropped to shed excess delay. */
  drained: number;
}

export class JitterBuffer {
  readonly targetSamples: number;
  readonly capSamples: number;
  private readonly data = new Uint8Array(RING);
  private readonly present = new Uint8Array(RING);
  private readonly lastFrame = new Uint8Array(FRAME_SAMPLES);
  private started = false;
  private ssrc = 0;
  /** RTP timestamp of the next sample to play (uint32). */
  private playTs = 0;
  private hasLast = false;
  private concealed = 0;
  private lateRun = 0;
  /** End (exclusive) of the furthest audio received, as an RTP timestamp. */
  private highestEnd = 0;
  private windowMin = Infinity;
  private windowPulls = 0;
  readonly stats: JitterStats = { accepted: 0, late: 0, resyncs: 0, underruns: 0, drained: 0 };

  constructor(options: { targetMs?: number; capMs?: number } = {}) {
    this.targetSamples = Math.round((options.targetMs ?? 40) * 8);
    this.capSamples = Math.round((options.capMs ?? 200) * 8);
    if (this.capSamples + FRAME_SAMPLES > RING || this.targetSamples >= this.capSamples) throw new RangeError('jitter target/cap out of range');
  }

  /** Writes one packet's μ-law payload at its RTP timestamp. */
  put(ssrc: number, timestamp: number, payload: Uint8Array): void {
    const len = Math.min(payload.length, this.capSamples);
    if (len === 0) return;
    if (!this.started || ssrc !== this.ssrc) this.resync(ssrc, timestamp);
    let offset = (timestamp - this.playTs) | 0; // signed distance on the 32-bit timestamp circle
    if (offset + len <= 0) {
      if (++this.lateRun < LATE_RESYNC) {
        this.stats.late++;
        return;
      }
      this.resync(ssrc, timestamp);
      offset = this.targetSamples;
    } else if (offset + len > this.capSamples) {
      this.resync(ssrc, timestamp);
      offset = this.targetSamples;
    }
    this.lateRun = 0;
    this.stats.accepted++;
    const skip = offset < 0 ? -offset : 0; // a packet straddling the playout point keeps its future part
    for (let i = skip; i < len; i++) {
      const at = (this.playTs + offset + i) & MASK;
      this.data[at] = payload[i]!;
      this.present[at] = 1;
    }
    const end = (timestamp + len) >>> 0;
    if (((end - this.highestEnd) | 0) > 0) this.highestEnd = end;
  }

  /** The next 20 ms at the playout point, into `out` (160 bytes). Advances playout by one frame. */
  pull(out: Uint8Array): PullResult {
    if (!this.started) {
      out.fill(ULAW_SILENCE, 0, FRAME_SAMPLES);
      return 'silence';
    }
    let got = 0;
    const base = this.playTs;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      const at = (base + i) & MASK;
      if (this.present[at]) {
        out[i] = this.data[at]!;
        this.present[at] = 0;
        got++;
      } else out[i] = ULAW_SILENCE;
    }
    this.playTs = (base + FRAME_SAMPLES) >>> 0;
    this.watchDepth();
    if (got > 0) {
      this.lastFrame.set(out.subarray(0, FRAME_SAMPLES));
      this.hasLast = true;
      this.concealed = 0;
      return 'audio';
    }
    if (this.hasLast) this.stats.underruns++; // not the initial fill
    if (this.hasLast && this.concealed === 0) {
      this.concealed = 1;
      for (let i = 0; i < FRAME_SAMPLES; i++) out[i] = ULAW_ENCODE[(ULAW_DECODE[this.lastFrame[i]!]! >> 1) + 32768]!;
      return 'concealed';
    }
    this.concealed++;
    return 'silence';
  }

  /** Discards `samples` at the playout point (slots the bridge clock skipped after a stall). */
  skip(samples: number): void {
    if (!this.started || samples <= 0) return;
    const n = Math.min(samples, RING);
    for (let i = 0; i < n; i++) this.present[(this.playTs + i) & MASK] = 0;
    this.playTs = (this.playTs + samples) >>> 0;
  }

  /** Samples buffered ahead of the playout point (for tests and stats). */
  depth(): number {
    let last = -1;
    for (let i = 0; i < this.capSamples + FRAME_SAMPLES && i < RING; i++) if (this.present[(this.playTs + i) & MASK]) last = i;
    return last + 1;
  }

  /** Once a second: if the buffer stayed over target + 2 frames all along, drop the next frame. */
  private watchDepth(): void {
    const depth = (this.highestEnd - this.playTs) | 0;
    if (depth < this.windowMin) this.windowMin = depth;
    if (++this.windowPulls < DRAIN_WINDOW) return;
    if (this.windowMin >= this.targetSamples + 2 * FRAME_SAMPLES) {
      for (let i = 0; i < FRAME_SAMPLES; i++) this.present[(this.playTs + i) & MASK] = 0;
      this.playTs = (this.playTs + FRAME_SAMPLES) >>> 0;
      this.stats.drained++;
    }
    this.windowMin = Infinity;
    this.windowPulls = 0;
  }

  private resync(ssrc: number, timestamp: number): void {
    if (this.started) this.stats.resyncs++;
    this.started = true;
    this.ssrc = ssrc;
    this.present.fill(0);
    this.playTs = (timestamp - this.targetSamples) >>> 0;
    this.lateRun = 0;
    this.hasLast = false; // never conceal with another stream's audio
    this.highestEnd = this.playTs;
    this.windowMin = Infinity;
    this.windowPulls = 0;
  }
}

/**
 * Loss accounting for one endpoint's incoming RTP stream, the RTCP way: expected (from the extended highest
 * sequence number) minus received. Audio and telephone-event packets share one sequence space, so every
 * packet of the stream goes through here, before they are told apart. A new SSRC starts a new count; the
 * losses of earlier SSRCs are kept.
 */
export class SequenceCounter {
  private started = false;
  private ssrc = 0;
  private baseSeq = 0;
  private highest = 0; // extended (cycles × 65536 + seq)
  private received = 0;
  private lostBefore = 0;

  /** Records one packet. */
  see(ssrc: number, sequenceNumber: number): void {
    const seq = sequenceNumber & 0xffff;
    if (!this.started || ssrc !== this.ssrc) {
      if (this.started) this.lostBefore += this.lostNow();
      this.started = true;
      this.ssrc = ssrc;
      this.baseSeq = seq;
      this.highest = seq;
      this.received = 1;
      return;
    }
    this.received++;
    const last = this.highest & 0xffff;
    const delta = (seq - last) & 0xffff;
    if (delta !== 0 && delta < 0x8000) this.highest += delta; // ahead (with wrap); behind = reordered or duplicate
  }

  /** Packets missing so far (never negative: duplicates can outnumber losses). */
  get lost(): number {
    return this.lostBefore + this.lostNow();
  }

  private lostNow(): number {
    if (!this.started) return 0;
    const expected = this.highest - this.baseSeq + 1;
    return Math.max(0, expected - this.received);
  }
}
