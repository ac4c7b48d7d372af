import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { Weekday } from '../model/instance.ts';
import { WEEKDAYS } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { INSTANCE_FLOWS, SAMPLE_INBOUND_FLOW, flowDescription } from '../flow/defaults.ts';
import { cloneJson } from '../flow/run.ts';
import { checkTags } from './tags.ts';

/**
 * Instances through the Connect API (issue 18): CreateInstance, DeleteInstance, approved origins. Rules:
 * - an instance alias is unique (among every instance: it names the instance's access URL) — DuplicateResource;
 *   an alias is 1–45 letters, digits and hyphens, starting and ending with a letter or digit (InvalidParameter);
 * - only CONNECT_MANAGED identity management is offered (Switchboard keeps users' passwords itself);
 * - a created instance holds what Amazon Connect puts in a new one: the default flows and the sample inbound flow,
 *   Basic Hours (all day, every day, UTC), BasicQueue (on Basic Hours), Basic Routing Profile (BasicQueue on
 *   every channel; voice 1, chat 2, task 1), agent statuses Available and Offline; INBOUND_CALLS and
 *   OUTBOUND_CALLS as asked. The built-in security profiles (admin/permissions.ts) need nothing stored;
 * - deleting an instance ends it whole: its contacts, agents' sessions and sockets go with it (the event lists the
 *   contacts still going so the shell can close their sockets). Access keys belong to the account: the deleted
 *   instance's keys move to another instance of the account (if it was the account's last, they go with it);
 * - an approved origin is a web origin (scheme://host[:port], http or https, no path); associating one twice is a
 *   ResourceConflict; disassociating one not associated is ResourceNotFound. At most 100 per instance.
 */

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
interface EventBase {
  instanceId: string;
  at: number;
}

/** The ids of what a new instance is created with (the shell makes them). */
export interface InstanceDefaultIds {
  queueId: string;
  hoursOfOperationId: string;
  routingProfileId: string;
  availableStatusId: string;
  offlineStatusId: string;
  /** The instance's Default chat widget (runs the sample inbound flow), made in the same decision. */
  widgetId: string;
}

/** What the chat widget every new instance has is called. */
export const DEFAULT_WIDGET_NAME = 'Default chat widget';

/** The Connect API's CreateInstance: a new instance with Amazon Connect's defaults. */
export interface CreateInstanceWithDefaults extends CommandBase {
  type: 'CreateInstanceWithDefaults';
  alias: string;
  region: string;
  accountId: string;
  tokenKey: string;
  identityManagementType: string;
  inboundCallsEnabled: boolean;
  outboundCallsEnabled: boolean;
  tags: Record<string, string>;
  ids: InstanceDefaultIds;
}
export interface DeleteInstance extends CommandBase {
  type: 'DeleteInstance';
}
export interface AssociateApprovedOrigin extends CommandBase {
  type: 'AssociateApprovedOrigin';
  origin: string;
}
export interface DisassociateApprovedOrigin extends CommandBase {
  type: 'DisassociateApprovedOrigin';
  origin: string;
}
export type InstanceAdminCommand = CreateInstanceWithDefaults | DeleteInstance | AssociateApprovedOrigin | DisassociateApprovedOrigin;

/** What CreateInstance records about the instance itself besides InstanceCreated. */
export interface InstanceSettingsRecorded extends EventBase {
  type: 'InstanceSettingsRecorded';
  identityManagementType: string;
  tags: Record<string, string>;
}
/** The instance is gone; `contactIds` are the contacts that were still going (their sockets close). */
export interface InstanceDeleted extends EventBase {
  type: 'InstanceDeleted';
  contactIds: string[];
}
export interface ApprovedOriginAssociated extends EventBase {
  type: 'ApprovedOriginAssociated';
  origin: string;
}
export interface ApprovedOriginDisassociated extends EventBase {
  type: 'ApprovedOriginDisassociated';
  origin: string;
}
export type InstanceAdminEvent = InstanceSettingsRecorded | InstanceDeleted | ApprovedOriginAssociated | ApprovedOriginDisassociated;

const INSTANCE_EVENTS = new Set(['InstanceSettingsRecorded', 'ApprovedOriginAssociated', 'ApprovedOriginDisassociated']);
/** The events applied to one instance (InstanceDeleted is applied to the state: evolve removes the instance). */
export function isInstanceAdminEvent(event: Event): event is Exclude<InstanceAdminEvent, InstanceDeleted> & Event {
  return INSTANCE_EVENTS.has(event.type);
}

