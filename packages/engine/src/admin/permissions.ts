import type { Instance } from '../state.ts';

/**
 * Security profiles and what they permit (Amazon Connect's security profiles). A user holds one or more
 * profiles (User.profile.securityProfileIds); what the user may do is the union of their permissions.
 * Permission names are the API names Amazon Connect's ListSecurityProfilePermissions returns.
 *
 * Every instance has the four profiles Amazon Connect creates with an instance (Admin, Agent,
 * CallCenterManager, QualityAnalyst), built in like the default flows; an instance's own profiles
 * (CreateSecurityProfile) are kept in `Instance.securityProfiles`. A user with no profile at all (created
 * before profiles existed, or by the demo) has the Agent profile's permissions.
 */

export interface SecurityProfile {
  id: string;
  name: string;
  description: string;
  permissions: string[];
  tags: Record<string, string>;
  lastModifiedAt?: number;
}

/** The permissions the CCP, the agent socket and the admin console check. */
export const PERMISSION = {
  basicAgentAccess: 'BasicAgentAccess',
  outboundCall: 'OutboundCallAccess',
  /** Quick connects - View: an agent sees quick connects, so may transfer and add participants with them. */
  quickConnectsView: 'TransferDestinations.View',
  accessMetrics: 'AccessMetrics',
  contactSearch: 'ContactSearch.View',
  usersView: 'Users.View',
  usersCreate: 'Users.Create',
  usersEdit: 'Users.Edit',
  usersDelete: 'Users.Delete',
  queuesView: 'Queues.View',
  queuesCreate: 'Queues.Create',
  queuesEdit: 'Queues.Edit',
  routingProfilesView: 'RoutingPolicies.View',
  routingProfilesCreate: 'RoutingPolicies.Create',
  routingProfilesEdit: 'RoutingPolicies.Edit',
  quickConnectsCreate: 'TransferDestinations.Create',
  quickConnectsEdit: 'TransferDestinations.Edit',
  quickConnectsDelete: 'TransferDestinations.Delete',
  hoursView: 'HoursOfOperation.View',
  hoursCreate: 'HoursOfOperation.Create',
  hoursEdit: 'HoursOfOperation.Edit',
  hoursDelete: 'HoursOfOperation.Delete',
  agentStatesView: 'AgentStates.View',
  agentStatesCreate: 'AgentStates.Create',
  agentStatesEdit: 'AgentStates.Edit',
  securityProfilesView: 'SecurityProfiles.View',
  securityProfilesCreate: 'SecurityProfiles.Create',
  securityProfilesEdit: 'SecurityProfiles.Edit',
  securityProfilesDelete: 'SecurityProfiles.Delete',
  flowsView: 'ContactFlows.View',
  flowsCreate: 'ContactFlows.Create',
  flowsEdit: 'ContactFlows.Edit',
  flowsDelete: 'ContactFlows.Delete',
  phoneNumbersView: 'PhoneNumbers.View',
  phoneNumbersClaim: 'PhoneNumbers.Claim',
  phoneNumbersEdit: 'PhoneNumbers.Edit',
  phoneNumbersRelease: 'PhoneNumbers.Release',
  promptsView: 'Prompts.View',
  promptsCreate: 'Prompts.Create',
  promptsEdit: 'Prompts.Edit',
  promptsDelete: 'Prompts.Delete',
  recordingsListen: 'ListenCallRecordings',
} as const;
export type Permission = (typeof PERMISSION)[keyof typeof PERMISSION];
export const ALL_PERMISSIONS: readonly Permission[] = Object.values(PERMISSION);

const AGENT_PERMISSIONS: Permission[] = [PERMISSION.basicAgentAccess, PERMISSION.outboundCall, PERMISSION.quickConnectsView];
const VIEW = ALL_PERMISSIONS.filter((p) => p.endsWith('.View'));

/** The profiles every instance has (ids are fixed so a script can name them, as Connect's are per instance). */
export const DEFAULT_SECURITY_PROFILES: readonly SecurityProfile[] = [
  { id: 'security-profile-admin', name: 'Admin', description: 'Every permission: administers the instance.', permissions: [...ALL_PERMISSIONS], tags: {} },
  { id: 'security-profile-agent', name: 'Agent', description: 'Handles contacts in the CCP: calls out, transfers and adds participants with quick connects.', permissions: [...AGENT_PERMISSIONS], tags: {} },
  {
    id: 'security-profile-call-center-manager', name: 'CallCenterManager', description: 'Runs the floor: sees every setting, changes users, queues, routing profiles, quick connects and hours, reads metrics and searches contacts.',
    permissions: [...new Set<Permission>([...AGENT_PERMISSIONS, ...VIEW, PERMISSION.accessMetrics, PERMISSION.contactSearch, PERMISSION.recordingsListen,
      PERMISSION.usersCreate, PERMISSION.usersEdit, PERMISSION.queuesCreate, PERMISSION.queuesEdit, PERMISSION.routingProfilesCreate, PERMISSION.routingProfilesEdit,
      PERMISSION.quickConnectsCreate, PERMISSION.quickConnectsEdit, PERMISSION.hoursCreate, PERMISSION.hoursEdit, PERMISSION.agentStatesCreate, PERMISSION.agentStatesEdit])],
    tags: {},
  },
  { id: 'security-profile-quality-analyst', name: 'QualityAnalyst', description: 'Reviews contacts: metrics, contact search and recordings.', permissions: [PERMISSION.basicAgentAccess, PERMISSION.accessMetrics, PERMISSION.contactSearch, PERMISSION.recordingsListen], tags: {} },
];
const DEFAULTS_BY_ID = new Map(DEFAULT_SECURITY_PROFILES.map((p) => [p.id, p]));
export const AGENT_SECURITY_PROFILE_ID = 'security-profile-agent';
export const ADMIN_SECURITY_PROFILE_ID = 'security-profile-admin';

/** A security profile of the instance: its own, or a built-in one. */
export function securityProfileOf(instance: Pick<Instance, 'securityProfiles'>, id: string): SecurityProfile | undefined {
  return instance.securityProfiles?.get(id) ?? DEFAULTS_BY_ID.get(id);
}

/** What holding these profiles permits: the union of their permissions (no profile at all = Agent's). */
export function permissionsOf(instance: Pick<Instance, 'securityProfiles'>, securityProfileIds: readonly string[]): Set<string> {
  const ids = securityProfileIds.length > 0 ? securityProfileIds : [AGENT_SECURITY_PROFILE_ID];
  const out = new Set<string>();
  for (const id of ids) for (const p of securityProfileOf(instance, id)?.permissions ?? []) out.add(p);
  return out;
}

/** Whether a user of the instance may do what `permission` names (an unknown user may do nothing). */
export function userMay(instance: Pick<Instance, 'securityProfiles' | 'users'>, userId: string, permission: Permission | string): boolean {
  const user = instance.users.get(userId);
  if (!user) return false;
  return permissionsOf(instance, user.profile?.securityProfileIds ?? []).has(permission);
}
