export type {
  AudioSource, PlayOptions, DigitCollectionOptions, DigitCollectionResult, HearingMatrix, EnergyReading,
  RecordingOptions, RecordingResult, BridgeEvents, Listener, Endpoint, Playback, Recording, Bridge,
  MediaEngineOptions, MediaEngine,
} from './facade.ts';
export { InvalidStateError } from './facade.ts';
export { createMediaEngine } from './engine.ts';
export type { MediaEngineInternals, MediaEngineImpl } from './engine.ts';
export type { AudioRenderer } from './worker/host.ts';
export { MEDIA_WORKER_SOURCE, MEDIA_WORKER_BUNDLE } from './worker/entry.ts';
export type { WorkerStats } from './protocol.ts';
