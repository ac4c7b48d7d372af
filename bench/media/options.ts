/** bench/media's command line (see main.ts's header): parsed and checked once, for the orchestrator. */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

export const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '5,10,20,30,40,50' },
    workers: { type: 'string', default: '1' },
    /** 20 s = 1,000 slots per worker: the shortest window in which 99.9% allows one miss. */
    seconds: { type: 'string', default: '20' },
    /** Pause after a step's calls are up before its window (s). */
    settle: { type: 'string', default: '3' },
    /** Load-generator processes (calls spread over them); more than 1 only helps on a machine with cores to spare. */
    generators: { type: 'string', default: '1' },
    /** Calls set up at once (each sets up its six peers in parallel). */
    'setup-calls': { type: 'string', default: '2' },
    /** Skip the echo baseline. */
    'no-baseline': { type: 'boolean', default: false },
    /** Measure every step even after one misses 99.9%. */
    'keep-going': { type: 'boolean', default: false },
    /** Where the met fraction must be for a step to pass. */
    criterion: { type: 'string', default: '0.999' },
    profile: { type: 'boolean', default: false },
    json: { type: 'string' },
    /** Watchdog (s). */
    timeout: { type: 'string', default: '1800' },
    /** Skip the sweep (with --with-routing: only the routing comparison). */
    'no-sweep': { type: 'boolean', default: false },
    /** Also run bench/routing's server phase against a server process carrying N calls, alternating with none. */
    'with-routing': { type: 'boolean', default: false },
    /** N for --with-routing (default: the largest step that met the criterion, or 20 without a sweep). */
    'routing-calls': { type: 'string' },
    /** Pairs (without, with) of routing runs; the order alternates from pair to pair. */
    'routing-rounds': { type: 'string', default: '1' },
    'routing-seconds': { type: 'string', default: '40' },
    'routing-agents': { type: 'string', default: '1000' },
    'routing-rate': { type: 'string', default: '500' },
    /** The bridges' RTP path: 'fast' (packages/media/src/rtc/fastPath.ts, the default, as the server runs) or 'werift' (its own per-packet path). */
    'bridge-path': { type: 'string', default: 'fast' },
    /** The echo baseline's path: 'werift' (bare werift, the default) or 'fast'. */
    'echo-path': { type: 'string', default: 'werift' },
    /** The generator's peers: 'fast' (the default: a cheaper generator leaves the shared cores to the system under test) or 'werift'. */
    'generator-path': { type: 'string', default: 'fast' },
    /** The SRTP profile the generator offers: 'cm' (AES_CM_128_HMAC_SHA1_80, what Chromium negotiates; default) or 'gcm' (werift's first choice). */
    srtp: { type: 'string', default: 'cm' },
    /**
     * Niceness of the generator processes (default 0). On this 2-core host the generator needs as much CPU as the
     * system under test; a positive value (e.g. 10) lets the media worker have a core first, as it would where
     * callers' clients run elsewhere. Say so when quoting such a run.
     */
    'generator-nice': { type: 'string', default: '0' },
    /**
     * Pin the system under test (every thread, the media workers included) to CPU 0 and the generators to the
     * other CPUs (taskset): the media process has one core to itself, so "calls per core" is literal and the
     * generator no longer takes the worker's CPU. Linux only; needs two CPUs or more.
     */
    pin: { type: 'boolean', default: false },
  },
});
export const num = (name: keyof typeof args) => {
  const v = Number(args[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${String(name)} must be a number`);
  return v;
};
export const steps = args.calls!.split(',').map((s) => Number(s.trim()));
if (steps.some((n, i) => !Number.isInteger(n) || n < 1 || (i > 0 && n <= steps[i - 1]!))) throw new Error('--calls must be increasing positive integers, e.g. 5,10,20');
export const workers = num('workers');
if (!Number.isInteger(workers) || workers < 1) throw new Error('--workers must be 1 or more');
export const seconds = num('seconds');
export const settle = num('settle');
export const setupCalls = Math.max(1, num('setup-calls'));
export const criterion = num('criterion');
export const generators = Math.max(1, Math.floor(num('generators')));
export const PPS = 50;
export const generatorNice = Number(args['generator-nice']);
if (!Number.isInteger(generatorNice) || generatorNice < -20 || generatorNice > 19) throw new Error('--generator-nice must be an integer from -20 to 19');
const pathArg = (name: 'bridge-path' | 'echo-path' | 'generator-path'): 'fast' | 'werift' => {
  const v = args[name];
  if (v !== 'fast' && v !== 'werift') throw new Error(`--${name} must be fast or werift`);
  return v;
};
export const paths = { bridge: pathArg('bridge-path'), echo: pathArg('echo-path'), generator: pathArg('generator-path') };
if (args.srtp !== 'cm' && args.srtp !== 'gcm') throw new Error('--srtp must be cm or gcm');
if (args.pin && availableParallelism() < 2) throw new Error('--pin needs two CPUs or more');
