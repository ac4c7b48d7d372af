/**
 * bench/routing: chat routing under load — 1,000 agents with chat concurrency 10, chats arriving at 500/s.
 *
 *   npm run bench:routing                       # both phases, defaults below
 *   npm run bench:routing -- --profile          # also CPU-profile the engine phase and the server, print hot spots
 *   npm run bench:routing -- --phase engine     # one phase only (engine | server | both)
 *   npm run bench:routing -- --wire             # also time enqueue→offer on the wire (tcpdump, root): wire.ts
 *
 * Phase 1 (baseline): the engine alone, in process, simulated time. Phase 2: the real server as a child
 * process, driven over HTTP (StartChatContact, SigV4) and 1,000 agent WebSockets. Prints a table of both
 * and the ratio server/engine. Target (issue): p99 enqueue→offer ≤ 10 ms through the server, zero double
 * offers. Stops by itself: bounded phases, a watchdog, and the server child is killed on any exit.
 */
import { execFileSync } from 'node:child_process';
import { Session } from 'node:inspector';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runEnginePhase, type EngineResult, type LoadOptions } from './engine.ts';
import { runServerPhase, type ServerResult } from './server.ts';
import { formatProfile, readProfile, summarizeProfile, type CpuProfile } from './profile.ts';
import { ms, table } from './stats.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    phase: { type: 'string', default: 'both' },
    agents: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '10' },
    rate: { type: 'string', default: '500' },
    'engine-seconds': { type: 'string', default: '40' },
    'server-seconds': { type: 'string', default: '40' },
    'handle-min': { type: 'string', default: '6' },
    'handle-max': { type: 'string', default: '14' },
    warmup: { type: 'string', default: '50' },
    seed: { type: 'string', default: '42' },
    profile: { type: 'boolean', default: false },
    /** Another build of the server to run (e.g. a copy of packages/server/dist from another commit). */
    'server-js': { type: 'string' },
    json: { type: 'string' },
    /** Also measure enqueue→offer on the wire with tcpdump (root; see wire.ts). */
    wire: { type: 'boolean', default: false },
    /** Run the server under nice -n <n>: e.g. -5 gives it the CPU before the load generator, as on a machine of its own. */
    'server-nice': { type: 'string' },
    /** More node flags for the server (e.g. --server-flags=--trace-gc) and a file for its output. */
    'server-flags': { type: 'string' },
    'server-log': { type: 'string' },
    /** More environment for the server, KEY=VALUE (repeatable), e.g. --server-env SWITCHBOARD_ARCHIVE_DELAY_MS=0. */
    'server-env': { type: 'string', multiple: true },
    /** Watchdog (s): default 240, or 400 with --profile. */
    timeout: { type: 'string' },
    /** The engine phase stops its arrivals early past this many wall seconds. */
    'engine-max-wall': { type: 'string', default: '60' },
  },
});

