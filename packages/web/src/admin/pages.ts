/** The console's pages, and the permission each needs to be shown (the API checks again on every call). */
export const PAGES = [
  { id: 'dashboard', title: 'Dashboard', needs: 'AccessMetrics' },
  { id: 'users', title: 'Users', needs: 'Users.View' },
  { id: 'queues', title: 'Queues', needs: 'Queues.View' },
  { id: 'routing-profiles', title: 'Routing profiles', needs: 'RoutingPolicies.View' },
  { id: 'agent-statuses', title: 'Agent statuses', needs: 'AgentStates.View' },
  { id: 'hours', title: 'Hours of operation', needs: 'HoursOfOperation.View' },
  { id: 'quick-connects', title: 'Quick connects', needs: 'TransferDestinations.View' },
] as const;
export type PageId = (typeof PAGES)[number]['id'];

/** What the Agent security profile holds: on its own it gives no console (an agent's place is the CCP). */
const AGENT_ONLY = new Set(['BasicAgentAccess', 'OutboundCallAccess', 'TransferDestinations.View']);

/** The pages a user with these permissions sees: none for an agent-only user. */
export function pagesFor(permissions: readonly string[]): (typeof PAGES)[number][] {
  if (!permissions.some((p) => !AGENT_ONLY.has(p))) return [];
  return PAGES.filter((p) => permissions.includes(p.needs));
}

/** Which permissions a user has, as a quick check. */
export type Can = (permission: string) => boolean;
