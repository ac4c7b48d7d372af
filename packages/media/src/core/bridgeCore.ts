import type { BridgeEvents, DigitCollectionOptions, DigitCollectionResult, EnergyReading, HearingMatrix, RecordingOptions, RecordingResult } from '../facade.ts';
import { InvalidStateError } from '../facade.ts';
import type { BridgeCore, CoreEndpointOptions, CreateBridgeCore, InboundRtp, OutboundRtp, RecordingSink } from './port.ts';
import { FRAME_SAMPLES, decodeInto } from './g711.ts';
import { DigitCollection } from './digits.ts';
import { type MixPlan, type MixSource, absSumPcm, copyHearingMatrix, mixFrame, mixFromShared, planMix, sumShared, validateHearingMatrix } from './mixer.ts';
import { WavRecorder } from './wav.ts';
import { EndpointState, PlaybackState } from './sources.ts';

/**
 * A bridge's audio core: everything audible about one call, driven by `tick` on the bridge's clock and by
 * `receive` for each incoming packet. Pure — no sockets, no timers, no files (recording bytes go to a
 * RecordingSink). See port.ts for the contract with the transport.
 *
 * Each tick, in order: the pending hearing matrix (if any) takes effect; every endpoint's jitter buffer
 * yields one frame; every playback yields one frame; every endpoint is sent its mix (or the next queued
 * DTMF packet instead of audio: audio to that endpoint pauses while an event is being sent, which is what
 * receivers expect); the recording gets one stereo frame; playbacks that ran out end; digit collections
 * check their deadlines; then events go out.
 *
 * The audio packet object and its payload handed to `send` are reused on the next tick (no allocation per
 * frame): the transport must serialize or copy what it needs during the call (werift's
 * RtpPacket.serialize copies the payload). DTMF packets are fresh objects.
 *
 * Outgoing RTP timestamps: slot n of the bridge clock (n = round((nowMs − first tick) / 20)) carries
 * timestamp 160·n (mod 2³²) for every endpoint. A tick that skips slots advances the timestamp by 160 per
 * slot and still sends one frame (no burst); the skipped audio is dropped from jitter buffers and
 * playbacks so latency does not grow. A tick for a slot already done is ignored.
 *
 * Recording: the left channel is the sum of the `left` endpoints, the right of every other endpoint; an
 * endpoint is recorded only while some listener hears it in the matrix in force (a held or muted party,
 * heard by no one, is not recorded — the recording holds what the call's parties could hear of each other).
 *
 * Events are queued while the core works and delivered at the end of the `tick`/`receive`/call that caused
 * them; each listener runs in try/catch, so a throwing listener cannot break the tick (its error goes to
 * `onListenerError`, console.error by default). Closing the bridge emits nothing.
 */

const MAX_ENDED_REMEMBERED = 256;

export interface BridgeCoreOptions {
  bridgeId: string;
  /** Where errors thrown by event listeners or `send` callbacks go (default: console.error). */
  onListenerError?: (error: unknown, where: string) => void;
  /** Playout delay of the jitter buffers (default 40 ms). */
  jitterTargetMs?: number;
}

type EventName = keyof BridgeEvents;
type AnyListener = (body: never) => void;

export function createBridgeCore(options: BridgeCoreOptions): BridgeCore {
  return new Core(options);
}
createBridgeCore satisfies CreateBridgeCore;

class Core implements BridgeCore {
  private readonly bridgeId: string;
  private readonly reportError: (error: unknown, where: string) => void;
  private readonly jitterTargetMs: number;
  private readonly endpoints = new Map<string, EndpointState>();
  private readonly playbacks = new Map<string, PlaybackState>();
  private readonly collections = new Map<string, DigitCollection>();
  /** Playbacks that have ended (so a collection started after its prompt ended is armed at once). */
  private readonly endedPlaybacks = new Set<string>();
  private readonly listeners = new Map<EventName, AnyListener[]>();
  private readonly queue: { event: EventName; body: unknown }[] = [];
  private flushing = false;
  private applied: HearingMatrix | undefined;
  private pending: HearingMatrix | undefined;
  private dirty = true;
  private originMs: number | undefined;
  private lastSlot = 0;
  private frameNo = 0;
  private timestamp = 0;
  private recorder: WavRecorder | undefined;
  private closing: Promise<void> | undefined;
  private readonly acc = new Int32Array(FRAME_SAMPLES);
  private readonly total = new Int32Array(FRAME_SAMPLES);
  private plan: MixPlan = { shared: [], minus: [] };
  private readonly left = new Int32Array(FRAME_SAMPLES);
  private readonly right = new Int32Array(FRAME_SAMPLES);

