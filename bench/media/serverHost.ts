/**
 * The server process of `npm run bench:media -- --with-routing`: bench/routing's server phase starts this
 * file in place of packages/server/dist/main.js (node --import tsx). With BENCH_MEDIA_CALLS=N > 0 it first
 * starts a media engine in this process (BENCH_MEDIA_WORKERS worker threads, as the server's own engine
 * would run beside it), forks the load generator and sets up N six-party full-conference calls; then it
 * runs the real server (the built bundle) in the same process, so the routing bench's load meets a main
 * thread whose process also carries N calls. With N = 0 it only runs the server (the "without calls" half).
 * Every second it adds the media figures (clock stats, CPU, generator counters) to BENCH_MEDIA_STATS_FILE.
 */
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { addCalls, localRequester } from './calls.ts';
import { ChildRpc } from './rpc.ts';
import { startSut } from './sutCore.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');
const calls = Number(process.env.BENCH_MEDIA_CALLS ?? '0');
const statsFile = process.env.BENCH_MEDIA_STATS_FILE;
const started = performance.now();

if (calls > 0) {
  const handlers = await startSut({ mode: 'bridge', workers: Number(process.env.BENCH_MEDIA_WORKERS ?? '1'), profile: false, path: process.env.BENCH_MEDIA_PATH === 'werift' ? 'werift' : 'fast' });
  const sut = localRequester(handlers);
  const child = fork(join(here, 'generator.ts'), [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  process.once('exit', () => { if (child.exitCode === null) child.kill('SIGKILL'); });
  const gen = new ChildRpc('generator', child);
  await addCalls(sut, gen, 'bridge', 0, calls, 2);
  const setupSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 2000));
  // One snapshot a second (epoch-stamped), so the orchestrator can take the routing load's own window.
  const history: { epoch: number; sut: unknown; gen: unknown }[] = [];
  const write = async () => {
    try {
      const [sutStats, genStats] = [await sut.request<Record<string, unknown>>('stats'), await gen.request('stats')];
      delete sutStats.threads; // per-thread figures mean little in a process that is also the server
      history.push({ epoch: Date.now(), sut: sutStats, gen: genStats });
      if (history.length > 900) history.splice(1, 1);
      if (statsFile) writeFileSync(statsFile, JSON.stringify({ calls, setupSeconds, pid: process.pid, history }));
    } catch { /* stopping */ }
  };
  await write();
  setInterval(() => void write(), 1000).unref();
}

await import(pathToFileURL(resolve(repoRoot, process.env.BENCH_MEDIA_SERVER_JS ?? 'packages/server/dist/main.js')).href);
