import type { ChannelPort, ChannelServer } from '../channel.ts';

export type { AudioRenderer };
import { serveChannel } from '../channel.ts';
import { FrameClock, type Timers } from '../clock.ts';
import type { BridgeCore, CreateBridgeCore, RecordingSink } from '../core/port.ts';
import type { RecordingResult } from '../facade.ts';
import { InvalidStateError, type BridgeEvents } from '../facade.ts';
import type { AudioRenderer } from '../audio/render.ts';
import type { Methods, Request } from '../protocol.ts';
import { createRtcEndpoint, type RtcEndpoint } from '../rtc/endpoint.ts';
import type { IceOptions } from '../rtc/werift.ts';
import { fileSink } from '../audio/fileSink.ts';
import { gcWatch } from './gcWatch.ts';
import { createUdpBatch } from '../rtc/udpBatch.ts';

/**
 * The bridges of one worker. It answers the main thread's requests, owns each bridge's core and its
 * endpoints' peer connections, drives every core from one 20 ms clock, renders prompts and opens
 * recording files. Runs in a worker thread (worker/main.ts) or, for tests, on the calling thread.
 */

export interface WorkerHostOptions {
  ice: IceOptions;
  /** No RTP from an endpoint for this long means it is lost (default 10 s). */
  silenceTimeoutMs?: number;
  /** ICE gathering wait before answering (default 5 s). */
  gatherTimeoutMs?: number;
  /** RTP past werift (rtc/fastPath.ts); default true. */
  fastPath?: boolean;
  /**
   * With the fast path, the sockets read and written a frame at a time by the native addon (rtc/udpBatch.ts);
   * default true when it is built. Without it (or with false) dgram carries every datagram.
   */
  udpBatch?: boolean;
}

export interface WorkerHostDependencies {
  createCore: CreateBridgeCore;
  /** Without one, play() rejects: nothing can be rendered. */
  renderer?: AudioRenderer;
  timers?: Timers;
  openSink?: (path: string) => Promise<RecordingSink>;
}

export interface WorkerHost {
  readonly bridgeCount: number;
  readonly clock: FrameClock;
  close(): Promise<void>;
}

interface HostBridge {
  id: string;
  core: BridgeCore;
  /** Per endpoint id: its live connection. */
  endpoints: Map<string, { connectionId: string; rtc: RtcEndpoint }>;
  /** Per endpoint id: the connection most recently asked for; an older add still in flight loses to it. */
  latest: Map<string, string>;
  recording: boolean;
  /** The running recording's stop, shared by stopRecording and close. */
  recordingStop: Promise<RecordingResult | undefined> | undefined;
  closed: boolean;
}

const BRIDGE_EVENTS: (keyof BridgeEvents)[] = ['dtmf', 'playbackDone', 'digitsCollected', 'endpointLost', 'endpointConnected'];

