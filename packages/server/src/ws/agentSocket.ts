import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { PacedRequests } from './pacedRequests.ts';
import { reportUnexpected } from '../http/report.ts';
import { isAgentSessionEnded, isUserSessionCurrent } from '@switchboard/engine';
import { AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON, authenticateAgent } from '../agent/session.ts';
import { ApiError, errors } from '../http/errors.ts';
import type { Services } from '../services.ts';
import { handleAgentRequest } from '../agent/requests.ts';
import { sendFrame } from './coalesce.ts';

export interface AgentSocketOwner {
  instanceId: string;
  userId: string;
  sessionId: string;
  /** When the token that opened the socket expires (epoch ms): the socket closes then, as a logout closes it. */
  expires: number;
  /** When its token was issued: a password changed since ends the session (UpdateUserPassword). */
  issuedAt?: number;
}

/** The close reason of an agent socket whose token expired (same code as a logout: the CCP must log in again). */
export const AGENT_SESSION_EXPIRED_REASON = 'agent session expired';
/** setTimeout's longest delay (about 24.8 days); an agent token lives 12 hours. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Who may open /agent/ws?token=…: a good agent session (agent/session.ts), or nobody (the upgrade is refused 403). */
export function authorizeAgentSocket(services: Services, url: URL): AgentSocketOwner | undefined {
  const auth = authenticateAgent(services, url.searchParams.get('token') ?? '');
  return auth && { instanceId: auth.instance.id, userId: auth.user.id, sessionId: auth.sessionId, expires: auth.expires, issuedAt: auth.issuedAt };
}

/**
 * The agent's CCP socket (/agent/ws?token=…). Down: `agent::update` with the full snapshot first (and
 * on changes to the instance), `agent::delta` with what each change touched (see the Hub),
 * `webSocket::all_message` with chat items, `api_response` answers. Up: `api_request`
 * `{ requestId, method, params }`.
 */
/** Requests of one agent socket answered at once at most; past it the socket is not read until one is answered. */
export const MAX_AGENT_REQUESTS_IN_FLIGHT = 8;

export function serveAgentSocket(services: Services, ws: WebSocket, transport: Duplex, who: AgentSocketOwner): void {
  // The session may have ended while the upgrade was under way (after its sockets were closed): close this one too.
  if (sessionEnded()) return;
  services.hub.addAgentSocket(who.instanceId, who.userId, ws, who.sessionId);
  // A token is good until it expires, and so is the socket it opened: then the CCP must log in again
  // (the sdk stops on this close code instead of reconnecting with a token that would be refused).
  const expiry = setTimeout(() => ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_EXPIRED_REASON), Math.min(MAX_TIMER_MS, Math.max(0, who.expires - services.pipeline.now())));
  expiry.unref();
  ws.once('close', () => clearTimeout(expiry));
  // Requests are answered no faster than the client reads the answers, and only so many at once.
  const requests = new PacedRequests<{ data: RawData; isBinary: boolean }>(ws, transport, services.sockets, MAX_AGENT_REQUESTS_IN_FLIGHT, serve);
  ws.on('message', (data, isBinary) => requests.push({ data, isBinary }));

  async function serve({ data, isBinary }: { data: RawData; isBinary: boolean }): Promise<void> {
    // Between a logout and the close the Hub sends once it is durable, the session does nothing more.
    if (sessionEnded()) return;
    if (services.pipeline.now() >= who.expires) {
      ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_EXPIRED_REASON);
      return;
    }
    let requestId: unknown;
    try {
      if (isBinary) throw errors.validation('connect', 'frames must be text');
      const parsed: unknown = JSON.parse(data.toString());
      const message = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { event?: unknown; requestId?: unknown; method?: unknown; params?: unknown };
      requestId = message.requestId;
      if (message.event !== 'api_request' || typeof message.method !== 'string') throw errors.validation('connect', 'expected { event: "api_request", requestId, method, params }');
      const instance = services.state.instances.get(who.instanceId)!;
      const user = instance.users.get(who.userId)!;
      const result = await handleAgentRequest(services, { instance, user }, message.method, message.params);
      reply({ event: 'api_response', requestId, data: result, err: null });
    } catch (error) {
      const e = error instanceof ApiError ? error : error instanceof SyntaxError ? errors.validation('connect', 'frame is not valid JSON') : errors.internal('connect');
      if (!(error instanceof ApiError) && !(error instanceof SyntaxError)) reportUnexpected('agent request failed', error);
      reply({ event: 'api_response', requestId, data: null, err: JSON.stringify({ type: e.errorType, message: e.message, ...(e.extra.Rule ? { rule: e.extra.Rule } : {}) }) });
    }
  }

  /** Closes the socket (with the session-ended code) if its session has ended. */
  function sessionEnded(): boolean {
    const instance = services.state.instances.get(who.instanceId);
    // Also ended: the user was deleted, or their password changed after the token was issued (Connect admin API).
    const user = instance?.users.get(who.userId);
    if (instance && user && !isAgentSessionEnded(instance, who.sessionId) && (who.issuedAt === undefined || isUserSessionCurrent(user, who.issuedAt))) return false;
    ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON);
    return true;
  }

  function reply(message: unknown): void {
    sendFrame(ws, JSON.stringify(message));
  }
}
