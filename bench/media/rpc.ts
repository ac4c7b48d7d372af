/**
 * Requests over a child process's IPC channel (fork): the bench's orchestrator drives its two children,
 * the system under test (sut.ts) and the load generator (generator.ts), with small JSON messages. Only
 * signalling and counters cross it, never RTP.
 */
import type { ChildProcess } from 'node:child_process';

interface RpcRequest { rpc: 'request'; id: number; method: string; params: unknown }
interface RpcResponse { rpc: 'response'; id: number; ok: boolean; result?: unknown; error?: string }

export type Handlers = Record<string, (params: any) => unknown>;

/** The child's side: answers the parent's requests with `handlers`. */
export function serveParent(handlers: Handlers): void {
  if (!process.send) throw new Error('this script runs as a forked child of bench/media/main.ts');
  process.on('message', (message: RpcRequest) => {
    if (message?.rpc !== 'request') return;
    const handler = handlers[message.method];
    const reply = (r: Omit<RpcResponse, 'rpc' | 'id'>) => process.send?.({ rpc: 'response', id: message.id, ...r } satisfies RpcResponse);
    if (!handler) return reply({ ok: false, error: `unknown method ${message.method}` });
    Promise.resolve().then(() => handler(message.params)).then(
      (result) => reply({ ok: true, result: result ?? null }),
      (error: unknown) => reply({ ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    );
  });
  // The parent is gone (it crashed or was killed): do not outlive it.
  process.on('disconnect', () => process.exit(0));
}

/** The parent's side of one child. */
export class ChildRpc {
  #next = 0;
  #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  #exited: string | undefined;

  constructor(readonly name: string, readonly child: ChildProcess) {
    child.on('message', (message: RpcResponse) => {
      if (message?.rpc !== 'response') return;
      const waiter = this.#pending.get(message.id);
      if (!waiter) return;
      this.#pending.delete(message.id);
      clearTimeout(waiter.timer);
      if (message.ok) waiter.resolve(message.result);
      else waiter.reject(new Error(`${name}: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      this.#exited = `${name} exited (code ${code}, signal ${signal})`;
      for (const w of this.#pending.values()) { clearTimeout(w.timer); w.reject(new Error(this.#exited)); }
      this.#pending.clear();
    });
  }

  request<T = unknown>(method: string, params: unknown = {}, timeoutMs = 60_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(this.#exited));
    const id = ++this.#next;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${this.name}: no answer to ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.child.send({ rpc: 'request', id, method, params } satisfies RpcRequest);
    });
  }

  /** Asks the child to leave, then kills it if it has not within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    try { await this.request('exit', {}, graceMs); } catch { /* it may exit before answering */ }
    const done = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
    if (!done) {
      child.kill('SIGKILL');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    }
  }
}
