import { availableParallelism } from 'node:os';
import { MessageChannel, Worker } from 'node:worker_threads';
import { BridgeHandle } from './bridge.ts';
import { Channel, portOfMessagePort, portOfWorker } from './channel.ts';
import { createAudioRenderer } from './audio/render.ts';
import { createBridgeCore } from './core/bridgeCore.ts';
import type { CreateBridgeCore } from './core/port.ts';
import {
  InvalidStateError, type Bridge, type BridgeEvents, type Listener, type MediaEngine, type MediaEngineOptions,
} from './facade.ts';
import type { WorkerStats } from './protocol.ts';
import type { IceOptions } from './rtc/werift.ts';
import { mediaWorkerEntry, type MediaWorkerData } from './worker/entry.ts';
import { startWorkerHost, type AudioRenderer, type WorkerHost, type WorkerHostOptions } from './worker/host.ts';

/**
 * The media engine on the main thread: N worker threads (default one per core), each hosting the
 * bridges assigned to it. A bridge goes to the least-loaded live worker and stays there. Each worker has
 * its own slice of the ICE port range. When a worker exits, the engine emits `died`, its bridges report
 * their endpoints lost and close, and a replacement worker starts for new bridges.
 */

/** Knobs for tests and the server's wiring that are not part of the facade. */
export interface MediaEngineInternals {
  /** `workers: 0` only: the core factory (default: the real core). */
  createCore?: CreateBridgeCore;
  /** `workers: 0` only: the prompt renderer (default: src/audio's, caching in `cacheDir`). */
  renderer?: AudioRenderer;
  /** No RTP from an endpoint for this long means it is lost (default 10 s). */
  silenceTimeoutMs?: number;
  /** ICE gathering wait before answering (default 5 s). */
  gatherTimeoutMs?: number;
  /** Start a replacement when a worker dies (default true). */
  respawn?: boolean;
}

interface WorkerSlot {
  workerId: number;
  index: number;
  channel: Channel;
  bridges: Map<string, BridgeHandle>;
  worker: Worker | undefined;
  host: WorkerHost | undefined;
  dead: boolean;
  tts: boolean;
}

export class MediaEngineImpl implements MediaEngine {
  #closed = false;
  #closing: Promise<void> | undefined;
  #tts = false;
  #udpBatch = 'off';
  #nextWorkerId = 0;
  readonly #slots: WorkerSlot[] = [];
  readonly #bridges = new Map<string, BridgeHandle>();
  readonly #diedListeners = new Set<Listener<{ workerId: number; error: string }>>();
  readonly #ranges: ([number, number] | undefined)[];

  private constructor(
    private readonly options: MediaEngineOptions,
    private readonly internals: MediaEngineInternals,
    readonly workerCount: number,
  ) {
    this.#ranges = splitPortRange(options.icePortRange, Math.max(1, workerCount));
  }

