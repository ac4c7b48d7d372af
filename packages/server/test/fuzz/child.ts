/**
 * The fuzz suite's server: the REAL Switchboard (packages/server/src/main.ts, run through tsx) in a child
 * process, so a crash shows as the process exiting and memory is the child's own RSS. Each start gets
 * a fresh data directory (demo instance seeded) and a small web root (so the static pages are served
 * by sirv, as in production).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DemoInfo } from '../../src/demo.ts';

/** The server's entry point; SWITCHBOARD_FUZZ_MAIN fuzzes another copy of it (e.g. one with a fix under way). */
const MAIN = resolve(process.env.SWITCHBOARD_FUZZ_MAIN ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../src/main.ts'));
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const DEMO_PASSWORD = 'fuzz-demo-pass-123';
/** How far the child's RSS may grow past what it used just after starting. */
export const RSS_BOUND_BYTES = 150 * 1024 * 1024;
/** A static page served by sirv (long enough for byte ranges inside it). */
export const PAGE = '<!doctype html><title>fuzz</title><p>static page for the fuzz suite</p>\n';

/** Servers still running: killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const proc of running) proc.kill('SIGKILL');
});

/** demo.json as the server writes it (the urls are not needed here). */
export type Demo = Omit<DemoInfo, 'urls'>;

export class ChildServer {
  /** The last 256 kB of stderr and of the log (JSON lines on stdout), as they came; `trimmed` characters before it were dropped. */
  private stderrText = '';
  private trimmed = 0;
  private stdoutText = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  port = 0;
  demo!: Demo;
  /** RSS (bytes) right after the start. */
  baselineRss = 0;
  private readonly exited: Promise<void>;

  private constructor(readonly proc: ChildProcess, readonly dir: string) {
    const keep = (s: string) => {
      this.stderrText += s;
      if (this.stderrText.length > 262_144) {
        const cut = this.stderrText.length - 262_144;
        this.stderrText = this.stderrText.slice(cut);
        this.trimmed += cut;
      }
    };
    proc.stderr!.setEncoding('utf8').on('data', keep);
    proc.stdout!.setEncoding('utf8').on('data', (s: string) => {
      if (this.stdoutText.length < 65_536) this.stdoutText += s;
      keep(s);
    });
    running.add(proc);
    this.exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
      running.delete(proc);
      this.exit = { code, signal };
      resolve();
    }));
  }

  /** Starts a server; resolves once it listens and demo.json is written. */
  static async start(): Promise<ChildServer> {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-'));
    const web = join(dir, 'web');
    for (const page of ['ccp', 'chat']) {
      mkdirSync(join(web, page), { recursive: true });
      writeFileSync(join(web, page, 'index.html'), PAGE);
    }
    const proc = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        TMPDIR: process.env.TMPDIR ?? tmpdir(),
        HOST: '127.0.0.1',
        PORT: '0',
        SWITCHBOARD_DATA_DIR: join(dir, 'data'),
        SWITCHBOARD_DEMO: '1',
        SWITCHBOARD_DEMO_PASSWORD: DEMO_PASSWORD,
        SWITCHBOARD_WEB_ROOT: web,
        SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: '1000000',
        SWITCHBOARD_WIDGET_BURST: '1000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ChildServer(proc, dir);
    const until = Date.now() + 30_000;
    for (;;) {
      const m = /Switchboard is running at http:\/\/127\.0\.0\.1:(\d+)/.exec(server.stdoutText);
      if (m) {
        server.port = Number(m[1]);
        break;
      }
      if (server.exit) throw new Error(`the server exited while starting (${JSON.stringify(server.exit)}):\n${server.stderrTail()}`);
      if (Date.now() > until) {
        await server.stop();
        throw new Error(`the server did not start within 30 s:\n${server.stderrTail()}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    server.demo = JSON.parse(readFileSync(join(dir, 'data', 'demo.json'), 'utf8')) as Demo;
    server.baselineRss = server.rssBytes();
    return server;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Waits up to `ms` for the process to exit; true if it did. */
  async exitsWithin(ms: number): Promise<boolean> {
    if (!this.alive) return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.exited, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    return !this.alive;
  }

  /** The child's resident set size (bytes), from /proc/<pid>/status; 0 once it has exited. */
  rssBytes(): number {
    if (!this.alive || this.proc.pid === undefined) return 0;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  }

  /** The last lines the server wrote to stderr (its crash stack, if it crashed). */
  stderrTail(lines = 30): string {
    const text = this.stderrText.trimEnd();
    return text ? text.split('\n').slice(-lines).join('\n') : '(stderr is empty)';
  }

  /** What the server wrote to stderr since `mark` (a stderrMark()). */
  stderrSince(mark: number): string {
    return this.stderrText.slice(Math.max(0, mark - this.trimmed));
  }

  stderrMark(): number {
    return this.trimmed + this.stderrText.length;
  }

  /** How the process ended, with its stderr: the message of a test that finds it dead. */
  deathReport(): string {
    return `THE SERVER PROCESS EXITED (${JSON.stringify(this.exit)}). Its stderr ends with:\n${this.stderrTail()}`;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      this.proc.kill('SIGTERM');
      if (!(await this.exitsWithin(3000))) {
        this.proc.kill('SIGKILL');
        await this.exited;
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
