import type { Command } from '../commands.ts';
import { checkSecurityProfileIds } from './securityProfilesAdmin.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { decideCreateContactFlow } from './flows.ts';
import { validateRoutingProfile } from './routingProfile.ts';
import { isTimeZone } from '../time/zone.ts';
import { WEEKDAYS } from '../model/instance.ts';
import { INSTANCE_FLOWS, flowDescription } from '../flow/defaults.ts';
import { cloneJson } from '../flow/run.ts';
import { checkStatusSettings } from './agentStatuses.ts';
import { checkPhoneConfig } from './users.ts';
import { checkTags } from './tags.ts';

type SetupCommand = Extract<Command, {
  type: 'CreateInstance' | 'CreateAccessKey' | 'CreateQueue' | 'CreateHoursOfOperation' | 'UpdateQueue' | 'CreateQuickConnect'
    | 'AssociateQueueQuickConnects' | 'CreateRoutingProfile' | 'CreateAgentStatus'
    | 'CreateUser' | 'CreateContactFlow' | 'CreateChatWidget' | 'UpdateInstanceAttribute';
}>;

/** Instance attributes the Connect API accepts (InstanceAttributeType). */
export const INSTANCE_ATTRIBUTE_TYPES = [
  'INBOUND_CALLS', 'OUTBOUND_CALLS', 'CONTACTFLOW_LOGS', 'CONTACT_LENS', 'AUTO_RESOLVE_BEST_VOICES', 'USE_CUSTOM_TTS_VOICES',
  'EARLY_MEDIA', 'MULTI_PARTY_CONFERENCE', 'HIGH_VOLUME_OUTBOUND', 'ENHANCED_CONTACT_MONITORING', 'ENHANCED_CHAT_MONITORING',
  'MULTI_PARTY_CHAT_CONFERENCE', 'MESSAGE_STREAMING',
] as const;

export function checkHours(command: Pick<Extract<Command, { type: 'CreateHoursOfOperation' }>, 'timeZone' | 'config'>): string | undefined {
  if (!isTimeZone(command.timeZone)) return `unknown time zone ${command.timeZone}`;
  for (const range of command.config) {
    if (!WEEKDAYS.includes(range.day)) return `unknown day ${range.day}`;
    for (const t of [range.startTime, range.endTime]) {
      if (!Number.isInteger(t.hours) || t.hours < 0 || t.hours > 23 || !Number.isInteger(t.minutes) || t.minutes < 0 || t.minutes > 59) {
        return 'times must be hours 0–23 and minutes 0–59';
      }
    }
  }
  return undefined;
}

