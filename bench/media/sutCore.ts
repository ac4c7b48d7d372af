/**
 * bench/media's system under test (in sut.ts's child process, or inside the server with --with-routing). Two modes:
 *
 * - `bridge`: the media engine (packages/media's facade, W worker threads) with one bridge per call; each
 *   call's six endpoints hear the five others (a full conference matrix). RTP, mixing and the 20 ms clock
 *   all run in the worker threads; this process's main thread only relays signalling.
 * - `echo` (the baseline): the same werift endpoint code (packages/media/src/rtc/endpoint.ts) on this
 *   process's main thread, each endpoint sending back every audio packet it receives: no bridge, no
 *   mixing, no clock, no worker.
 *
 * It reports its own CPU (process.cpuUsage), each OS thread's CPU and run-queue wait (/proc schedstat),
 * the engine's per-worker clock figures and the workers' event-loop utilization. `--profile` support:
 * a V8 CPU profile of the first media worker (inspector, NodeWorker domain) or, in echo mode, of the main
 * thread, for a window the orchestrator chooses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { configFromEnv } from '../../packages/server/src/config.ts';
import { applyHeapGrowth } from '../../packages/server/src/heapGrowth.ts';
import { createMediaEngine, type Bridge, type MediaEngineImpl } from '../../packages/media/src/index.ts';
import { createRtcEndpoint, type RtcEndpoint } from '../../packages/media/src/rtc/endpoint.ts';
import type { Handlers } from './rpc.ts';
import { threadTimes } from './threads.ts';

export interface SutOptions {
  mode: 'bridge' | 'echo';
  workers: number;
  /** Attach the inspector to the media worker so `profileStart`/`profileStop` work. */
  profile: boolean;
  /** RTP past werift (packages/media/src/rtc/fastPath.ts) or werift's own per-packet path. */
  path?: 'fast' | 'werift';
}

