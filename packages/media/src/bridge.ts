import type { Channel } from './channel.ts';
import { copyHearingMatrix, validateHearingMatrix } from './core/mixer.ts';
import type { Method, Methods } from './protocol.ts';
import {
  InvalidStateError,
  type Bridge, type BridgeEvents, type DigitCollectionOptions, type Endpoint, type EnergyReading, type HearingMatrix,
  type Listener, type Playback, type PlayOptions, type Recording, type RecordingOptions, type RecordingResult,
} from './facade.ts';

/**
 * The main thread's side of a bridge and its children. Each object is a handle: `close()` is synchronous
 * and idempotent, sends one request and ignores its failure; closing a bridge closes its children with
 * no further messages (the worker frees the whole subtree). A call on a closed object rejects with
 * InvalidStateError; bad arguments throw TypeError.
 */

function requireString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
}

function quietly(promise: Promise<unknown>): void {
  promise.catch(() => { /* the worker freed it already, or is gone: nothing to undo */ });
}

export class EndpointHandle implements Endpoint {
  #closed = false;
  constructor(
    readonly id: string,
    /** This connection of the endpoint (a reload makes a new one). */
    readonly connectionId: string,
    readonly answer: string,
    private readonly bridge: BridgeHandle,
  ) {}
  get closed(): boolean { return this.#closed; }

  sendDigits(digits: string): Promise<void> {
    if (this.#closed) return Promise.reject(new InvalidStateError(`endpoint ${this.id} is closed`));
    if (typeof digits !== 'string' || !/^[0-9*#A-Da-d]+$/.test(digits)) {
      return Promise.reject(new TypeError('digits must be one or more of 0-9 * # A-D'));
    }
    return this.bridge.request('bridge.sendDigits', { endpointId: this.id, digits: digits.toUpperCase() }).then(() => {});
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.bridge.forgetEndpoint(this);
    if (!this.bridge.closed) quietly(this.bridge.request('bridge.closeEndpoint', { endpointId: this.id, connectionId: this.connectionId }));
  }

  /** The bridge closed or a reload replaced this endpoint: no message. */
  closeSilently(): void { this.#closed = true; }
}

export class PlaybackHandle implements Playback {
  #closed = false;
  constructor(readonly id: string, private readonly bridge: BridgeHandle) {}
  get closed(): boolean { return this.#closed; }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (!this.bridge.closed) quietly(this.bridge.request('bridge.stopPlayback', { playbackId: this.id }));
  }

  closeSilently(): void { this.#closed = true; }
}

export class RecordingHandle implements Recording {
  #closed = false;
  #result: Promise<RecordingResult> | undefined;
  #settle: { resolve(r: RecordingResult): void; reject(e: Error): void } | undefined;
  constructor(readonly path: string, private readonly bridge: BridgeHandle) {}
  get closed(): boolean { return this.#closed; }

  stop(): Promise<RecordingResult> {
    if (this.#result) return this.#result;
    this.#closed = true;
    this.#result = this.bridge.request('bridge.stopRecording', {}).then((r) => {
      if (!r.recording) throw new InvalidStateError(`recording ${this.path} had already finished`);
      return r.recording;
    });
    return this.#result;
  }

  /** The bridge is closing: the worker finishes the file and its answer settles `stop()`. */
  finishing(): { resolve(r: RecordingResult | undefined): void; reject(e: Error): void } {
    this.#closed = true;
    if (!this.#result) {
      this.#result = new Promise<RecordingResult>((resolve, reject) => { this.#settle = { resolve, reject }; });
      this.#result.catch(() => {}); // nobody may ever call stop()
    }
    return {
      resolve: (r) => {
        if (r) this.#settle?.resolve(r);
        else this.#settle?.reject(new InvalidStateError(`recording ${this.path} had already finished`));
      },
      reject: (e) => this.#settle?.reject(e),
    };
  }
}

type AnyListener = (body: never) => void;

export class BridgeHandle implements Bridge {
  #closed = false;
  readonly #endpoints = new Map<string, EndpointHandle>();
  readonly #playbacks = new Map<string, PlaybackHandle>();
  #recording: RecordingHandle | undefined;
  #connections = 0;
  readonly #listeners = new Map<keyof BridgeEvents, Set<AnyListener>>();

  constructor(
    readonly id: string,
    private readonly channel: Channel,
    /** Called once when the bridge closes, for the engine's bookkeeping. */
    private readonly onClosed: (bridge: BridgeHandle) => void,
  ) {}

  get closed(): boolean { return this.#closed; }

  request<M extends Method>(method: M, body: Methods[M]['body']): Promise<Methods[M]['result']> {
    return this.channel.request(method, this.id, body);
  }

  #rejectClosed<T>(): Promise<T> { return Promise.reject(new InvalidStateError(`bridge ${this.id} is closed`)); }

  async addEndpoint(options: { endpointId: string; offer: string }): Promise<Endpoint> {
    if (this.#closed) return this.#rejectClosed();
    requireString(options?.endpointId, 'endpointId');
    requireString(options.offer, 'offer');
    const connectionId = `${options.endpointId}#${++this.#connections}`;
    const { answer } = await this.request('bridge.addEndpoint', { endpointId: options.endpointId, connectionId, offer: options.offer });
    if (this.#closed) throw new InvalidStateError(`bridge ${this.id} closed while the endpoint was added`);
    this.#endpoints.get(options.endpointId)?.closeSilently(); // a reload replaced it in the worker
    const endpoint = new EndpointHandle(options.endpointId, connectionId, answer, this);
    this.#endpoints.set(endpoint.id, endpoint);
    return endpoint;
  }

  forgetEndpoint(endpoint: EndpointHandle): void {
    if (this.#endpoints.get(endpoint.id) === endpoint) this.#endpoints.delete(endpoint.id);
  }

  setHearing(matrix: HearingMatrix): void {
    if (this.#closed) throw new InvalidStateError(`bridge ${this.id} is closed`);
    validateHearingMatrix(matrix);
    const copy = copyHearingMatrix(matrix);
    this.request('bridge.setHearing', copy).catch((error: unknown) => {
      if (!this.#closed) process.emitWarning(`media: bridge ${this.id}: the hearing matrix v${matrix.version} was refused: ${String(error)}`);
    });
  }

  async play(options: PlayOptions): Promise<Playback> {
    if (this.#closed) return this.#rejectClosed();
    requireString(options?.playbackId, 'playbackId');
    if (typeof options.source !== 'object' || options.source === null || typeof options.source.kind !== 'string') {
      throw new TypeError('source must be an AudioSource');
    }
    if (this.#playbacks.has(options.playbackId)) throw new TypeError(`playback ${options.playbackId} is already playing`);
    // Registered before the request, so a quick playbackDone finds it.
    const playback = new PlaybackHandle(options.playbackId, this);
    this.#playbacks.set(playback.id, playback);
    try {
      await this.request('bridge.play', {
        playbackId: options.playbackId, source: options.source, loop: options.loop ?? false, stopOnDigit: options.stopOnDigit ?? false,
      });
    } catch (error) {
      if (this.#playbacks.get(playback.id) === playback) this.#playbacks.delete(playback.id);
      playback.closeSilently();
      throw error;
    }
    if (this.#closed) throw new InvalidStateError(`bridge ${this.id} closed while the playback started`);
    return playback;
  }

  async collectDigits(options: DigitCollectionOptions): Promise<void> {
    if (this.#closed) return this.#rejectClosed();
    requireString(options?.collectionId, 'collectionId');
    requireString(options.endpointId, 'endpointId');
    if (!Number.isInteger(options.maxDigits) || options.maxDigits < 1) throw new TypeError('maxDigits must be a positive integer');
    await this.request('bridge.collectDigits', { ...options });
  }

  stopCollecting(collectionId: string): void {
    if (this.#closed) return;
    requireString(collectionId, 'collectionId');
    quietly(this.request('bridge.stopCollecting', { collectionId }));
  }

  async record(options: RecordingOptions): Promise<Recording> {
    if (this.#closed) return this.#rejectClosed();
    requireString(options?.path, 'path');
    if (!Array.isArray(options.left)) throw new TypeError('left must be an array of endpoint ids');
    if (this.#recording && !this.#recording.closed) throw new InvalidStateError(`bridge ${this.id} is already recording`);
    await this.request('bridge.startRecording', { path: options.path, left: [...options.left] });
    if (this.#closed) throw new InvalidStateError(`bridge ${this.id} closed while the recording started (the worker finished the file)`);
    const recording = new RecordingHandle(options.path, this);
    this.#recording = recording;
    return recording;
  }

  async meter(): Promise<Record<string, EnergyReading>> {
    if (this.#closed) return this.#rejectClosed();
    return this.request('bridge.meter', {});
  }

  on<K extends keyof BridgeEvents>(event: K, listener: Listener<BridgeEvents[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, set = new Set());
    set.add(listener as AnyListener);
    return () => { set.delete(listener as AnyListener); };
  }

  /** A notification from the worker (already one turn late). */
  dispatch<K extends keyof BridgeEvents>(event: K, body: BridgeEvents[K]): void {
    if (this.#closed) return;
    if (event === 'playbackDone') {
      const { playbackId } = body as BridgeEvents['playbackDone'];
      this.#playbacks.get(playbackId)?.closeSilently();
      this.#playbacks.delete(playbackId);
    }
    this.#emit(event, body);
  }

  #emit<K extends keyof BridgeEvents>(event: K, body: BridgeEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try { (listener as Listener<BridgeEvents[K]>)(body); } catch (error) {
        process.emitWarning(`media: a ${event} listener of bridge ${this.id} threw: ${String(error)}`);
      }
    }
  }

  /** The settlement of a recording that the bridge's close (or its worker's death) finishes. */
  #pendingFinish: { resolve(r: RecordingResult | undefined): void; reject(e: Error): void } | undefined;

  #finishRecording(recording: RecordingHandle): void {
    this.#pendingFinish = recording.finishing();
  }

  #closeChildren(): void {
    for (const e of this.#endpoints.values()) e.closeSilently();
    this.#endpoints.clear();
    for (const p of this.#playbacks.values()) p.closeSilently();
    this.#playbacks.clear();
    if (this.#recording && !this.#recording.closed) this.#finishRecording(this.#recording);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeChildren();
    const finish = this.#pendingFinish;
    this.#whenClosed = this.channel.request('bridge.close', this.id, {}).then(
      (r) => finish?.resolve(r.recording),
      (error: unknown) => finish?.reject(error instanceof Error ? error : new Error(String(error))),
    );
    this.onClosed(this);
  }

  #whenClosed: Promise<void> = Promise.resolve();
  /** Settles when the worker has freed the bridge (after `close()`), or at once if it never will. */
  get whenClosed(): Promise<void> { return this.#whenClosed; }

  /** The worker died: every endpoint reports lost, then the bridge closes without a message. */
  workerDied(reason: string): void {
    if (this.#closed) return;
    for (const endpoint of [...this.#endpoints.values()]) this.#emit('endpointLost', { endpointId: endpoint.id, reason });
    this.#closed = true;
    this.#closeChildren();
    this.#pendingFinish?.reject(new InvalidStateError(`${reason}; the recording file may lack its final header`));
    this.onClosed(this);
  }
}
