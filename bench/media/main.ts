/**
 * bench/media — N six-party calls through the media engine, werift clients on loopback (issue 16).
 *
 *   npm run bench:media                                  # bridge sweep 5,10,20,30,40,50 calls, then the echo baseline
 *   npm run bench:media -- --calls 5,10 --seconds 5      # a shorter sweep
 *   npm run bench:media -- --workers 2                   # the engine with two worker threads
 *   npm run bench:media -- --profile                     # also a CPU profile of the media worker in each window
 *   npm run bench:media -- --json out.json               # every figure, for the record
 *   npm run bench:media -- --with-routing --routing-rounds 3   # also routing's p99 with / without N calls in the server
 *   npm run bench:media -- --no-sweep --with-routing --routing-calls 20   # only that
 *
 * Other flags: --settle s (pause before each window, default 3), --setup-calls n (calls set up at once,
 * default 2), --generators n (load-generator processes, default 1), --no-baseline, --keep-going (measure every step even after one fails), --criterion 0.999,
 * --routing-seconds/--routing-agents/--routing-rate (bench/routing's load: 40 s, 1,000 agents, 500/s),
 * --timeout s (watchdog, default 1800).
 *
 * Three processes: this orchestrator (it only relays signalling and reads counters), the system under
 * test (sut.ts: the media engine with W worker threads, one bridge per call, each call's matrix a full
 * conference) and the load generator (generator.ts: 6 werift peers per call, each sending PCMU at 50
 * packets/s and counting what comes back). The sweep adds calls step by step; at each step, after a
 * settling pause, it measures a window of --seconds:
 *
 * - the media process's CPU (whole process, and the worker threads alone from /proc's per-thread schedstat),
 *   packets in and out per second (the bridges' own counters), µs of CPU per packet;
 * - the frame deadline: a 20 ms slot is met when its tick ran (not skipped after a stall) and started at
 *   most 10 ms (half a frame, the clock's own `lateThresholdMs`) after its deadline. met = (ticks − late
 *   ticks) / (ticks + skipped slots), from the engine's per-worker clock stats over the window;
 * - what the generator saw: packets received against 50/s per peer, sequence gaps (loss), its own CPU.
 *
 * The sweep stops at the first step that misses 99.9% (or whose generator could not keep up). Then the
 * baseline, in the same run: the same generator and the same number of peers against `echo` endpoints
 * (the same werift endpoint code, echoing each packet, no bridge, no mixing, no clock) for each step the
 * bridge reached. Printed: a table per step, the ratio bridge µs/packet ÷ echo µs/packet, and the
 * six-party calls per core at which ≥ 99.9% of frame deadlines are met (largest step met ÷ workers).
 *
 * Routing while calls run (--with-routing): bench/routing's server phase, unchanged, against a server
 * process started from serverHost.ts: it sets up N calls on a media engine in the server's own process
 * (worker threads, as the server's engine runs), then runs the built server in it. Runs alternate between
 * 0 and N calls; printed: routing's p99 enqueue→offer for each, and the calls' deadlines over each run.
 *
 * BENCH_SUT_FLAGS passes Node flags to the system under test (e.g. "--trace-gc"); SWITCHBOARD_MEDIA_UDP_BATCH=0
 * runs its workers without the UDP batch (Node's dgram), for a comparison in the same checkout.
 *
 * Stops by itself: a watchdog, and both children are killed on any exit.
 */
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, setPriority, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildRpc } from './rpc.ts';
import { configFromEnv } from '../../packages/server/src/config.ts';
import { addCalls, PARTIES } from './calls.ts';
import type { ThreadTimes } from './threads.ts';
import { machineCpu, sleep, stealSince } from '../routing/util.ts';
import { table } from '../routing/stats.ts';
import { formatProfile, readProfile, summarizeProfile } from '../routing/profile.ts';
import { runServerPhase, type ServerResult } from '../routing/server.ts';
import { fix, pct, stepLine, type StepResult } from './report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
import { args, criterion, generatorNice, generators, num, paths, PPS, settle, seconds, setupCalls, steps, workers } from './options.ts';

