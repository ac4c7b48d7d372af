import { ALL_PERMISSIONS } from '@switchboard/engine';

/**
 * Security-profile permissions grouped by the area they govern, for the profile form's checkboxes. Connect's
 * names are `<Area>.<Action>` (Queues.Edit) or a single word (BasicAgentAccess); the area of a dotted name is
 * its prefix, the single words are placed by hand.
 */

const AREA_OF_PREFIX: Record<string, string> = {
  Users: 'Users', SecurityProfiles: 'Security profiles', Queues: 'Queues', RoutingPolicies: 'Routing profiles',
  TransferDestinations: 'Quick connects', HoursOfOperation: 'Hours of operation', AgentStates: 'Agent statuses',
  ContactFlows: 'Flows', PhoneNumbers: 'Phone numbers', Prompts: 'Prompts', ContactSearch: 'Contacts and analytics',
};
const SINGLE: Record<string, { area: string; label: string }> = {
  BasicAgentAccess: { area: 'Contact Control Panel', label: 'Use the CCP' },
  OutboundCallAccess: { area: 'Contact Control Panel', label: 'Call out' },
  AccessMetrics: { area: 'Contacts and analytics', label: 'Metrics' },
  ListenCallRecordings: { area: 'Contacts and analytics', label: 'Listen to recordings' },
};
const ACTION_LABEL: Record<string, string> = { View: 'View', Create: 'Create', Edit: 'Edit', Delete: 'Delete', Claim: 'Claim', Release: 'Release' };

export interface PermissionArea {
  area: string;
  permissions: { id: string; label: string }[];
}

function placeOf(id: string): { area: string; label: string } {
  if (SINGLE[id]) return SINGLE[id];
  const dot = id.indexOf('.');
  if (dot < 0) return { area: 'Other', label: id };
  const prefix = id.slice(0, dot);
  const action = id.slice(dot + 1);
  const area = AREA_OF_PREFIX[prefix] ?? prefix;
  return { area, label: prefix === 'ContactSearch' ? 'Contact search' : ACTION_LABEL[action] ?? action };
}

/** Every permission Switchboard knows, by area, in a stable order (the CCP first, then as ALL_PERMISSIONS lists them). */
export function permissionAreas(permissions: readonly string[] = ALL_PERMISSIONS): PermissionArea[] {
  const areas = new Map<string, PermissionArea>();
  for (const id of permissions) {
    const { area, label } = placeOf(id);
    if (!areas.has(area)) areas.set(area, { area, permissions: [] });
    areas.get(area)!.permissions.push({ id, label });
  }
  return [...areas.values()];
}

/** The areas a profile's permissions touch, for a short summary in the list ("Queues, Users"). */
export function areasOf(permissions: readonly string[]): string[] {
  return [...new Set(permissions.map((p) => placeOf(p).area))];
}