export function startWorkerHost(port: ChannelPort, options: WorkerHostOptions, deps: WorkerHostDependencies): WorkerHost {
  const bridges = new Map<string, HostBridge>();
  const openSink = deps.openSink ?? (async (path: string) => fileSink(path));
  let closed = false;

  const gc = gcWatch();
  const batch = options.fastPath !== false && options.udpBatch !== false ? createUdpBatch() : undefined;
  const udpBatch = typeof batch === 'string' ? undefined : batch;
  /** What worker.info says of it; the engine's owner logs it when it is not 'on' or 'off'. */
  const udpBatchState = typeof batch === 'string' ? batch : batch ? 'on' : 'off';
  const clock = new FrameClock((deadline) => {
    // A frame's datagrams in: RTP reaches the jitter buffers just before the cores pull from them.
    udpBatch?.receive();
    for (const bridge of bridges.values()) {
      try { bridge.core.tick(deadline); } catch (error) {
        process.emitWarning(`media: bridge ${bridge.id}: tick threw: ${String(error)}`);
      }
      for (const endpoint of bridge.endpoints.values()) endpoint.rtc.poll(deadline);
    }
    udpBatch?.flush(); // and the frame's sends out, together
  }, deps.timers ? { timers: deps.timers } : {});

  const server: ChannelServer = serveChannel(port, (request) => handle(request));

  const notify = <K extends keyof BridgeEvents>(bridge: HostBridge, event: K, body: BridgeEvents[K]) => {
    if (!bridge.closed) server.notify(bridge.id, event, body);
  };

  function bridgeOf(request: Request): HostBridge {
    const bridge = bridges.get(request.target);
    if (!bridge || bridge.closed) throw new InvalidStateError(`bridge ${request.target} is not open in this worker`);
    return bridge;
  }

  function stopRecording(bridge: HostBridge): Promise<RecordingResult | undefined> {
    if (!bridge.recording) return bridge.recordingStop ?? Promise.resolve(undefined);
    bridge.recording = false;
    bridge.recordingStop = bridge.core.stopRecording();
    return bridge.recordingStop;
  }

  async function closeBridge(bridge: HostBridge): Promise<RecordingResult | undefined> {
    if (bridge.closed) return undefined;
    // Finish the recording while the bridge is whole; closing never discards it.
    const recording = await stopRecording(bridge).catch((error: unknown) => {
      process.emitWarning(`media: bridge ${bridge.id}: finishing its recording failed: ${String(error)}`);
      return undefined;
    });
    if (bridge.closed) return recording;
    bridge.closed = true;
    bridges.delete(bridge.id);
    if (bridges.size === 0) clock.stop();
    const endpoints = [...bridge.endpoints.values()].map((e) => e.rtc);
    bridge.endpoints.clear();
    bridge.latest.clear();
    for (const e of endpoints) { try { bridge.core.removeEndpoint(e.id); } catch { /* the core is closing anyway */ } }
    await Promise.all(endpoints.map((e) => e.close()));
    await bridge.core.close();
    return recording;
  }

  async function addEndpoint(bridge: HostBridge, body: Methods['bridge.addEndpoint']['body']) {
    const { endpointId, connectionId, offer } = body;
    if (typeof endpointId !== 'string' || endpointId === '') throw new TypeError('endpointId must be a non-empty string');
    if (typeof connectionId !== 'string' || connectionId === '') throw new TypeError('connectionId must be a non-empty string');
    bridge.latest.set(endpointId, connectionId);
    const current = () => !bridge.closed && bridge.latest.get(endpointId) === connectionId;
    const endpoint: RtcEndpoint = await createRtcEndpoint({
      endpointId, offer, ice: options.ice,
      now: () => clock.now(),
      silenceTimeoutMs: options.silenceTimeoutMs,
      gatherTimeoutMs: options.gatherTimeoutMs,
      fastPath: options.fastPath !== false,
      ...(udpBatch ? { batch: udpBatch } : {}),
      onRtp: (packet, arrival) => { if (current()) bridge.core.receive(endpointId, packet, arrival); },
      onConnected: () => { if (current()) notify(bridge, 'endpointConnected', { endpointId }); },
      onLost: (reason) => { if (current()) notify(bridge, 'endpointLost', { endpointId, reason }); },
    });
    if (!current()) {
      await endpoint.close();
      throw new InvalidStateError(bridge.closed ? `bridge ${bridge.id} closed` : `endpoint ${endpointId}'s connection was closed or replaced`);
    }
    const previous = bridge.endpoints.get(endpointId);
    if (previous) {
      bridge.core.removeEndpoint(endpointId);
      void previous.rtc.close();
    }
    bridge.endpoints.set(endpointId, { connectionId, rtc: endpoint });
    const coreOptions: Parameters<BridgeCore['addEndpoint']>[0] = {
      endpointId, send: (packet) => endpoint.send(packet), audioPayloadType: endpoint.audioPayloadType,
    };
    if (endpoint.dtmfPayloadType !== undefined) coreOptions.dtmfPayloadType = endpoint.dtmfPayloadType;
    bridge.core.addEndpoint(coreOptions);
    return { answer: endpoint.answer };
  }

  async function handle(request: Request): Promise<unknown> {
    if (closed) throw new InvalidStateError('the media worker is closing');
    switch (request.method) {
      case 'worker.info':
        return { tts: deps.renderer ? await deps.renderer.tts() : false, udpBatch: udpBatchState };
      case 'worker.stats': {
        let endpoints = 0;
        const fastPath = { 'aes-cm': 0, 'aes-gcm': 0 };
        for (const bridge of bridges.values()) {
          endpoints += bridge.endpoints.size;
          for (const { rtc } of bridge.endpoints.values()) if (rtc.path !== 'werift') fastPath[rtc.path]++;
        }
        return { ...clock.stats, bridges: bridges.size, endpoints, fastPath, udpBatch: udpBatch?.stats, gc: gc.read() };
      }
      case 'bridge.create': {
        const existing = bridges.get(request.target);
        if (existing) throw new InvalidStateError(`bridge ${request.target} already exists`);
        const core = deps.createCore({ bridgeId: request.target });
        const bridge: HostBridge = {
          id: request.target, core, endpoints: new Map(), latest: new Map(), recording: false, recordingStop: undefined, closed: false,
        };
        for (const event of BRIDGE_EVENTS) {
          core.onEvent(event, (body) => notify(bridge, event, body));
        }
        bridges.set(bridge.id, bridge);
        clock.start();
        return {};
      }
      case 'bridge.close': {
        const bridge = bridges.get(request.target);
        if (!bridge) return {}; // already gone: closing twice is quiet
        const recording = await closeBridge(bridge);
        return recording ? { recording } : {};
      }
      case 'bridge.addEndpoint':
        return addEndpoint(bridgeOf(request), (request as Request<'bridge.addEndpoint'>).body);
      case 'bridge.closeEndpoint': {
        const bridge = bridges.get(request.target);
        const { endpointId, connectionId } = (request as Request<'bridge.closeEndpoint'>).body;
        if (!bridge) return {}; // freed with its bridge already
        if (bridge.latest.get(endpointId) === connectionId) bridge.latest.delete(endpointId); // cancels its add in flight
        const live = bridge.endpoints.get(endpointId);
        if (!live || live.connectionId !== connectionId) return {}; // replaced or never up: nothing of it is left
        bridge.endpoints.delete(endpointId);
        bridge.core.removeEndpoint(endpointId);
        await live.rtc.close();
        return {};
      }
      case 'bridge.setHearing':
        bridgeOf(request).core.setHearing((request as Request<'bridge.setHearing'>).body);
        return {};
      case 'bridge.play': {
        const bridge = bridgeOf(request);
        const body = (request as Request<'bridge.play'>).body;
        if (!deps.renderer) throw new Error(`media: no audio renderer in this build; cannot play a ${body.source.kind} source`);
        const audio = await deps.renderer.render(body.source);
        if (bridge.closed) throw new InvalidStateError(`bridge ${bridge.id} closed`);
        bridge.core.play({ playbackId: body.playbackId, audio, loop: body.loop, stopOnDigit: body.stopOnDigit });
        return {};
      }
      case 'bridge.stopPlayback': {
        const bridge = bridges.get(request.target);
        if (bridge) bridge.core.stopPlayback((request as Request<'bridge.stopPlayback'>).body.playbackId);
        return {};
      }
      case 'bridge.collectDigits':
        bridgeOf(request).core.collectDigits((request as Request<'bridge.collectDigits'>).body);
        return {};
      case 'bridge.stopCollecting': {
        const bridge = bridges.get(request.target);
        if (bridge) bridge.core.stopCollecting((request as Request<'bridge.stopCollecting'>).body.collectionId);
        return {};
      }
      case 'bridge.sendDigits': {
        const { endpointId, digits } = (request as Request<'bridge.sendDigits'>).body;
        bridgeOf(request).core.sendDigits(endpointId, digits);
        return {};
      }
      case 'bridge.startRecording': {
        const bridge = bridgeOf(request);
        const body = (request as Request<'bridge.startRecording'>).body;
        const sink = await openSink(body.path);
        if (bridge.closed) { await sink.close(); throw new InvalidStateError(`bridge ${bridge.id} closed`); }
        try {
          bridge.core.startRecording(body, sink);
        } catch (error) {
          await sink.close().catch(() => {});
          throw error;
        }
        bridge.recording = true;
        bridge.recordingStop = undefined;
        return {};
      }
      case 'bridge.stopRecording': {
        const bridge = bridges.get(request.target);
        if (!bridge) return {}; // the bridge's close finished it
        const recording = await stopRecording(bridge);
        return recording ? { recording } : {};
      }
      case 'bridge.meter':
        return bridgeOf(request).core.meter();
      default: {
        const method: never = request.method;
        throw new TypeError(`unknown method ${String(method)}`);
      }
    }
  }

  return {
    get bridgeCount() { return bridges.size; },
    clock,
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...bridges.values()].map((b) => closeBridge(b)));
      clock.stop();
      gc.stop();
      server.close();
    },
  };
}