  constructor(options: BridgeCoreOptions) {
    if (typeof options?.bridgeId !== 'string' || options.bridgeId === '') throw new TypeError('createBridgeCore: bridgeId required');
    this.bridgeId = options.bridgeId;
    this.jitterTargetMs = options.jitterTargetMs ?? 40;
    this.reportError = options.onListenerError ?? ((error, where) => console.error(`bridge ${this.bridgeId}: ${where} threw`, error));
  }

  addEndpoint(o: CoreEndpointOptions): void {
    this.assertOpen();
    if (typeof o?.endpointId !== 'string' || o.endpointId === '') throw new TypeError('addEndpoint: endpointId must be a non-empty string');
    if (typeof o.send !== 'function') throw new TypeError('addEndpoint: send must be a function');
    // Same id again (a page reload): the new connection replaces the old one, with fresh buffers.
    this.endpoints.set(o.endpointId, new EndpointState(o.endpointId, o.send, o.dtmfPayloadType, o.audioPayloadType ?? 0, this.jitterTargetMs));
    this.dirty = true;
  }

  removeEndpoint(endpointId: string): void {
    if (this.endpoints.delete(endpointId)) this.dirty = true;
  }

  receive(endpointId: string, packet: InboundRtp, arrivalMs: number): void {
    if (this.closing) return;
    const ep = this.endpoints.get(endpointId);
    if (!ep) return; // raced with removal
    ep.packetsIn++;
    ep.seq.see(packet.ssrc, packet.sequenceNumber);
    if (ep.dtmfPayloadType !== undefined && packet.payloadType === ep.dtmfPayloadType) {
      const digit = ep.dtmfIn.receive(packet.ssrc, packet.timestamp, packet.payload);
      if (digit !== undefined) this.onDigit(ep.id, digit, arrivalMs);
    } else if (packet.payloadType === ep.audioPayloadType) {
      ep.jitter.put(packet.ssrc, packet.timestamp, packet.payload);
    }
    this.flush();
  }

  setHearing(matrix: HearingMatrix): void {
    this.assertOpen();
    validateHearingMatrix(matrix);
    const held = (this.pending ?? this.applied)?.version;
    if (held !== undefined && matrix.version <= held) return; // older (or the same) version: ignored
    this.pending = copyHearingMatrix(matrix);
  }

  play(o: { playbackId: string; audio: Uint8Array; loop: boolean; stopOnDigit: boolean }): void {
    this.assertOpen();
    if (typeof o?.playbackId !== 'string' || o.playbackId === '') throw new TypeError('play: playbackId must be a non-empty string');
    if (!(o.audio instanceof Uint8Array)) throw new TypeError('play: audio must be a Uint8Array of μ-law');
    if (this.playbacks.has(o.playbackId)) throw new TypeError(`play: playback ${o.playbackId} is already playing`);
    if (this.endpoints.has(o.playbackId)) throw new TypeError(`play: ${o.playbackId} is an endpoint id`);
    this.endedPlaybacks.delete(o.playbackId);
    this.playbacks.set(o.playbackId, new PlaybackState(o.playbackId, o.audio, o.loop === true, o.stopOnDigit === true));
    this.dirty = true;
  }

  stopPlayback(playbackId: string): void {
    const pb = this.playbacks.get(playbackId);
    if (pb && !this.closing) this.endPlayback(pb, 'stopped');
    this.flush();
  }

  collectDigits(options: DigitCollectionOptions): void {
    this.assertOpen();
    const c = new DigitCollection(options);
    if (this.collections.has(c.id)) throw new TypeError(`collectDigits: collection ${c.id} is already running`);
    if (c.afterPlaybackId !== undefined && this.endedPlaybacks.has(c.afterPlaybackId) && !this.playbacks.has(c.afterPlaybackId)) c.arm();
    this.collections.set(c.id, c);
  }

