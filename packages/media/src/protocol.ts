import type { FrameClockStats } from './clock.ts';
import type { UdpBatchStats } from './rtc/udpBatch.ts';
import type {
  AudioSource, BridgeEvents, DigitCollectionOptions, EnergyReading, HearingMatrix, RecordingOptions, RecordingResult,
} from './facade.ts';

/**
 * What crosses the boundary between the main thread and a media worker: SDP strings, ids, matrices and
 * small results. RTP, werift objects and timers stay in the worker.
 *
 * Three message shapes (after mediasoup's Channel): a request names a method and the object it acts on
 * (`target`: a bridge id, or '' for the worker itself); a response answers one request by id; a
 * notification reports an event on an object.
 */

/** Each method: the body a request carries and the body its response carries. */
export interface Methods {
  /** The worker's own facts (target ''). */
  /** `udpBatch`: 'on', 'off' (turned off by the host's options), or why it is not available (rtc/udpBatch.ts). */
  'worker.info': { body: Record<string, never>; result: { tts: boolean; udpBatch: string } };
  /** The worker's frame clock and load (for benchmarks and the admin view). */
  'worker.stats': { body: Record<string, never>; result: WorkerStats };
  'bridge.create': { body: Record<string, never>; result: Record<string, never> };
  /** Closing finishes a running recording first; its result comes back here. */
  'bridge.close': { body: Record<string, never>; result: { recording?: RecordingResult } };
  /**
   * `connectionId` (made on the main side) names this one connection of the endpoint: a reload adds the
   * same endpoint id with a new connection id, and closing a handle closes only its own connection.
   */
  'bridge.addEndpoint': { body: { endpointId: string; connectionId: string; offer: string }; result: { answer: string } };
  'bridge.closeEndpoint': { body: { endpointId: string; connectionId: string }; result: Record<string, never> };
  'bridge.setHearing': { body: HearingMatrix; result: Record<string, never> };
  'bridge.play': {
    body: { playbackId: string; source: AudioSource; loop: boolean; stopOnDigit: boolean };
    result: Record<string, never>;
  };
  'bridge.stopPlayback': { body: { playbackId: string }; result: Record<string, never> };
  'bridge.collectDigits': { body: DigitCollectionOptions; result: Record<string, never> };
  'bridge.stopCollecting': { body: { collectionId: string }; result: Record<string, never> };
  'bridge.sendDigits': { body: { endpointId: string; digits: string }; result: Record<string, never> };
  'bridge.startRecording': { body: RecordingOptions; result: Record<string, never> };
  /** `result.recording` is absent when no recording ran (already finished by the worker). */
  'bridge.stopRecording': { body: Record<string, never>; result: { recording?: RecordingResult } };
  'bridge.meter': { body: Record<string, never>; result: Record<string, EnergyReading> };
}

export type Method = keyof Methods;

export interface WorkerStats extends FrameClockStats {
  bridges: number;
  endpoints: number;
  /** Endpoints whose RTP takes the fast path (rtc/fastPath.ts), by SRTP profile; the rest take werift's. */
  fastPath: { 'aes-cm': number; 'aes-gcm': number };
  /** The batched sockets (rtc/udpBatch.ts) and what went through them; absent when the worker has no batch. */
  udpBatch?: UdpBatchStats;
  /** This thread's garbage collections (worker/gcWatch.ts). */
  gc: GcStats;
}

export interface GcStats {
  /** Scavenges and full (mark-compact) collections since the worker started, and their pauses in all (ms). */
  minor: number;
  major: number;
  pauseMs: number;
  /** The longest pause since the previous read of these stats (ms), and its kind. */
  maxPauseMs: number;
  maxPauseKind: 'minor' | 'major' | 'other' | '';
}

export interface Request<M extends Method = Method> {
  kind: 'request';
  id: number;
  method: M;
  target: string;
  body: Methods[M]['body'];
}

/** An error as it crosses: its class name survives so TypeError / InvalidStateError can be rebuilt. */
export interface WireError {
  name: string;
  message: string;
}

export type Response =
  | { kind: 'response'; id: number; ok: true; body: unknown }
  | { kind: 'response'; id: number; ok: false; error: WireError };

/** Events on a bridge (target = bridge id): the facade's bridge events. */
export type NotificationEvents = BridgeEvents;

export type Notification<K extends keyof NotificationEvents = keyof NotificationEvents> = {
  kind: 'notification';
  target: string;
  event: K;
  body: NotificationEvents[K];
};

export type WireMessage = Request | Response | Notification;

/** A cheap structural check for messages that arrive from another thread. */
export function isWireMessage(value: unknown): value is WireMessage {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'request' || kind === 'response' || kind === 'notification';
}