// --- always stop: children are stopped on normal end, on error, on SIGINT/SIGTERM and on the watchdog ------
const live = new Set<ChildRpc>();
/** Clean-ups of bench/routing's server phase (its server process). */
const cleanups: (() => Promise<void>)[] = [];
async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(5000).catch(() => {})));
  live.clear();
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: unknown) => console.error('bench: clean-up failed', e));
}
const watchdog = setTimeout(() => {
  console.error(`bench: watchdog — still running after ${args.timeout} s; stopping`);
  void stopAll().finally(() => process.exit(3));
}, num('timeout') * 1000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));

function startChild(name: string, script: string, env: Record<string, string>): ChildRpc {
  const child = fork(join(here, script), [], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', ...(name.endsWith('sut') && process.env.BENCH_SUT_FLAGS ? process.env.BENCH_SUT_FLAGS.split(' ') : [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const killOnExit = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
  process.once('exit', killOnExit);
  const rpc = new ChildRpc(name, child);
  live.add(rpc);
  child.once('exit', () => { process.off('exit', killOnExit); live.delete(rpc); });
  return rpc;
}

// --- what the children report ------------------------------------------------------------------------------
interface Cpu { user: number; system: number }
interface ClockStats {
  workerId: number; ticks: number; skippedSlots: number; maxLateMs: number; lateTicks: number; tickMs: number; maxTickMs: number; bridges: number; endpoints: number;
  gc?: { minor: number; major: number; pauseMs: number; maxPauseMs: number; maxPauseKind: string };
  udpBatch?: { sockets: number };
}
interface SutStats {
  at: number; cpu: Cpu; threads: Record<string, ThreadTimes>;
  elu: { idle: number; active: number }[];
  clocks: ClockStats[];
  packets: { packetsIn: number; packetsOut: number; endpoints: number };
}
interface GenStats { at: number; cpu: Cpu; mainThread?: ThreadTimes; peers: number; sent: number; received: number; gaps: number; lateSends: number; maxSendLagMs: number }


/** Several generators' counters as one (times: the first's clock; CPU and waits: the sum). */
function sumGenStats(all: GenStats[]): GenStats {
  const sum = (f: (g: GenStats) => number) => all.reduce((s, g) => s + f(g), 0);
  return {
    at: all[0]!.at,
    cpu: { user: sum((g) => g.cpu.user), system: sum((g) => g.cpu.system) },
    mainThread: { cpuNs: sum((g) => g.mainThread?.cpuNs ?? NaN), waitNs: sum((g) => g.mainThread?.waitNs ?? NaN) },
    peers: sum((g) => g.peers), sent: sum((g) => g.sent), received: sum((g) => g.received), gaps: sum((g) => g.gaps),
    lateSends: sum((g) => g.lateSends), maxSendLagMs: Math.max(...all.map((g) => g.maxSendLagMs)),
  };
}

const cpuSeconds = (a: Cpu, b: Cpu) => (b.user + b.system - a.user - a.system) / 1e6;

function stepResult(mode: 'bridge' | 'echo', calls: number, setupSeconds: number, tidsBefore: string[], pid: number,
  s0: SutStats, s1: SutStats, g0: GenStats, g1: GenStats, steal: number): StepResult {
  const window = (s1.at - s0.at) / 1000;
  const genWindow = (g1.at - g0.at) / 1000;
  const peers = calls * PARTIES;
  const packetsIn = s1.packets.packetsIn - s0.packets.packetsIn;
  const packetsOut = s1.packets.packetsOut - s0.packets.packetsOut;
  const processCpu = cpuSeconds(s0.cpu, s1.cpu);
  // The media threads: in bridge mode the W threads that appeared with the engine and worked most in the window.
  const deltas = Object.entries(s1.threads).map(([tid, t]) => ({
    tid, cpu: (t.cpuNs - (s0.threads[tid]?.cpuNs ?? 0)) / 1e9, wait: (t.waitNs - (s0.threads[tid]?.waitNs ?? 0)) / 1e9,
  }));
  const media = mode === 'echo'
    ? deltas.filter((d) => d.tid === String(pid))
    : deltas.filter((d) => !tidsBefore.includes(d.tid)).sort((a, b) => b.cpu - a.cpu).slice(0, workers);
  const threadCpu = media.reduce((s, d) => s + d.cpu, 0);
  const threadWait = media.reduce((s, d) => s + d.wait, 0);
  let ticks = 0, late = 0, skipped = 0, tickMs = 0, maxLateMs = 0, maxTickMs = 0;
  // The workers' GCs in the window (the max pause: since s0's read, which reset it).
  const gc = { minor: 0, major: 0, pauseMs: 0, maxPauseMs: 0, maxPauseKind: '' };
  for (const c1 of s1.clocks) {
    const c0 = s0.clocks.find((c) => c.workerId === c1.workerId) ?? { ticks: 0, lateTicks: 0, skippedSlots: 0, tickMs: 0 };
    ticks += c1.ticks - c0.ticks;
    late += c1.lateTicks - c0.lateTicks;
    skipped += c1.skippedSlots - c0.skippedSlots;
    tickMs += c1.tickMs - c0.tickMs;
    maxLateMs = Math.max(maxLateMs, c1.maxLateMs);
    maxTickMs = Math.max(maxTickMs, c1.maxTickMs);
    const g0 = c0 as Partial<ClockStats>;
    if (c1.gc) {
      gc.minor += c1.gc.minor - (g0.gc?.minor ?? 0);
      gc.major += c1.gc.major - (g0.gc?.major ?? 0);
      gc.pauseMs += c1.gc.pauseMs - (g0.gc?.pauseMs ?? 0);
      if (c1.gc.maxPauseMs > gc.maxPauseMs) { gc.maxPauseMs = c1.gc.maxPauseMs; gc.maxPauseKind = c1.gc.maxPauseKind; }
    }
  }
  let eluActive = 0, eluAll = 0;
  s1.elu.forEach((e1, i) => {
    const e0 = s0.elu[i] ?? { idle: 0, active: 0 };
    eluActive += e1.active - e0.active;
    eluAll += e1.active - e0.active + e1.idle - e0.idle;
  });
  const sent = g1.sent - g0.sent, received = g1.received - g0.received, gaps = g1.gaps - g0.gaps;
  const genCpu = cpuSeconds(g0.cpu, g1.cpu) / genWindow;
  const genSentPerSecond = sent / genWindow;
  const slots = ticks + skipped;
  return {
    mode, calls, peers, setupSeconds, windowSeconds: window,
    processCpu: processCpu / window,
    mediaThreadCpu: threadCpu / window,
    mediaThreadWait: threadWait / window,
    workerElu: eluAll > 0 ? eluActive / eluAll : NaN,
    packetsInPerSecond: packetsIn / window,
    packetsOutPerSecond: packetsOut / window,
    usPerPacketProcess: (processCpu * 1e6) / (packetsIn + packetsOut),
    usPerPacketThread: (threadCpu * 1e6) / (packetsIn + packetsOut),
    slots, lateTicks: late, skippedSlots: skipped, workerGc: mode === 'bridge' ? gc : undefined,
    // The worker sockets read and written a frame at a time (rtc/udpBatch.ts), or undefined: dgram carries them.
    udpBatchSockets: mode === 'bridge' && s1.clocks.some((c) => c.udpBatch) ? s1.clocks.reduce((n, c) => n + (c.udpBatch?.sockets ?? 0), 0) : undefined,
    deadlineMet: slots > 0 ? (ticks - late) / slots : NaN,
    maxLateMs, maxTickMs, meanTickMs: ticks > 0 ? tickMs / ticks : NaN,
    genSentPerSecond,
    genReceivedPerSecond: received / genWindow,
    genReceivedShare: received / (peers * PPS * genWindow),
    genLoss: received + gaps > 0 ? gaps / (received + gaps) : NaN,
    genCpu,
    genWait: g0.mainThread && g1.mainThread ? (g1.mainThread.waitNs - g0.mainThread.waitNs) / 1e9 / genWindow : NaN,
    genLateSends: g1.lateSends - g0.lateSends,
    genSaturated: genSentPerSecond < 0.98 * peers * PPS || genCpu / generators > 0.9,
    steal,
  };
}


/** `taskset -a -p`: every thread of the process now, and the threads it starts later inherit it. */
function pinTo(pid: number | undefined, cpuList: string): void {
  if (pid === undefined) throw new Error('--pin: a child has no pid');
  execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
}

// --- one phase: a system under test and a generator, calls added step by step --------------------------------
async function runPhase(mode: 'bridge' | 'echo', callSteps: number[], profileDir: string | undefined): Promise<StepResult[]> {
  const sut = startChild(`${mode} sut`, 'sut.ts', {
    BENCH_MEDIA_MODE: mode, BENCH_MEDIA_WORKERS: String(workers), BENCH_MEDIA_PROFILE: profileDir ? '1' : '0',
    BENCH_MEDIA_PATH: paths[mode],
  });
  const gens = Array.from({ length: generators }, (_, i) => startChild(`generator ${i + 1}`, 'generator.ts', {
    BENCH_MEDIA_GEN_PATH: paths.generator, BENCH_MEDIA_SRTP: args.srtp!,
  }));
  if (generatorNice !== 0) for (const g of gens) if (g.child.pid !== undefined) setPriority(g.child.pid, generatorNice);
  if (args.pin) {
    pinTo(sut.child.pid, '0');
    for (const g of gens) pinTo(g.child.pid, `1-${cpus().length - 1}`);
  }
  const genStats = async (): Promise<GenStats> => sumGenStats(await Promise.all(gens.map((g) => g.request<GenStats>('stats'))));
  const results: StepResult[] = [];
  try {
    const info = await sut.request<{ pid: number; tidsBefore: string[] }>('info', {}, 120_000);
    let calls = 0;
    for (const target of callSteps) {
      const t0 = performance.now();
      await addCalls(sut, (call) => gens[call % gens.length]!, mode, calls, target, setupCalls);
      calls = target;
      const setupSeconds = (performance.now() - t0) / 1000;
      await sleep(settle * 1000);
      const machine0 = machineCpu();
      const s0 = await sut.request<SutStats>('stats');
      const g0 = await genStats();
      let profileFile: string | undefined;
      if (profileDir) await sut.request('profileStart');
      await sleep(seconds * 1000);
      if (profileDir) profileFile = (await sut.request<{ file: string }>('profileStop', { file: join(profileDir, `${mode}-${calls}-calls.cpuprofile`) })).file;
      const s1 = await sut.request<SutStats>('stats');
      const g1 = await genStats();
      const r = stepResult(mode, calls, setupSeconds, info.tidsBefore, info.pid, s0, s1, g0, g1, stealSince(machine0));
      if (profileFile) r.profileFile = profileFile;
      results.push(r);
      console.log(stepLine(r));
      if (mode === 'bridge' && !args['keep-going']) {
        if (!(r.deadlineMet >= criterion)) { console.log(`  stop: deadlines met ${pct(r.deadlineMet, 2)} < ${pct(criterion, 1)}`); break; }
        if (r.genSaturated) { console.log('  stop: the load generator could not offer the full load; more calls would measure it, not the bridge'); break; }
      }
    }
  } finally {
    await Promise.all(gens.map(async (gen) => {
      await gen.request('closeAll', {}, 30_000).catch(() => {});
      await gen.stop();
    }));
    await sut.stop();
  }
  return results;
}

// --- routing while calls run (--with-routing) -----------------------------------------------------------
interface RoutingRun {
  calls: number;
  result: ServerResult;
  /** The media figures over the routing load's window (snapshots a second apart; the whole run if the window had fewer than two). */
  media?: StepResult;
}

async function runRouting(calls: number): Promise<RoutingRun[]> {
  // The server host sets up its calls (~2 s a call here) before the server starts.
  process.env.BENCH_SERVER_START_SECONDS ??= String(60 + 5 * calls);
  console.log(`\nbuilding the server (npm run build:server) for the routing runs`);
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-media-routing-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  const runs: RoutingRun[] = [];
  const rounds = Math.max(1, num('routing-rounds'));
  for (let round = 0; round < rounds; round++) {
    for (const n of round % 2 === 0 ? [0, calls] : [calls, 0]) {
      const statsFile = join(dir, `media-${round}-${n}.json`);
      console.log(`\nrouting run ${runs.length + 1}: bench/routing's server phase, the server process carrying ${n} six-party calls`);
      const result = await runServerPhase({
        agents: num('routing-agents'), chatConcurrency: 10, rate: num('routing-rate'), seconds: num('routing-seconds'),
        handleMin: 6, handleMax: 14, seed: 42, repoRoot, warmup: 50, log: (line) => console.log(line),
        serverJs: 'bench/media/serverHost.ts', serverFlags: '--import tsx',
        // The server's own media engine stays off (it would idle beside the bench's); the bench's engine carries the calls.
        serverEnv: { SWITCHBOARD_MEDIA: '0', BENCH_MEDIA_CALLS: String(n), BENCH_MEDIA_WORKERS: String(workers), BENCH_MEDIA_STATS_FILE: statsFile,
          BENCH_MEDIA_PATH: paths.bridge, BENCH_MEDIA_GEN_PATH: paths.generator, BENCH_MEDIA_SRTP: args.srtp! },
      }, (fn) => cleanups.push(fn));
      const returnedAt = Date.now();
      const run: RoutingRun = { calls: n, result };
      if (n > 0 && existsSync(statsFile)) {
        type Snapshot = { epoch: number; sut: SutStats; gen: GenStats };
        const m = JSON.parse(readFileSync(statsFile, 'utf8')) as { setupSeconds: number; pid: number; history: Snapshot[] };
        // The load's window: it ended before the server was stopped (timings.stop) and a 0.2 s pause.
        const windowEnd = returnedAt - ((result.timings.stop ?? 0) + 0.2) * 1000;
        const windowStart = windowEnd - result.windowSeconds * 1000;
        const inside = m.history.filter((h) => h.epoch >= windowStart && h.epoch <= windowEnd);
        const [first, last] = inside.length >= 2 ? [inside[0]!, inside.at(-1)!] : [m.history[0]!, m.history.at(-1)!];
        for (const h of [first, last]) h.sut.threads = {};
        run.media = stepResult('bridge', n, m.setupSeconds, [], m.pid, first.sut, last.sut, first.gen, last.gen, result.steal);
      }
      runs.push(run);
      const r = result;
      console.log(`  → enqueue→offer steady-state p99 ${r.steadyLatency.p99.toFixed(2)} ms (whole window ${r.latency.p99.toFixed(2)} ms, p50 ${r.latency.p50.toFixed(2)} ms), ` +
        `server process CPU ${(r.serverCpuSeconds / r.windowSeconds * 100).toFixed(0)}% of a core, steal ${pct(r.steal)}, double offers ${r.doubleOffers}` +
        (run.media ? `; calls: deadlines met ${pct(run.media.deadlineMet, 2)} of ${run.media.slots} slots (${run.media.lateTicks} late, ${run.media.skippedSlots} skipped), ` +
          `generator got ${pct(run.media.genReceivedShare)} of 50/s per peer, loss ${pct(run.media.genLoss, 2)}` : ''));
    }
  }
  return runs;
}

function printRouting(runs: RoutingRun[]): void {
  const rows: string[][] = [['run', 'calls in the server', 'steady p99 ms', 'window p99 ms', 'p50 ms', 'server CPU', 'steal', 'media deadlines met', 'gen rx', 'double offers']];
  runs.forEach((r, i) => rows.push([
    String(i + 1), String(r.calls), r.result.steadyLatency.p99.toFixed(2), r.result.latency.p99.toFixed(2), r.result.latency.p50.toFixed(2),
    pct(r.result.serverCpuSeconds / r.result.windowSeconds, 0), pct(r.result.steal), r.media ? pct(r.media.deadlineMet, 2) : '', r.media ? pct(r.media.genReceivedShare) : '',
    String(r.result.doubleOffers),
  ]));
  console.log(`\nrouting (bench/routing's server phase: ${args['routing-agents']} agents, ${args['routing-rate']} chats/s, ${args['routing-seconds']} s) ` +
    `with and without calls in the server process:\n` + table(rows));
  const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN; };
  const medians = (pick: (r: ServerResult) => number) => ({
    without: median(runs.filter((r) => r.calls === 0).map((r) => pick(r.result))),
    with: median(runs.filter((r) => r.calls > 0).map((r) => pick(r.result))),
  });
  const calls = runs.find((r) => r.calls > 0)?.calls ?? 0;
  const say = (what: string, m: { without: number; with: number }) =>
    `${what}: median ${m.without.toFixed(2)} ms without calls, ${m.with.toFixed(2)} ms with ${calls} calls (${m.with > m.without ? '+' : ''}${(m.with - m.without).toFixed(2)} ms)`;
  console.log(say('steady-state p99 enqueue→offer (chats sent after the first 14 s; n/a in windows shorter than that)', medians((r) => r.steadyLatency.p99)));
  console.log(say('whole-window p99 enqueue→offer', medians((r) => r.latency.p99)));
  console.log('Judge the difference against the spread between runs of the same kind (bench/RESULTS.md: single runs move by several ms on this host; use --routing-rounds 3 or more).');
}

