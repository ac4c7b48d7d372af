import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { User } from '../model/user.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * Users through the Connect API (issue 18): what CreateUser keeps besides the name and routing profile,
 * and the commands that change or delete a user. Rules:
 * - a username is unique per instance (DuplicateResource); the routing profile must exist (ResourceNotFound);
 * - changing the routing profile applies at once: the agent's capacity and queues are the new profile's, and
 *   routing looks again (an agent over the new capacity keeps what they hold and gets nothing new until under it);
 * - changing the password (Switchboard's UpdateUserPassword) ends every agent session the user has: tokens
 *   issued before the change are refused, and the shell closes their CCP sockets;
 * - a user who holds a contact (offered, connected or in after contact work) cannot be deleted (Conflict →
 *   ResourceInUseException): Amazon Connect keeps a deleted agent's contacts going with nobody to end them, which
 *   Switchboard will not do; nor can one a quick connect names (delete the quick connect first). Deleting ends the
 *   user's sessions too.
 */

/** What the Connect API's CreateUser takes besides name, password and routing profile. */
export interface UserProfile {
  email?: string;
  secondaryEmail?: string;
  mobile?: string;
  phoneConfig: UserPhoneConfig;
  securityProfileIds: string[];
  hierarchyGroupId?: string;
  directoryUserId?: string;
  tags: Record<string, string>;
}

export interface UserPhoneConfig {
  phoneType: 'SOFT_PHONE' | 'DESK_PHONE';
  autoAccept: boolean;
  afterContactWorkTimeLimit: number;
  deskPhoneNumber?: string;
}

export const DEFAULT_PHONE_CONFIG: UserPhoneConfig = { phoneType: 'SOFT_PHONE', autoAccept: false, afterContactWorkTimeLimit: 0 };

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
interface EventBase {
  instanceId: string;
  at: number;
}

// --- commands ------------------------------------------------------------------------------------------
export interface UpdateUserRoutingProfile extends CommandBase {
  type: 'UpdateUserRoutingProfile';
  userId: string;
  routingProfileId: string;
}
/** UpdateUserIdentityInfo: the names and addresses given replace the old ones. */
export interface UpdateUserIdentityInfo extends CommandBase {
  type: 'UpdateUserIdentityInfo';
  userId: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  secondaryEmail?: string;
  mobile?: string;
}
export interface UpdateUserPhoneConfig extends CommandBase {
  type: 'UpdateUserPhoneConfig';
  userId: string;
  phoneConfig: UserPhoneConfig;
}
/** The shell hashed the new password before the command (scrypt, as agent login checks it). */
export interface UpdateUserPassword extends CommandBase {
  type: 'UpdateUserPassword';
  userId: string;
  passwordHash: string;
}
export interface DeleteUser extends CommandBase {
  type: 'DeleteUser';
  userId: string;
}
export type UserAdminCommand = UpdateUserRoutingProfile | UpdateUserIdentityInfo | UpdateUserPhoneConfig | UpdateUserPassword | DeleteUser;

// --- events --------------------------------------------------------------------------------------------
export interface UserRoutingProfileUpdated extends EventBase {
  type: 'UserRoutingProfileUpdated';
  userId: string;
  routingProfileId: string;
}
export interface UserIdentityInfoUpdated extends EventBase {
  type: 'UserIdentityInfoUpdated';
  userId: string;
  firstName: string;
  lastName: string;
  email?: string;
  secondaryEmail?: string;
  mobile?: string;
}
export interface UserPhoneConfigUpdated extends EventBase {
  type: 'UserPhoneConfigUpdated';
  userId: string;
  phoneConfig: UserPhoneConfig;
}
/** The password changed: agent tokens issued before `at` are refused from now on. */
export interface UserPasswordUpdated extends EventBase {
  type: 'UserPasswordUpdated';
  userId: string;
  passwordHash: string;
}
export interface UserDeleted extends EventBase {
  type: 'UserDeleted';
  userId: string;
}
export type UserAdminEvent = UserRoutingProfileUpdated | UserIdentityInfoUpdated | UserPhoneConfigUpdated | UserPasswordUpdated | UserDeleted;

export const USER_ADMIN_COMMANDS: ReadonlySet<string> = new Set<UserAdminCommand['type']>([
  'UpdateUserRoutingProfile', 'UpdateUserIdentityInfo', 'UpdateUserPhoneConfig', 'UpdateUserPassword', 'DeleteUser',
]);
const USER_ADMIN_EVENTS: ReadonlySet<string> = new Set<UserAdminEvent['type']>([
  'UserRoutingProfileUpdated', 'UserIdentityInfoUpdated', 'UserPhoneConfigUpdated', 'UserPasswordUpdated', 'UserDeleted',
]);

export function isUserAdminCommand(command: { type: string }): command is UserAdminCommand {
  return USER_ADMIN_COMMANDS.has(command.type);
}
export function isUserAdminEvent(event: Event): event is UserAdminEvent & Event {
  return USER_ADMIN_EVENTS.has(event.type);
}

/** Whether an agent token issued at `issuedAt` still stands for the user (not issued before a password change). */
export function isUserSessionCurrent(user: User, issuedAt: number): boolean {
  return user.sessionsValidFrom === undefined || issuedAt >= user.sessionsValidFrom;
}

export function checkPhoneConfig(config: UserPhoneConfig): string | undefined {
  if (config.phoneType !== 'SOFT_PHONE' && config.phoneType !== 'DESK_PHONE') return `PhoneType must be SOFT_PHONE or DESK_PHONE, got ${String(config.phoneType)}`;
  if (!Number.isInteger(config.afterContactWorkTimeLimit) || config.afterContactWorkTimeLimit < 0) return 'AfterContactWorkTimeLimit must be a whole number of seconds, 0 or more';
  if (config.phoneType === 'DESK_PHONE' && !/^\+[1-9]\d{1,14}$/.test(config.deskPhoneNumber ?? '')) {
    return 'a DESK_PHONE needs a DeskPhoneNumber in E.164 format, e.g. +14155550100';
  }
  return undefined;
}

/** What keeps a user from being deleted, if anything. */
export function userInUse(instance: Instance, user: User): string | undefined {
  if (user.contacts.size > 0) return `user ${user.username} holds ${user.contacts.size} contact(s); they must be cleared first`;
  for (const q of instance.quickConnects.values()) if (q.userId === user.id) return `quick connect ${q.name} transfers to user ${user.username}; delete it first`;
  return undefined;
}

export function decideUserAdmin(state: State, command: UserAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  const base = { instanceId: instance.id, at: command.now, userId: user.id };
  switch (command.type) {
    case 'UpdateUserRoutingProfile':
      if (!instance.routingProfiles.has(command.routingProfileId)) return refused(notFound('RoutingProfile', command.routingProfileId));
      if (user.routingProfileId === command.routingProfileId) return accepted([]);
      return accepted([{ type: 'UserRoutingProfileUpdated', ...base, routingProfileId: command.routingProfileId }]);
    case 'UpdateUserIdentityInfo': {
      const p = user.profile;
      return accepted([{
        type: 'UserIdentityInfoUpdated', ...base,
        firstName: command.firstName ?? user.firstName, lastName: command.lastName ?? user.lastName,
        ...((command.email ?? p?.email) !== undefined ? { email: command.email ?? p?.email } : {}),
        ...((command.secondaryEmail ?? p?.secondaryEmail) !== undefined ? { secondaryEmail: command.secondaryEmail ?? p?.secondaryEmail } : {}),
        ...((command.mobile ?? p?.mobile) !== undefined ? { mobile: command.mobile ?? p?.mobile } : {}),
      }]);
    }
    case 'UpdateUserPhoneConfig': {
      const problem = checkPhoneConfig(command.phoneConfig);
      if (problem) return refused(reject('InvalidParameter', problem));
      return accepted([{ type: 'UserPhoneConfigUpdated', ...base, phoneConfig: command.phoneConfig }]);
    }
    case 'UpdateUserPassword':
      if (!command.passwordHash) return refused(reject('InvalidRequest', 'a password is required'));
      return accepted([{ type: 'UserPasswordUpdated', ...base, passwordHash: command.passwordHash }]);
    case 'DeleteUser': {
      const inUse = userInUse(instance, user);
      if (inUse) return refused(reject('Conflict', inUse, { rule: 'user-in-use' }));
      return accepted([{ type: 'UserDeleted', ...base }]);
    }
  }
}

function emptyProfile(): UserProfile {
  return { phoneConfig: { ...DEFAULT_PHONE_CONFIG }, securityProfileIds: [], tags: {} };
}

/** Applies a user administration event, in place. */
export function applyUserAdmin(instance: Instance, event: UserAdminEvent): void {
  const user = instance.users.get(event.userId);
  if (!user) throw new Error(`event ${event.type} for unknown user ${event.userId}`);
  user.lastModifiedAt = event.at;
  switch (event.type) {
    case 'UserRoutingProfileUpdated':
      user.routingProfileId = event.routingProfileId;
      return;
    case 'UserIdentityInfoUpdated': {
      user.firstName = event.firstName;
      user.lastName = event.lastName;
      const profile = (user.profile ??= emptyProfile());
      for (const key of ['email', 'secondaryEmail', 'mobile'] as const) {
        if (event[key] === undefined) delete profile[key];
        else profile[key] = event[key];
      }
      return;
    }
    case 'UserPhoneConfigUpdated':
      (user.profile ??= emptyProfile()).phoneConfig = { ...event.phoneConfig };
      return;
    case 'UserPasswordUpdated':
      user.passwordHash = event.passwordHash;
      user.sessionsValidFrom = event.at;
      return;
    case 'UserDeleted':
      instance.users.delete(user.id);
      return;
  }
}
