import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { PERMISSION, userMay, type Instance, type User } from '@switchboard/engine';
import { issueToken } from '../auth/tokens.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { errors, fromZod, sendJson } from '../http/errors.ts';
import { parseJson, readBody } from '../http/body.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import type { LoginLimits } from '../limits/logins.ts';

/** Agent sessions last 12 hours; the CCP keeps its token and logs in again after that. */
export const AGENT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const Body = z.object({
  Username: z.string().min(1).max(100),
  Password: z.string().min(1).max(1024),
  /** Which instance; may be left out when only one instance has a user of that name. */
  InstanceId: z.string().min(1).max(100).optional(),
});

function findUser(services: Services, username: string, instanceId: string | undefined): { instance: Instance; user: User } | undefined {
  const instances = instanceId ? [services.state.instances.get(instanceId)].filter((i): i is Instance => !!i) : [...services.state.instances.values()];
  const found: { instance: Instance; user: User }[] = [];
  for (const instance of instances) for (const user of instance.users.values()) if (user.username === username) found.push({ instance, user });
  // Without an InstanceId the name must say which instance (Connect API CreateInstance makes more than one).
  return found.length === 1 ? found[0] : undefined;
}

/**
 * POST /agent/login → a session token scoped to this one agent and naming a new session (which
 * POST /agent/logout ends). Wrong name or password: the same AccessDenied. Wrong passwords are
 * limited per account and address (limits/logins.ts): past the limit, ThrottlingException for a while.
 */
export async function agentLogin(services: Services, limits: LoginLimits, { req, res }: RouteContext): Promise<void> {
  const body = Body.safeParse(parseJson(await readBody(req, 'connect', 16 * 1024), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const address = req.socket.remoteAddress ?? 'unknown';
  if (!limits.allows(address, body.data.Username, services.pipeline.now())) throw errors.throttled('too many wrong passwords; wait a minute and try again');
  const found = findUser(services, body.data.Username, body.data.InstanceId);
  // Hash even when the user is unknown, so timing does not tell which usernames exist.
  const ok = await verifyPassword(body.data.Password, found?.user.passwordHash ?? 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
  if (!found || !ok) {
    limits.failed(address, body.data.Username, services.pipeline.now());
    throw errors.accessDenied('wrong username or password');
  }
  // The CCP needs Basic agent access (security profiles, issue 18); asked only once the password is right.
  if (!userMay(found.instance, found.user.id, PERMISSION.basicAgentAccess)) throw errors.accessDenied(`your security profiles do not grant ${PERMISSION.basicAgentAccess}: you may not log in to the CCP`);
  const expires = services.pipeline.now() + AGENT_SESSION_TTL_MS;
  const token = issueToken(found.instance.tokenKey, { kind: 'agent', instanceId: found.instance.id, userId: found.user.id, sessionId: randomUUID(), expires, issuedAt: services.pipeline.now() });
  sendJson(res, 200, { Token: token, Expiry: new Date(expires).toISOString(), InstanceId: found.instance.id, UserId: found.user.id });
}
