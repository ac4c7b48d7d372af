import type { WebSocket } from 'ws';
import { verifyToken, peekToken } from '../auth/tokens.ts';
import { ApiError, errors } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { handleAgentRequest } from '../agent/requests.ts';
import { sendFrame } from './coalesce.ts';

/**
 * The agent's CCP socket (/agent/ws?token=…). Down: `agent::update` with the full snapshot first (and
 * on changes to the instance), `agent::delta` with what each change touched (see the Hub),
 * `webSocket::all_message` with chat items, `api_response` answers. Up: `api_request`
 * `{ requestId, method, params }`.
 */
export function authorizeAgentSocket(services: Services, url: URL): { instanceId: string; userId: string } | undefined {
  const token = url.searchParams.get('token') ?? '';
  const peek = peekToken(token);
  const instance = peek ? services.state.instances.get(peek.instanceId) : undefined;
  if (!instance) return undefined;
  const claims = verifyToken(token, instance.tokenKey, 'agent', services.pipeline.now());
  if (!claims?.userId || !instance.users.has(claims.userId)) return undefined;
  return { instanceId: instance.id, userId: claims.userId };
}

export function serveAgentSocket(services: Services, ws: WebSocket, who: { instanceId: string; userId: string }): void {
  services.hub.addAgentSocket(who.instanceId, who.userId, ws);
  ws.on('message', async (data, isBinary) => {
    let requestId: unknown;
    try {
      if (isBinary) throw errors.validation('connect', 'frames must be text');
      const message = JSON.parse(data.toString()) as { event?: string; requestId?: unknown; method?: unknown; params?: unknown };
      requestId = message.requestId;
      if (message.event !== 'api_request' || typeof message.method !== 'string') throw errors.validation('connect', 'expected { event: "api_request", requestId, method, params }');
      const instance = services.state.instances.get(who.instanceId)!;
      const user = instance.users.get(who.userId)!;
      const result = await handleAgentRequest(services, { instance, user }, message.method, message.params);
      reply({ event: 'api_response', requestId, data: result, err: null });
    } catch (error) {
      const e = error instanceof ApiError ? error : error instanceof SyntaxError ? errors.validation('connect', 'frame is not valid JSON') : errors.internal('connect');
      if (!(error instanceof ApiError) && !(error instanceof SyntaxError)) console.error('switchboard: agent request failed', error);
      reply({ event: 'api_response', requestId, data: null, err: JSON.stringify({ type: e.errorType, message: e.message, ...(e.extra.Rule ? { rule: e.extra.Rule } : {}) }) });
    }
  });

  function reply(message: unknown): void {
    sendFrame(ws, JSON.stringify(message));
  }
}
