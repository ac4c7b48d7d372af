export type {
  AudioSource, PlayOptions, DigitCollectionOptions, DigitCollectionResult, HearingMatrix, EnergyReading,
  RecordingOptions, RecordingResult, BridgeEvents, Listener, Endpoint, Playback, Recording, Bridge,
  MediaEngineOptions, MediaEngine,
} from './facade.ts';
export { InvalidStateError } from './facade.ts';
export { createBridgeCore, type BridgeCoreOptions } from './core/bridgeCore.ts';
export { fileSink } from './audio/fileSink.ts';
export { createAudioRenderer, type AudioRenderer } from './audio/render.ts';
export { createMediaEngine } from './engine.ts';
export type { MediaEngineInternals, MediaEngineImpl } from './engine.ts';
export { MEDIA_WORKER_SOURCE, MEDIA_WORKER_BUNDLE } from './worker/entry.ts';
export type { WorkerStats } from './protocol.ts';
