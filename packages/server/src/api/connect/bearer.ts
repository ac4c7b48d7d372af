import type { IncomingMessage } from 'node:http';
import { findPhoneNumber, permissionsOf, securityProfileOf, userMay, type Instance } from '@switchboard/engine';
import { authenticateAgent } from '../../agent/session.ts';
import { errors } from '../../http/errors.ts';
import { parseTarget } from '../../http/target.ts';
import { permissionFor } from '../../routes/permissions.ts';
import type { Services } from '../../services.ts';
import { idOf } from './ids.ts';

/**
 * The Connect API called with a user's agent token (`Authorization: Bearer <Token from POST /agent/login>`),
 * as the admin console calls it. The token must be a good agent session (agent/session.ts: signed,
 * not expired, not logged out, the user still there, the password unchanged); the route must be in the
 * permission table (routes/permissions.ts) and the user's security profiles must grant its permission;
 * and the request may only name the token's own instance. Anything else is 403 AccessDeniedException.
 * Returns the token's instance, which the handlers then treat as the access key's instance (so
 * `instanceFor` refuses every other instance too).
 */
export function authorizeBearer(services: Services, req: IncomingMessage): BearerCaller {
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
  checkOwnPhoneNumber(services, auth.instance, needed.params, parseTarget(req.url)?.searchParams);
  return { instance: auth.instance, userId: auth.user.id, params: needed.params, pathname };
}

/**
 * Phone number routes name the number, not the instance (/phone-number/{PhoneNumberId}): the number must be
 * claimed by the session's instance, and an `instanceId` in the query must be the session's (an unknown number
 * is left to the handler's ResourceNotFoundException).
 */
function checkOwnPhoneNumber(services: Services, instance: Instance, params: Record<string, string>, query: URLSearchParams | undefined): void {
  const queryInstance = query?.get('instanceId');
  if (queryInstance && idOf(queryInstance) !== instance.id) throw errors.accessDenied('the session does not belong to this instance');
  if (params.phoneNumberId === undefined) return;
  const found = findPhoneNumber(services.state, idOf(params.phoneNumberId));
  if (found && found.instance.id !== instance.id) throw errors.accessDenied('the phone number is not claimed by the session\'s instance');
}

/** Who called with a bearer token, and the path's parameters. */
export interface BearerCaller {
  instance: Instance;
  userId: string;
  params: Record<string, string>;
  pathname: string;
}

/**
 * No one gives more than they hold: a bearer caller may not create a user with, or give a user, security
 * profiles that permit what the caller's own do not (any `SecurityProfileIds` in the body), nor change or
 * delete a user who holds such permissions (a password reset would hand over their account). Likewise for
 * security profiles: a profile may not be created or updated with permissions (`Permissions`) the caller
 * lacks, and a profile that permits what the caller lacks may not be changed or deleted by them.
 * AccessDenied otherwise; nothing is changed. Reads (GET) are not limited by this.
 */
export function checkNoEscalation(caller: BearerCaller, method: string, body: Buffer): void {
  if (method === 'GET') return;
  const { instance } = caller;
  const own = permissionsOf(instance, instance.users.get(caller.userId)?.profile?.securityProfileIds ?? []);
  const beyond = (held: Set<string>) => [...held].filter((p) => !own.has(p));
  const targetId = caller.params.userId;
  const target = targetId !== undefined ? instance.users.get(targetId) : undefined;
  if (target && target.id !== caller.userId) {
    const extra = beyond(permissionsOf(instance, target.profile?.securityProfileIds ?? []));
    if (extra.length > 0) throw errors.accessDenied(`the user holds permissions you do not (${extra.slice(0, 3).join(', ')}): you may not change them`);
  }
  const profileId = caller.params.securityProfileId;
  const profile = profileId !== undefined ? securityProfileOf(instance, idOf(profileId)) : undefined;
  if (profile) {
    const extra = beyond(new Set(profile.permissions));
    if (extra.length > 0) throw errors.accessDenied(`security profile ${profile.name} permits what yours do not (${extra.slice(0, 3).join(', ')}): you may not change it`);
  }
  let ids: unknown;
  let permissions: unknown;
  try {
    const parsed = body.length > 0 ? (JSON.parse(body.toString('utf8')) as { SecurityProfileIds?: unknown; Permissions?: unknown } | null) : undefined;
    ids = parsed?.SecurityProfileIds;
    permissions = parsed?.Permissions;
  } catch {
    return; // the handler answers the malformed body
  }
  if (profileId !== undefined || caller.pathname === `/security-profiles/${caller.params.instanceId}`) {
    if (Array.isArray(permissions) && permissions.every((p) => typeof p === 'string')) {
      const extra = beyond(new Set(permissions as string[]));
      if (extra.length > 0) throw errors.accessDenied(`you may not grant permissions you do not hold (${extra.slice(0, 3).join(', ')})`);
    }
  }
  if (Array.isArray(ids) && ids.every((id) => typeof id === 'string')) {
    const extra = beyond(permissionsOf(instance, (ids as string[]).map(idOf)));
    if (extra.length > 0) throw errors.accessDenied(`those security profiles permit what yours do not (${extra.slice(0, 3).join(', ')})`);
  }
}

/**
 * A bearer caller names only its own instance in the body too (`InstanceId`, or an instance ARN as `TargetArn` or
 * `ResourceArn`): access keys reach every instance of their account (auth.ts), a user's session only its own.
 */
export function checkOwnInstance(caller: BearerCaller, body: Buffer): void {
  let named: { InstanceId?: unknown; ResourceArn?: unknown; TargetArn?: unknown } | null = {};
  try {
    if (body.length > 0) named = JSON.parse(body.toString('utf8')) as typeof named;
  } catch {
    return; // the handler answers the malformed body
  }
  if (named === null || typeof named !== 'object') return;
  // A session lists its own instance's numbers: ListPhoneNumbersV2 without an instance would list the account's.
  if (caller.pathname === '/phone-number/list' && named.InstanceId === undefined && named.TargetArn === undefined) {
    throw errors.accessDenied('with a user session, name the session\'s instance (InstanceId or TargetArn)');
  }
  for (const value of [named.InstanceId, named.ResourceArn, named.TargetArn]) {
    if (typeof value === 'string' && idOf(value.split('/').slice(0, 2).join('/')) !== caller.instance.id) {
      throw errors.accessDenied('the session does not belong to this instance');
    }
  }
}
