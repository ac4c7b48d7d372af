import { DEFAULT_SECURITY_PROFILES, permissionsOf } from '@switchboard/engine';
import { requireAgent } from '../agent/session.ts';
import { sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import { baseUrl, type Services } from '../services.ts';

/**
 * GET /admin/me (Authorization: Bearer <agent token>): who is signed in to the admin console and what
 * they may do — the user, their instance, the permissions their security profiles grant (the console
 * hides what is not permitted; the API refuses it anyway), and the security profiles a new user can be
 * given — and the instance's chat widgets with their customer chat page (Connect has no API for its hosted
 * widget, so this is where a script finds it: sign in as a user, GET /admin/me). A session that is not good (signed out, expired) is AccessDeniedException.
 */
export function adminMe(services: Services, { req, res }: RouteContext): void {
  const { instance, user, expires } = requireAgent(services, req);
  const held = user.profile?.securityProfileIds ?? [];
  const profiles = new Map(DEFAULT_SECURITY_PROFILES.map((p) => [p.id, p.name]));
  for (const p of instance.securityProfiles?.values() ?? []) profiles.set(p.id, p.name);
  sendJson(res, 200, {
    User: { Id: user.id, Username: user.username, FirstName: user.firstName, LastName: user.lastName, SecurityProfileIds: held },
    Instance: {
      Id: instance.id, Arn: instance.arn, Alias: instance.alias, Region: instance.region,
      Widgets: [...instance.widgets.values()].map((w) => ({ Id: w.id, Name: w.name, ContactFlowId: w.contactFlowId, ChatUrl: `${baseUrl(services, req)}/chat/?widget=${w.id}` })),
    },
    Permissions: [...permissionsOf(instance, held)].sort(),
    SecurityProfiles: [...profiles].map(([Id, Name]) => ({ Id, Name })),
    Expiry: new Date(expires).toISOString(),
  });
}
