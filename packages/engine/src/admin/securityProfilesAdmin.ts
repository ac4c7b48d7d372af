import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { ALL_PERMISSIONS, DEFAULT_SECURITY_PROFILES, securityProfileOf, type SecurityProfile } from './permissions.ts';

/**
 * Security profiles through the Connect API (issue 18): CreateSecurityProfile, UpdateSecurityProfile,
 * DeleteSecurityProfile, UpdateUserSecurityProfiles. Rules:
 * - names are unique per instance, built-in ones included (DuplicateResource); a name is 1–127 letters, digits,
 *   spaces and _ @ - (InvalidParameter);
 * - every permission named is one Switchboard knows (admin/permissions.ts, Amazon Connect's API names), else
 *   InvalidParameter: a permission nothing checks would look granted and mean nothing;
 * - a built-in profile cannot be deleted, and the Admin profile cannot be changed (InvalidParameter: an instance
 *   always has a profile that can do everything); the other built-in profiles can be updated;
 * - a profile a user holds cannot be deleted (Conflict, rule security-profile-in-use → ResourceInUseException);
 * - a user holds 1–10 profiles, each of which exists (ResourceNotFound).
 * A change applies at once: permissions are looked up on every use (userMay), so an agent's CCP gains or
 * loses what the profile allows without logging in again.
 */

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
interface EventBase {
  instanceId: string;
  at: number;
}

export interface CreateSecurityProfile extends CommandBase {
  type: 'CreateSecurityProfile';
  securityProfileId: string;
  name: string;
  description: string;
  permissions: string[];
  tags: Record<string, string>;
}
/** What is given replaces what was (Connect's UpdateSecurityProfile does not rename). */
export interface UpdateSecurityProfile extends CommandBase {
  type: 'UpdateSecurityProfile';
  securityProfileId: string;
  description?: string;
  permissions?: string[];
}
export interface DeleteSecurityProfile extends CommandBase {
  type: 'DeleteSecurityProfile';
  securityProfileId: string;
}
export interface UpdateUserSecurityProfiles extends CommandBase {
  type: 'UpdateUserSecurityProfiles';
  userId: string;
  securityProfileIds: string[];
}
export type SecurityProfileCommand = CreateSecurityProfile | UpdateSecurityProfile | DeleteSecurityProfile | UpdateUserSecurityProfiles;

/** A profile created, or changed (a built-in one changed becomes the instance's own, with the same id). */
export interface SecurityProfileSaved extends EventBase {
  type: 'SecurityProfileSaved';
  securityProfileId: string;
  name: string;
  description: string;
  permissions: string[];
  tags: Record<string, string>;
}
export interface SecurityProfileDeleted extends EventBase {
  type: 'SecurityProfileDeleted';
  securityProfileId: string;
}
export interface UserSecurityProfilesUpdated extends EventBase {
  type: 'UserSecurityProfilesUpdated';
  userId: string;
  securityProfileIds: string[];
}
export type SecurityProfileEvent = SecurityProfileSaved | SecurityProfileDeleted | UserSecurityProfilesUpdated;

const COMMANDS: ReadonlySet<string> = new Set<SecurityProfileCommand['type']>(['CreateSecurityProfile', 'UpdateSecurityProfile', 'DeleteSecurityProfile', 'UpdateUserSecurityProfiles']);
const EVENTS: ReadonlySet<string> = new Set<SecurityProfileEvent['type']>(['SecurityProfileSaved', 'SecurityProfileDeleted', 'UserSecurityProfilesUpdated']);

export function isSecurityProfileCommand(command: { type: string }): command is SecurityProfileCommand {
  return COMMANDS.has(command.type);
}
export function isSecurityProfileEvent(event: Event): event is SecurityProfileEvent & Event {
  return EVENTS.has(event.type);
}

const BUILT_IN_IDS: ReadonlySet<string> = new Set(DEFAULT_SECURITY_PROFILES.map((p) => p.id));
const KNOWN: ReadonlySet<string> = new Set(ALL_PERMISSIONS);
const NAME = /^[ a-zA-Z0-9_@-]{1,127}$/;

export function isBuiltInSecurityProfile(id: string): boolean {
  return BUILT_IN_IDS.has(id);
}

