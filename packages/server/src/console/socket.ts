import type { WebSocket } from 'ws';
import { PERMISSION, userMay } from '@switchboard/engine';
import { AGENT_SESSION_ENDED_CLOSE, authenticateAgent } from '../agent/session.ts';
import { AGENT_SESSION_EXPIRED_REASON } from '../ws/agentSocket.ts';
import type { Services } from '../services.ts';
import { consoleFeedOf } from './feed.ts';

export interface ConsoleSocketOwner {
  instanceId: string;
  sessionId: string;
  token: string;
  expires: number;
}

/**
 * Who may open /admin/socket?token=<agent token>: a good agent session (agent/session.ts) whose user's
 * security profiles grant AccessMetrics. Otherwise the reason the upgrade is refused (403 AccessDeniedException).
 */
export function authorizeConsoleSocket(services: Services, url: URL): ConsoleSocketOwner | { refused: string } {
  const token = url.searchParams.get('token') ?? '';
  const auth = authenticateAgent(services, token);
  if (!auth) return { refused: 'the session is not valid (signed out or expired): sign in again' };
  if (!userMay(auth.instance, auth.user.id, PERMISSION.accessMetrics)) return { refused: `the user's security profiles do not permit ${PERMISSION.accessMetrics}` };
  return { instanceId: auth.instance.id, sessionId: auth.sessionId, token, expires: auth.expires };
}

/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The admin console's dashboard socket: down only, a `snapshot` (console/snapshot.ts) on open and after
 * changes (console/feed.ts). What the client sends is ignored. Closed with 4001 when the token expires
 * or the session ends, as the CCP's socket is.
 */
export function serveConsoleSocket(services: Services, ws: WebSocket, who: ConsoleSocketOwner): void {
  consoleFeedOf(services).add(who.instanceId, ws, who.token);
  const expiry = setTimeout(() => ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_EXPIRED_REASON), Math.min(MAX_TIMER_MS, Math.max(0, who.expires - services.pipeline.now())));
  expiry.unref();
  ws.once('close', () => clearTimeout(expiry));
}
