import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { adminMe } from '../console/me.ts';
import { adminLogout } from '../console/logout.ts';
import { consoleTranscript } from '../console/transcript.ts';
import { consoleContactChain } from '../console/contactChain.ts';

/** The admin console's own routes (its pages call the Connect API with the user's token; its dashboard is /admin/socket). */
export function adminConsoleRoutes(router: Router, services: Services): Router {
  return router
    .on('GET', '/admin/me', (c) => adminMe(services, c))
    .on('POST', '/admin/logout', (c) => adminLogout(services, c))
    .on('GET', '/admin/contacts/:contactId/transcript', (c) => consoleTranscript(services, c))
    .on('GET', '/admin/contacts/:contactId/chain', (c) => consoleContactChain(services, c));
}
