import type { CompleteTask, StartScheduledTask, StartTaskContact } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { TaskDetails, TaskReference } from '../model/contact.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { checkInboundFlowType, findFlow, flowEvents, startFlowEvents } from '../flow/effects.ts';
import { routingDelays } from '../routing/route.ts';

/** StartTaskContact's documented limits (Connect API reference). */
export const TASK_LIMITS = {
  nameChars: 512,
  descriptionChars: 4096,
  referenceValueChars: 4096,
  references: 25,
  /** ScheduledTime: not in the past, at most 6 days ahead. */
  scheduleAheadMs: 6 * 86_400_000,
  /** A task is active for up to 7 days (after its flow starts), then it expires. */
  activeMs: 7 * 86_400_000,
} as const;

export const TASK_REFERENCE_TYPES: readonly TaskReference['type'][] = ['URL', 'ATTACHMENT', 'NUMBER', 'STRING', 'DATE', 'EMAIL'];

/** Why a task's fields are not valid (InvalidParameterException), or undefined. */
export function checkTaskFields(command: Pick<StartTaskContact, 'name' | 'description' | 'references' | 'scheduledAt' | 'now'>): Rejection | undefined {
  const bad = (message: string) => reject('InvalidParameter', message, { rule: 'task-fields-are-valid' });
  if (command.name.trim() === '' || command.name.length > TASK_LIMITS.nameChars) return bad(`Name must be 1–${TASK_LIMITS.nameChars} characters`);
  if (command.description !== undefined && command.description.length > TASK_LIMITS.descriptionChars) return bad(`Description must be at most ${TASK_LIMITS.descriptionChars} characters`);
  const refs = Object.entries(command.references);
  if (refs.length > TASK_LIMITS.references) return bad(`at most ${TASK_LIMITS.references} References`);
  for (const [key, ref] of refs) {
    if (key.trim() === '' || key.length > TASK_LIMITS.referenceValueChars) return bad('a reference name must be 1–4096 characters');
    if (!TASK_REFERENCE_TYPES.includes(ref.type)) return bad(`reference ${key}: Type must be one of ${TASK_REFERENCE_TYPES.join(', ')}`);
    if (ref.value.length > TASK_LIMITS.referenceValueChars) return bad(`reference ${key}: Value must be at most ${TASK_LIMITS.referenceValueChars} characters`);
    const problem = referenceProblem(ref);
    if (problem) return bad(`reference ${key}: ${problem}`);
  }
  if (command.scheduledAt !== undefined) {
    if (!Number.isFinite(command.scheduledAt) || command.scheduledAt < command.now - 60_000) return bad('ScheduledTime cannot be in the past');
    if (command.scheduledAt > command.now + TASK_LIMITS.scheduleAheadMs) return bad('ScheduledTime must be within 6 days');
  }
  return undefined;
}

