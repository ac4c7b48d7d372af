import { requireAgent } from '../agent/session.ts';
import { fromRejection, sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';

/**
 * POST /admin/logout (Authorization: Bearer <the console's session token>): signing out of the admin
 * console ends that session only. Unlike the CCP's logout (POST /agent/logout) it leaves the user's agent
 * status alone: the same person may be taking contacts in a CCP elsewhere.
 */
export async function adminLogout(services: Services, { req, res }: RouteContext): Promise<void> {
  const { instance, user, sessionId, expires } = requireAgent(services, req);
  const outcome = await services.pipeline.submit({ type: 'EndAgentSession', instanceId: instance.id, userId: user.id, sessionId, expires, keepStatus: true });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
