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
    // tsx is registered by boot.mjs itself; an inherited `--import tsx` would only register it twice.
    const execArgv = process.execArgv.filter((arg, i, all) => !(arg === 'tsx' && all[i - 1] === '--import') && !(arg === '--import' && all[i + 1] === 'tsx'));
    return { url: new URL('./worker/boot.mjs', engineModuleUrl), execArgv };
  }
  return { url: new URL(`./${MEDIA_WORKER_BUNDLE}`, engineModuleUrl), execArgv: undefined };
}

/** What the engine hands a worker at start. */
export interface MediaWorkerData {
  workerId: number;
  host: WorkerHostOptions;
  /** Where rendered prompts are cached. */
  cacheDir: string;
}
