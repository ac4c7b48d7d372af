import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
/** What `npm start` runs: the server built by scripts/build-server.mjs. */
const SERVER_ENTRY = join(root, 'packages/server/dist/main.js');

/** A free TCP port on loopback (kept across restarts so the pages' origin, and so their storage, stays the same). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real server, as `npm start` runs it (the built bundle), in its own process (so a test can kill -9 it). */
export class ServerProcess {
  private child: ChildProcess | undefined;
  output = '';

  constructor(readonly port: number, readonly dataDir: string, readonly env: Record<string, string> = {}) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  start(): Promise<void> {
    this.output = '';
    if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run npm run build (npm test does)`);
    const child = spawn(process.execPath, ['--enable-source-maps', SERVER_ENTRY], {
      cwd: root,
      env: { ...process.env, ...this.env, HOST: '127.0.0.1', PORT: String(this.port), SWITCHBOARD_DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 60_000);
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('Switchboard is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** kill -9: no shutdown hooks, no flush. */
  kill9(): Promise<void> {
    return this.stopWith('SIGKILL');
  }

  stop(): Promise<void> {
    return this.stopWith('SIGTERM');
  }

  private stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/** What the browser tests need of a demo server: the process, its data dir, and demo.json's URLs. */
export interface DemoServer {
  server: ServerProcess;
  dataDir: string;
  demo: { urls: { ccp: string; chat: string; call: string; phone: string }; instanceId: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Stops the server and removes its data dir. */
  stop(): Promise<void>;
}

/** Starts the real server with a fresh demo instance whose agents all use `password`. */
export async function startDemoServer(name: string, password: string, env: Record<string, string> = {}): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `switchboard-${name}-`));
  // One media worker is plenty for a test's few calls (the default is one per core).
  const server = new ServerProcess(await freePort(), dataDir, { SWITCHBOARD_DEMO_PASSWORD: password, SWITCHBOARD_MEDIA_WORKERS: '1', SWITCHBOARD_DEMO_MENU: '0', ...env });
  await server.start();
  const demo = JSON.parse(readFileSync(join(dataDir, 'demo.json'), 'utf8')) as DemoServer['demo'];
  return {
    server, dataDir, demo,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