/** Every security profile of the instance: the built-in ones (as changed, if changed) and its own, by name. */
export function securityProfilesOf(instance: Pick<Instance, 'securityProfiles'>): SecurityProfile[] {
  const out = new Map<string, SecurityProfile>();
  for (const p of DEFAULT_SECURITY_PROFILES) out.set(p.id, p);
  for (const p of instance.securityProfiles?.values() ?? []) out.set(p.id, p);
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The users holding the profile. */
export function securityProfileHolders(instance: Instance, securityProfileId: string): string[] {
  const out: string[] = [];
  for (const u of instance.users.values()) if (u.profile?.securityProfileIds.includes(securityProfileId)) out.push(u.username);
  return out;
}

/** Why a list of profile ids cannot be a user's, if it cannot: 1–10 of them, each existing. */
export function checkSecurityProfileIds(instance: Pick<Instance, 'securityProfiles'>, ids: readonly string[]): Rejection | undefined {
  if (ids.length < 1 || ids.length > 10) return reject('InvalidParameter', 'a user holds 1–10 security profiles');
  for (const id of ids) if (!securityProfileOf(instance, id)) return notFound('SecurityProfile', id);
  return undefined;
}

function checkPermissions(permissions: readonly string[]): Rejection | undefined {
  if (permissions.length > 500) return reject('InvalidParameter', 'a security profile holds at most 500 permissions');
  const unknown = permissions.filter((p) => !KNOWN.has(p));
  if (unknown.length > 0) return reject('InvalidParameter', `unknown permission(s) ${unknown.slice(0, 5).join(', ')}; Switchboard knows ${ALL_PERMISSIONS.join(', ')}`);
  return undefined;
}

export function decideSecurityProfile(state: State, command: SecurityProfileCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now };
  if (command.type === 'UpdateUserSecurityProfiles') {
    const user = findUser(instance, command.userId);
    if (isRejection(user)) return refused(user);
    const ids = [...new Set(command.securityProfileIds)];
    const problem = checkSecurityProfileIds(instance, ids);
    if (problem) return refused(problem);
    return accepted([{ type: 'UserSecurityProfilesUpdated', ...base, userId: user.id, securityProfileIds: ids }]);
  }
  if (command.type === 'CreateSecurityProfile') {
    if (!NAME.test(command.name)) return refused(reject('InvalidParameter', 'SecurityProfileName is 1–127 letters, digits, spaces and _ @ -'));
    if (command.description.length > 250) return refused(reject('InvalidParameter', 'Description is at most 250 characters'));
    if (securityProfileOf(instance, command.securityProfileId)) return refused(reject('DuplicateResource', `security profile ${command.securityProfileId} already exists`));
    if (securityProfilesOf(instance).some((p) => p.name === command.name)) return refused(reject('DuplicateResource', `a security profile named ${command.name} already exists`));
    const problem = checkPermissions(command.permissions);
    if (problem) return refused(problem);
    return accepted([{
      type: 'SecurityProfileSaved', ...base, securityProfileId: command.securityProfileId, name: command.name, description: command.description,
      permissions: [...new Set(command.permissions)], tags: { ...command.tags },
    }]);
  }
  const profile = securityProfileOf(instance, command.securityProfileId);
  if (!profile) return refused(notFound('SecurityProfile', command.securityProfileId));
  if (command.type === 'DeleteSecurityProfile') {
    if (isBuiltInSecurityProfile(profile.id)) return refused(reject('InvalidParameter', `the built-in security profile ${profile.name} cannot be deleted`));
    const holders = securityProfileHolders(instance, profile.id);
    if (holders.length > 0) return refused(reject('Conflict', `security profile ${profile.name} is held by user(s) ${holders.slice(0, 5).join(', ')}`, { rule: 'security-profile-in-use' }));
    return accepted([{ type: 'SecurityProfileDeleted', ...base, securityProfileId: profile.id }]);
  }
  if (profile.name === 'Admin' && isBuiltInSecurityProfile(profile.id)) return refused(reject('InvalidParameter', 'the built-in Admin security profile cannot be changed'));
  if (command.description !== undefined && command.description.length > 250) return refused(reject('InvalidParameter', 'Description is at most 250 characters'));
  if (command.permissions) {
    const problem = checkPermissions(command.permissions);
    if (problem) return refused(problem);
  }
  return accepted([{
    type: 'SecurityProfileSaved', ...base, securityProfileId: profile.id, name: profile.name, description: command.description ?? profile.description,
    permissions: command.permissions ? [...new Set(command.permissions)] : [...profile.permissions], tags: { ...profile.tags },
  }]);
}

export function applySecurityProfile(instance: Instance, event: SecurityProfileEvent): void {
  switch (event.type) {
    case 'SecurityProfileSaved':
      (instance.securityProfiles ??= new Map()).set(event.securityProfileId, {
        id: event.securityProfileId, name: event.name, description: event.description, permissions: [...event.permissions], tags: { ...event.tags }, lastModifiedAt: event.at,
      });
      return;
    case 'SecurityProfileDeleted':
      instance.securityProfiles?.delete(event.securityProfileId);
      return;
    case 'UserSecurityProfilesUpdated': {
      const user = instance.users.get(event.userId);
      if (!user) throw new Error(`event ${event.type} for unknown user ${event.userId}`);
      user.profile ??= { phoneConfig: { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 }, securityProfileIds: [], tags: {} };
      user.profile.securityProfileIds = [...event.securityProfileIds];
      user.lastModifiedAt = event.at;
    }
  }
}