export function decideSetup(state: State, command: SetupCommand): Decision {
  const at = command.now;
  const base = { instanceId: command.instanceId, at };
  if (command.type === 'CreateInstance') {
    if (state.instances.has(command.instanceId)) {
      return refused(reject('DuplicateResource', `instance ${command.instanceId} already exists`));
    }
    for (const other of state.instances.values()) {
      if (other.alias === command.alias) return refused(reject('DuplicateResource', `an instance with alias ${command.alias} already exists`));
    }
    // As in Amazon Connect, a new instance holds the default flows (and the sample inbound flow) as its own flows.
    return accepted([
      { type: 'InstanceCreated', ...base, alias: command.alias, region: command.region, accountId: command.accountId, tokenKey: command.tokenKey },
      ...INSTANCE_FLOWS.map((flow) => ({
        type: 'ContactFlowCreated' as const, ...base, flowId: flow.id, name: flow.name, flowType: flow.type, content: cloneJson(flow.content),
        description: flowDescription(flow), status: 'PUBLISHED' as const, tags: {},
      })),
    ]);
  }
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  switch (command.type) {
    case 'CreateAccessKey':
      return accepted([{ type: 'AccessKeyCreated', ...base, accessKeyId: command.accessKeyId, secretAccessKey: command.secretAccessKey }]);
    case 'CreateQueue':
      if ([...instance.queues.values()].some((q) => q.name === command.name)) {
        return refused(reject('DuplicateResource', `a queue named ${command.name} already exists`));
      }
      return accepted([{ type: 'QueueCreated', ...base, queueId: command.queueId, name: command.name, description: command.description }]);
    case 'CreateHoursOfOperation': {
      const problem = checkHours(command);
      if (problem) return refused(reject('InvalidRequest', problem));
      return accepted([{
        type: 'HoursOfOperationCreated', ...base, hoursOfOperationId: command.hoursOfOperationId, name: command.name,
        timeZone: command.timeZone, config: command.config,
        ...(command.description !== undefined ? { description: command.description } : {}),
        ...(command.tags !== undefined ? { tags: command.tags } : {}),
      }]);
    }
    case 'UpdateQueue': {
      if (!instance.queues.has(command.queueId)) return refused(notFound('Queue', command.queueId));
      if (typeof command.hoursOfOperationId === 'string' && !instance.hoursOfOperations.has(command.hoursOfOperationId)) {
        return refused(notFound('HoursOfOperation', command.hoursOfOperationId));
      }
      if (typeof command.maxContacts === 'number' && (!Number.isInteger(command.maxContacts) || command.maxContacts < 0)) {
        return refused(reject('InvalidRequest', 'MaxContacts must be a whole number, 0 or more'));
      }
      return accepted([{
        type: 'QueueUpdated', ...base, queueId: command.queueId,
        ...(command.hoursOfOperationId !== undefined ? { hoursOfOperationId: command.hoursOfOperationId } : {}),
        ...(command.maxContacts !== undefined ? { maxContacts: command.maxContacts } : {}),
      }]);
    }
    case 'CreateQuickConnect': {
      if ([...instance.quickConnects.values()].some((q) => q.name === command.name)) {
        return refused(reject('DuplicateResource', `a quick connect named ${command.name} already exists`));
      }
      if (command.quickConnectType === 'USER' && (!command.userId || !instance.users.has(command.userId))) return refused(notFound('User', command.userId ?? '(none)'));
      if (command.quickConnectType === 'QUEUE' && (!command.queueId || !instance.queues.has(command.queueId))) return refused(notFound('Queue', command.queueId ?? '(none)'));
      if (command.quickConnectType === 'PHONE_NUMBER' && !/^\+[1-9]\d{1,14}$/.test(command.phoneNumber ?? '')) {
        return refused(reject('InvalidRequest', 'PhoneNumber must be in E.164 format, e.g. +14155550100'));
      }
      if (command.contactFlowId !== undefined && !instance.flows.has(command.contactFlowId)) return refused(notFound('ContactFlow', command.contactFlowId));
      const tagProblem = command.tags !== undefined ? checkTags(command.tags) : undefined;
      if (tagProblem) return refused(reject('InvalidParameter', tagProblem));
      return accepted([{
        type: 'QuickConnectCreated', ...base, quickConnectId: command.quickConnectId, name: command.name, description: command.description,
        quickConnectType: command.quickConnectType,
        ...(command.quickConnectType === 'USER' ? { userId: command.userId! } : {}),
        ...(command.quickConnectType === 'QUEUE' ? { queueId: command.queueId! } : {}),
        ...(command.quickConnectType === 'PHONE_NUMBER' ? { phoneNumber: command.phoneNumber! } : {}),
        ...(command.contactFlowId !== undefined ? { contactFlowId: command.contactFlowId } : {}),
        ...(command.tags !== undefined ? { tags: command.tags } : {}),
      }]);
    }
    case 'AssociateQueueQuickConnects': {
      if (!instance.queues.has(command.queueId)) return refused(notFound('Queue', command.queueId));
      for (const id of command.quickConnectIds) if (!instance.quickConnects.has(id)) return refused(notFound('QuickConnect', id));
      return accepted([{ type: 'QueueQuickConnectsAssociated', ...base, queueId: command.queueId, quickConnectIds: command.quickConnectIds }]);
    }
    case 'CreateRoutingProfile': {
      const problem = validateRoutingProfile(instance, command);
      if (problem) return refused(problem);
      return accepted([{
        type: 'RoutingProfileCreated', ...base, routingProfileId: command.routingProfileId, name: command.name, description: command.description,
        defaultOutboundQueueId: command.defaultOutboundQueueId, mediaConcurrencies: command.mediaConcurrencies, queues: command.queues,
        ...(command.tags !== undefined ? { tags: command.tags } : {}),
      }]);
    }
    case 'CreateAgentStatus':
      if ([...instance.agentStatuses.values()].some((s) => s.name === command.name)) {
        return refused(reject('DuplicateResource', `an agent status named ${command.name} already exists`));
      }
      {
        if (command.settings) {
          const problem = checkStatusSettings(instance, command.name, command.settings.state, command.settings.displayOrder);
          if (problem) return refused(problem);
        }
        return accepted([{
          type: 'AgentStatusCreated', ...base, agentStatusId: command.agentStatusId, name: command.name, statusType: command.statusType,
          ...(command.settings !== undefined ? { settings: command.settings } : {}),
        }]);
      }
    case 'CreateUser': {
      if (!instance.routingProfiles.has(command.routingProfileId)) return refused(notFound('RoutingProfile', command.routingProfileId));
      // Each security profile named exists (admin/securityProfilesAdmin.ts).
      const profilesProblem = command.profile ? checkSecurityProfileIds(instance, command.profile.securityProfileIds) : undefined;
      if (profilesProblem) return refused(profilesProblem);
      const phoneProblem = command.profile ? checkPhoneConfig(command.profile.phoneConfig) : undefined;
      if (phoneProblem) return refused(reject('InvalidParameter', phoneProblem));
      if ([...instance.users.values()].some((u) => u.username === command.username)) {
        return refused(reject('DuplicateResource', `a user named ${command.username} already exists`));
      }
      const offline = [...instance.agentStatuses.values()].find((s) => s.type === 'OFFLINE');
      if (!offline) return refused(reject('InvalidRequest', 'the instance has no Offline agent status'));
      return accepted([{
        type: 'UserCreated', ...base, userId: command.userId, username: command.username, passwordHash: command.passwordHash,
        firstName: command.firstName, lastName: command.lastName, routingProfileId: command.routingProfileId, statusId: offline.id,
        ...(command.profile !== undefined ? { profile: command.profile } : {}),
      }]);
    }
    case 'CreateContactFlow':
      return decideCreateContactFlow(instance, command);
    case 'CreateChatWidget':
      if (!instance.flows.has(command.contactFlowId)) return refused(notFound('ContactFlow', command.contactFlowId));
      return accepted([{
        type: 'ChatWidgetCreated', ...base, widgetId: command.widgetId, name: command.name, contactFlowId: command.contactFlowId,
        approvedOrigins: command.approvedOrigins,
      }]);
    case 'UpdateInstanceAttribute':
      if (!(INSTANCE_ATTRIBUTE_TYPES as readonly string[]).includes(command.attributeType)) {
        return refused(reject('InvalidRequest', `unknown instance attribute ${command.attributeType}`));
      }
      return accepted([{ type: 'InstanceAttributeUpdated', ...base, attributeType: command.attributeType, value: command.value }]);
  }
}
