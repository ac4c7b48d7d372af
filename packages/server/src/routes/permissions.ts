import { PERMISSION, type Permission } from '@switchboard/engine';
import { decodeSegment } from '../http/target.ts';

/**
 * What a Connect API route needs when it is called with a user's agent token (`Authorization: Bearer`,
 * the admin console) instead of an instance access key (SigV4): the security-profile permission
 * (engine/admin/permissions.ts) the user must hold. A route that is not in this table is refused to
 * bearer callers (AccessDeniedException); SigV4 callers may call every route, as before.
 *
 * Routes are named by method and pattern, as the route table registers them (routes/*.ts).
 */
export const ROUTE_PERMISSIONS: readonly (readonly [method: string, pattern: string, permission: Permission])[] = [
  // Users
  ['PUT', '/users/:instanceId', PERMISSION.usersCreate],
  ['GET', '/users/:instanceId/:userId', PERMISSION.usersView],
  ['DELETE', '/users/:instanceId/:userId', PERMISSION.usersDelete],
  ['GET', '/users-summary/:instanceId', PERMISSION.usersView],
  ['POST', '/search-users', PERMISSION.usersView],
  ['POST', '/users/:instanceId/:userId/routing-profile', PERMISSION.usersEdit],
  ['POST', '/users/:instanceId/:userId/identity-info', PERMISSION.usersEdit],
  ['POST', '/users/:instanceId/:userId/phone-config', PERMISSION.usersEdit],
  ['POST', '/users/:instanceId/:userId/password', PERMISSION.usersEdit],
  ['PUT', '/users/:instanceId/:userId/status', PERMISSION.usersEdit],
  // Agent statuses
  ['PUT', '/agent-status/:instanceId', PERMISSION.agentStatesCreate],
  ['GET', '/agent-status/:instanceId', PERMISSION.agentStatesView],
  ['GET', '/agent-status/:instanceId/:agentStatusId', PERMISSION.agentStatesView],
  ['POST', '/agent-status/:instanceId/:agentStatusId', PERMISSION.agentStatesEdit],
  // Queues
  ['PUT', '/queues/:instanceId', PERMISSION.queuesCreate],
  ['GET', '/queues/:instanceId/:queueId', PERMISSION.queuesView],
  ['GET', '/queues-summary/:instanceId', PERMISSION.queuesView],
  ['POST', '/queues/:instanceId/:queueId/name', PERMISSION.queuesEdit],
  ['POST', '/queues/:instanceId/:queueId/status', PERMISSION.queuesEdit],
  ['POST', '/queues/:instanceId/:queueId/outbound-caller-config', PERMISSION.queuesEdit],
  ['POST', '/queues/:instanceId/:queueId/hours-of-operation', PERMISSION.queuesEdit],
  ['POST', '/queues/:instanceId/:queueId/max-contacts', PERMISSION.queuesEdit],
  ['GET', '/queues/:instanceId/:queueId/quick-connects', PERMISSION.queuesView],
  ['POST', '/queues/:instanceId/:queueId/associate-quick-connects', PERMISSION.queuesEdit],
  ['POST', '/queues/:instanceId/:queueId/disassociate-quick-connects', PERMISSION.queuesEdit],
  // Routing profiles
  ['PUT', '/routing-profiles/:instanceId', PERMISSION.routingProfilesCreate],
  ['GET', '/routing-profiles/:instanceId/:routingProfileId', PERMISSION.routingProfilesView],
  ['GET', '/routing-profiles-summary/:instanceId', PERMISSION.routingProfilesView],
  ['GET', '/routing-profiles/:instanceId/:routingProfileId/queues', PERMISSION.routingProfilesView],
  ['POST', '/routing-profiles/:instanceId/:routingProfileId/associate-queues', PERMISSION.routingProfilesEdit],
  ['POST', '/routing-profiles/:instanceId/:routingProfileId/disassociate-queues', PERMISSION.routingProfilesEdit],
  ['POST', '/routing-profiles/:instanceId/:routingProfileId/concurrency', PERMISSION.routingProfilesEdit],
  ['POST', '/routing-profiles/:instanceId/:routingProfileId/queues', PERMISSION.routingProfilesEdit],
  // Hours of operation
  ['PUT', '/hours-of-operations/:instanceId', PERMISSION.hoursCreate],
  ['GET', '/hours-of-operations/:instanceId/:hoursOfOperationId', PERMISSION.hoursView],
  ['GET', '/hours-of-operations-summary/:instanceId', PERMISSION.hoursView],
  ['POST', '/hours-of-operations/:instanceId/:hoursOfOperationId', PERMISSION.hoursEdit],
  ['DELETE', '/hours-of-operations/:instanceId/:hoursOfOperationId', PERMISSION.hoursDelete],
  // Quick connects
  ['PUT', '/quick-connects/:instanceId', PERMISSION.quickConnectsCreate],
  ['GET', '/quick-connects/:instanceId', PERMISSION.quickConnectsView],
  ['GET', '/quick-connects/:instanceId/:quickConnectId', PERMISSION.quickConnectsView],
  // Flows and flow modules
  ['PUT', '/contact-flows/:instanceId', PERMISSION.flowsCreate],
  ['GET', '/contact-flows/:instanceId/:contactFlowId', PERMISSION.flowsView],
  ['GET', '/contact-flows-summary/:instanceId', PERMISSION.flowsView],
  ['POST', '/contact-flows/:instanceId/:contactFlowId/content', PERMISSION.flowsEdit],
  ['POST', '/contact-flows/:instanceId/:contactFlowId/name', PERMISSION.flowsEdit],
  ['POST', '/contact-flows/:instanceId/:contactFlowId/metadata', PERMISSION.flowsEdit],
  ['DELETE', '/contact-flows/:instanceId/:contactFlowId', PERMISSION.flowsDelete],
  ['PUT', '/contact-flow-modules/:instanceId', PERMISSION.flowsCreate],
  ['GET', '/contact-flow-modules/:instanceId/:moduleId', PERMISSION.flowsView],
  ['GET', '/contact-flow-modules-summary/:instanceId', PERMISSION.flowsView],
  ['POST', '/contact-flow-modules/:instanceId/:moduleId/content', PERMISSION.flowsEdit],
  ['POST', '/contact-flow-modules/:instanceId/:moduleId/metadata', PERMISSION.flowsEdit],
  ['DELETE', '/contact-flow-modules/:instanceId/:moduleId', PERMISSION.flowsDelete],
  ['GET', '/contact-flow-logs/:instanceId/:contactId', PERMISSION.flowsView],
  // Prompts
  ['PUT', '/prompt-files/:instanceId', PERMISSION.promptsCreate],
  ['PUT', '/prompts/:instanceId', PERMISSION.promptsCreate],
  ['GET', '/prompts/:instanceId/:promptId', PERMISSION.promptsView],
  ['GET', '/prompts-summary/:instanceId', PERMISSION.promptsView],
  ['DELETE', '/prompts/:instanceId/:promptId', PERMISSION.promptsDelete],
  ['GET', '/prompts/:instanceId/:promptId/file', PERMISSION.promptsView],
  // Contacts, recordings and metrics
  ['GET', '/contacts/:instanceId/:contactId', PERMISSION.contactSearch],
  ['GET', '/recordings/:instanceId/:contactId/:recordingId', PERMISSION.recordingsListen],
  ['POST', '/metrics/current/:instanceId', PERMISSION.accessMetrics],
  ['POST', '/metrics/data', PERMISSION.accessMetrics],
  ['POST', '/metrics/userdata/:instanceId', PERMISSION.accessMetrics],
  ['POST', '/search-contacts', PERMISSION.contactSearch],
  ['GET', '/contact/attributes/:instanceId/:initialContactId', PERMISSION.contactSearch],
  // Security profiles
  ['PUT', '/security-profiles/:instanceId', PERMISSION.securityProfilesCreate],
  ['GET', '/security-profiles/:instanceId/:securityProfileId', PERMISSION.securityProfilesView],
  ['POST', '/security-profiles/:instanceId/:securityProfileId', PERMISSION.securityProfilesEdit],
  ['DELETE', '/security-profiles/:instanceId/:securityProfileId', PERMISSION.securityProfilesDelete],
  ['GET', '/security-profiles-summary/:instanceId', PERMISSION.securityProfilesView],
  ['GET', '/security-profiles-permissions/:instanceId/:securityProfileId', PERMISSION.securityProfilesView],
  ['POST', '/users/:instanceId/:userId/security-profiles', PERMISSION.usersEdit],
  // Changes and deletes of quick connects, queues and routing profiles
  ['POST', '/quick-connects/:instanceId/:quickConnectId/name', PERMISSION.quickConnectsEdit],
  ['POST', '/quick-connects/:instanceId/:quickConnectId/config', PERMISSION.quickConnectsEdit],
  ['DELETE', '/quick-connects/:instanceId/:quickConnectId', PERMISSION.quickConnectsDelete],
  ['DELETE', '/queues/:instanceId/:queueId', PERMISSION.queuesEdit],
  ['DELETE', '/routing-profiles/:instanceId/:routingProfileId', PERMISSION.routingProfilesEdit],
  // Phone numbers (the number's own id in the path; its instance is checked by the handler against the session's)
  ['POST', '/phone-number/list', PERMISSION.phoneNumbersView],
  // Contact references (ListContactReferences)
  ['GET', '/contact/references/:instanceId/:contactId', PERMISSION.contactSearch],
  // Admin console resources (security profiles, phone numbers, instance settings pages): phone numbers by id (bearer.ts
  // checks the number is the session's instance's); instance settings have no Connect permission of their own (Connect
  // keeps them in the AWS console), so they need the admin-only SecurityProfiles.Edit
  ['POST', '/phone-number/claim', PERMISSION.phoneNumbersClaim],
  ['GET', '/phone-number/:phoneNumberId', PERMISSION.phoneNumbersView],
  ['DELETE', '/phone-number/:phoneNumberId', PERMISSION.phoneNumbersRelease],
  ['PUT', '/phone-number/:phoneNumberId/contact-flow', PERMISSION.phoneNumbersEdit],
  ['DELETE', '/phone-number/:phoneNumberId/contact-flow', PERMISSION.phoneNumbersEdit],
  ['GET', '/flow-associations-summary/:instanceId', PERMISSION.phoneNumbersView],
  ['GET', '/instance/:instanceId/approved-origins', PERMISSION.securityProfilesEdit],
  ['PUT', '/instance/:instanceId/approved-origin', PERMISSION.securityProfilesEdit],
  ['DELETE', '/instance/:instanceId/approved-origin', PERMISSION.securityProfilesEdit],
  ['GET', '/instance/:instanceId/attributes', PERMISSION.securityProfilesEdit],
  ['GET', '/instance/:instanceId/attribute/:attributeType', PERMISSION.securityProfilesEdit],
  ['POST', '/instance/:instanceId/attribute/:attributeType', PERMISSION.securityProfilesEdit],
];

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  names: string[];
  permission: Permission;
}

function compile(method: string, path: string, permission: Permission): CompiledRoute {
  const names: string[] = [];
  const source = path.split('/').map((part) => {
    if (part.startsWith(':')) {
      names.push(part.slice(1));
      return '([^/]+)';
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return { method, pattern: new RegExp(`^${source}$`), names, permission };
}

const COMPILED = ROUTE_PERMISSIONS.map(([method, path, permission]) => compile(method, path, permission));

/**
 * The permission a bearer caller needs for this request, with the path's parameters (the instance it
 * names, if any); undefined when the route is not open to bearer callers at all.
 */
export function permissionFor(method: string, pathname: string): { permission: Permission; params: Record<string, string> } | undefined {
  for (const route of COMPILED) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeSegment(m[i + 1]!) ?? m[i + 1]!;
    });
    return { permission: route.permission, params };
  }
  return undefined;
}
