/**
 * The disk's own sync latency, measured beside a phase: a small child process overwrites 4 KiB at the
 * start of a file in the given directory (as SQLite reuses its WAL) and fdatasyncs it, every 10 ms,
 * and reports how long each write + sync took. The server answers nothing before its commit is synced,
 * so when this probe's p99 is tens of milliseconds the phase's p99 cannot be lower: judge the run by it,
 * as by the hypervisor's steal. (It adds ~100 small syncs/s, against the server's hundreds.)
 */
import { spawn } from 'node:child_process';
import { summarize, type Summary } from './stats.ts';

const PROBE = `
const fs = require('node:fs'), path = require('node:path');
const { performance } = require('node:perf_hooks');
const dir = fs.mkdtempSync(path.join(process.argv[1], 'disk-probe-'));
const file = path.join(dir, 'sync');
const fd = fs.openSync(file, 'w');
const block = Buffer.alloc(4096, 7);
fs.writeSync(fd, block, 0, block.length, 0);
fs.fdatasyncSync(fd);
const took = [];
let stopping = false;
process.on('SIGTERM', () => { stopping = true; });
const tick = () => {
  if (stopping) {
    fs.closeSync(fd);
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(JSON.stringify(took));
    return;
  }
  const t0 = performance.now();
  fs.writeSync(fd, block, 0, block.length, 0);
  fs.fdatasyncSync(fd);
  took.push(performance.now() - t0);
  setTimeout(tick, 10);
};
tick();
`;

export interface DiskProbe {
  /** Stops the probe; resolves with the write + fdatasync latencies it saw (ms). */
  stop(): Promise<Summary & { over10: number }>;
}

/** Starts the probe on the file system of `dir` (the server's data directory's parent). */
export function startDiskProbe(dir: string): DiskProbe {
  const child = spawn(process.execPath, ['-e', PROBE, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    async stop() {
      child.kill('SIGTERM');
      await exited;
      let took: number[] = []; // none if the probe could not run
      try {
        took = JSON.parse(out) as number[];
      } catch {}
      return { ...summarize(took), over10: took.filter((t) => t > 10).length };
    },
  };
}
