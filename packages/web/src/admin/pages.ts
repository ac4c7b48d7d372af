import { PERMISSION } from '@switchboard/engine';

/** The console's pages, and the permission each needs to be shown (the API checks again on every call). */
export const PAGES = [
  { id: 'dashboard', title: 'Dashboard', needs: PERMISSION.accessMetrics },
  { id: 'reports', title: 'Reports', needs: PERMISSION.accessMetrics },
  { id: 'contacts', title: 'Contacts', needs: PERMISSION.contactSearch },
  { id: 'users', title: 'Users', needs: PERMISSION.usersView },
  { id: 'security-profiles', title: 'Security profiles', needs: PERMISSION.securityProfilesView },
  { id: 'queues', title: 'Queues', needs: PERMISSION.queuesView },
  { id: 'routing-profiles', title: 'Routing profiles', needs: PERMISSION.routingProfilesView },
  { id: 'agent-statuses', title: 'Agent statuses', needs: PERMISSION.agentStatesView },
  { id: 'hours', title: 'Hours of operation', needs: PERMISSION.hoursView },
  { id: 'quick-connects', title: 'Quick connects', needs: PERMISSION.quickConnectsView },
  { id: 'flows', title: 'Flows', needs: PERMISSION.flowsView },
  { id: 'phone-numbers', title: 'Phone numbers', needs: PERMISSION.phoneNumbersView },
  { id: 'instance-settings', title: 'Instance settings', needs: PERMISSION.securityProfilesEdit },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

/** What the Agent security profile holds: on its own it gives no console (an agent's place is the CCP). */
const AGENT_ONLY = new Set<string>([PERMISSION.basicAgentAccess, PERMISSION.outboundCall, PERMISSION.quickConnectsView]);

/** The pages a user with these permissions sees: none for an agent-only user. */
export function pagesFor(permissions: readonly string[]): (typeof PAGES)[number][] {
  if (!permissions.some((p) => !AGENT_ONLY.has(p))) return [];
  return PAGES.filter((p) => permissions.includes(p.needs));
}

/** Which permissions a user has, as a quick check. */
export type Can = (permission: string) => boolean;
