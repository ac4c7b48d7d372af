import type { MessagePort, Worker } from 'node:worker_threads';
import { InvalidStateError } from './facade.ts';
import {
  isWireMessage, type Method, type Methods, type Notification, type NotificationEvents, type Request, type Response,
  type WireError, type WireMessage,
} from './protocol.ts';

/**
 * Request/response and notifications over one message port (after mediasoup's Channel). The client side
 * keeps pending requests in a map, each with its own timeout; when the channel closes every pending
 * request rejects with InvalidStateError. Notifications are dispatched one turn late (setImmediate), so
 * a notification never beats the response that created its object (mediasoup #510).
 */

/** The three things a channel needs from a port; a worker, a MessagePort, or a test double provide them. */
export interface ChannelPort {
  postMessage(message: WireMessage): void;
  onMessage(listener: (message: unknown) => void): void;
  close(): void;
}

export function portOfMessagePort(port: MessagePort): ChannelPort {
  return {
    postMessage: (message) => port.postMessage(message),
    onMessage: (listener) => { port.on('message', listener); },
    close: () => port.close(),
  };
}

/** The main thread's side of a worker. `close` only stops listening; terminating the worker is the engine's job. */
export function portOfWorker(worker: Worker): ChannelPort {
  let listener: ((message: unknown) => void) | undefined;
  return {
    postMessage: (message) => worker.postMessage(message),
    onMessage: (l) => { listener = l; worker.on('message', l); },
    close: () => { if (listener) worker.off('message', listener); },
  };
}

/** A timed-out request (the worker is stuck or too slow). */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
}

export function toWireError(error: unknown): WireError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

export function fromWireError(error: WireError): Error {
  if (error.name === 'TypeError') return new TypeError(error.message);
  if (error.name === 'InvalidStateError') return new InvalidStateError(error.message);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}

type NotificationListener = (notification: Notification) => void;

interface Pending {
  method: Method;
  resolve(body: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class Channel {
  #port: ChannelPort;
  #timeoutMs: number;
  #nextId = 0;
  #pending = new Map<number, Pending>();
  #listeners = new Set<NotificationListener>();
  #closed = false;

  constructor(port: ChannelPort, options: { timeoutMs: number }) {
    this.#port = port;
    this.#timeoutMs = options.timeoutMs;
    port.onMessage((message) => this.#receive(message));
  }

  get closed(): boolean { return this.#closed; }
  get pendingCount(): number { return this.#pending.size; }

  request<M extends Method>(
    method: M, target: string, body: Methods[M]['body'], timeoutMs = this.#timeoutMs,
  ): Promise<Methods[M]['result']> {
    if (this.#closed) return Promise.reject(new InvalidStateError(`channel closed (${method})`));
    // A wrapping 32-bit id; skip any id still pending (a request that has waited 2^32 requests).
    do { this.#nextId = (this.#nextId + 1) >>> 0; } while (this.#pending.has(this.#nextId));
    const id = this.#nextId;
    return new Promise<Methods[M]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new RequestTimeoutError(`media worker did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { method, resolve: resolve as (body: unknown) => void, reject, timer });
      const request: Request<M> = { kind: 'request', id, method, target, body };
      try {
        this.#port.postMessage(request);
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Every notification, dispatched a turn after it arrived. Returns the unsubscribe function. */
  onNotification(listener: NotificationListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** Rejects every pending request with InvalidStateError and stops listening. Idempotent. */
  close(reason = 'channel closed'): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(new InvalidStateError(`${reason} (${pending.method})`));
    }
    this.#listeners.clear();
    this.#port.close();
  }

  #receive(message: unknown): void {
    if (this.#closed || !isWireMessage(message)) return;
    if (message.kind === 'response') {
      const pending = this.#pending.get(message.id);
      if (!pending) return; // timed out already
      this.#pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.ok) pending.resolve(message.body);
      else pending.reject(fromWireError(message.error));
    } else if (message.kind === 'notification') {
      setImmediate(() => {
        if (this.#closed) return;
        for (const listener of this.#listeners) {
          try { listener(message); } catch (error) { reportListenerError(error); }
        }
      });
    }
  }
}

function reportListenerError(error: unknown): void {
  // A listener's bug must not stop the other listeners or the channel.
  queueMicrotask(() => { process.emitWarning(`media: a notification listener threw: ${String(error)}`); });
}

/** The worker's side: answers requests with a handler and sends notifications. */
export interface ChannelServer {
  notify<K extends keyof NotificationEvents>(target: string, event: K, body: NotificationEvents[K]): void;
  close(): void;
}

export function serveChannel(
  port: ChannelPort,
  handle: (request: Request) => Promise<unknown> | unknown,
): ChannelServer {
  let closed = false;
  const post = (message: WireMessage) => {
    if (closed) return;
    try { port.postMessage(message); } catch { /* the other side is gone */ }
  };
  port.onMessage((message) => {
    if (closed || !isWireMessage(message) || message.kind !== 'request') return;
    const request = message;
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(handle(request));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      (body) => post({ kind: 'response', id: request.id, ok: true, body: body ?? {} } satisfies Response),
      (error: unknown) => post({ kind: 'response', id: request.id, ok: false, error: toWireError(error) } satisfies Response),
    );
  });
  return {
    notify(target, event, body) {
      post({ kind: 'notification', target, event, body } as Notification);
    },
    close() {
      if (closed) return;
      closed = true;
      port.close();
    },
  };
}
