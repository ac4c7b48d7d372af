import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { QuickConnectType } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';

/**
 * Quick connects, queues and routing profiles changed or deleted through the Connect API (issue 18):
 * UpdateQuickConnectName, UpdateQuickConnectConfig, DeleteQuickConnect, DeleteQueue, DeleteRoutingProfile. Rules:
 * - quick connect names are unique per instance (DuplicateResource); a new configuration names a user, queue
 *   or flow that exists (ResourceNotFound) or an E.164 number (InvalidParameter); deleting a quick connect takes
 *   it off every queue it was associated with (agents no longer see it);
 * - a queue cannot be deleted while a routing profile routes from it or calls out through it, a quick connect
 *   transfers to it, or a contact waits in it or is connected from it (Conflict, rule queue-in-use →
 *   ResourceInUseException);
 * - a routing profile cannot be deleted while a user has it (Conflict, rule routing-profile-in-use).
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

export interface UpdateQuickConnectName extends CommandBase {
  type: 'UpdateQuickConnectName';
  quickConnectId: string;
  name?: string;
  description?: string;
}
export interface UpdateQuickConnectConfig extends CommandBase {
  type: 'UpdateQuickConnectConfig';
  quickConnectId: string;
  quickConnectType: QuickConnectType;
  userId?: string;
  queueId?: string;
  phoneNumber?: string;
  contactFlowId?: string;
}
export interface DeleteQuickConnect extends CommandBase {
  type: 'DeleteQuickConnect';
  quickConnectId: string;
}
export interface DeleteQueue extends CommandBase {
  type: 'DeleteQueue';
  queueId: string;
}
export interface DeleteRoutingProfile extends CommandBase {
  type: 'DeleteRoutingProfile';
  routingProfileId: string;
}
export type ResourceAdminCommand = UpdateQuickConnectName | UpdateQuickConnectConfig | DeleteQuickConnect | DeleteQueue | DeleteRoutingProfile;

/** A quick connect as it is now (name, description and destination), replacing what it was. */
export interface QuickConnectSaved extends EventBase {
  type: 'QuickConnectSaved';
  quickConnectId: string;
  name: string;
  description: string;
  quickConnectType: QuickConnectType;
  userId?: string;
  queueId?: string;
  phoneNumber?: string;
  contactFlowId?: string;
}
export interface QuickConnectDeleted extends EventBase {
  type: 'QuickConnectDeleted';
  quickConnectId: string;
}
export interface QueueDeleted extends EventBase {
  type: 'QueueDeleted';
  queueId: string;
}
export interface RoutingProfileDeleted extends EventBase {
  type: 'RoutingProfileDeleted';
  routingProfileId: string;
}
export type ResourceAdminEvent = QuickConnectSaved | QuickConnectDeleted | QueueDeleted | RoutingProfileDeleted;

const COMMANDS: ReadonlySet<string> = new Set<ResourceAdminCommand['type']>(['UpdateQuickConnectName', 'UpdateQuickConnectConfig', 'DeleteQuickConnect', 'DeleteQueue', 'DeleteRoutingProfile']);
const EVENTS: ReadonlySet<string> = new Set<ResourceAdminEvent['type']>(['QuickConnectSaved', 'QuickConnectDeleted', 'QueueDeleted', 'RoutingProfileDeleted']);

export function isResourceAdminCommand(command: { type: string }): command is ResourceAdminCommand {
  return COMMANDS.has(command.type);
}
export function isResourceAdminEvent(event: Event): event is ResourceAdminEvent & Event {
  return EVENTS.has(event.type);
}

/** What keeps a queue from being deleted. */
export function queueUsers(instance: Instance, queueId: string): string[] {
  const users: string[] = [];
  for (const p of instance.routingProfiles.values()) {
    if (p.queues.some((q) => q.queueId === queueId) || p.defaultOutboundQueueId === queueId) users.push(`routing profile ${p.name}`);
  }
  for (const q of instance.quickConnects.values()) if (q.type === 'QUEUE' && q.queueId === queueId) users.push(`quick connect ${q.name}`);
  let contacts = 0;
  for (const c of instance.contacts.values()) if (c.status !== 'ended' && (c.queueId === queueId || c.targetQueueId === queueId)) contacts++;
  if (contacts > 0) users.push(`${contacts} contact(s) in progress`);
  return users;
}

function checkDestination(instance: Instance, c: Pick<UpdateQuickConnectConfig, 'quickConnectType' | 'userId' | 'queueId' | 'phoneNumber' | 'contactFlowId'>): Rejection | undefined {
  if (c.quickConnectType === 'USER' && (!c.userId || !instance.users.has(c.userId))) return notFound('User', c.userId ?? '(none)');
  if (c.quickConnectType === 'QUEUE' && (!c.queueId || !instance.queues.has(c.queueId))) return notFound('Queue', c.queueId ?? '(none)');
  if (c.quickConnectType === 'PHONE_NUMBER' && !/^\+[1-9]\d{1,14}$/.test(c.phoneNumber ?? '')) return reject('InvalidParameter', 'PhoneNumber must be in E.164 format, e.g. +14155550100');
  if (c.quickConnectType !== 'PHONE_NUMBER' && (c.contactFlowId === undefined || !instance.flows.has(c.contactFlowId))) return notFound('ContactFlow', c.contactFlowId ?? '(none)');
  return undefined;
}

