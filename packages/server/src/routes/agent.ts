import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import type { LoginLimits } from '../limits/logins.ts';
import { agentLogin } from '../agent/login.ts';
import { agentLogout, agentSession } from '../agent/session.ts';

/** The CCP's login, session and logout. */
export function agentRoutes(router: Router, services: Services, loginLimits: LoginLimits): Router {
  return router
    .on('POST', '/agent/login', (c) => agentLogin(services, loginLimits, c))
    .on('GET', '/agent/session', (c) => agentSession(services, c))
    .on('POST', '/agent/logout', (c) => agentLogout(services, c));
}