export const IDENTITY_MANAGEMENT_TYPES = ['CONNECT_MANAGED'] as const;
export const MAX_APPROVED_ORIGINS = 100;
const ALIAS = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,43}[a-zA-Z0-9])?$/;

/** A web origin as a browser sends it: http(s)://host[:port], lower-case scheme and host, nothing after. */
export function checkOrigin(origin: string): string | undefined {
  const m = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:(\d{1,5}))?$/.exec(origin);
  if (!m) return `Origin ${origin} is not a web origin such as https://www.example.com (scheme and host in lower case, no path)`;
  if (m[4] !== undefined && (Number(m[4]) < 1 || Number(m[4]) > 65535)) return `Origin ${origin}: the port must be 1–65535`;
  return undefined;
}

/** Amazon Connect's "Basic Hours": open all day, every day. */
const allDay = (day: Weekday) => ({ day, startTime: { hours: 0, minutes: 0 }, endTime: { hours: 0, minutes: 0 } });

function createInstance(state: State, command: CreateInstanceWithDefaults): Decision {
  if (state.instances.has(command.instanceId)) return refused(reject('DuplicateResource', `instance ${command.instanceId} already exists`));
  if (!ALIAS.test(command.alias)) return refused(reject('InvalidParameter', 'InstanceAlias must be 1–45 letters, digits and hyphens, starting and ending with a letter or digit'));
  for (const other of state.instances.values()) {
    if (other.alias.toLowerCase() === command.alias.toLowerCase()) return refused(reject('DuplicateResource', `an instance with alias ${command.alias} already exists`));
  }
  if (!(IDENTITY_MANAGEMENT_TYPES as readonly string[]).includes(command.identityManagementType)) {
    return refused(reject('InvalidParameter', `IdentityManagementType ${command.identityManagementType} is not supported: Switchboard offers CONNECT_MANAGED`));
  }
  const tagProblem = checkTags(command.tags);
  if (tagProblem) return refused(reject('InvalidParameter', tagProblem));
  const at = command.now;
  const base = { instanceId: command.instanceId, at };
  const { ids } = command;
  const events: Event[] = [
    { type: 'InstanceCreated', ...base, alias: command.alias, region: command.region, accountId: command.accountId, tokenKey: command.tokenKey },
    { type: 'InstanceSettingsRecorded', ...base, identityManagementType: command.identityManagementType, tags: { ...command.tags } },
    ...INSTANCE_FLOWS.map((flow) => ({
      type: 'ContactFlowCreated' as const, ...base, flowId: flow.id, name: flow.name, flowType: flow.type, content: cloneJson(flow.content),
      description: flowDescription(flow), status: 'PUBLISHED' as const, tags: {},
    })),
    { type: 'AgentStatusCreated', ...base, agentStatusId: ids.availableStatusId, name: 'Available', statusType: 'ROUTABLE' },
    { type: 'AgentStatusCreated', ...base, agentStatusId: ids.offlineStatusId, name: 'Offline', statusType: 'OFFLINE' },
    { type: 'HoursOfOperationCreated', ...base, hoursOfOperationId: ids.hoursOfOperationId, name: 'Basic Hours', timeZone: 'UTC', config: WEEKDAYS.map(allDay), description: 'Basic Hours', tags: {} },
    { type: 'QueueCreated', ...base, queueId: ids.queueId, name: 'BasicQueue', description: 'A simple, basic voice queue.' },
    { type: 'QueueUpdated', ...base, queueId: ids.queueId, hoursOfOperationId: ids.hoursOfOperationId },
    { type: 'QueueDetailsUpdated', ...base, queueId: ids.queueId, status: 'ENABLED', tags: {} },
    {
      type: 'RoutingProfileCreated', ...base, routingProfileId: ids.routingProfileId, name: 'Basic Routing Profile', description: 'Basic Routing Profile',
      defaultOutboundQueueId: ids.queueId,
      mediaConcurrencies: [
        { channel: 'VOICE', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'CHAT', concurrency: 2, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
        { channel: 'TASK', concurrency: 1, crossChannelBehavior: 'ROUTE_CURRENT_CHANNEL_ONLY' },
      ],
      queues: (['VOICE', 'CHAT', 'TASK'] as const).map((channel) => ({ queueId: ids.queueId, channel, priority: 1, delaySeconds: 0 })),
      tags: {},
    },
    { type: 'InstanceAttributeUpdated', ...base, attributeType: 'INBOUND_CALLS', value: String(command.inboundCallsEnabled) },
    { type: 'InstanceAttributeUpdated', ...base, attributeType: 'OUTBOUND_CALLS', value: String(command.outboundCallsEnabled) },
    // A customer page can chat with the new instance at once: whatever its sample inbound flow becomes is what customers get.
    { type: 'ChatWidgetCreated', ...base, widgetId: ids.widgetId, name: DEFAULT_WIDGET_NAME, contactFlowId: SAMPLE_INBOUND_FLOW.id, approvedOrigins: [] },
  ];
  return accepted(events);
}

/** The contacts of an instance still going (not ended): what deleting the instance ends. */
function goingContacts(instance: Instance): string[] {
  return [...instance.contacts.values()].filter((c) => c.status !== 'ended').map((c) => c.id);
}

export function decideInstanceAdmin(state: State, command: InstanceAdminCommand): Decision {
  if (command.type === 'CreateInstanceWithDefaults') return createInstance(state, command);
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now };
  switch (command.type) {
    case 'DeleteInstance': {
      const events: Event[] = [];
      // The account keeps its keys: they move to another of its instances.
      const heir = [...state.instances.values()].find((i) => i.id !== instance.id && i.accountId === instance.accountId);
      if (heir) {
        for (const key of instance.accessKeys.values()) {
          if (!heir.accessKeys.has(key.accessKeyId)) events.push({ type: 'AccessKeyCreated', instanceId: heir.id, at: command.now, accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey });
        }
      }
      events.push({ type: 'InstanceDeleted', ...base, contactIds: goingContacts(instance) });
      return accepted(events);
    }
    case 'AssociateApprovedOrigin': {
      const problem = checkOrigin(command.origin);
      if (problem) return refused(reject('InvalidParameter', problem));
      const origins = instance.approvedOrigins ?? [];
      if (origins.includes(command.origin)) return refused(reject('ResourceConflict', `origin ${command.origin} is already approved`));
      if (origins.length >= MAX_APPROVED_ORIGINS) return refused(reject('QuotaExceeded', `an instance has at most ${MAX_APPROVED_ORIGINS} approved origins`));
      return accepted([{ type: 'ApprovedOriginAssociated', ...base, origin: command.origin }]);
    }
    case 'DisassociateApprovedOrigin':
      if (!(instance.approvedOrigins ?? []).includes(command.origin)) return refused(notFound('ApprovedOrigin', command.origin));
      return accepted([{ type: 'ApprovedOriginDisassociated', ...base, origin: command.origin }]);
  }
}

