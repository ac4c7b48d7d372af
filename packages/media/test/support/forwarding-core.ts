import type {
  BridgeCore, CoreEndpointOptions, InboundRtp, OutboundRtp, RecordingSink,
} from '../../src/core/port.ts';
import type { BridgeEvents, EnergyReading, HearingMatrix, RecordingResult } from '../../src/facade.ts';

/**
 * A test-only BridgeCore for exercising the transport before the real core exists: it forwards, on each
 * tick, the newest frame received from a listener's single audible endpoint source (no mixing, no jitter
 * buffer), reports RFC 4733 digits once per event, and counts packets and energy. It is deliberately
 * simple; the real core replaces it in the engine.
 */

const DIGITS = '0123456789*#ABCD';

export function ulawToLinear(byte: number): number {
  const u = ~byte & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
  return sign ? -magnitude : magnitude;
}

export function meanAbs(payload: Uint8Array): number {
  let sum = 0;
  for (const b of payload) sum += Math.abs(ulawToLinear(b));
  return payload.length === 0 ? 0 : sum / payload.length;
}

interface Member {
  options: CoreEndpointOptions;
  pending: Uint8Array | undefined;
  lastSeq: number | undefined;
  packetsIn: number;
  packetsOut: number;
  packetsLost: number;
  sentEnergy: number;
  heardEnergy: number;
  lastEventTimestamp: number | undefined;
  digitQueue: string[];
}

export interface ForwardingCore extends BridgeCore {
  readonly ticks: number[];
  readonly closedCalled: boolean;
}

export function createForwardingCore(): ForwardingCore {
  const members = new Map<string, Member>();
  const listeners = new Map<string, Set<(body: unknown) => void>>();
  let matrix: HearingMatrix = { version: 0, hears: {} };
  let slot = 0;
  let lastTick: number | undefined;
  const ticks: number[] = [];
  let closedCalled = false;
  let recording: { path: string; sink: RecordingSink; frames: number } | undefined;

  const emit = <K extends keyof BridgeEvents>(event: K, body: BridgeEvents[K]) => {
    for (const l of listeners.get(event) ?? []) l(body);
  };

  const core: ForwardingCore = {
    ticks,
    get closedCalled() { return closedCalled; },
    addEndpoint(options) {
      members.set(options.endpointId, {
        options, pending: undefined, lastSeq: undefined, packetsIn: 0, packetsOut: 0, packetsLost: 0,
        sentEnergy: 0, heardEnergy: 0, lastEventTimestamp: undefined, digitQueue: [],
      });
    },
    removeEndpoint(endpointId) { members.delete(endpointId); },
    receive(endpointId, packet: InboundRtp) {
      const m = members.get(endpointId);
      if (!m) return;
      m.packetsIn++;
      if (m.lastSeq !== undefined) {
        const gap = (packet.sequenceNumber - m.lastSeq - 1) & 0xffff;
        if (gap > 0 && gap < 1000) m.packetsLost += gap;
      }
      m.lastSeq = packet.sequenceNumber;
      if (packet.payloadType === m.options.dtmfPayloadType) {
        const p = packet.payload;
        const end = ((p[1] ?? 0) & 0x80) !== 0;
        if (end && m.lastEventTimestamp !== packet.timestamp) {
          m.lastEventTimestamp = packet.timestamp;
          emit('dtmf', { endpointId, digit: DIGITS[p[0] ?? 0] ?? '?', at: Date.now() });
        }
        return;
      }
      m.pending = packet.payload;
      m.sentEnergy = m.sentEnergy * 0.9 + meanAbs(packet.payload) * 0.1;
    },
    setHearing(next) {
      for (const [listener, sources] of Object.entries(next.hears)) {
        if (!members.has(listener)) throw new TypeError(`unknown listener ${listener}`);
        for (const s of sources) if (!members.has(s)) throw new TypeError(`unknown source ${s}`);
      }
      if (next.version > matrix.version) matrix = next;
    },
    play() { throw new Error('the forwarding test core does not play audio'); },
    stopPlayback() {},
    collectDigits() { throw new Error('the forwarding test core does not collect digits'); },
    stopCollecting() {},
    sendDigits(endpointId, digits) {
      const m = members.get(endpointId);
      if (!m) throw new TypeError(`unknown endpoint ${endpointId}`);
      m.digitQueue.push(...digits);
    },
    startRecording(options, sink: RecordingSink) {
      if (recording) throw new Error('already recording');
      sink.write(new Uint8Array(44)); // the header, patched on stop
      recording = { path: options.path, sink, frames: 0 };
    },
    async stopRecording(): Promise<RecordingResult | undefined> {
      const r = recording;
      if (!r) return undefined;
      recording = undefined;
      const bytes = 44 + r.frames * 640;
      const header = Buffer.alloc(44);
      header.write('RIFF', 0); header.writeUInt32LE(bytes - 8, 4); header.write('WAVEfmt ', 8);
      header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(2, 22);
      header.writeUInt32LE(8000, 24); header.writeUInt32LE(32000, 28); header.writeUInt16LE(4, 32); header.writeUInt16LE(16, 34);
      header.write('data', 36); header.writeUInt32LE(r.frames * 640, 40);
      r.sink.patch(0, header);
      await r.sink.close();
      return { path: r.path, durationMs: r.frames * 20, bytes };
    },
    meter() {
      const out: Record<string, EnergyReading> = {};
      for (const [id, m] of members) {
        out[id] = { sent: m.sentEnergy, heard: m.heardEnergy, packetsIn: m.packetsIn, packetsOut: m.packetsOut, packetsLost: m.packetsLost };
      }
      return out;
    },
    tick(nowMs) {
      slot += lastTick === undefined ? 1 : Math.max(1, Math.round((nowMs - lastTick) / 20));
      lastTick = nowMs;
      ticks.push(nowMs);
      const timestamp = (slot * 160) >>> 0;
      for (const [id, m] of members) {
        const digit = m.digitQueue.shift();
        if (digit !== undefined) {
          // One end packet per digit is enough for a receiver that reports on the end bit.
          const send = (packet: OutboundRtp) => m.options.send(packet);
          const code = DIGITS.indexOf(digit);
          send({ kind: 'dtmf', payload: Uint8Array.of(code, 0x80 | 10, 0x03, 0x20), timestamp, marker: true });
        }
        const sources = (matrix.hears[id] ?? []).filter((s) => s !== id);
        const frames = sources.map((s) => members.get(s)?.pending).filter((f): f is Uint8Array => f !== undefined);
        if (frames.length === 0) continue;
        const frame = frames[0] as Uint8Array;
        m.packetsOut++;
        m.heardEnergy = m.heardEnergy * 0.9 + meanAbs(frame) * 0.1;
        m.options.send({ kind: 'audio', payload: frame, timestamp, marker: false });
      }
      if (recording) { recording.frames++; recording.sink.write(new Uint8Array(640)); } // silence: this core does not mix
      for (const m of members.values()) m.pending = undefined;
    },
    onEvent(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, set = new Set());
      set.add(listener as (body: unknown) => void);
    },
    async close() { closedCalled = true; members.clear(); await core.stopRecording(); },
  };
  return core;
}

/** The name a worker thread's `coreModule` looks for. */
export const createBridgeCore = createForwardingCore;
