import type { IncomingMessage } from 'node:http';
import { isAgentSessionEnded, isUserSessionCurrent, type Instance, type User } from '@switchboard/engine';
import { AGENT_SESSION_TTL_MS } from './login.ts';
import { peekToken, verifyToken } from '../auth/tokens.ts';
import { errors, fromRejection, sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';

/**
 * The close code of an agent socket whose session ended (logged out, here or elsewhere): the client
 * must log in again rather than reconnect. In the range RFC 6455 leaves to applications; the sdk's
 * AgentClient knows it by the same number.
 */
export const AGENT_SESSION_ENDED_CLOSE = 4001;
export const AGENT_SESSION_ENDED_REASON = 'agent session ended';

/** An agent session whose token checked out: who it is, which session, and when its token expires. */
export interface AgentAuth {
  instance: Instance;
  user: User;
  sessionId: string;
  expires: number;
  /** When the token was issued (a password changed after it ends the session). */
  issuedAt: number;
}

/**
 * The session an agent token stands for, if the token is good: signed with its instance's key, of kind
 * agent, not expired (tokens.ts), naming a user who still exists and a session that has not been ended
 * (logged out). The last two are looked up in state on every use, so a token whose signature check is
 * cached is still refused once its session ends. A token naming no session (issued before sessions
 * could end) is refused: it could never be revoked, and the CCP just logs in again.
 */
export function authenticateAgent(services: Services, token: string): AgentAuth | undefined {
  const peek = peekToken(token);
  const instance = peek ? services.state.instances.get(peek.instanceId) : undefined;
  if (!instance) return undefined;
  const claims = verifyToken(token, instance.tokenKey, 'agent', services.pipeline.now());
  const user = claims?.userId ? instance.users.get(claims.userId) : undefined;
  if (!claims || !user || typeof claims.sessionId !== 'string' || isAgentSessionEnded(instance, claims.sessionId)) return undefined;
  // A password changed since the token was issued ends it (UpdateUserPassword).
  const issuedAt = claims.issuedAt ?? claims.expires - AGENT_SESSION_TTL_MS;
  if (!isUserSessionCurrent(user, issuedAt)) return undefined;
  return { instance, user, sessionId: claims.sessionId, expires: claims.expires, issuedAt };
}

/** The agent session of an HTTP request (Authorization: Bearer <agent token>), or the AccessDenied every agent route answers. */
export function requireAgent(services: Services, req: IncomingMessage): AgentAuth {
  const header = req.headers.authorization ?? '';
  const auth = header.startsWith('Bearer ') ? authenticateAgent(services, header.slice(7)) : undefined;
  if (!auth) throw errors.accessDenied('the agent session is not valid');
  return auth;
}

/** GET /agent/session (Authorization: Bearer <agent token>): is this session still good? 200 or AccessDenied. */
export function agentSession(services: Services, { req, res }: RouteContext): void {
  const { instance, user, expires } = requireAgent(services, req);
  sendJson(res, 200, { InstanceId: instance.id, UserId: user.id, Expiry: new Date(expires).toISOString() });
}

/**
 * POST /agent/logout (Authorization: Bearer <agent token>): ends this one session. Answered once the
 * end is durable; by then the Hub has closed the session's sockets (close code 4001), and the token is
 * refused on every agent route and socket. The agent goes Offline (engine: agent/session.ts); their
 * other sessions go on.
 */
export async function agentLogout(services: Services, { req, res }: RouteContext): Promise<void> {
  const { instance, user, sessionId, expires } = requireAgent(services, req);
  const outcome = await services.pipeline.submit({ type: 'EndAgentSession', instanceId: instance.id, userId: user.id, sessionId, expires });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
