import type { Router } from '../http/router.ts';
import type { Services } from '../services.ts';
import { deleteHoursOfOperation, describeHoursOfOperation, listHoursOfOperations, updateHoursOfOperation } from '../api/connect/adminHours.ts';
import { createQueue, describeQueue, disassociateQueueQuickConnects, listQueueQuickConnects, listQueues, updateQueueName, updateQueueStatus, updateQueueOutboundCallerConfig } from '../api/connect/adminQueues.ts';
import { associateRoutingProfileQueues, createRoutingProfile, describeRoutingProfile, disassociateRoutingProfileQueues, listRoutingProfileQueues, listRoutingProfiles, updateRoutingProfileConcurrency, updateRoutingProfileQueues } from '../api/connect/adminRoutingProfiles.ts';
import { createAgentStatus, describeAgentStatus, listAgentStatuses, updateAgentStatus } from '../api/connect/adminStatuses.ts';
import { createUser, deleteUser, describeUser, listUsers, searchUsers, updateUserIdentityInfo, updateUserPassword, updateUserPhoneConfig, updateUserRoutingProfile } from '../api/connect/adminUsers.ts';
import { describeInstanceAttribute, updateInstanceAttribute } from '../api/connect/instance.ts';
import { createHoursOfOperation, updateQueueHours, updateQueueMaxContacts } from '../api/connect/queues.ts';
import { associateQueueQuickConnects, createQuickConnect, describeQuickConnect, listQuickConnects } from '../api/connect/quickConnects.ts';
import { associateInstanceStorageConfig, disassociateInstanceStorageConfig } from '../api/connect/storage.ts';

/** The Connect admin API (issue 18): users, agent statuses, queues, routing profiles, hours, quick connects, instance settings. */
export function connectAdminRoutes(router: Router, services: Services): Router {
  return router
    .on('PUT', '/users/:instanceId', (c) => createUser(services, c))
    .on('GET', '/users/:instanceId/:userId', (c) => describeUser(services, c))
    .on('DELETE', '/users/:instanceId/:userId', (c) => deleteUser(services, c))
    .on('GET', '/users-summary/:instanceId', (c) => listUsers(services, c))
    .on('POST', '/search-users', (c) => searchUsers(services, c))
    .on('POST', '/users/:instanceId/:userId/routing-profile', (c) => updateUserRoutingProfile(services, c))
    .on('POST', '/users/:instanceId/:userId/identity-info', (c) => updateUserIdentityInfo(services, c))
    .on('POST', '/users/:instanceId/:userId/phone-config', (c) => updateUserPhoneConfig(services, c))
    .on('POST', '/users/:instanceId/:userId/password', (c) => updateUserPassword(services, c))
    .on('PUT', '/agent-status/:instanceId', (c) => createAgentStatus(services, c))
    .on('GET', '/agent-status/:instanceId', (c) => listAgentStatuses(services, c))
    .on('GET', '/agent-status/:instanceId/:agentStatusId', (c) => describeAgentStatus(services, c))
    .on('POST', '/agent-status/:instanceId/:agentStatusId', (c) => updateAgentStatus(services, c))
    .on('PUT', '/queues/:instanceId', (c) => createQueue(services, c))
    .on('GET', '/queues/:instanceId/:queueId', (c) => describeQueue(services, c))
    .on('GET', '/queues-summary/:instanceId', (c) => listQueues(services, c))
    .on('POST', '/queues/:instanceId/:queueId/name', (c) => updateQueueName(services, c))
    .on('POST', '/queues/:instanceId/:queueId/status', (c) => updateQueueStatus(services, c))
    .on('POST', '/queues/:instanceId/:queueId/outbound-caller-config', (c) => updateQueueOutboundCallerConfig(services, c))
    .on('GET', '/queues/:instanceId/:queueId/quick-connects', (c) => listQueueQuickConnects(services, c))
    .on('POST', '/queues/:instanceId/:queueId/disassociate-quick-connects', (c) => disassociateQueueQuickConnects(services, c))
    .on('PUT', '/routing-profiles/:instanceId', (c) => createRoutingProfile(services, c))
    .on('GET', '/routing-profiles/:instanceId/:routingProfileId', (c) => describeRoutingProfile(services, c))
    .on('GET', '/routing-profiles-summary/:instanceId', (c) => listRoutingProfiles(services, c))
    .on('GET', '/routing-profiles/:instanceId/:routingProfileId/queues', (c) => listRoutingProfileQueues(services, c))
    .on('POST', '/routing-profiles/:instanceId/:routingProfileId/associate-queues', (c) => associateRoutingProfileQueues(services, c))
    .on('POST', '/routing-profiles/:instanceId/:routingProfileId/disassociate-queues', (c) => disassociateRoutingProfileQueues(services, c))
    .on('POST', '/routing-profiles/:instanceId/:routingProfileId/concurrency', (c) => updateRoutingProfileConcurrency(services, c))
    .on('POST', '/routing-profiles/:instanceId/:routingProfileId/queues', (c) => updateRoutingProfileQueues(services, c))
    .on('GET', '/hours-of-operations/:instanceId/:hoursOfOperationId', (c) => describeHoursOfOperation(services, c))
    .on('GET', '/hours-of-operations-summary/:instanceId', (c) => listHoursOfOperations(services, c))
    .on('POST', '/hours-of-operations/:instanceId/:hoursOfOperationId', (c) => updateHoursOfOperation(services, c))
    .on('DELETE', '/hours-of-operations/:instanceId/:hoursOfOperationId', (c) => deleteHoursOfOperation(services, c))
    .on('PUT', '/hours-of-operations/:instanceId', (c) => createHoursOfOperation(services, c))
    .on('POST', '/queues/:instanceId/:queueId/hours-of-operation', (c) => updateQueueHours(services, c))
    .on('POST', '/queues/:instanceId/:queueId/max-contacts', (c) => updateQueueMaxContacts(services, c))
    .on('POST', '/queues/:instanceId/:queueId/associate-quick-connects', (c) => associateQueueQuickConnects(services, c))
    .on('PUT', '/quick-connects/:instanceId', (c) => createQuickConnect(services, c))
    .on('GET', '/quick-connects/:instanceId', (c) => listQuickConnects(services, c))
    .on('GET', '/quick-connects/:instanceId/:quickConnectId', (c) => describeQuickConnect(services, c))
    .on('POST', '/instance/:instanceId/attribute/:attributeType', (c) => updateInstanceAttribute(services, c))
    .on('GET', '/instance/:instanceId/attribute/:attributeType', (c) => describeInstanceAttribute(services, c))
    .on('PUT', '/instance/:instanceId/storage-config', (c) => associateInstanceStorageConfig(services, c))
    .on('DELETE', '/instance/:instanceId/storage-config/:associationId', (c) => disassociateInstanceStorageConfig(services, c));
}
