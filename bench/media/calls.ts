/** Setting up six-party calls between the load generator's peers and the system under test (signalling only). */
import type { Handlers } from './rpc.ts';

export const PARTIES = 6;

export interface Requester {
  request<T = unknown>(method: string, params?: unknown, timeoutMs?: number): Promise<T>;
}

/** The system under test's handlers, called in this process. */
export function localRequester(handlers: Handlers): Requester {
  return {
    request: async <T>(method: string, params: unknown = {}) => {
      const handler = handlers[method];
      if (!handler) throw new Error(`unknown method ${method}`);
      return (await handler(params)) as T;
    },
  };
}

/**
 * Adds calls `from`..`to - 1` (a call's peers all in one generator: `gen`, or `gen(call)`), `concurrency` calls at a time, each with its six peers set up in parallel:
 * the generator offers, the system under test answers (a bridge endpoint, or an echo endpoint), the
 * generator accepts and starts sending once connected. A bridge's matrix is a full conference.
 */
export async function addCalls(sut: Requester, gen: Requester | ((call: number) => Requester), mode: 'bridge' | 'echo', from: number, to: number, concurrency: number): Promise<void> {
  let next = from;
  await Promise.all(Array.from({ length: Math.max(0, Math.min(concurrency, to - from)) }, async () => {
    while (next < to) {
      const call = next++;
      const callId = `call-${call}`;
      const peers = typeof gen === 'function' ? gen(call) : gen;
      if (mode === 'bridge') await sut.request('createCall', { callId });
      const endpointIds = Array.from({ length: PARTIES }, (_, p) => `${callId}-p${p}`);
      await Promise.all(endpointIds.map(async (endpointId) => {
        const { offer } = await peers.request<{ offer: string }>('createPeer', { id: endpointId });
        const { answer } = await sut.request<{ answer: string }>('addEndpoint', { callId, endpointId, offer });
        await peers.request('accept', { id: endpointId, answer });
      }));
      if (mode === 'bridge') await sut.request('setHearing', { callId, endpointIds });
    }
  }));
}
