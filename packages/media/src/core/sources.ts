import type { EnergyReading } from '../facade.ts';
import type { OutboundRtp } from './port.ts';
import { FRAME_SAMPLES, ULAW_SILENCE, decodeInto } from './g711.ts';
import { JitterBuffer, SequenceCounter } from './jitter.ts';
import { DtmfReceiver, DtmfSender } from './dtmf.ts';
import type { MixSource } from './mixer.ts';

/** A bridge's two kinds of mix source: an endpoint (jitter buffer, DTMF, loss count, meter) and a playback (rendered μ-law). */

export const METER_FRAMES = 50; // one second

export class EndpointState implements MixSource {
  readonly jitter: JitterBuffer;
  readonly seq = new SequenceCounter();
  readonly dtmfIn = new DtmfReceiver();
  readonly dtmfOut = new DtmfSender();
  /** This tick's incoming frame (after the jitter buffer), μ-law and decoded. */
  readonly ulaw = new Uint8Array(FRAME_SAMPLES).fill(ULAW_SILENCE);
  readonly pcm = new Int16Array(FRAME_SAMPLES);
  /** This tick's outgoing mix, in the packet object reused every tick. */
  readonly out = new Uint8Array(FRAME_SAMPLES);
  readonly audioPacket: OutboundRtp & { kind: 'audio' } = { kind: 'audio', payload: this.out, timestamp: 0, marker: false };
  /** Compiled row: the sources this endpoint hears that exist. */
  row: MixSource[] = [];
  /** From the mixing plan: the shared sources this row lacks, when mixing from the shared sum is cheaper. */
  lacks: MixSource[] | undefined;
  heard = false;
  marker = true;
  packetsIn = 0;
  packetsOut = 0;
  private readonly sentRing = new Float64Array(METER_FRAMES);
  private readonly heardRing = new Float64Array(METER_FRAMES);
  private ringAt = 0;
  private ringFilled = 0;
  sentEnergy = 0;

  constructor(
    readonly id: string,
    readonly send: (packet: OutboundRtp) => void,
    readonly dtmfPayloadType: number | undefined,
    readonly audioPayloadType: number,
    jitterTargetMs: number,
  ) {
    this.jitter = new JitterBuffer({ targetMs: jitterTargetMs });
  }

  decode(): void {
    // decoded when pulled from the jitter buffer
  }

  meterFrame(sent: number, heard: number): void {
    this.sentRing[this.ringAt] = sent;
    this.heardRing[this.ringAt] = heard;
    this.ringAt = (this.ringAt + 1) % METER_FRAMES;
    if (this.ringFilled < METER_FRAMES) this.ringFilled++;
  }

  reading(): EnergyReading {
    let sent = 0;
    let heard = 0;
    for (let i = 0; i < this.ringFilled; i++) {
      sent += this.sentRing[i]!;
      heard += this.heardRing[i]!;
    }
    const n = Math.max(1, this.ringFilled) * FRAME_SAMPLES;
    return { sent: sent / n, heard: heard / n, packetsIn: this.packetsIn, packetsOut: this.packetsOut, packetsLost: this.seq.lost };
  }
}

export class PlaybackState implements MixSource {
  readonly ulaw = new Uint8Array(FRAME_SAMPLES);
  readonly pcm = new Int16Array(FRAME_SAMPLES);
  private pos = 0;
  private frameNo = -1;
  private decodedFrame = -1;
  ended = false;

  constructor(
    readonly id: string,
    private readonly audio: Uint8Array,
    readonly loop: boolean,
    readonly stopOnDigit: boolean,
  ) {}

  /** Produces this tick's frame, after skipping `skippedSlots` frames' worth of audio. */
  fill(frameNo: number, skippedSlots: number): void {
    const started = this.frameNo >= 0; // a playback that starts after a stall does not lose its beginning
    this.frameNo = frameNo;
    const audio = this.audio;
    const len = audio.length;
    if (len === 0) {
      this.ulaw.fill(ULAW_SILENCE);
      this.ended = true;
      return;
    }
    if (started && skippedSlots > 0) {
      this.pos += skippedSlots * FRAME_SAMPLES;
      if (this.loop) this.pos %= len;
    }
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      if (this.pos >= len) {
        if (!this.loop) {
          this.ulaw.fill(ULAW_SILENCE, i);
          break;
        }
        this.pos = 0;
      }
      this.ulaw[i] = audio[this.pos++]!;
    }
    if (!this.loop && this.pos >= len) this.ended = true;
  }

  decode(): void {
    if (this.decodedFrame === this.frameNo) return;
    decodeInto(this.ulaw, this.pcm, FRAME_SAMPLES);
    this.decodedFrame = this.frameNo;
  }
}
