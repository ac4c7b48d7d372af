import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { createSecurityProfile, deleteSecurityProfile, describeSecurityProfile, listSecurityProfilePermissions, listSecurityProfiles, updateSecurityProfile, updateUserSecurityProfiles } from '../api/connect/securityProfiles.ts';
import { deleteQueue, deleteQuickConnect, deleteRoutingProfile, updateQuickConnectConfig, updateQuickConnectName } from '../api/connect/resourceAdmin.ts';
import { getCurrentUserData } from '../api/connect/currentUserData.ts';
import { getContactAttributes, searchContacts } from '../api/connect/contactSearch.ts';

/**
 * The Connect admin API, part 2 (issue 18): security profiles and users' profiles; real-time data per agent;
 * contact search and attributes (live and archived contacts); quick connects changed and deleted; queues and
 * routing profiles deleted. Paths are Amazon Connect's.
 */
export function connectSecurityRoutes(router: Router, services: Services): Router {
  return router
    .on('PUT', '/security-profiles/:instanceId', (c) => createSecurityProfile(services, c))
    .on('GET', '/security-profiles/:instanceId/:securityProfileId', (c) => describeSecurityProfile(services, c))
    .on('POST', '/security-profiles/:instanceId/:securityProfileId', (c) => updateSecurityProfile(services, c))
    .on('DELETE', '/security-profiles/:instanceId/:securityProfileId', (c) => deleteSecurityProfile(services, c))
    .on('GET', '/security-profiles-summary/:instanceId', (c) => listSecurityProfiles(services, c))
    .on('GET', '/security-profiles-permissions/:instanceId/:securityProfileId', (c) => listSecurityProfilePermissions(services, c))
    .on('POST', '/users/:instanceId/:userId/security-profiles', (c) => updateUserSecurityProfiles(services, c))
    .on('POST', '/metrics/userdata/:instanceId', (c) => getCurrentUserData(services, c))
    .on('POST', '/search-contacts', (c) => searchContacts(services, c))
    .on('GET', '/contact/attributes/:instanceId/:initialContactId', (c) => getContactAttributes(services, c))
    .on('POST', '/quick-connects/:instanceId/:quickConnectId/name', (c) => updateQuickConnectName(services, c))
    .on('POST', '/quick-connects/:instanceId/:quickConnectId/config', (c) => updateQuickConnectConfig(services, c))
    .on('DELETE', '/quick-connects/:instanceId/:quickConnectId', (c) => deleteQuickConnect(services, c))
    .on('DELETE', '/queues/:instanceId/:queueId', (c) => deleteQueue(services, c))
    .on('DELETE', '/routing-profiles/:instanceId/:routingProfileId', (c) => deleteRoutingProfile(services, c));
}
