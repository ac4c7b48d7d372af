import type { Event } from '../events.ts';
import type { Instance } from '../state.ts';
import { resourceArn } from '../arn.ts';

/** The administration events: what an administrator sets up (queues, profiles, users, flows, …). */
const SETUP_EVENTS = new Set<Event['type']>([
  'AccessKeyCreated',
  'QueueCreated',
  'HoursOfOperationCreated',
  'QueueUpdated',
  'QuickConnectCreated',
  'QueueQuickConnectsAssociated',
  'RoutingProfileCreated',
  'AgentStatusCreated',
  'UserCreated',
  'ContactFlowCreated',
  'ChatWidgetCreated',
  'InstanceAttributeUpdated',
  'InstanceStorageConfigAssociated',
  'InstanceStorageConfigDisassociated',
]);

type SetupEvent = Extract<Event, { type: 'AccessKeyCreated' | 'QueueCreated' | 'HoursOfOperationCreated' | 'QueueUpdated' | 'QuickConnectCreated' | 'QueueQuickConnectsAssociated' | 'RoutingProfileCreated' | 'AgentStatusCreated' | 'UserCreated' | 'ContactFlowCreated' | 'ChatWidgetCreated' | 'InstanceAttributeUpdated' | 'InstanceStorageConfigAssociated' | 'InstanceStorageConfigDisassociated' }>;

export function isSetupEvent(event: Event): event is SetupEvent {
  return SETUP_EVENTS.has(event.type);
}

/** Applies an administration event to its instance (evolve's part for setup), in place. */
export function applySetup(instance: Instance, event: SetupEvent): void {
  switch (event.type) {
    case 'AccessKeyCreated':
      instance.accessKeys.set(event.accessKeyId, { accessKeyId: event.accessKeyId, secretAccessKey: event.secretAccessKey });
      return;
    case 'QueueCreated':
      instance.queues.set(event.queueId, {
        id: event.queueId, arn: resourceArn(instance, 'queue', event.queueId), name: event.name, description: event.description, quickConnectIds: [],
      });
      return;
    case 'HoursOfOperationCreated':
      instance.hoursOfOperations.set(event.hoursOfOperationId, {
        id: event.hoursOfOperationId, arn: resourceArn(instance, 'operating-hours', event.hoursOfOperationId), name: event.name,
        timeZone: event.timeZone, config: event.config.map((c) => ({ day: c.day, startTime: { ...c.startTime }, endTime: { ...c.endTime } })),
        ...(event.description !== undefined ? { description: event.description } : {}),
        ...(event.tags !== undefined ? { tags: { ...event.tags }, lastModifiedAt: event.at } : {}),
      });
      return;
    case 'QueueUpdated': {
      const queue = instance.queues.get(event.queueId);
      if (!queue) throw new Error(`event for unknown queue ${event.queueId}`);
      if (event.hoursOfOperationId === null) delete queue.hoursOfOperationId;
      else if (event.hoursOfOperationId !== undefined) queue.hoursOfOperationId = event.hoursOfOperationId;
      if (event.maxContacts === null) delete queue.maxContacts;
      else if (event.maxContacts !== undefined) queue.maxContacts = event.maxContacts;
      return;
    }
    case 'QuickConnectCreated':
      instance.quickConnects.set(event.quickConnectId, {
        id: event.quickConnectId, arn: resourceArn(instance, 'transfer-destination', event.quickConnectId), name: event.name,
        description: event.description, type: event.quickConnectType, lastModifiedAt: event.at,
        ...(event.userId !== undefined ? { userId: event.userId } : {}),
        ...(event.queueId !== undefined ? { queueId: event.queueId } : {}),
        ...(event.phoneNumber !== undefined ? { phoneNumber: event.phoneNumber } : {}),
        ...(event.contactFlowId !== undefined ? { contactFlowId: event.contactFlowId } : {}),
        ...(event.tags !== undefined ? { tags: { ...event.tags } } : {}),
      });
      return;
    case 'QueueQuickConnectsAssociated': {
      const queue = instance.queues.get(event.queueId);
      if (!queue) throw new Error(`event for unknown queue ${event.queueId}`);
      for (const id of event.quickConnectIds) if (!queue.quickConnectIds.includes(id)) queue.quickConnectIds.push(id);
      return;
    }
    case 'RoutingProfileCreated':
      instance.routingProfiles.set(event.routingProfileId, {
        id: event.routingProfileId,
        arn: resourceArn(instance, 'routing-profile', event.routingProfileId),
        name: event.name,
        description: event.description,
        defaultOutboundQueueId: event.defaultOutboundQueueId,
        mediaConcurrencies: event.mediaConcurrencies.map((m) => ({ ...m })),
        queues: event.queues.map((q) => ({ ...q })),
        ...(event.tags !== undefined ? { tags: { ...event.tags }, lastModifiedAt: event.at } : {}),
      });
      return;
    case 'AgentStatusCreated':
      instance.agentStatuses.set(event.agentStatusId, {
        id: event.agentStatusId, arn: resourceArn(instance, 'agent-state', event.agentStatusId), name: event.name, type: event.statusType,
        ...(event.settings !== undefined ? { settings: { ...event.settings, tags: { ...event.settings.tags } } } : {}),
      });
      return;
    case 'UserCreated':
      instance.users.set(event.userId, {
        id: event.userId,
        arn: resourceArn(instance, 'agent', event.userId),
        username: event.username,
        passwordHash: event.passwordHash,
        firstName: event.firstName,
        lastName: event.lastName,
        routingProfileId: event.routingProfileId,
        statusId: event.statusId,
        statusSince: event.at,
        presence: 'away',
        idleSince: {},
        contacts: new Map(),
        held: {},
        missed: 0,
        ...(event.profile !== undefined ? { profile: { ...event.profile, phoneConfig: { ...event.profile.phoneConfig }, securityProfileIds: [...event.profile.securityProfileIds], tags: { ...event.profile.tags } }, lastModifiedAt: event.at } : {}),
      });
      return;
    case 'ContactFlowCreated':
      instance.flows.set(event.flowId, {
        id: event.flowId, arn: resourceArn(instance, 'contact-flow', event.flowId), name: event.name, type: event.flowType, content: event.content,
        description: event.description ?? '', status: event.status ?? 'PUBLISHED', state: 'ACTIVE', tags: { ...event.tags }, lastModifiedAt: event.at,
      });
      return;
    case 'ChatWidgetCreated':
      instance.widgets.set(event.widgetId, {
        id: event.widgetId, name: event.name, contactFlowId: event.contactFlowId, approvedOrigins: [...event.approvedOrigins],
      });
      return;
    case 'InstanceAttributeUpdated':
      instance.attributes[event.attributeType] = event.value;
      return;
    case 'InstanceStorageConfigAssociated': {
      const c = event.storageConfig;
      instance.storageConfigs.set(c.associationId, { ...c, s3Config: { ...c.s3Config } });
      return;
    }
    case 'InstanceStorageConfigDisassociated':
      instance.storageConfigs.delete(event.associationId);
      return;
  }
}
