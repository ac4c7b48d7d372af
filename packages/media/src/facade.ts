/**
 * The media package's facade: the only surface the server uses. The server creates one bridge per voice
 * call, adds one endpoint per party that carries audio (an agent's softphone, a caller's web-calling page,
 * the development phone, a werift peer in tests), pushes the hearing matrix the engine derived, and starts
 * playbacks, digit collections and recordings. Media decides nothing about who may hear whom: a listener
 * hears exactly the sources its row of the matrix names, and an endpoint missing from the matrix hears
 * no one and is heard by no one (fail closed).
 *
 * Shape after mediasoup (see docs/DESIGN.md, "Media"): a tree of objects, each with an id, `closed`, and
 * a synchronous, idempotent `close()`; closing a parent closes its children without further messages;
 * a call on a closed object rejects with InvalidStateError; bad arguments raise TypeError.
 */

/** Where a playback's audio comes from. Rendered and cached by the media worker (8 kHz μ-law). */
export type AudioSource =
  /** Text to speech (espeak-ng). `voice` is a Connect voice name (e.g. "Joanna"); media maps it to the nearest espeak voice. */
  | { kind: 'text'; text: string; voice?: string; languageCode?: string }
  /** SSML: spoken as SSML where espeak-ng reads it, otherwise reduced to its text. */
  | { kind: 'ssml'; ssml: string; voice?: string; languageCode?: string }
  /** An audio file (WAV of any common rate and width, or raw 8 kHz μ-law with the .ulaw suffix). */
  | { kind: 'file'; path: string }
  /** The built-in hold / queue music. */
  | { kind: 'music' }
  /** Call-progress tones: ringback while a party is dialled, a beep (e.g. the customer whisper's). */
  | { kind: 'tone'; tone: 'ringback' | 'beep' };

export interface PlayOptions {
  /** The playback's id, chosen by the caller; it becomes a source id usable in the hearing matrix. */
  playbackId: string;
  source: AudioSource;
  /** Play it again from the start when it ends, until stopped (music, ringback). */
  loop?: boolean;
  /** Stop the playback at the first DTMF digit from any endpoint that hears it (a menu prompt). */
  stopOnDigit?: boolean;
}

export interface DigitCollectionOptions {
  /** The collection's id, chosen by the caller; reported back with the result. */
  collectionId: string;
  /** The endpoint whose digits are collected. */
  endpointId: string;
  /** Stop after this many digits (1 for a menu). */
  maxDigits: number;
  /** A digit that ends the input and is not part of it ('#' by default for maxDigits > 1; none for 1). */
  terminator?: string;
  /** Time allowed for the first digit, from when the collection starts (after `afterPlaybackId` ends, if given). */
  firstDigitTimeoutMs: number;
  /** Time allowed between digits. */
  interDigitTimeoutMs: number;
  /** Start the clock only when this playback ends (the menu prompt); digits during it still count. */
  afterPlaybackId?: string;
}

export interface DigitCollectionResult {
  collectionId: string;
  digits: string;
  /** What ended it: enough digits, the terminator, a timeout (digits may be empty), or the collection was stopped. */
  reason: 'maxDigits' | 'terminator' | 'timeout' | 'stopped';
}

export interface HearingMatrix {
  /** Increases with every change; an older version than the bridge holds is ignored. */
  version: number;
  /** For each listener (an endpoint id): every source it hears (endpoint ids and playback ids). Positive and complete. */
  hears: Record<string, string[]>;
}

export interface EnergyReading {
  /** Mean absolute sample (0..32768) of what this endpoint sent into the bridge, over the last second. */
  sent: number;
  /** The same for what the bridge sent to this endpoint (its mix), over the last second. */
  heard: number;
  packetsIn: number;
  packetsOut: number;
  /** Sequence-number gaps seen on incoming RTP. */
  packetsLost: number;
}

export interface RecordingOptions {
  /** Where the WAV goes (the server picks a path beside the attachments). */
  path: string;
  /** Endpoint ids on the left channel (the customer side); every other endpoint is on the right (agents). */
  left: string[];
}

export interface RecordingResult {
  path: string;
  durationMs: number;
  bytes: number;
}

