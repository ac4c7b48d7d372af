import type { DigitCollectionOptions, EnergyReading, HearingMatrix, BridgeEvents, RecordingOptions, RecordingResult } from '../facade.ts';

/**
 * The boundary between a bridge's audio core (pure: mixing, jitter buffers, DTMF, playbacks, recording,
 * all driven by `tick`) and its transport (werift peer connections, the worker thread). The core never
 * touches a socket or a timer; the transport never looks inside audio. Tests drive the core with a
 * manual clock and fake endpoints.
 */

/**
 * One RTP packet as the transport received it (already decrypted). The transport reuses the object and its
 * payload for the next packet (rtc/srtpStream.ts): a receiver copies what it keeps before returning.
 */
export interface InboundRtp {
  payloadType: number;
  sequenceNumber: number;
  /** RTP timestamp (8 kHz clock for PCMU and telephone-event/8000). */
  timestamp: number;
  ssrc: number;
  marker: boolean;
  payload: Uint8Array;
}

/** What the core hands the transport to send to one endpoint. The transport sets SSRC and sequence numbers. */
export type OutboundRtp =
  /** 20 ms of PCMU (160 bytes). `timestamp` advances by exactly 160 per frame slot, skipped slots included. */
  | { kind: 'audio'; payload: Uint8Array; timestamp: number; marker: boolean }
  /** An RFC 4733 telephone-event packet (payload 4 bytes); the transport sends it with the negotiated event payload type. */
  | { kind: 'dtmf'; payload: Uint8Array; timestamp: number; marker: boolean };

export interface CoreEndpointOptions {
  endpointId: string;
  /** Called during `tick` with what to send this endpoint. Must not throw or block. */
  send(packet: OutboundRtp): void;
  /** The payload type the endpoint negotiated for telephone-event (DTMF), if any. */
  dtmfPayloadType?: number;
  /** The payload type negotiated for PCMU (0). */
  audioPayloadType?: number;
}

/** Where a recording's bytes go (a file in the worker; memory in tests). Writes are batched by the core. */
export interface RecordingSink {
  write(chunk: Uint8Array): void;
  /** Rewrite `bytes` at `offset` (the WAV header on stop). */
  patch(offset: number, bytes: Uint8Array): void;
  close(): Promise<void>;
}

export interface BridgeCore {
  addEndpoint(options: CoreEndpointOptions): void;
  removeEndpoint(endpointId: string): void;
  /** An RTP packet from an endpoint: audio into its jitter buffer, telephone-event to the digit detector. */
  receive(endpointId: string, packet: InboundRtp, arrivalMs: number): void;
  setHearing(matrix: HearingMatrix): void;
  /** `audio` is 8 kHz μ-law, already rendered. */
  play(options: { playbackId: string; audio: Uint8Array; loop: boolean; stopOnDigit: boolean }): void;
  stopPlayback(playbackId: string): void;
  collectDigits(options: DigitCollectionOptions): void;
  stopCollecting(collectionId: string): void;
  /** Queue RFC 4733 events to an endpoint (e.g. an agent keying digits to an IVR). */
  sendDigits(endpointId: string, digits: string): void;
  startRecording(options: RecordingOptions, sink: RecordingSink): void;
  stopRecording(): Promise<RecordingResult | undefined>;
  meter(): Record<string, EnergyReading>;
  /**
   * One 20 ms frame: `nowMs` is the frame's deadline on the bridge's clock (absolute, not "when the timer
   * fired"). Missed slots are skipped by the caller's clock; the core advances timestamps by 160 per slot.
   */
  tick(nowMs: number): void;
  /** Events come out through this, synchronously during `receive`/`tick`; the transport forwards them. */
  onEvent<K extends keyof BridgeEvents>(event: K, listener: (body: BridgeEvents[K]) => void): void;
  /** Ends everything; finishes the recording if one runs. */
  close(): Promise<void>;
}

export type CreateBridgeCore = (options: { bridgeId: string }) => BridgeCore;