export function decideResourceAdmin(state: State, command: ResourceAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const base = { instanceId: instance.id, at: command.now };
  switch (command.type) {
    case 'DeleteQueue': {
      const queue = instance.queues.get(command.queueId);
      if (!queue) return refused(notFound('Queue', command.queueId));
      const users = queueUsers(instance, queue.id);
      if (users.length > 0) return refused(reject('Conflict', `queue ${queue.name} is used by ${users.slice(0, 5).join(', ')}`, { rule: 'queue-in-use' }));
      return accepted([{ type: 'QueueDeleted', ...base, queueId: queue.id }]);
    }
    case 'DeleteRoutingProfile': {
      const profile = instance.routingProfiles.get(command.routingProfileId);
      if (!profile) return refused(notFound('RoutingProfile', command.routingProfileId));
      const users = [...instance.users.values()].filter((u) => u.routingProfileId === profile.id).map((u) => u.username);
      if (users.length > 0) return refused(reject('Conflict', `routing profile ${profile.name} is the profile of user(s) ${users.slice(0, 5).join(', ')}`, { rule: 'routing-profile-in-use' }));
      return accepted([{ type: 'RoutingProfileDeleted', ...base, routingProfileId: profile.id }]);
    }
    default:
  }
  const q = instance.quickConnects.get(command.quickConnectId);
  if (!q) return refused(notFound('QuickConnect', command.quickConnectId));
  if (command.type === 'DeleteQuickConnect') return accepted([{ type: 'QuickConnectDeleted', ...base, quickConnectId: q.id }]);
  const current = {
    quickConnectType: q.type,
    ...(q.userId !== undefined ? { userId: q.userId } : {}),
    ...(q.queueId !== undefined ? { queueId: q.queueId } : {}),
    ...(q.phoneNumber !== undefined ? { phoneNumber: q.phoneNumber } : {}),
    ...(q.contactFlowId !== undefined ? { contactFlowId: q.contactFlowId } : {}),
  };
  if (command.type === 'UpdateQuickConnectName') {
    const name = command.name ?? q.name;
    if (name.length < 1 || name.length > 127) return refused(reject('InvalidParameter', 'Name is 1–127 characters'));
    if ((command.description?.length ?? 0) > 250) return refused(reject('InvalidParameter', 'Description is at most 250 characters'));
    if ([...instance.quickConnects.values()].some((o) => o.id !== q.id && o.name === name)) return refused(reject('DuplicateResource', `a quick connect named ${name} already exists`));
    return accepted([{ type: 'QuickConnectSaved', ...base, quickConnectId: q.id, name, description: command.description ?? q.description, ...current }]);
  }
  const next = {
    quickConnectType: command.quickConnectType,
    ...(command.quickConnectType === 'USER' && command.userId !== undefined ? { userId: command.userId } : {}),
    ...(command.quickConnectType === 'QUEUE' && command.queueId !== undefined ? { queueId: command.queueId } : {}),
    ...(command.quickConnectType === 'PHONE_NUMBER' && command.phoneNumber !== undefined ? { phoneNumber: command.phoneNumber } : {}),
    ...(command.quickConnectType !== 'PHONE_NUMBER' && command.contactFlowId !== undefined ? { contactFlowId: command.contactFlowId } : {}),
  };
  const problem = checkDestination(instance, next);
  if (problem) return refused(problem);
  return accepted([{ type: 'QuickConnectSaved', ...base, quickConnectId: q.id, name: q.name, description: q.description, ...next }]);
}

export function applyResourceAdmin(instance: Instance, event: ResourceAdminEvent): void {
  switch (event.type) {
    case 'QuickConnectSaved': {
      const old = instance.quickConnects.get(event.quickConnectId);
      if (!old) throw new Error(`event for unknown quick connect ${event.quickConnectId}`);
      instance.quickConnects.set(old.id, {
        id: old.id, arn: old.arn, name: event.name, description: event.description, type: event.quickConnectType, lastModifiedAt: event.at,
        ...(event.userId !== undefined ? { userId: event.userId } : {}),
        ...(event.queueId !== undefined ? { queueId: event.queueId } : {}),
        ...(event.phoneNumber !== undefined ? { phoneNumber: event.phoneNumber } : {}),
        ...(event.contactFlowId !== undefined ? { contactFlowId: event.contactFlowId } : {}),
      });
      return;
    }
    case 'QuickConnectDeleted':
      instance.quickConnects.delete(event.quickConnectId);
      for (const queue of instance.queues.values()) {
        if (queue.quickConnectIds.includes(event.quickConnectId)) queue.quickConnectIds = queue.quickConnectIds.filter((id) => id !== event.quickConnectId);
      }
      return;
    case 'QueueDeleted':
      instance.queues.delete(event.queueId);
      return;
    case 'RoutingProfileDeleted':
      instance.routingProfiles.delete(event.routingProfileId);
  }
}