/** Starts the system under test in this process; returns the handlers the orchestrator calls. */
export async function startSut({ mode, workers, profile, path = 'fast' }: SutOptions): Promise<Handlers> {
  const ICE = { iceAdditionalHostAddresses: ['127.0.0.1'] };
  const tidsBefore = Object.keys(threadTimes());
  const cacheDir = mkdtempSync(join(tmpdir(), 'switchboard-bench-media-'));

  process.on('unhandledRejection', (reason) => {
    process.emitWarning(`bench/media sut: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
  });

  // --- the inspector: profiles of the media worker (bridge) or this thread (echo) ---------------------------
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<any>((ok, fail) => session.post(method, params, (e, r) => (e ? fail(e) : ok(r))));
  /** Requests to a worker's inspector, by the NodeWorker domain. */
  let workerSession: string | undefined;
  let nextWorkerMessage = 0;
  const workerWaiters = new Map<number, { ok(v: any): void; fail(e: Error): void }>();
  session.on('NodeWorker.attachedToWorker', (m: any) => {
    // Under tsx each thread also has an ESM loader worker (url node:internal/modules/esm/worker): skip those.
    const url: string = m.params.workerInfo?.url ?? '';
    if (url.endsWith('/worker/boot.mjs') || url.endsWith('/media-worker.js')) workerSession ??= m.params.sessionId;
  });
  session.on('NodeWorker.receivedMessageFromWorker', (m: any) => {
    const reply = JSON.parse(m.params.message);
    const waiter = workerWaiters.get(reply.id);
    if (!waiter) return;
    workerWaiters.delete(reply.id);
    if (reply.error) waiter.fail(new Error(JSON.stringify(reply.error)));
    else waiter.ok(reply.result);
  });
  async function postWorker(method: string, params: object = {}): Promise<any> {
    if (!workerSession) throw new Error('no media worker attached to the inspector');
    const id = ++nextWorkerMessage;
    const reply = new Promise<any>((ok, fail) => workerWaiters.set(id, { ok, fail }));
    await post('NodeWorker.sendMessageToWorker', { sessionId: workerSession, message: JSON.stringify({ id, method, params }) });
    return reply;
  }
  const profiler = mode === 'bridge'
    ? { start: async () => { await postWorker('Profiler.enable'); await postWorker('Profiler.start'); }, stop: () => postWorker('Profiler.stop') }
    : { start: async () => { await post('Profiler.enable'); await post('Profiler.start'); }, stop: () => post('Profiler.stop') };

  // V8's heap growth as the server sets it at start, so the workers collect as often as the server's do: with
  // V8's own factor a 40-call worker ran a full collection every 4-8 s (session 14).
  applyHeapGrowth(configFromEnv(process.env, '/nonexistent').heapGrowthPercent);

  // --- bridge mode ------------------------------------------------------------------------------------------
  let engine: MediaEngineImpl | undefined;
  const bridges = new Map<string, Bridge>();
  if (mode === 'bridge') {
    engine = await createMediaEngine(
      { workers, cacheDir, ...ICE, fastPath: path === 'fast', ...(process.env.SWITCHBOARD_MEDIA_UDP_BATCH === '0' ? { udpBatch: false } : {}) },
      // Setup of hundreds of peers takes a while; no endpoint should be called lost for its silence meanwhile.
      { silenceTimeoutMs: 3_600_000, respawn: false },
    );
    engine.on('died', ({ workerId, error }) => console.error(`bench/media sut: media worker ${workerId} died: ${error}`));
    if (profile) await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
  }

  // --- echo mode --------------------------------------------------------------------------------------------
  const echoes = new Map<string, RtcEndpoint>();
  const echoCounters = { packetsIn: 0, packetsOut: 0 };
  async function addEcho(endpointId: string, offer: string): Promise<string> {
    let endpoint: RtcEndpoint | undefined;
    endpoint = await createRtcEndpoint({
      endpointId, offer, ice: ICE,
      now: () => performance.now(),
      silenceTimeoutMs: 3_600_000,
      fastPath: path === 'fast',
      onRtp: (packet) => {
        echoCounters.packetsIn++;
        if (!endpoint || !endpoint.connected) return;
        echoCounters.packetsOut++;
        endpoint.send({ kind: 'audio', payload: packet.payload, timestamp: packet.timestamp, marker: packet.marker });
      },
      onConnected: () => {},
      onLost: (reason) => console.error(`bench/media sut: echo endpoint ${endpointId} lost: ${reason}`),
    });
    echoes.set(endpointId, endpoint);
    return endpoint.answer;
  }

  function elus(): EventLoopUtilization[] {
    return (engine?.workersForTesting ?? []).map((w) => w.worker?.performance.eventLoopUtilization() ?? { idle: 0, active: 0, utilization: 0 });
  }

  async function packetCounts(): Promise<{ packetsIn: number; packetsOut: number; endpoints: number }> {
    if (mode === 'echo') return { ...echoCounters, endpoints: echoes.size };
    let packetsIn = 0, packetsOut = 0, endpoints = 0;
    const meters = await Promise.all([...bridges.values()].map((b) => b.meter()));
    for (const m of meters) for (const r of Object.values(m)) { packetsIn += r.packetsIn; packetsOut += r.packetsOut; endpoints++; }
    return { packetsIn, packetsOut, endpoints };
  }

  return {
    info: () => ({ pid: process.pid, mode, workers: mode === 'bridge' ? workers : 0, tidsBefore }),
    createCall: async ({ callId }: { callId: string }) => {
      bridges.set(callId, await engine!.createBridge({ bridgeId: callId }));
    },
    addEndpoint: async ({ callId, endpointId, offer }: { callId?: string; endpointId: string; offer: string }) => {
      if (mode === 'echo') return { answer: await addEcho(endpointId, offer) };
      const endpoint = await bridges.get(callId!)!.addEndpoint({ endpointId, offer });
      return { answer: endpoint.answer };
    },
    /** A full conference: everyone hears the others. */
    setHearing: ({ callId, endpointIds }: { callId: string; endpointIds: string[] }) => {
      const hears: Record<string, string[]> = {};
      for (const id of endpointIds) hears[id] = endpointIds.filter((o) => o !== id);
      bridges.get(callId)!.setHearing({ version: 1, hears });
    },
    stats: async () => {
      // The packet counters first (they take a round trip to the workers), then the clocks and CPU together.
      const packets = await packetCounts();
      const clocks = engine ? await engine.stats() : [];
      return { at: performance.now(), cpu: process.cpuUsage(), threads: threadTimes(), elu: elus(), clocks, packets };
    },
    profileStart: () => profiler.start(),
    profileStop: async ({ file }: { file: string }) => {
      const { profile } = await profiler.stop();
      writeFileSync(file, JSON.stringify(profile));
      return { file };
    },
    exit: async () => {
      setTimeout(() => process.exit(0), 5000).unref();
      for (const e of echoes.values()) void e.close();
      await engine?.close().catch(() => {});
      rmSync(cacheDir, { recursive: true, force: true });
      setTimeout(() => process.exit(0), 10);
    },
  };
}
