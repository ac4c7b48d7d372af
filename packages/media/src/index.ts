export type {
  AudioSource, PlayOptions, DigitCollectionOptions, DigitCollectionResult, HearingMatrix, EnergyReading,
  RecordingOptions, RecordingResult, BridgeEvents, Listener, Endpoint, Playback, Recording, Bridge,
  MediaEngineOptions, MediaEngine,
} from './facade.ts';
export { InvalidStateError } from './facade.ts';
