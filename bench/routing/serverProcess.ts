/**
 * The bench's server process and the HTTP plumbing around it: the real server started as `npm start`
 * runs it (or another build, `--server-js`), stopped on every exit path, and a warm keep-alive pool.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { sleep } from './util.ts';

export interface ChildOptions {
  repoRoot: string;
  /** Write a CPU profile of the server (node --cpu-prof) into this directory. */
  profileDir?: string;
  /** The server's entry point, relative to repoRoot (default packages/server/dist/main.js). */
  serverJs?: string;
  /** Run the server under `nice -n <n>` (negative: ahead of the load generator; needs root; write --server-nice=-5). */
  serverNice?: number;
  /** More node flags for the server, e.g. `--trace-gc` (space-separated). */
  serverFlags?: string;
  /** Append the server's stdout and stderr to this file (e.g. for --trace-gc). */
  serverLog?: string;
  /** More environment for the server (e.g. SWITCHBOARD_ARCHIVE_DELAY_MS=0). */
  serverEnv?: Record<string, string>;
}

export interface ChildServer {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** Starts the real server; resolves with its URL once it prints it. */
export function startChild(options: ChildOptions, dataDir: string): Promise<ChildServer> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME,
    HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_DEMO: '0',
    // One load generator plays 1,000 agents and their HTTP clients from one address.
    SWITCHBOARD_CONNECTIONS_PER_ADDRESS: '1000000',
    SWITCHBOARD_DEMO_PASSWORD: `bench-${randomBytes(6).toString('hex')}`,
    SWITCHBOARD_WEB_ROOT: join(dataDir, 'no-web-root'),
    ...options.serverEnv,
  };
  const args = [
    ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
    ...(options.serverFlags ? options.serverFlags.split(' ').filter(Boolean) : []),
    '--enable-source-maps', options.serverJs ?? 'packages/server/dist/main.js',
  ];
  const child = options.serverNice === undefined
    ? spawn(process.execPath, args, { cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('nice', ['-n', String(options.serverNice), process.execPath, ...args], { cwd: options.repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  if (options.serverLog) {
    const log = createWriteStream(options.serverLog, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
    if (err.length > 20_000) err = err.slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Last resort: never leave the server running after the bench process ends, however it ends.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(5_000)]);
    }
  };
  // (bench/media's server host sets up its calls before the server starts: BENCH_SERVER_START_SECONDS gives it longer)
  const startSeconds = Number(process.env.BENCH_SERVER_START_SECONDS ?? '60');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the server did not start within ${startSeconds} s; stderr: ${err.slice(-2000)}`));
    }, startSeconds * 1000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Switchboard is running at (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1]!, stop });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}, signal ${signal}) before it started; stderr: ${err.slice(-2000)}`));
    });
  });
}

/** Opens `count` keep-alive sockets in `agent` (concurrent GET /health) so the measured window starts with a warm pool. */
export async function warmSockets(agent: http.Agent, base: URL, count: number): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const req = http.get({ host: base.hostname, port: base.port, path: '/health', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
  })));
}
