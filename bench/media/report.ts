/** What one step of bench/media measured, and how it is printed (main.ts runs the steps). */
export interface StepResult {
  mode: 'bridge' | 'echo';
  calls: number;
  peers: number;
  setupSeconds: number;
  windowSeconds: number;
  /** The media process, all threads: share of one core. */
  processCpu: number;
  /** The threads doing the media work (the W busiest threads started with the engine; echo: the main thread). */
  mediaThreadCpu: number;
  /** How long those threads waited for a CPU, as a share of the window (the machine was busy). */
  mediaThreadWait: number;
  /** Event-loop utilization of the media workers (bridge only). */
  workerElu: number;
  packetsInPerSecond: number;
  packetsOutPerSecond: number;
  usPerPacketProcess: number;
  usPerPacketThread: number;
  /** Bridge only: frame slots, ticks late (> 10 ms), slots skipped, and the fraction met. */
  slots: number;
  lateTicks: number;
  skippedSlots: number;
  deadlineMet: number;
  /** Since the engine started (the clock's stats keep no window): worst lateness and worst tick (ms). */
  maxLateMs: number;
  maxTickMs: number;
  /** Mean time inside a tick (all bridges of a worker), ms. */
  meanTickMs: number;
  /** The media workers' garbage collections in the window: counts, total pause, longest pause (bridge only). */
  workerGc?: { minor: number; major: number; pauseMs: number; maxPauseMs: number; maxPauseKind: string } | undefined;
  /** Sockets the workers read through the UDP batch (rtc/udpBatch.ts); undefined: dgram (SWITCHBOARD_MEDIA_UDP_BATCH=0 or not built). */
  udpBatchSockets?: number | undefined;
  genSentPerSecond: number;
  genReceivedPerSecond: number;
  /** Received ÷ (peers × 50/s × window). */
  genReceivedShare: number;
  /** Sequence gaps ÷ (received + gaps). */
  genLoss: number;
  genCpu: number;
  /** How long the generator's main thread waited for a CPU, as a share of the window (the host was busy). */
  genWait: number;
  genLateSends: number;
  /** The generator could not offer the full load (it sent < 98% of 50/s per peer, or used > 90% of a core per generator process). */
  genSaturated: boolean;
  steal: number;
  profileFile?: string;
}

export const pct = (v: number, digits = 1) => (Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : 'n/a');
export const fix = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');

export function stepLine(r: StepResult): string {
  const common = `  ${r.mode} ${r.calls} calls (${r.peers} peers, set up in ${r.setupSeconds.toFixed(1)} s): media process ${pct(r.processCpu, 0)} of a core ` +
    `(${r.mode === 'bridge' ? 'worker threads' : 'main thread'} ${pct(r.mediaThreadCpu, 0)}, waited for a CPU ${pct(r.mediaThreadWait, 0)}), ` +
    `${fix(r.packetsInPerSecond)} in/s, ${fix(r.packetsOutPerSecond)} out/s, ${fix(r.usPerPacketProcess, 1)} µs/packet (thread ${fix(r.usPerPacketThread, 1)})`;
  const clock = r.mode === 'bridge'
    ? `; deadlines met ${pct(r.deadlineMet, 2)} of ${r.slots} slots (${r.lateTicks} late > 10 ms, ${r.skippedSlots} skipped), mean tick ${fix(r.meanTickMs, 2)} ms, worker ELU ${pct(r.workerElu, 0)}` +
      (r.workerGc ? `, worker GC ${r.workerGc.minor} scavenges + ${r.workerGc.major} full, ${fix(r.workerGc.pauseMs, 0)} ms paused, longest ${fix(r.workerGc.maxPauseMs, 1)} ms (${r.workerGc.maxPauseKind || 'none'})` : '') +
      (r.udpBatchSockets !== undefined ? `, UDP batched (${r.udpBatchSockets} sockets)` : ', UDP through dgram')
    : '';
  const gen = `; generator: sent ${fix(r.genSentPerSecond)}/s, got ${pct(r.genReceivedShare)} of 50/s per peer, loss ${pct(r.genLoss, 2)}, ` +
    `CPU ${pct(r.genCpu, 0)}, waited for a CPU ${pct(r.genWait, 0)}${r.genLateSends ? `, ${r.genLateSends} sends > 5 ms late` : ''}${r.genSaturated ? ' — GENERATOR SATURATED' : ''}; steal ${pct(r.steal)}`;
  return common + clock + gen;
}