  static async create(options: MediaEngineOptions, internals: MediaEngineInternals = {}): Promise<MediaEngineImpl> {
    if (typeof options?.cacheDir !== 'string' || options.cacheDir === '') throw new TypeError('cacheDir must be a directory path');
    const workers = options.workers ?? availableParallelism();
    if (!Number.isInteger(workers) || workers < 0) throw new TypeError('workers must be a non-negative integer');
    const engine = new MediaEngineImpl(options, internals, workers);
    try {
      if (workers === 0) engine.#slots.push(engine.#startInProcess());
      else for (let i = 0; i < workers; i++) engine.#slots.push(engine.#startWorker(i));
      const infos = await Promise.all(engine.#slots.map((s) => s.channel.request('worker.info', '', {})));
      engine.#slots.forEach((slot, i) => { slot.tts = infos[i]?.tts ?? false; });
      engine.#tts = engine.#slots.every((s) => s.tts);
      engine.#udpBatch = infos[0]?.udpBatch ?? 'off';
    } catch (error) {
      await engine.close();
      throw error;
    }
    return engine;
  }

  get closed(): boolean { return this.#closed; }
  get tts(): boolean { return this.#tts; }
  /** 'on', 'off' (the udpBatch option), or why the workers' native UDP batch is not available (rtc/udpBatch.ts). */
  get udpBatch(): string { return this.#udpBatch; }
  /** For tests: the live workers and how many bridges each holds. */
  get workersForTesting(): { workerId: number; bridges: string[]; worker: Worker | undefined }[] {
    return this.#slots.map((s) => ({ workerId: s.workerId, bridges: [...s.bridges.keys()], worker: s.worker }));
  }

  /** Per live worker: its frame clock (ticks, skipped slots, lateness, time in ticks) and its load. */
  async stats(): Promise<({ workerId: number } & WorkerStats)[]> {
    if (this.#closed) throw new InvalidStateError('the media engine is closed');
    const live = this.#slots.filter((s) => !s.dead && !s.channel.closed);
    const stats = await Promise.all(live.map((s) => s.channel.request('worker.stats', '', {})));
    return stats.map((s, i) => ({ workerId: live[i]?.workerId ?? -1, ...s }));
  }

  #hostOptions(index: number): WorkerHostOptions {
    const ice: IceOptions = {};
    if (this.options.iceAdditionalHostAddresses) ice.iceAdditionalHostAddresses = [...this.options.iceAdditionalHostAddresses];
    if (this.options.iceServers) ice.iceServers = this.options.iceServers.map((s) => ({ ...s }));
    const range = this.#ranges[index];
    if (range) ice.icePortRange = range;
    const host: WorkerHostOptions = { ice };
    if (this.options.fastPath === false) host.fastPath = false;
    if (this.options.udpBatch === false) host.udpBatch = false;
    if (this.internals.silenceTimeoutMs !== undefined) host.silenceTimeoutMs = this.internals.silenceTimeoutMs;
    if (this.internals.gatherTimeoutMs !== undefined) host.gatherTimeoutMs = this.internals.gatherTimeoutMs;
    return host;
  }

  #newSlot(index: number, channel: Channel): WorkerSlot {
    const slot: WorkerSlot = {
      workerId: this.#nextWorkerId++, index, channel, bridges: new Map(), worker: undefined, host: undefined, dead: false, tts: false,
    };
    channel.onNotification((n) => {
      const bridge = slot.bridges.get(n.target);
      if (bridge) bridge.dispatch(n.event as keyof BridgeEvents, n.body as never);
    });
    return slot;
  }

  #startInProcess(): WorkerSlot {
    const { port1, port2 } = new MessageChannel();
    const channel = new Channel(portOfMessagePort(port1), { timeoutMs: this.options.requestTimeoutMs ?? 15_000 });
    const slot = this.#newSlot(0, channel);
    const createCore = this.internals.createCore ?? (({ bridgeId }) => createBridgeCore({
      bridgeId,
      onListenerError: (error, where) => process.emitWarning(`media: bridge ${bridgeId}: ${where} threw: ${String(error)}`),
    }));
    const renderer = this.internals.renderer ?? createAudioRenderer({ cacheDir: this.options.cacheDir });
    const deps: Parameters<typeof startWorkerHost>[2] = { createCore, renderer };
    slot.host = startWorkerHost(portOfMessagePort(port2), this.#hostOptions(0), deps);
    return slot;
  }

  #startWorker(index: number): WorkerSlot {
    const entry = mediaWorkerEntry(import.meta.url);
    const slotId = this.#nextWorkerId;
    const data: MediaWorkerData = { workerId: slotId, host: this.#hostOptions(index), cacheDir: this.options.cacheDir };
    const worker = new Worker(entry.url, { workerData: data, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
    const channel = new Channel(portOfWorker(worker), { timeoutMs: this.options.requestTimeoutMs ?? 15_000 });
    const slot = this.#newSlot(index, channel);
    slot.worker = worker;
    const startedAt = Date.now();
    let lastError = '';
    worker.on('error', (error) => { lastError = error instanceof Error ? `${error.name}: ${error.message}` : String(error); });
    worker.on('exit', (code) => this.#workerDied(slot, lastError || `exited with code ${code}`, Date.now() - startedAt));
    return slot;
  }

  #workerDied(slot: WorkerSlot, error: string, livedMs: number): void {
    if (slot.dead) return;
    slot.dead = true;
    const at = this.#slots.indexOf(slot);
    if (this.#closed) return; // engine.close() terminated it
    slot.channel.close(`media worker ${slot.workerId} died`);
    for (const bridge of [...slot.bridges.values()]) bridge.workerDied(`media worker ${slot.workerId} died`);
    for (const listener of [...this.#diedListeners]) {
      try { listener({ workerId: slot.workerId, error }); } catch (e) {
        process.emitWarning(`media: a died listener threw: ${String(e)}`);
      }
    }
    // A replacement takes the dead worker's port slice, unless the worker died at birth (a crash loop).
    if (at >= 0 && (this.internals.respawn ?? true) && livedMs > 2000) {
      const replacement = this.#startWorker(slot.index);
      this.#slots[at] = replacement;
      replacement.channel.request('worker.info', '', {}).then(
        (info) => { replacement.tts = info.tts; },
        () => { /* its own exit handler reports it */ },
      );
    }
  }

  async createBridge(options: { bridgeId: string }): Promise<Bridge> {
    if (this.#closed) throw new InvalidStateError('the media engine is closed');
    const bridgeId = options?.bridgeId;
    if (typeof bridgeId !== 'string' || bridgeId === '') throw new TypeError('bridgeId must be a non-empty string');
    if (this.#bridges.has(bridgeId)) throw new TypeError(`bridge ${bridgeId} already exists`);
    const slot = this.#leastLoaded();
    if (!slot) throw new InvalidStateError('no media worker is running');
    // Registered before the create request: notifications for it can route at once.
    const bridge = new BridgeHandle(bridgeId, slot.channel, (b) => {
      if (slot.bridges.get(b.id) === b) slot.bridges.delete(b.id);
      if (this.#bridges.get(b.id) === b) this.#bridges.delete(b.id);
    });
    slot.bridges.set(bridgeId, bridge);
    this.#bridges.set(bridgeId, bridge);
    try {
      await slot.channel.request('bridge.create', bridgeId, {});
    } catch (error) {
      if (slot.bridges.get(bridgeId) === bridge) slot.bridges.delete(bridgeId);
      if (this.#bridges.get(bridgeId) === bridge) this.#bridges.delete(bridgeId);
      bridge.workerDied('create failed'); // closes the handle without a message (it has no listeners yet)
      throw error;
    }
    if (bridge.closed) throw new InvalidStateError(`bridge ${bridgeId} closed while it was created`);
    return bridge;
  }

  #leastLoaded(): WorkerSlot | undefined {
    let best: WorkerSlot | undefined;
    for (const slot of this.#slots) {
      if (slot.dead || slot.channel.closed) continue;
      if (!best || slot.bridges.size < best.bridges.size) best = slot;
    }
    return best;
  }

  on(event: 'died', listener: Listener<{ workerId: number; error: string }>): () => void {
    if (event !== 'died') throw new TypeError(`unknown engine event ${String(event)}`);
    this.#diedListeners.add(listener);
    return () => { this.#diedListeners.delete(listener); };
  }

  /** Closes every bridge (finishing recordings), then stops the workers. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      const closing: Promise<unknown>[] = [];
      for (const bridge of [...this.#bridges.values()]) {
        bridge.close(); // finishes its recording in the worker
        closing.push(bridge.whenClosed);
      }
      await Promise.all(closing);
      await Promise.all(this.#slots.map(async (slot) => {
        slot.dead = true;
        slot.channel.close('the media engine closed');
        if (slot.host) await slot.host.close();
        if (slot.worker) await slot.worker.terminate();
      }));
    })();
    return this.#closing;
  }
}

/** Splits [min, max] into `parts` disjoint ranges; werift needs at least two ports per range. */
export function splitPortRange(range: [number, number] | undefined, parts: number): ([number, number] | undefined)[] {
  if (!range) return Array.from({ length: parts }, () => undefined);
  const [min, max] = range;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min >= max) {
    throw new TypeError('icePortRange must be [min, max] with 1 <= min < max <= 65535');
  }
  const size = Math.floor((max - min + 1) / parts);
  if (size < 2) throw new TypeError(`icePortRange ${min}-${max} is too small for ${parts} media workers (2 ports each at least)`);
  return Array.from({ length: parts }, (_, i) => [min + i * size, min + (i + 1) * size - 1] as [number, number]);
}

/** The facade's MediaEngine, plus `stats()` (typed as the implementation so benches can read it). */
export function createMediaEngine(options: MediaEngineOptions, internals?: MediaEngineInternals): Promise<MediaEngineImpl> {
  return MediaEngineImpl.create(options, internals);
}
