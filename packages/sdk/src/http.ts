/** An error answered by a Switchboard or Amazon Connect API, in the AWS shape: `type` is the exception name. */
export class ApiRequestError extends Error {
  /** For refusals by a Switchboard rule (e.g. a call-control rule of seed 000): the rule's name. */
  readonly rule: string | undefined;
  constructor(readonly type: string, message: string, readonly statusCode: number, rule?: string) {
    super(message);
    this.name = type;
    this.rule = rule;
  }
}

/** POSTs (or PUTs) JSON and returns the parsed answer; non-2xx answers become ApiRequestError. */
export async function requestJson<T>(url: string, body: unknown, headers: Record<string, string> = {}, method = 'POST'): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  let parsed: unknown = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { message: text };
  }
  if (!response.ok) {
    const type = (response.headers.get('x-amzn-errortype') ?? 'UnknownError').split(':')[0]!;
    const message = (parsed as { message?: string; Message?: string }).message ?? (parsed as { Message?: string }).Message ?? response.statusText;
    throw new ApiRequestError(type, message, response.status);
  }
  return parsed as T;
}

/** The WebSocket constructor to use: the platform's, or one passed in (e.g. `ws` on Node 20). */
export type WebSocketConstructor = new (url: string) => WebSocket;

export function webSocketConstructor(given?: WebSocketConstructor): WebSocketConstructor {
  const ctor = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!ctor) throw new Error('no WebSocket available: pass one in (on Node 20, the `ws` package)');
  return ctor;
}

/** A tiny typed event emitter. */
export class Emitter<Events extends Record<string, unknown>> {
  private readonly handlers = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(event: K, handler: (value: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (value: never) => void);
    return () => set!.delete(handler as (value: never) => void);
  }

  emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        (handler as (value: Events[K]) => void)(value);
      } catch (error) {
        console.error(`switchboard sdk: a ${String(event)} handler failed`, error);
      }
    }
  }
}
