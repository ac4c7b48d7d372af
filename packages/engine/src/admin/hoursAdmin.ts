import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { HoursOfOperation } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { checkHours } from './setup.ts';

/**
 * Hours of operation through the Connect API (issue 18): UpdateHoursOfOperation (what is given replaces
 * what was; the queues using the hours open and close by the new ones at once) and DeleteHoursOfOperation,
 * refused while a queue uses the hours (Conflict, rule hours-in-use: the shell answers ResourceInUseException).
 * Names are unique per instance (DuplicateResource).
 */

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}
export interface UpdateHoursOfOperation extends CommandBase {
  type: 'UpdateHoursOfOperation';
  hoursOfOperationId: string;
  name?: string;
  description?: string;
  timeZone?: string;
  config?: HoursOfOperation['config'];
}
export interface DeleteHoursOfOperation extends CommandBase {
  type: 'DeleteHoursOfOperation';
  hoursOfOperationId: string;
}
export type HoursAdminCommand = UpdateHoursOfOperation | DeleteHoursOfOperation;

interface EventBase {
  instanceId: string;
  at: number;
  hoursOfOperationId: string;
}
export interface HoursOfOperationUpdated extends EventBase {
  type: 'HoursOfOperationUpdated';
  name: string;
  description: string;
  timeZone: string;
  config: HoursOfOperation['config'];
}
export interface HoursOfOperationDeleted extends EventBase {
  type: 'HoursOfOperationDeleted';
}
export type HoursAdminEvent = HoursOfOperationUpdated | HoursOfOperationDeleted;

export function isHoursAdminEvent(event: Event): event is HoursAdminEvent & Event {
  return event.type === 'HoursOfOperationUpdated' || event.type === 'HoursOfOperationDeleted';
}

/** The queues that use the hours. */
export function hoursUsers(instance: Instance, hoursOfOperationId: string): string[] {
  const users: string[] = [];
  for (const q of instance.queues.values()) if (q.hoursOfOperationId === hoursOfOperationId) users.push(q.name);
  return users;
}

export function decideHoursAdmin(state: State, command: HoursAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const hours = instance.hoursOfOperations.get(command.hoursOfOperationId);
  if (!hours) return refused(notFound('HoursOfOperation', command.hoursOfOperationId));
  const base = { instanceId: instance.id, at: command.now, hoursOfOperationId: hours.id };
  if (command.type === 'DeleteHoursOfOperation') {
    const users = hoursUsers(instance, hours.id);
    if (users.length > 0) return refused(reject('Conflict', `the hours ${hours.name} are used by queue(s) ${users.join(', ')}`, { rule: 'hours-in-use' }));
    return accepted([{ type: 'HoursOfOperationDeleted', ...base }]);
  }
  const next = {
    name: command.name ?? hours.name, description: command.description ?? hours.description ?? '',
    timeZone: command.timeZone ?? hours.timeZone, config: command.config ?? hours.config,
  };
  for (const other of instance.hoursOfOperations.values()) {
    if (other.id !== hours.id && other.name === next.name) return refused(reject('DuplicateResource', `hours of operation named ${next.name} already exist`));
  }
  const problem = checkHours(next);
  if (problem) return refused(reject('InvalidParameter', problem));
  return accepted([{
    type: 'HoursOfOperationUpdated', ...base, ...next,
    config: next.config.map((c) => ({ day: c.day, startTime: { ...c.startTime }, endTime: { ...c.endTime } })),
  }]);
}

export function applyHoursAdmin(instance: Instance, event: HoursAdminEvent): void {
  if (event.type === 'HoursOfOperationDeleted') {
    instance.hoursOfOperations.delete(event.hoursOfOperationId);
    return;
  }
  const hours = instance.hoursOfOperations.get(event.hoursOfOperationId);
  if (!hours) throw new Error(`event for unknown hours ${event.hoursOfOperationId}`);
  hours.name = event.name;
  hours.description = event.description;
  hours.timeZone = event.timeZone;
  hours.config = event.config.map((c) => ({ day: c.day, startTime: { ...c.startTime }, endTime: { ...c.endTime } }));
  hours.lastModifiedAt = event.at;
}
