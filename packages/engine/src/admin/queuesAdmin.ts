import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * Queues through the Connect API (issue 18). Rules:
 * - queue names are unique per instance (DuplicateResource); the hours of operation and quick connects named
 *   must exist (ResourceNotFound); MaxContacts is a whole number, 0 or more;
 * - CreateQueue is one decision: the queue with its hours, capacity and quick connects, or nothing;
 * - a DISABLED queue takes no new contacts (a flow's TransferContactToQueue takes its error branch, as for a
 *   closed queue); the contacts already in it stay and are routed as before;
 * - OutboundCallerConfig: its OutboundFlowId must be an OUTBOUND_WHISPER flow of the instance (it plays to
 *   the customer who answers a call placed from the queue: flow/callMoments.ts); caller id name ≤ 255 chars.
 */

export type QueueStatus = 'ENABLED' | 'DISABLED';

/** A queue's OutboundCallerConfig (each part optional, as Connect's). */
export interface OutboundCaller {
  name?: string;
  numberId?: string;
  flowId?: string;
}

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
interface EventBase {
  instanceId: string;
  at: number;
}

/** The Connect API's CreateQueue: everything at once. */
export interface CreateQueueWithSettings extends CommandBase {
  type: 'CreateQueueWithSettings';
  queueId: string;
  name: string;
  description: string;
  hoursOfOperationId: string;
  maxContacts?: number;
  quickConnectIds: string[];
  tags: Record<string, string>;
  outboundCaller?: OutboundCaller;
}
export interface UpdateQueueName extends CommandBase {
  type: 'UpdateQueueName';
  queueId: string;
  name?: string;
  description?: string;
}
export interface UpdateQueueStatus extends CommandBase {
  type: 'UpdateQueueStatus';
  queueId: string;
  status: string;
}
export interface DisassociateQueueQuickConnects extends CommandBase {
  type: 'DisassociateQueueQuickConnects';
  queueId: string;
  quickConnectIds: string[];
}
/** UpdateQueueOutboundCallerConfig: the queue's config becomes exactly this. */
export interface UpdateQueueOutboundCaller extends CommandBase {
  type: 'UpdateQueueOutboundCaller';
  queueId: string;
  outboundCaller: OutboundCaller;
}
export type QueueAdminCommand = CreateQueueWithSettings | UpdateQueueName | UpdateQueueStatus | DisassociateQueueQuickConnects | UpdateQueueOutboundCaller;

/** What changed on a queue: its name and description, its status, its tags (each when given). */
export interface QueueDetailsUpdated extends EventBase {
  type: 'QueueDetailsUpdated';
  queueId: string;
  name?: string;
  description?: string;
  status?: QueueStatus;
  tags?: Record<string, string>;
  outboundCaller?: OutboundCaller;
}
export interface QueueQuickConnectsDisassociated extends EventBase {
  type: 'QueueQuickConnectsDisassociated';
  queueId: string;
  quickConnectIds: string[];
}
export type QueueAdminEvent = QueueDetailsUpdated | QueueQuickConnectsDisassociated;

export function isQueueAdminEvent(event: Event): event is QueueAdminEvent & Event {
  return event.type === 'QueueDetailsUpdated' || event.type === 'QueueQuickConnectsDisassociated';
}

/** Why an OutboundCallerConfig cannot be set, if it cannot. */
function badOutboundCaller(instance: Instance, config: OutboundCaller): ReturnType<typeof reject> | undefined {
  if (config.name !== undefined && config.name.length > 255) return reject('InvalidParameter', 'OutboundCallerIdName is at most 255 characters');
  if (config.numberId !== undefined && !instance.phoneNumbers?.has(config.numberId)) return notFound('PhoneNumber', config.numberId);
  if (config.flowId !== undefined) {
    const flow = instance.flows.get(config.flowId);
    if (!flow) return notFound('ContactFlow', config.flowId);
    if (flow.type !== 'OUTBOUND_WHISPER') return reject('InvalidParameter', `OutboundFlowId must be an OUTBOUND_WHISPER flow; ${flow.name} is ${flow.type || 'CONTACT_FLOW'}`);
  }
  return undefined;
}

function nameTaken(instance: Instance, name: string, except?: string): boolean {
  for (const q of instance.queues.values()) if (q.name === name && q.id !== except) return true;
  return false;
}

