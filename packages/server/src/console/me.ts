import { DEFAULT_SECURITY_PROFILES, permissionsOf } from '@switchboard/engine';
import { requireAgent } from '../agent/session.ts';
import { sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';

/**
 * GET /admin/me (Authorization: Bearer <agent token>): who is signed in to the admin console and what
 * they may do — the user, their instance, the permissions their security profiles grant (the console
 * hides what is not permitted; the API refuses it anyway), and the security profiles a new user can be
 * given. A session that is not good (signed out, expired) is AccessDeniedException.
 */
export function adminMe(services: Services, { req, res }: RouteContext): void {
  const { instance, user, expires } = requireAgent(services, req);
  const held = user.profile?.securityProfileIds ?? [];
  const profiles = new Map(DEFAULT_SECURITY_PROFILES.map((p) => [p.id, p.name]));
  for (const p of instance.securityProfiles?.values() ?? []) profiles.set(p.id, p.name);
  sendJson(res, 200, {
    User: { Id: user.id, Username: user.username, FirstName: user.firstName, LastName: user.lastName, SecurityProfileIds: held },
    Instance: { Id: instance.id, Arn: instance.arn, Alias: instance.alias, Region: instance.region },
    Permissions: [...permissionsOf(instance, held)].sort(),
    SecurityProfiles: [...profiles].map(([Id, Name]) => ({ Id, Name })),
    Expiry: new Date(expires).toISOString(),
  });
}