export function applyInstanceAdmin(instance: Instance, event: Exclude<InstanceAdminEvent, InstanceDeleted>): void {
  switch (event.type) {
    case 'InstanceSettingsRecorded':
      instance.identityManagementType = event.identityManagementType;
      instance.tags = { ...event.tags };
      return;
    case 'ApprovedOriginAssociated':
      instance.approvedOrigins = [...(instance.approvedOrigins ?? []), event.origin];
      return;
    case 'ApprovedOriginDisassociated':
      instance.approvedOrigins = (instance.approvedOrigins ?? []).filter((o) => o !== event.origin);
      return;
  }
}

/** Whether a page from `origin` may use the instance's chat (its approved origins; the widget adds its own). */
export function instanceApprovesOrigin(instance: Instance, origin: string): boolean {
  return (instance.approvedOrigins ?? []).includes(origin);
}

/**
 * Telephony as CreateInstance (or UpdateInstanceAttribute) set it: with INBOUND_CALLS "false" the instance
 * takes no inbound phone call (web calls are not phone calls), with OUTBOUND_CALLS "false" it places none.
 * Unset means on (instances made before CreateInstance take and place calls).
 */
export function telephonyOff(instance: Instance, direction: 'inbound' | 'outbound'): Rejection | undefined {
  const attribute = direction === 'inbound' ? 'INBOUND_CALLS' : 'OUTBOUND_CALLS';
  if (instance.attributes[attribute] !== 'false') return undefined;
  return reject('InvalidRequest', `${direction} calls are off on this instance (${attribute} is false)`, { rule: `${direction}-calls-off` });
}
