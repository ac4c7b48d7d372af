import { parentPort, workerData } from 'node:worker_threads';
import { portOfMessagePort } from '../channel.ts';
import { createAudioRenderer } from '../audio/render.ts';
import { createBridgeCore } from '../core/bridgeCore.ts';
import type { CreateBridgeCore } from '../core/port.ts';
import type { MediaWorkerData } from './entry.ts';
import { startWorkerHost } from './host.ts';

/** A media worker thread: one host for the bridges the engine assigns to it. */

if (!parentPort) throw new Error('media/worker/main.ts runs only as a worker thread');
const data = workerData as MediaWorkerData;

const realCore: CreateBridgeCore = ({ bridgeId }) => createBridgeCore({
  bridgeId,
  onListenerError: (error, where) => process.emitWarning(`media: bridge ${bridgeId}: ${where} threw: ${String(error)}`),
});

// A stray rejection inside werift (a send racing a close, say) must not end every call on this worker;
// it is reported. An uncaught exception still ends the worker: the engine emits `died` and starts another.
process.on('unhandledRejection', (reason) => {
  process.emitWarning(`media worker ${data.workerId}: unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`);
});

startWorkerHost(portOfMessagePort(parentPort), data.host, {
  createCore: realCore,
  renderer: createAudioRenderer({ cacheDir: data.cacheDir }),
});