const num = (name: keyof typeof args, fallback?: number) => {
  const v = args[name] === undefined && fallback !== undefined ? fallback : Number(args[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${String(name)} must be a number`);
  return v;
};
const load: LoadOptions = {
  agents: num('agents'), chatConcurrency: num('concurrency'), rate: num('rate'), seconds: 0,
  handleMin: num('handle-min'), handleMax: num('handle-max'), seed: num('seed'),
};
const phase = args.phase!;
if (!['both', 'engine', 'server'].includes(phase)) throw new Error('--phase must be engine, server or both');

// --- always stop: clean-ups run on normal end, on error, on SIGINT/SIGTERM and on the watchdog ---------
const cleanups: (() => Promise<void>)[] = [];
let cleaned = false;
async function cleanUp(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error('bench: clean-up failed', error);
    }
  }
}
const watchdogSeconds = num('timeout', args.profile ? 400 : 240);
const watchdog = setTimeout(() => {
  console.error(`bench: watchdog — still running after ${watchdogSeconds} s; stopping`);
  void cleanUp().finally(() => process.exit(3));
}, watchdogSeconds * 1000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

const log = (line: string) => console.log(line);
const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'switchboard-bench-prof-')) : undefined;

async function profiled<T>(fn: () => T): Promise<{ result: T; profile?: CpuProfile }> {
  if (!args.profile) return { result: fn() };
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<any>((ok, fail) => session.post(method, params ?? {}, (e, r) => (e ? fail(e) : ok(r))));
  await post('Profiler.enable');
  await post('Profiler.start');
  const result = fn();
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  return { result, profile: profile as CpuProfile };
}

/** Which code is measured: the commit, and whether packages/ has changes not committed. */
function codeState(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', ['-C', repoRoot, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'packages').split('\n').filter(Boolean).length;
    return `${head}${dirty ? ` + ${dirty} uncommitted change(s) under packages/` : ' (clean packages/)'}`;
  } catch {
    return 'not a git checkout';
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const load1 = loadavg()[0]!;
  console.log(`code: ${repoRoot} at ${codeState()}; node ${process.version}; ${cpus().length} CPUs; load average ${load1.toFixed(2)} at start`);
  console.log(`bench/routing — ${load.agents} agents, chat concurrency ${load.chatConcurrency}, ${load.rate} chats/s, handle time ${load.handleMin}–${load.handleMax} s` +
    `${args.profile ? ' (PROFILED: timings include profiler overhead)' : ''}`);
  let engine: EngineResult | undefined;
  let server: ServerResult | undefined;
  const profiles: string[] = [];

  if (phase !== 'server') {
    console.log(`\nphase 1: engine alone, ${args['engine-seconds']} s of simulated arrivals`);
    const { result, profile } = await profiled(() => runEnginePhase({ ...load, seconds: num('engine-seconds'), maxWallSeconds: num('engine-max-wall') }));
    engine = result;
    console.log(`  ${engine.contacts} chats in ${engine.wallSeconds.toFixed(2)} s wall (setup ${engine.setupSeconds.toFixed(2)} s)` +
      `${engine.cutShort ? ` — CUT SHORT after ${args['engine-max-wall']} s of wall time: the engine is slower than the bench's budget` : ''}`);
    if (profile) profiles.push(formatProfile('engine phase profile (in process, includes the bench driver)', summarizeProfile(profile)));
  }
  if (phase !== 'engine') {
    console.log(`\nphase 2: full server path, ${args['server-seconds']} s of arrivals` +
      `${args['server-nice'] !== undefined ? ` (server under nice -n ${args['server-nice']})` : ''}${args.wire ? ' (tcpdump on lo)' : ''}`);
    server = await runServerPhase({
      ...load, seconds: num('server-seconds'), repoRoot, warmup: num('warmup'), log,
      ...(profileDir ? { profileDir } : {}),
      ...(args['server-js'] ? { serverJs: args['server-js'] } : {}),
      wire: args.wire,
      ...(args['server-nice'] !== undefined ? { serverNice: Number(args['server-nice']) } : {}),
      ...(args['server-flags'] ? { serverFlags: args['server-flags'] } : {}),
      ...(args['server-log'] ? { serverLog: args['server-log'] } : {}),
      ...(args['server-env'] ? { serverEnv: Object.fromEntries(args['server-env'].map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) } : {}),
    }, (fn) => cleanups.push(fn));
    if (server.profileFile) profiles.push(formatProfile('server process profile (whole run: start, agents, warm-up, load)', summarizeProfile(readProfile(server.profileFile))));
  }

  // --- report ---------------------------------------------------------------------------------------------
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? `${(a / b).toFixed(1)}×` : '');
  const e = engine, s = server;
  const rows: string[][] = [
    ['metric', 'engine alone', 'full server', 'server/engine'],
    ['chats started', String(e?.contacts ?? ''), String(s?.contacts ?? ''), ''],
    ['enqueue→offer p50 (ms)', e ? ms(e.latency.p50) : '', s ? ms(s.latency.p50) : '', ratio(s?.latency.p50, e?.latency.p50)],
    ['enqueue→offer p99 (ms)', e ? ms(e.latency.p99) : '', s ? ms(s.latency.p99) : '', ratio(s?.latency.p99, e?.latency.p99)],
    ['enqueue→offer max (ms)', e ? ms(e.latency.max) : '', s ? ms(s.latency.max) : '', ratio(s?.latency.max, e?.latency.max)],
    [`steady state (after ${load.handleMax} s): p50 (ms)`, e ? ms(e.steadyLatency.p50) : '', s ? ms(s.steadyLatency.p50) : '', ratio(s?.steadyLatency.p50, e?.steadyLatency.p50)],
    [`steady state (after ${load.handleMax} s): p99 (ms)`, e ? ms(e.steadyLatency.p99) : '', s ? ms(s.steadyLatency.p99) : '', ratio(s?.steadyLatency.p99, e?.steadyLatency.p99)],
    ['decisions/s (offers per wall second)', e ? e.decisionsPerSecond.toFixed(0) : '', s ? s.decisionsPerSecond.toFixed(0) : '', ratio(s?.decisionsPerSecond, e?.decisionsPerSecond)],
    ['decisions per CPU second (capacity)', e ? e.decisionsPerCpuSecond.toFixed(0) : '', s ? s.decisionsPerServerCpuSecond.toFixed(0) : '', ratio(s?.decisionsPerServerCpuSecond, e?.decisionsPerCpuSecond)],
    ['double offers', e ? String(e.doubleOffers + e.reOffers) : '', s ? String(s.doubleOffers + s.log.contactsOfferedTwice) : '', ''],
    ['max chat slots held by an agent (≤ ' + load.chatConcurrency + ')', e ? String(e.maxSlotsSeen) : '', s ? `${s.log.maxSlotsHeld} (log), ${s.maxContactsInSnapshot} (CCP)` : '', ''],
    ['chats never offered', e ? String(e.neverOffered) : '', s ? String(s.neverOffered) : '', ''],
  ];
  console.log('\n' + table(rows));
  if (e) {
    console.log(`\nengine: ${e.offers} offers (${e.offeredAtOnce} inside their own StartChatContact, ${e.offeredLater} after waiting); ` +
      `${e.slotsInUseAtEnd} chat slots in use at the end of arrivals (${((e.slotsInUseAtEnd / (load.agents * load.chatConcurrency)) * 100).toFixed(0)}% of ${load.agents * load.chatConcurrency}).`);
    console.log('  per command (ms): ' + Object.entries(e.byCommand).map(([t, x]) => `${t} p50 ${ms(x.p50)} p99 ${ms(x.p99)}`).join('; '));
    console.log(`  the hub's work per offer, measured apart: agentDelta + JSON.stringify p50 ${ms(e.snapshotBuild.p50)} p99 ${ms(e.snapshotBuild.p99)} ms, ${e.snapshotBytes.toFixed(0)} bytes`);
    console.log(`  decisions/s = offers / phase wall time (${e.wallSeconds.toFixed(2)} s); capacity = offers / CPU time of the phase (${e.cpuSeconds.toFixed(2)} s, engine + bench driver + GC); ` +
      `time inside execute ${e.executeSeconds.toFixed(2)} s (${e.decisionsPerExecuteSecond.toFixed(0)} offers per execute second).`);
  }
  if (s) {
    console.log(`\nserver: StartChatContact as pre-signed raw HTTP (SigV4 by @smithy/signature-v4, the SDK's signer; ${ms(s.presignMsPerRequest)} ms CPU each, signed before the window); ` +
      `warm-up through @aws-sdk/client-connect cost ${ms(s.sdkClientCpuMsPerCall)} ms client CPU per call.`);
    console.log(`  arrivals: ${s.achievedRate.toFixed(1)}/s achieved (send lag p99 ${ms(s.sendLag.p99)} ms); HTTP ${s.httpOk} ok, ${s.httpErrors} errors${s.errorSamples.length ? ` e.g. ${s.errorSamples.join(' | ')}` : ''}`);
    if (s.drainTimedOut) console.log('  NOTE: not every chat was offered within 45 s after the last arrival: the server percentiles are lower bounds.');
    console.log('  enqueue→offer by 5 s window of sending: ' + s.latencyByWindow.map((w) => `${w.fromSecond}s p50 ${ms(w.latency.p50)} p99 ${ms(w.latency.p99)}`).join('; '));
    console.log(`  StartChatContact response time p50 ${ms(s.httpResponse.p50)} p99 ${ms(s.httpResponse.p99)} max ${ms(s.httpResponse.max)} ms`);
    console.log(`  decisions/s = offers / window (first send to last offer); capacity = offers / server process CPU time in the window (meaningful when the server is saturated).`);
    console.log(`  window ${s.windowSeconds.toFixed(2)} s: server CPU ${s.serverCpuSeconds.toFixed(2)} s (${((s.serverCpuSeconds / s.windowSeconds) * 100).toFixed(0)}% of one core), ` +
      `bench client CPU ${s.benchCpuSeconds.toFixed(2)} s (${((s.benchCpuSeconds / s.windowSeconds) * 100).toFixed(0)}%), client event-loop delay p99 ${ms(s.clientLoopDelay.p99)} max ${ms(s.clientLoopDelay.max)} ms; ` +
      `machine: ${(s.steal * 100).toFixed(1)}% of its CPU time stolen by the hypervisor${s.steal > 0.05 ? ' (over 5%: another guest shared the cores, so this run says little)' : ''}`);
    console.log(`  server writes to storage: ${(s.serverDiskBytes / 1e6).toFixed(1)} MB in the window, ${(s.serverDiskBytes / s.httpOk / 1e3).toFixed(1)} kB per chat (event log, archive, checkpoints)`);
    console.log(`  agent sockets: ${s.framesPerSecond.toFixed(0)} frames/s received in the window; ${s.snapshotsReceived} snapshots and deltas, mean ${s.snapshotMeanBytes.toFixed(0)} bytes; ${s.agentRequestErrors} agent request errors`);
    console.log(`  server event log: ${s.log.events} events, ${s.log.offers} ContactOffered, ${s.log.contactsOfferedTwice} contacts offered twice, ${s.log.offersMissed} missed, ${s.log.offersRejected} rejected, ` +
      `max ${s.log.maxSlotsHeld} chats held by one agent (${s.log.slotViolations} over ${load.chatConcurrency})`);
    if (s.wire) {
      const w = s.wire;
      console.log(`  on the wire (tcpdump, ${w.packets} packets; ${w.tcpdumpSummary}): enqueue→offer for ${w.chats} chats p50 ${ms(w.latency.p50)} p99 ${ms(w.latency.p99)} max ${ms(w.latency.max)} ms; ` +
        `steady state p50 ${ms(w.steadyLatency.p50)} p99 ${ms(w.steadyLatency.p99)} ms (the client saw p50 ${ms(w.clientSteadyLatency.p50)} p99 ${ms(w.clientSteadyLatency.p99)} ms for the same chats)`);
      console.log('    by 5 s window: ' + w.latencyByWindow.map((x) => `${x.fromSecond}s p99 ${ms(x.latency.p99)}`).join('; '));
      console.log(`    the load generator's own delays, steady state: send → request on the wire p50 ${ms(w.clientSendDelay.p50)} p99 ${ms(w.clientSendDelay.p99)} ms; ` +
        `offer on the wire → read by the client p50 ${ms(w.clientReadDelay.p50)} p99 ${ms(w.clientReadDelay.p99)} ms`);
    }
    console.log('  phase timings (s): ' + Object.entries(s.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', '));
  }
  const correctness = (e ? e.doubleOffers + e.reOffers + e.slotViolations : 0) + (s ? s.doubleOffers + s.log.contactsOfferedTwice + s.log.slotViolations : 0);
  if (s) {
    const met = s.steadyLatency.p99 <= 10;
    console.log(`\ntarget: p99 enqueue→offer ≤ 10 ms through the server, in steady state — ${met ? 'MET' : 'MISSED'} (p99 ${ms(s.steadyLatency.p99)} ms after the first ${load.handleMax} s; ${ms(s.latency.p99)} ms over the whole window); ` +
      `zero double offers — ${correctness === 0 ? 'MET' : `MISSED (${correctness})`}`);
    if (s.wire) console.log(`  on the wire (the server's own time, without the load generator's delays): steady-state p99 ${ms(s.wire.steadyLatency.p99)} ms — ${s.wire.steadyLatency.p99 <= 10 ? 'within' : 'over'} 10 ms`);
  }
  for (const p of profiles) console.log('\n' + p);
  console.log(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(2)} at the end (${load1.toFixed(2)} at start)`);
  if (args.json) writeFileSync(args.json, JSON.stringify({ load, engine, server }, null, 2) + '\n');
  return correctness === 0 ? 0 : 1;
}

let code = 2;
try {
  code = await main();
} catch (error) {
  console.error('bench: failed', error);
} finally {
  await cleanUp();
  if (profileDir) {
    if (args.profile) console.log(`(profiles kept in ${profileDir})`);
    else rmSync(profileDir, { recursive: true, force: true });
  }
}
process.exit(code);