function referenceProblem(ref: TaskReference): string | undefined {
  switch (ref.type) {
    case 'URL': return /^https?:\/\/[^\s/?#@]+(?:[/?#][^\s]*)?$/i.test(ref.value) ? undefined : 'a URL reference must be an absolute http or https URL';
    case 'NUMBER': return ref.value.trim() !== '' && Number.isFinite(Number(ref.value)) ? undefined : 'a NUMBER reference must be a number';
    case 'EMAIL': return /^[^@\s]+@[^@\s]+$/.test(ref.value) ? undefined : 'an EMAIL reference must be an email address';
    case 'DATE': return Number.isNaN(Date.parse(ref.value)) ? 'a DATE reference must be a date (ISO 8601)' : undefined;
    case 'ATTACHMENT': return 'ATTACHMENT references need an uploaded attachment, which tasks do not take yet';
    default: return undefined;
  }
}

/**
 * StartTaskContact: a TASK contact (InitiationMethod API) whose flow runs now — it queues the task like
 * any contact — or, with a ScheduledTime in the future, at that time (a deadline the shell fires).
 * A QUEUE quick connect puts the task straight into its queue.
 */
export function decideStartTask(state: State, command: StartTaskContact, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const given = [command.contactFlowId, command.quickConnectId].filter((x) => x !== undefined).length;
  if (given !== 1) return refused(reject('InvalidRequest', 'give exactly one of ContactFlowId and QuickConnectId', { rule: 'a-task-names-one-flow' }));
  const problem = checkTaskFields(command);
  if (problem) return refused(problem);
  if (instance.contacts.has(command.contactId)) return refused(reject('DuplicateResource', `contact ${command.contactId} already exists`));
  let flowId: string;
  let queueId: string | undefined;
  if (command.contactFlowId !== undefined) {
    const flow = instance.flows.get(command.contactFlowId);
    if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
    const wrongType = checkInboundFlowType(flow);
    if (wrongType) return refused(wrongType);
    flowId = flow.id;
  } else {
    const qc = instance.quickConnects.get(command.quickConnectId!);
    if (!qc) return refused(notFound('QuickConnect', command.quickConnectId!));
    if (qc.type !== 'QUEUE' || !qc.queueId) {
      return refused(reject('InvalidRequest', `quick connect ${qc.id} is a ${qc.type} quick connect; a task takes a QUEUE quick connect`, { rule: 'tasks-take-queue-quick-connects' }));
    }
    // (The quick connect's own flow is a transfer flow, for contacts already going on: a new task goes straight to its queue.)
    flowId = '';
    queueId = qc.queueId;
  }
  for (const id of [command.previousContactId, command.relatedContactId]) {
    if (id !== undefined && !instance.contacts.has(id)) return refused(notFound('Contact', id));
  }
  // RelatedContactId: the related contact's attributes are copied to the new task (its own attributes win).
  const related = command.relatedContactId !== undefined ? instance.contacts.get(command.relatedContactId)!.attributes : {};
  const attributes = { ...related, ...command.attributes };
  const at = command.now;
  const scheduled = command.scheduledAt !== undefined && command.scheduledAt > at ? command.scheduledAt : undefined;
  const task: TaskDetails = {
    name: command.name, references: command.references,
    ...(command.description !== undefined ? { description: command.description } : {}),
    ...(scheduled !== undefined ? { scheduledAt: scheduled } : {}),
  };
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  const events: Event[] = [{
    type: 'ContactInitiated', ...base, channel: 'TASK', initiationMethod: 'API', flowId, attributes, customerDisplayName: command.name,
    expiresAt: (scheduled ?? at) + TASK_LIMITS.activeMs, task,
    ...(command.relatedContactId !== undefined ? { relatedContactId: command.relatedContactId } : {}),
    ...(command.previousContactId !== undefined ? { previousContactId: command.previousContactId } : {}),
  }];
  if (queueId !== undefined) events.push({ type: 'ContactTargetQueueSet', ...base, queueId });
  if (scheduled !== undefined) return accepted(events);
  if (queueId !== undefined) {
    const delays = routingDelays(instance, queueId, 'TASK');
    events.push(
      { type: 'ContactQueued', ...base, queueId, ...(delays.length > 0 ? { routeAt: delays.map((d) => at + d * 1000) } : {}) },
    );
    return accepted(events);
  }
  const flow = instance.flows.get(flowId)!;
  events.push(...flowEvents(instance, flow.content, { contactId: command.contactId, channel: 'TASK', attributes, customerName: command.name, name: command.name, ...(command.description !== undefined ? { description: command.description } : {}), at, initiationMethod: 'API', flowId }, ids));
  return accepted(events);
}

/** A scheduled task's time came: its flow runs now (once; a late or repeated timer is refused as stale). */
export function decideStartScheduledTask(state: State, command: StartScheduledTask, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  const at = contact.task?.scheduledAt;
  if (contact.channel !== 'TASK' || at === undefined || !isWaitingForSchedule(contact)) {
    return refused(reject('Conflict', `task ${contact.id} is not waiting for its scheduled time`, { rule: 'stale-timer' }));
  }
  if (command.now < at) return refused(reject('Conflict', 'the task\'s scheduled time has not come yet', { rule: 'stale-timer' }));
  const base = { instanceId: instance.id, at: command.now, contactId: contact.id };
  const flow = contact.flowId ? findFlow(instance, contact.flowId) : undefined;
  if (!flow) {
    // Scheduled through a quick connect without a flow: straight into the quick connect's queue.
    const queueId = contact.targetQueueId;
    if (!queueId) return accepted([{ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT' }]);
    const delays = routingDelays(instance, queueId, 'TASK');
    return accepted([{ type: 'ContactQueued', ...base, queueId, ...(delays.length > 0 ? { routeAt: delays.map((d) => command.now + d * 1000) } : {}) }]);
  }
  return accepted(startFlowEvents(instance, contact, flow, command.now, ids, 'customer', { initiationMethod: 'API' }));
}

/** A task waits for its ScheduledTime while no flow has run on it: not queued, not ended, no run. */
export function isWaitingForSchedule(contact: { channel: string; status: string; flowRun?: unknown; task?: TaskDetails; queueId?: string }): boolean {
  return contact.channel === 'TASK' && contact.task?.scheduledAt !== undefined && contact.status === 'in_flow' && contact.flowRun === undefined && contact.queueId === undefined;
}

/** The agent on a task completes it (the CCP's "End task"): the task ends and the agent goes to after contact work. */
export function decideCompleteTask(state: State, command: CompleteTask): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  if (contact.channel !== 'TASK') return refused(reject('InvalidRequest', `contact ${contact.id} is not a task`, { rule: 'only-tasks-are-completed' }));
  if (user.contacts.get(contact.id)?.state !== 'connected' || contact.status === 'ended') {
    return refused(reject('AccessDenied', `you are not connected to task ${contact.id}`, { rule: 'only-the-agent-on-a-task-completes-it' }));
  }
  return accepted([{ type: 'ContactEnded', instanceId: instance.id, at: command.now, contactId: contact.id, reason: 'AGENT_DISCONNECT' }]);
}
