import { parentPort, workerData } from 'node:worker_threads';
import { portOfMessagePort } from '../channel.ts';
import type { CreateBridgeCore } from '../core/port.ts';
import type { MediaWorkerData } from './entry.ts';
import { startWorkerHost } from './host.ts';

/** A media worker thread: one host for the bridges the engine assigns to it. */

if (!parentPort) throw new Error('media/worker/main.ts runs only as a worker thread');
const data = workerData as MediaWorkerData;

const unavailableCore: CreateBridgeCore = () => {
  throw new Error('media: the bridge core is not in this build yet (packages/media/src/core)');
};

let createCore: CreateBridgeCore = unavailableCore;
if (data.coreModule) {
  const module = (await import(data.coreModule)) as { createBridgeCore?: CreateBridgeCore };
  if (typeof module.createBridgeCore !== 'function') throw new Error(`${data.coreModule} has no createBridgeCore export`);
  createCore = module.createBridgeCore;
}

startWorkerHost(portOfMessagePort(parentPort), data.host, { createCore });