export function decideQueueAdmin(state: State, command: QueueAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now, queueId: command.queueId };
  if (command.type === 'CreateQueueWithSettings') {
    if (instance.queues.has(command.queueId)) return refused(reject('DuplicateResource', `queue ${command.queueId} already exists`));
    if (nameTaken(instance, command.name)) return refused(reject('DuplicateResource', `a queue named ${command.name} already exists`));
    if (!instance.hoursOfOperations.has(command.hoursOfOperationId)) return refused(notFound('HoursOfOperation', command.hoursOfOperationId));
    if (command.maxContacts !== undefined && (!Number.isInteger(command.maxContacts) || command.maxContacts < 0)) {
      return refused(reject('InvalidParameter', 'MaxContacts must be a whole number, 0 or more'));
    }
    for (const id of command.quickConnectIds) if (!instance.quickConnects.has(id)) return refused(notFound('QuickConnect', id));
    const badCaller = command.outboundCaller && badOutboundCaller(instance, command.outboundCaller);
    if (badCaller) return refused(badCaller);
    const events: Event[] = [
      { type: 'QueueCreated', ...base, name: command.name, description: command.description },
      {
        type: 'QueueUpdated', ...base, hoursOfOperationId: command.hoursOfOperationId,
        ...(command.maxContacts !== undefined ? { maxContacts: command.maxContacts } : {}),
      },
      { type: 'QueueDetailsUpdated', ...base, status: 'ENABLED', tags: command.tags, ...(command.outboundCaller ? { outboundCaller: command.outboundCaller } : {}) },
    ];
    if (command.quickConnectIds.length > 0) events.push({ type: 'QueueQuickConnectsAssociated', ...base, quickConnectIds: command.quickConnectIds });
    return accepted(events);
  }
  const queue = instance.queues.get(command.queueId);
  if (!queue) return refused(notFound('Queue', command.queueId));
  switch (command.type) {
    case 'UpdateQueueName':
      if (command.name === undefined && command.description === undefined) return refused(reject('InvalidRequest', 'give a Name or a Description'));
      if (command.name !== undefined && nameTaken(instance, command.name, queue.id)) return refused(reject('DuplicateResource', `a queue named ${command.name} already exists`));
      return accepted([{
        type: 'QueueDetailsUpdated', ...base,
        ...(command.name !== undefined ? { name: command.name } : {}), ...(command.description !== undefined ? { description: command.description } : {}),
      }]);
    case 'UpdateQueueStatus':
      if (command.status !== 'ENABLED' && command.status !== 'DISABLED') return refused(reject('InvalidParameter', `Status must be ENABLED or DISABLED, got ${command.status}`));
      return accepted([{ type: 'QueueDetailsUpdated', ...base, status: command.status }]);
    case 'DisassociateQueueQuickConnects':
      for (const id of command.quickConnectIds) if (!queue.quickConnectIds.includes(id)) return refused(notFound('QuickConnect', id));
      return accepted([{ type: 'QueueQuickConnectsDisassociated', ...base, quickConnectIds: command.quickConnectIds }]);
    case 'UpdateQueueOutboundCaller': {
      const bad = badOutboundCaller(instance, command.outboundCaller);
      if (bad) return refused(bad);
      return accepted([{ type: 'QueueDetailsUpdated', ...base, outboundCaller: command.outboundCaller }]);
    }
  }
}

export function applyQueueAdmin(instance: Instance, event: QueueAdminEvent): void {
  const queue = instance.queues.get(event.queueId);
  if (!queue) throw new Error(`event for unknown queue ${event.queueId}`);
  queue.lastModifiedAt = event.at;
  if (event.type === 'QueueQuickConnectsDisassociated') {
    queue.quickConnectIds = queue.quickConnectIds.filter((id) => !event.quickConnectIds.includes(id));
    return;
  }
  if (event.name !== undefined) queue.name = event.name;
  if (event.description !== undefined) queue.description = event.description;
  if (event.status !== undefined) queue.status = event.status;
  if (event.tags !== undefined) queue.tags = { ...event.tags };
  if (event.outboundCaller !== undefined) queue.outboundCaller = { ...event.outboundCaller };
}