function codeState(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', ['-C', repoRoot, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = git('status', '--porcelain', '--', 'packages').split('\n').filter(Boolean).length;
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ` + ${dirty} uncommitted change(s) under packages/` : ' (clean packages/)'}`;
  } catch {
    return 'not a git checkout';
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const load1 = loadavg()[0]!;
  console.log(`code: ${repoRoot} at ${codeState()}; node ${process.version}; ${cpus().length} CPUs; load average ${load1.toFixed(2)} at start`);
  console.log(`bench/media — six-party full-conference calls, ${args['no-sweep'] ? 'no sweep' : `${args.calls} calls`}, ${workers} media worker(s), ${seconds} s windows after ${settle} s settling` +
    `${args.profile ? ' (PROFILED: CPU figures include the profiler)' : ''}`);
  if (generatorNice !== 0) console.log(`the generator runs at nice ${generatorNice}: the media process gets the CPU first (not the shared-core figure)`);
  if (args.pin) console.log(`pinned (taskset): the media process on CPU 0, the generator on CPUs 1-${cpus().length - 1}`);
  console.log(`RTP paths: bridge ${paths.bridge}, echo baseline ${paths.echo}, generator ${paths.generator}; the generator offers SRTP ${args.srtp === 'cm' ? 'AES_CM_128_HMAC_SHA1_80 only (as Chromium negotiates)' : 'AEAD_AES_128_GCM first (werift\'s default)'}`);
  const growth = configFromEnv(process.env, '/nonexistent').heapGrowthPercent;
  console.log(`V8 heap growth in the system under test: ${growth > 0 ? `${growth}%, as the server sets it` : 'V8\'s own'} (SWITCHBOARD_HEAP_GROWTH_PERCENT)`);
  const slotsPerWindow = Math.round((seconds * 1000) / 20) * workers;
  console.log(`a step passes with at most ${Math.floor(slotsPerWindow * (1 - criterion) + 1e-9)} of its ~${slotsPerWindow} frame slots missed (${pct(criterion, 1)})` +
    `${slotsPerWindow * (1 - criterion) < 1 ? ': none at all in a window this short' : ''}`);
  const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'switchboard-bench-media-prof-')) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });

  let bridge: StepResult[] = [];
  if (!args['no-sweep']) {
    console.log('\nphase 1: the media engine (bridges, mixing, 20 ms clock in worker threads)');
    bridge = await runPhase('bridge', steps, profileDir);
  }
  let echo: StepResult[] = [];
  if (!args['no-baseline'] && bridge.length) {
    console.log(`\nphase 2 (baseline): ${paths.echo === 'werift' ? 'bare werift' : 'fast-path'} echo endpoints, same generator, same peers (no bridge, no mixing, no clock)`);
    echo = await runPhase('echo', bridge.map((r) => r.calls), profileDir);
  }

  const rows: string[][] = [[
    'calls', 'peers', 'media CPU', 'worker thr', 'pkts in/s', 'pkts out/s', 'µs/pkt', 'µs/pkt thr',
    'deadlines met', 'late', 'skipped', 'gen rx', 'gen loss', 'gen CPU', 'echo µs/pkt', 'echo thr', 'ratio',
  ]];
  for (const b of bridge) {
    const e = echo.find((x) => x.calls === b.calls);
    rows.push([
      String(b.calls), String(b.peers), pct(b.processCpu, 0), pct(b.mediaThreadCpu, 0), fix(b.packetsInPerSecond), fix(b.packetsOutPerSecond),
      fix(b.usPerPacketProcess, 1), fix(b.usPerPacketThread, 1), pct(b.deadlineMet, 2), String(b.lateTicks), String(b.skippedSlots),
      pct(b.genReceivedShare), pct(b.genLoss, 2), pct(b.genCpu, 0) + (b.genSaturated ? ' SAT' : ''),
      e ? fix(e.usPerPacketProcess, 1) : '', e ? fix(e.usPerPacketThread, 1) : '',
      e ? `${(b.usPerPacketProcess / e.usPerPacketProcess).toFixed(2)}×` : '',
    ]);
  }
  let passed = 0;
  for (const r of bridge) {
    if (!(r.deadlineMet >= criterion)) break;
    passed = r.calls;
  }
  const limitedBy = bridge.find((r) => r.deadlineMet >= criterion && r.genSaturated);
  const perCore = passed / workers;
  if (bridge.length) {
    console.log('\n' + table(rows));
    console.log('media CPU: the media process, every thread, share of one core; worker thr: the media worker threads alone (/proc schedstat).');
    console.log('µs/pkt: CPU per packet in or out (the bridges\' own counters); ratio: bridge µs/pkt ÷ echo µs/pkt (whole process each).');
    console.log('deadlines met: 20 ms slots whose tick ran and started ≤ 10 ms after its deadline ÷ all slots in the window (late: ticks > 10 ms late; skipped: slots never ticked).');
    console.log('gen rx: packets the generator received ÷ 50/s per peer; gen loss: sequence gaps; SAT: the generator could not offer the full load.');
    const worst = bridge.reduce((m, r) => Math.max(m, r.maxLateMs), 0);
    console.log(`since the engine started: worst tick lateness ${worst.toFixed(1)} ms, worst tick ${bridge.reduce((m, r) => Math.max(m, r.maxTickMs), 0).toFixed(1)} ms (setup included).`);

    console.log(`\nresult: ${perCore.toFixed(perCore % 1 ? 1 : 0)} six-party calls per core with ≥ ${pct(criterion, 1)} of frame deadlines met ` +
      `(${passed} calls on ${workers} worker thread(s)${passed === steps.at(-1) ? '; the largest step tried: the limit may be higher' : ''}` +
      `${limitedBy ? `; the load generator saturated at ${limitedBy.calls} calls, so this is a lower bound` : ''}). Target (issue 16): ≥ 40.`);
  }
  const profiles: string[] = [];
  for (const r of [bridge.at(-1), echo.at(-1)]) {
    if (r?.profileFile) profiles.push(formatProfile(`${r.mode} profile at ${r.calls} calls (${r.mode === 'bridge' ? 'the first media worker' : 'the echo main thread'}, one window)`, summarizeProfile(readProfile(r.profileFile))));
  }
  for (const p of profiles) console.log('\n' + p);
  if (profileDir) console.log(`\n(profiles kept in ${profileDir})`);
  let routing: RoutingRun[] = [];
  if (args['with-routing']) {
    const n = args['routing-calls'] !== undefined ? num('routing-calls') : passed || (args['no-sweep'] ? 20 : 0);
    if (n > 0) {
      routing = await runRouting(n);
      printRouting(routing);
    } else console.log('\n--with-routing: no step met the criterion and no --routing-calls: skipped');
  }
  console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)} at the end (${load1.toFixed(2)} at start)`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ options: { steps, workers, seconds, settle, criterion }, bridge, echo, result: { callsPerCore: perCore, passedCalls: passed }, routing }, null, 2) + '\n');
  return 0;
}

let code = 2;
try {
  code = await main();
} catch (error) {
  console.error('bench: failed', error);
} finally {
  await stopAll();
}
process.exit(code);