/** Events a bridge reports. The server turns them into engine commands. */
export interface BridgeEvents {
  /** A DTMF digit from an endpoint (RFC 4733), once per digit. */
  dtmf: { endpointId: string; digit: string; at: number };
  /** A playback ended: played out, stopped by a digit, or stopped. */
  playbackDone: { playbackId: string; reason: 'ended' | 'digit' | 'stopped' };
  /** A digit collection finished. */
  digitsCollected: DigitCollectionResult;
  /** An endpoint's connection failed or went silent past its consent timeout (its page died). */
  endpointLost: { endpointId: string; reason: string };
  /** The endpoint's WebRTC connection came up (ICE and DTLS done). */
  endpointConnected: { endpointId: string };
}

export type Listener<T> = (event: T) => void;

export interface Endpoint {
  readonly id: string;
  readonly closed: boolean;
  /** The SDP answer to the offer the endpoint was created with (non-trickle: candidates included). */
  readonly answer: string;
  /** Send DTMF digits to this endpoint (RFC 4733), e.g. an agent dialling an IVR reached by phone. */
  sendDigits(digits: string): Promise<void>;
  /** Drops the endpoint's connection; it leaves the mix at the next frame. */
  close(): void;
}

export interface Playback {
  readonly id: string;
  readonly closed: boolean;
  /** Stops it; `playbackDone` with reason 'stopped' follows (unless it had already ended). */
  close(): void;
}

export interface Recording {
  readonly closed: boolean;
  /** Finishes the file (header patched) and resolves with what was written. Closing the bridge does this too. */
  stop(): Promise<RecordingResult>;
}

export interface Bridge {
  readonly id: string;
  readonly closed: boolean;
  /** Adds a party's WebRTC endpoint from its SDP offer; the answer is on the endpoint. Replaces an endpoint with the same id (a reload). */
  addEndpoint(options: { endpointId: string; offer: string }): Promise<Endpoint>;
  /** The complete matrix; applied at the next 20 ms frame. */
  setHearing(matrix: HearingMatrix): void;
  /** Starts a playback. It is a source: add its id to a listener's row to be heard. */
  play(options: PlayOptions): Promise<Playback>;
  collectDigits(options: DigitCollectionOptions): Promise<void>;
  stopCollecting(collectionId: string): void;
  record(options: RecordingOptions): Promise<Recording>;
  /** Per endpoint: energy and packet counts (for tests and the admin view). */
  meter(): Promise<Record<string, EnergyReading>>;
  on<K extends keyof BridgeEvents>(event: K, listener: Listener<BridgeEvents[K]>): () => void;
  /** Ends every endpoint and playback; finishes recordings. */
  close(): void;
}

export interface MediaEngineOptions {
  /** Worker threads that host bridges (default: one per core). 0 runs bridges on the calling thread (tests only). */
  workers?: number;
  /** Extra host addresses for ICE; ['127.0.0.1'] where the only interface is loopback (CI). */
  iceAdditionalHostAddresses?: string[];
  /** STUN/TURN servers werift uses to gather candidates (SWITCHBOARD_ICE_SERVERS). */
  iceServers?: { urls: string; username?: string; credential?: string }[];
  /** UDP ports for ICE, split between the workers. */
  icePortRange?: [number, number];
  /** Where rendered prompts are cached. */
  cacheDir: string;
  /** How long a request to a worker may take before it rejects. */
  requestTimeoutMs?: number;
  /** RTP past werift once a party is connected (rtc/fastPath.ts; default true). false keeps werift's own packet path. */
  fastPath?: boolean;
  /**
   * With the fast path, each worker reads and writes its sockets a frame at a time through the native addon
   * (rtc/udpBatch.ts; default true when it is built; the server's SWITCHBOARD_MEDIA_UDP_BATCH=0 sets it false).
   */
  udpBatch?: boolean;
}

export interface MediaEngine {
  readonly closed: boolean;
  /** Whether text to speech is available (espeak-ng installed); without it, text prompts play a short tone. */
  readonly tts: boolean;
  /** 'on', 'off' (the udpBatch option), or why the workers' native UDP batch is not available: dgram carries calls. */
  readonly udpBatch: string;
  createBridge(options: { bridgeId: string }): Promise<Bridge>;
  /** A worker died: its bridges are closed (their endpoints are lost). */
  on(event: 'died', listener: Listener<{ workerId: number; error: string }>): () => void;
  close(): Promise<void>;
}

/** A call on a closed object. */
export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}
