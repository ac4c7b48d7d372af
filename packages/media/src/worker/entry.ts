import type { WorkerHostOptions } from './host.ts';

/**
 * Where a media worker's code is. Under tsx (tests, development) the engine's module is a .ts file and
 * the worker starts from boot.mjs, which registers tsx and imports main.ts (Node 20 workers do not apply
 * a parent's `--import tsx` to their own entry). In the production bundle (scripts/build-server.mjs)
 * the engine is inlined into packages/server/dist/main.js and main.ts is bundled beside it as
 * media-worker.js.
 */

/** The worker's source, for a build script's entry points (relative to the repository root). */
export const MEDIA_WORKER_SOURCE = 'packages/media/src/worker/main.ts';
/** The bundled worker's file name, next to the bundle that contains the engine. */
export const MEDIA_WORKER_BUNDLE = 'media-worker.js';

export function mediaWorkerEntry(engineModuleUrl: string): { url: URL; execArgv: string[] | undefined } {
  if (engineModuleUrl.endsWith('.ts')) {
    return { url: new URL('./worker/boot.mjs', engineModuleUrl), execArgv: workerExecArgv(process.execArgv) };
  }
  return { url: new URL(`./${MEDIA_WORKER_BUNDLE}`, engineModuleUrl), execArgv: undefined };
}

/**
 * The parent's flags a tsx worker keeps. tsx is registered by boot.mjs itself (an inherited `--import tsx`
 * would only register it twice), and a Worker refuses process-wide flags given to it explicitly: Node 24's
 * test runner hands every file's process all of its defaults (`--stack-trace-limit=10`, `--secure-heap=0`,
 * …), and passing those on throws ERR_WORKER_INVALID_EXEC_ARGV. So only flags that change how a module
 * loads or reports are kept.
 */
export function workerExecArgv(parent: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const arg = parent[i] as string;
    if (arg === '--enable-source-maps' || arg === '--no-warnings' || arg.startsWith('--conditions=')) kept.push(arg);
    else if ((arg === '--conditions' || arg === '-C') && i + 1 < parent.length) kept.push(arg, parent[++i] as string);
  }
  return kept;
}

/** What the engine hands a worker at start. */
export interface MediaWorkerData {
  workerId: number;
  host: WorkerHostOptions;
  /** Where rendered prompts are cached. */
  cacheDir: string;
}