  stopCollecting(collectionId: string): void {
    const c = this.collections.get(collectionId);
    if (c && !this.closing) {
      const r = c.stop();
      if (r) this.finishCollection(c, r);
    }
    this.flush();
  }

  sendDigits(endpointId: string, digits: string): void {
    this.assertOpen();
    if (typeof digits !== 'string') throw new TypeError('sendDigits: digits must be a string');
    const ep = this.endpoints.get(endpointId);
    if (!ep) throw new TypeError(`sendDigits: no endpoint ${endpointId}`);
    if (ep.dtmfPayloadType === undefined) throw new TypeError(`sendDigits: endpoint ${endpointId} did not negotiate telephone-event`);
    ep.dtmfOut.enqueue(digits);
  }

  startRecording(options: RecordingOptions, sink: RecordingSink): void {
    this.assertOpen();
    if (typeof options?.path !== 'string' || !Array.isArray(options.left) || options.left.some((id) => typeof id !== 'string')) {
      throw new TypeError('startRecording: path and left (endpoint ids) required');
    }
    if (this.recorder) throw new InvalidStateError(`bridge ${this.bridgeId} is already recording`);
    this.recorder = new WavRecorder(options.path, new Set(options.left), sink);
  }

  async stopRecording(): Promise<RecordingResult | undefined> {
    const r = this.recorder;
    this.recorder = undefined;
    return r?.stop();
  }

  meter(): Record<string, EnergyReading> {
    const out: Record<string, EnergyReading> = {};
    for (const [id, ep] of this.endpoints) out[id] = ep.reading();
    return out;
  }

