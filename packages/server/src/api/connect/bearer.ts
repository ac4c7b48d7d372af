import type { IncomingMessage } from 'node:http';
import { userMay, type Instance } from '@switchboard/engine';
import { authenticateAgent } from '../../agent/session.ts';
import { errors } from '../../http/errors.ts';
import { parseTarget } from '../../http/target.ts';
import { permissionFor } from '../../routes/permissions.ts';
import type { Services } from '../../services.ts';

/**
 * The Connect API called with a user's agent token (`Authorization: Bearer <Token from POST /agent/login>`),
 * as the admin console calls it. The token must be a good agent session (agent/session.ts: signed,
 * not expired, not logged out, the user still there, the password unchanged); the route must be in the
 * permission table (routes/permissions.ts) and the user's security profiles must grant its permission;
 * and the request may only name the token's own instance. Anything else is 403 AccessDeniedException.
 * Returns the token's instance, which the handlers then treat as the access key's instance (so
 * `instanceFor` refuses every other instance too).
 */
export function authorizeBearer(services: Services, req: IncomingMessage): Instance {
  const header = req.headers.authorization ?? '';
  const auth = authenticateAgent(services, header.slice('Bearer '.length).trim());
  if (!auth) throw errors.accessDenied('the session is not valid (signed out or expired): sign in again');
  const pathname = parseTarget(req.url)?.pathname ?? '/';
  const needed = permissionFor(req.method ?? 'GET', pathname);
  if (!needed) throw errors.accessDenied('this API cannot be called with a user session; use an access key');
  if (needed.params.instanceId !== undefined && needed.params.instanceId !== auth.instance.id) {
    throw errors.accessDenied('the session does not belong to this instance');
  }
  if (!userMay(auth.instance, auth.user.id, needed.permission)) {
    throw errors.accessDenied(`the user's security profiles do not permit ${needed.permission}`);
  }
  return auth.instance;
}
