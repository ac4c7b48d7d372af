import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The worker: its own connection to the database, running a PASSIVE checkpoint whenever asked. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = NORMAL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage(null);
  } catch (error) {
    parentPort.postMessage(String((error && error.message) || error));
  }
});
`;

/**
 * Checkpoints the SQLite WAL on a worker thread, so the event loop never does. A checkpoint copies the
 * WAL's pages into the database file and syncs both; SQLite's automatic one runs inside the commit
 * that crosses 1,000 pages, and on this workload that stalled the event loop for 3–13 ms about twice a
 * second. PASSIVE checkpoints run alongside the writer (WAL allows it) and never block it.
 * If the worker fails, `onFailure` is told once (the store then lets SQLite checkpoint again).
 */
export class Checkpointer {
  private readonly worker: Worker;
  private readonly timer: NodeJS.Timeout;
  private busy = false;
  private dirty = false;
  private failed = false;
  private readonly exited: Promise<void>;

  constructor(
    path: string,
    private readonly onFailure: (reason: string) => void,
    /** Told after each checkpoint on the worker: the store may finish it so the WAL can start over. */
    private readonly onCheckpointed: () => void,
    intervalMs = 500,
  ) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, module } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (error: string | null) => {
      this.busy = false;
      if (error) this.fail(error);
      else this.onCheckpointed();
    });
    this.worker.on('error', (error) => this.fail(String(error)));
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Something was committed: the next tick checkpoints. */
  written(): void {
    this.dirty = true;
  }

  private tick(): void {
    if (this.busy || !this.dirty || this.failed) return;
    this.dirty = false;
    this.busy = true;
    this.worker.postMessage('checkpoint');
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    clearInterval(this.timer);
    this.onFailure(reason);
  }

  /** Stops the worker and closes its connection (before the store's own, which then removes the WAL). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.worker.ref(); // keep the process alive until the worker has closed its connection
    if (!this.failed) this.worker.postMessage('close');
    else void this.worker.terminate();
    await this.exited;
  }
}
