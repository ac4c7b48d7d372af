/** A bridge core on a manual clock with fake endpoints that record what they are sent (copies). */
import { createBridgeCore } from '../src/core/bridgeCore.ts';
import type { BridgeCore, OutboundRtp, RecordingSink } from '../src/core/port.ts';
import type { BridgeEvents } from '../src/facade.ts';
import { FRAME_SAMPLES, decodeSample, encodeSample } from '../src/core/g711.ts';

export const PT_AUDIO = 0;
export const PT_DTMF = 101;

interface Stream {
  ssrc: number;
  seq: number;
  ts: number;
}

export class Harness {
  readonly core: BridgeCore;
  now = 100_000;
  readonly sent = new Map<string, OutboundRtp[]>();
  readonly events: { [K in keyof BridgeEvents]: BridgeEvents[K][] } = { dtmf: [], playbackDone: [], digitsCollected: [], endpointLost: [], endpointConnected: [] };
  readonly errors: unknown[] = [];
  private readonly streams = new Map<string, Stream>();
  private nextSsrc = 1000;

  constructor(options: { jitterTargetMs?: number } = {}) {
    this.core = createBridgeCore({ bridgeId: 'bridge-1', onListenerError: (e) => this.errors.push(e), ...options });
    for (const name of Object.keys(this.events) as (keyof BridgeEvents)[]) {
      this.core.onEvent(name, (body) => (this.events[name] as unknown[]).push(body));
    }
  }

  add(...ids: string[]): this {
    for (const id of ids) {
      this.sent.set(id, []);
      this.core.addEndpoint({
        endpointId: id,
        send: (p) => this.sent.get(id)!.push({ ...p, payload: p.payload.slice() }),
        dtmfPayloadType: PT_DTMF,
        audioPayloadType: PT_AUDIO,
      });
      this.streams.set(id, { ssrc: this.nextSsrc++, seq: 1, ts: 50_000 });
    }
    return this;
  }

  stream(id: string): Stream {
    return this.streams.get(id)!;
  }

  /** One 20 ms PCMU packet from `id` (timestamp and sequence number advance). */
  talk(id: string, payload: Uint8Array): void {
    const s = this.stream(id);
    this.core.receive(id, { payloadType: PT_AUDIO, sequenceNumber: s.seq, timestamp: s.ts, ssrc: s.ssrc, marker: false, payload }, this.now);
    s.seq = (s.seq + 1) & 0xffff;
    s.ts = (s.ts + FRAME_SAMPLES) >>> 0;
  }

  /** Raw telephone-event packet from `id` (advances the sequence number only). */
  dtmfPacket(id: string, timestamp: number, payload: Uint8Array): void {
    const s = this.stream(id);
    this.core.receive(id, { payloadType: PT_DTMF, sequenceNumber: s.seq, timestamp, ssrc: s.ssrc, marker: false, payload }, this.now);
    s.seq = (s.seq + 1) & 0xffff;
  }

  tick(): void {
    this.core.tick(this.now);
    this.now += 20;
  }

  /** Each named endpoint sends its frame, then the bridge ticks; repeated `times`. */
  step(frames: Record<string, Uint8Array>, times = 1): void {
    for (let t = 0; t < times; t++) {
      for (const [id, f] of Object.entries(frames)) this.talk(id, f);
      this.tick();
    }
  }

  last(id: string): OutboundRtp {
    const list = this.sent.get(id)!;
    const p = list[list.length - 1];
    if (!p) throw new Error(`nothing sent to ${id}`);
    return p;
  }

  lastAudio(id: string): Uint8Array {
    const p = this.last(id);
    if (p.kind !== 'audio') throw new Error(`last packet to ${id} is ${p.kind}`);
    return p.payload;
  }
}

/** A frame of one constant linear value (exactly representable in μ-law when taken from decodeSample). */
export const constFrame = (byte: number): Uint8Array => new Uint8Array(FRAME_SAMPLES).fill(byte);

/** μ-law byte whose decoded value is nearest `sample`. */
export const ulawOf = (sample: number): number => encodeSample(sample);
export const lin = (byte: number): number => decodeSample(byte);

/** A sine frame (phase continuous across frames by `frameIndex`). */
export function sineFrame(freq: number, amplitude: number, frameIndex = 0): Uint8Array {
  const f = new Uint8Array(FRAME_SAMPLES);
  for (let i = 0; i < FRAME_SAMPLES; i++) f[i] = encodeSample(Math.round(amplitude * Math.sin((2 * Math.PI * freq * (frameIndex * FRAME_SAMPLES + i)) / 8000)));
  return f;
}

export function meanAbs(frame: Uint8Array): number {
  let e = 0;
  for (const b of frame) e += Math.abs(decodeSample(b));
  return e / frame.length;
}

/** A RecordingSink in memory: applies writes and patches to one growing byte array. */
export class MemorySink implements RecordingSink {
  bytes = new Uint8Array(0);
  writes: number[] = [];
  patches: { offset: number; length: number }[] = [];
  closed = false;
  write(chunk: Uint8Array): void {
    if (this.closed) throw new Error('write after close');
    const next = new Uint8Array(this.bytes.length + chunk.length);
    next.set(this.bytes);
    next.set(chunk, this.bytes.length);
    this.bytes = next;
    this.writes.push(chunk.length);
  }
  patch(offset: number, bytes: Uint8Array): void {
    if (this.closed) throw new Error('patch after close');
    this.bytes.set(bytes, offset);
    this.patches.push({ offset, length: bytes.length });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
