/**
 * bench/routing's latency bookkeeping: enqueue→offer by window of sending, and the same measured on the
 * wire (wire.ts) paired with the client's own times for each chat.
 */
import { summarize, type Summary } from './stats.ts';
import type { WireTimes } from './wire.ts';

/** Enqueue→offer from the kernel's packet times (see wire.ts), for the chats seen on both sides. */
export interface WireResult {
  latency: Summary;
  steadyLatency: Summary;
  latencyByWindow: { fromSecond: number; latency: Summary }[];
  /** The client-side enqueue→offer of the same chats, steady state. */
  clientSteadyLatency: Summary;
  /** Client send → request on the wire, and offer on the wire → client reads it (steady state; clocks: performance.timeOrigin vs the kernel's). */
  clientSendDelay: Summary;
  clientReadDelay: Summary;
  chats: number;
  /** Chats over 10 ms on the wire: when their request reached the server (epoch ms) and how long they took. */
  slow: { chat: number; requestAt: number; ms: number }[];
  packets: number;
  droppedByKernel: number;
  tcpdumpSummary: string;
}

/** Pairs the wire's request and offer times by chat; `steadyFrom`: the first chat index of steady state. */
export function wireResult(times: WireTimes, sendTimes: Float64Array, offerSeenAt: Float64Array, steadyFrom: number, perWindow: number): WireResult {
  const latencies: number[] = [], chats: number[] = [], client: number[] = [], sendDelay: number[] = [], readDelay: number[] = [];
  const slow: WireResult['slow'] = [];
  const origin = performance.timeOrigin;
  for (const [key, requestAt] of times.requestAt) {
    const n = Number(key);
    const offerAt = times.responseAt.get(key)?.[0];
    if (offerAt === undefined) continue;
    latencies.push(offerAt - requestAt);
    chats.push(n);
    if (offerAt - requestAt > 10) slow.push({ chat: n, requestAt, ms: offerAt - requestAt });
    if (n >= steadyFrom && !Number.isNaN(offerSeenAt[n]!)) {
      client.push(offerSeenAt[n]! - sendTimes[n]!);
      sendDelay.push(requestAt - (origin + sendTimes[n]!));
      readDelay.push(origin + offerSeenAt[n]! - offerAt);
    }
  }
  return {
    latency: summarize(latencies),
    steadyLatency: summarize(latencies.filter((_, i) => chats[i]! >= steadyFrom)),
    latencyByWindow: byWindow(latencies, chats, perWindow).map((latency, w) => ({ fromSecond: w * 5, latency })),
    clientSteadyLatency: summarize(client),
    clientSendDelay: summarize(sendDelay),
    clientReadDelay: summarize(readDelay),
    chats: latencies.length,
    slow: slow.sort((a, b) => a.requestAt - b.requestAt),
    packets: times.packets,
    droppedByKernel: times.droppedByKernel,
    tcpdumpSummary: times.tcpdumpSummary,
  };
}

/** Latencies grouped by the window their chat was sent in (`perWindow` chats per window). */
export function byWindow(latencies: number[], chats: number[], perWindow: number): Summary[] {
  const windows: number[][] = [];
  latencies.forEach((l, i) => (windows[Math.floor(chats[i]! / perWindow)] ??= []).push(l));
  return Array.from(windows, (w) => summarize(w ?? []));
}
