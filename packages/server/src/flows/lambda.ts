import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { log } from '../log.ts';

/**
 * InvokeLambdaFunction without a cloud: a function ARN resolves, per instance, to a local handler file
 * (run in its own worker thread, so `exports.handler = async (event) => …` Lambda code runs unchanged
 * and a runaway handler is stopped at the timeout) or to an HTTP endpoint (POSTed the event as JSON,
 * answering the result as JSON).
 *
 * The mapping is a JSON file (SWITCHBOARD_LAMBDAS, default <dataDir>/lambdas.json):
 *   { "<instance id, or *>": { "<function ARN or function name>": "./handlers/lookup.js" | "https://…" } }
 * Relative paths are relative to the file. A function with no entry fails (the flow takes its error branch).
 */
export type LambdaTarget = { kind: 'file'; path: string } | { kind: 'http'; url: string };

export type LambdaOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; error: string };

export interface LambdaResolver {
  resolve(instanceId: string, functionArn: string): LambdaTarget | undefined;
}

/** The function's name in an ARN (`arn:aws:lambda:region:account:function:name[:alias]`), or the ref itself. */
export function functionName(ref: string): string {
  const m = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)/.exec(ref);
  return m ? m[1]! : ref;
}

export function lambdaMap(map: Record<string, Record<string, string>>, baseDir: string): LambdaResolver {
  const target = (value: string): LambdaTarget => (/^https?:\/\//.test(value) ? { kind: 'http', url: value } : { kind: 'file', path: isAbsolute(value) ? value : resolve(baseDir, value) });
  return {
    resolve(instanceId, functionArn) {
      for (const scope of [map[instanceId], map['*']]) {
        if (!scope) continue;
        const value = scope[functionArn] ?? scope[functionName(functionArn)];
        if (value !== undefined) return target(value);
      }
      return undefined;
    },
  };
}

/** Reads the mapping file; none (or an unreadable one, reported) maps nothing. */
export function loadLambdaMap(file: string): LambdaResolver {
  if (!existsSync(file)) return lambdaMap({}, dirname(file));
  try {
    return lambdaMap(JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string>>, dirname(file));
  } catch (error) {
    log().error({ err: error, file }, 'could not read the Lambda mapping');
    return lambdaMap({}, dirname(file));
  }
}

/** Runs one invocation with Connect's event, within the timeout. */
export async function invokeLambda(target: LambdaTarget, event: unknown, timeoutMs: number): Promise<LambdaOutcome> {
  const outcome = target.kind === 'file' ? await runInWorker(target.path, event, timeoutMs) : await post(target.url, event, timeoutMs);
  if (!outcome.ok) return outcome;
  const result = outcome.result;
  if (result === null || result === undefined) return { ok: true, result: {} };
  if (typeof result !== 'object' || Array.isArray(result)) return { ok: false, error: 'the function answered something other than an object' };
  return { ok: true, result: result as Record<string, unknown> };
}

async function post(url: string, event: unknown, timeoutMs: number): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, error: `the endpoint answered HTTP ${res.status}` };
    return { ok: true, result: await res.json() };
  } catch (error) {
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : `the endpoint failed: ${(error as Error).message}` };
  }
}

/** The worker: loads the handler (CommonJS or ESM), calls it (async, or with a callback), posts the answer. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  try {
    const mod = await import(workerData.url);
    const handler = mod.handler ?? (mod.default && mod.default.handler);
    if (typeof handler !== 'function') throw new Error('the file exports no handler');
    const context = { functionName: workerData.name, awsRequestId: workerData.requestId, getRemainingTimeInMillis: () => workerData.deadline - Date.now(), callbackWaitsForEmptyEventLoop: true };
    const result = await new Promise((resolve, reject) => {
      const maybe = handler(workerData.event, context, (err, value) => (err ? reject(err) : resolve(value)));
      if (maybe && typeof maybe.then === 'function') maybe.then(resolve, reject);
    });
    parentPort.postMessage({ ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String((error && error.message) || error) });
  }
})();
`;

function runInWorker(path: string, event: unknown, timeoutMs: number): Promise<{ ok: true; result: unknown } | { ok: false; error: string }> {
  return new Promise((done) => {
    let settled = false;
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { url: pathToFileURL(path).href, event, name: path, requestId: String(Date.now()), deadline: Date.now() + timeoutMs },
      resourceLimits: { maxOldGenerationSizeMb: 128 },
      stdout: false, stderr: false,
    });
    const finish = (outcome: { ok: true; result: unknown } | { ok: false; error: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      done(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, error: `timed out after ${timeoutMs} ms` }), timeoutMs);
    worker.once('message', (m: { ok: true; result: unknown } | { ok: false; error: string }) => finish(m));
    worker.once('error', (error) => finish({ ok: false, error: error.message }));
    worker.once('exit', (code) => finish({ ok: false, error: `the handler's worker exited (${code}) without an answer` }));
  });
}