  onEvent<K extends keyof BridgeEvents>(event: K, listener: (body: BridgeEvents[K]) => void): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as AnyListener);
    this.listeners.set(event, list);
  }

  close(): Promise<void> {
    if (!this.closing) {
      const recorder = this.recorder;
      this.recorder = undefined;
      this.endpoints.clear();
      this.playbacks.clear();
      this.collections.clear();
      this.queue.length = 0;
      this.closing = recorder ? recorder.stop().then(() => undefined) : Promise.resolve();
    }
    return this.closing;
  }

  tick(nowMs: number): void {
    if (this.closing) return;
    if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) throw new TypeError('tick: nowMs must be a finite number');
    let skipped = 0;
    if (this.originMs === undefined) {
      this.originMs = nowMs;
      this.lastSlot = 0;
    } else {
      const slot = Math.round((nowMs - this.originMs) / 20);
      if (slot <= this.lastSlot) return; // this slot is done already
      skipped = slot - this.lastSlot - 1;
      this.timestamp = (this.timestamp + (slot - this.lastSlot) * FRAME_SAMPLES) >>> 0;
      this.lastSlot = slot;
    }
    this.frameNo++;

    if (this.pending) {
      this.applied = this.pending;
      this.pending = undefined;
      this.dirty = true;
    }
    if (this.dirty) this.compile();

    for (const ep of this.endpoints.values()) {
      if (skipped > 0) ep.jitter.skip(skipped * FRAME_SAMPLES);
      ep.jitter.pull(ep.ulaw);
      decodeInto(ep.ulaw, ep.pcm, FRAME_SAMPLES);
      ep.sentEnergy = absSumPcm(ep.pcm);
    }
    for (const pb of this.playbacks.values()) pb.fill(this.frameNo, skipped);
    if (this.plan.shared.length > 0) sumShared(this.plan, this.total);

    for (const ep of this.endpoints.values()) {
      let heard = 0;
      const dtmf = ep.dtmfOut.busy ? ep.dtmfOut.next(this.timestamp) : undefined;
      if (dtmf) {
        this.sendTo(ep, { kind: 'dtmf', payload: dtmf.payload, timestamp: dtmf.timestamp, marker: dtmf.marker });
        ep.marker = true; // audio resumes as a new talkspurt
      } else {
        heard = ep.lacks ? mixFromShared(this.total, ep.lacks, ep.out, this.acc) : mixFrame(ep.row, ep.row.length, ep.out, this.acc);
        const packet = ep.audioPacket;
        packet.payload = ep.out;
        packet.timestamp = this.timestamp;
        packet.marker = ep.marker;
        this.sendTo(ep, packet);
        ep.marker = false;
      }
      ep.meterFrame(ep.sentEnergy, heard);
    }

    if (this.recorder) {
      const left = this.left;
      const right = this.right;
      left.fill(0);
      right.fill(0);
      for (const ep of this.endpoints.values()) {
        if (!ep.heard) continue;
        const into = this.recorder.left.has(ep.id) ? left : right;
        const pcm = ep.pcm;
        for (let i = 0; i < FRAME_SAMPLES; i++) into[i]! += pcm[i]!;
      }
      this.recorder.frame(left, right);
    }

    for (const pb of this.playbacks.values()) if (pb.ended) this.endPlayback(pb, 'ended');
    for (const c of this.collections.values()) {
      const r = c.tick(nowMs);
      if (r) this.finishCollection(c, r);
    }
    this.flush();
  }

  // ---- internals ----

  private assertOpen(): void {
    if (this.closing) throw new InvalidStateError(`bridge ${this.bridgeId} is closed`);
  }

  /** Resolves the matrix in force to source objects; runs when the matrix, endpoints or playbacks change. */
  private compile(): void {
    this.dirty = false;
    const hears = this.applied?.hears;
    for (const ep of this.endpoints.values()) ep.heard = false;
    for (const ep of this.endpoints.values()) {
      const row: MixSource[] = [];
      for (const id of hears?.[ep.id] ?? []) {
        const source = this.endpoints.get(id) ?? this.playbacks.get(id);
        if (!source) continue; // not there (yet): silent
        if (source instanceof EndpointState) source.heard = true;
        row.push(source);
      }
      ep.row = row;
    }
    const listeners = [...this.endpoints.values()];
    this.plan = planMix(listeners.map((ep) => ep.row));
    listeners.forEach((ep, i) => { ep.lacks = this.plan.minus[i]; });
  }

  private onDigit(endpointId: string, digit: string, at: number): void {
    this.emit('dtmf', { endpointId, digit, at });
    // stopOnDigit: a digit from anyone who hears the playback (per the latest matrix) stops it.
    const row = (this.pending ?? this.applied)?.hears[endpointId];
    if (row) for (const pb of this.playbacks.values()) if (pb.stopOnDigit && row.includes(pb.id)) this.endPlayback(pb, 'digit');
    for (const c of this.collections.values()) {
      if (c.endpointId !== endpointId) continue;
      const r = c.digit(digit);
      if (r) this.finishCollection(c, r);
    }
  }

  private endPlayback(pb: PlaybackState, reason: BridgeEvents['playbackDone']['reason']): void {
    this.playbacks.delete(pb.id);
    this.endedPlaybacks.add(pb.id);
    if (this.endedPlaybacks.size > MAX_ENDED_REMEMBERED) {
      const oldest = this.endedPlaybacks.values().next().value;
      if (oldest !== undefined) this.endedPlaybacks.delete(oldest);
    }
    this.dirty = true;
    this.emit('playbackDone', { playbackId: pb.id, reason });
    for (const c of this.collections.values()) if (c.afterPlaybackId === pb.id) c.arm();
  }

  private finishCollection(c: DigitCollection, result: DigitCollectionResult): void {
    this.collections.delete(c.id);
    this.emit('digitsCollected', result);
  }

  private sendTo(ep: EndpointState, packet: OutboundRtp): void {
    try {
      ep.send(packet);
      ep.packetsOut++;
    } catch (error) {
      this.reportError(error, `send to ${ep.id}`);
    }
  }

  private emit<K extends EventName>(event: K, body: BridgeEvents[K]): void {
    this.queue.push({ event, body });
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let i = 0; i < this.queue.length; i++) {
        const { event, body } = this.queue[i]!;
        for (const listener of this.listeners.get(event) ?? []) {
          try {
            (listener as (b: unknown) => void)(body);
          } catch (error) {
            this.reportError(error, `a ${event} listener`);
          }
        }
      }
    } finally {
      this.queue.length = 0;
      this.flushing = false;
    }
  }
}
