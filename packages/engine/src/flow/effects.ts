import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Channel, FlowDocument } from '../model/instance.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';
import type { FlowRun } from './run.ts';
import { advance, newRun, type Advance, type FlowContactView, type FlowResume, type FlowWorld, type RunnableFlow } from './interpreter.ts';
import { defaultFlow, defaultFlowOfType } from './defaults.ts';
import { contactsInQueue, isOpen, queueAdmission } from '../queue/hours.ts';
import { routingDelays } from '../routing/route.ts';
import { chatEndedItem, systemMessage } from '../chat/items.ts';
import { reject, type Rejection } from '../rejection.ts';
import { callFlowEndEvents, callbackEvents } from './callEffects.ts';
import { lambdaAssociated } from '../admin/lambdaFunctions.ts';

const lastSegment = (ref: string) => (ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);

/** A flow of the instance (or one of our default flows) by id or ARN; a module's `:$LATEST` / alias suffix is ignored. */
export function findFlow(instance: Instance, ref: string): RunnableFlow | undefined {
  const id = lastSegment(ref).split(':')[0]!;
  const flow = instance.flows.get(id);
  if (flow) return { id: flow.id, name: flow.name, type: flow.type, content: flow.content };
  return defaultFlow(id);
}

/**
 * The instance's default flow of a type (Connect: what runs where no flow of that type is set): the
 * instance's own, as edited, else (an instance created before it held them) our built-in one.
 */
export function instanceDefaultFlow(instance: Instance, type: string): RunnableFlow | undefined {
  const builtIn = defaultFlowOfType(type);
  return builtIn ? findFlow(instance, builtIn.id) : undefined;
}

/** Flow types a contact may start with (StartChatContact, StartVoiceContact, …): inbound flows. */
export const INBOUND_FLOW_TYPES: ReadonlySet<string> = new Set(['CONTACT_FLOW', '']);

/** A contact starts only with an inbound flow (CONTACT_FLOW); another type is refused (flow types are checked where a flow is used). */
export function checkInboundFlowType(flow: { id: string; type: string }): Rejection | undefined {
  if (INBOUND_FLOW_TYPES.has(flow.type)) return undefined;
  return reject('InvalidRequest', `flow ${flow.id} is a ${flow.type} flow; a contact starts with a CONTACT_FLOW flow`, { rule: 'contacts-start-with-inbound-flows' });
}

/** What a new contact looks like to its flow before its ContactInitiated event is applied. */
export interface NewContactRun {
  contactId: string;
  channel: Channel;
  attributes: Record<string, string>;
  customerName: string;
  at: number;
  initiationMethod?: string;
  customerAddress?: string;
  systemAddress?: string;
  media?: boolean;
  /** A task's name and description ($.Name, $.Description). */
  name?: string;
  description?: string;
}

/** The view of an existing contact. */
export function contactView(contact: Contact): FlowContactView {
  const s = contact.flowSettings ?? {};
  return {
    contactId: contact.id,
    initialContactId: contact.initialContactId ?? contact.id,
    ...(contact.previousContactId !== undefined ? { previousContactId: contact.previousContactId } : {}),
    channel: contact.channel,
    initiationMethod: contact.initiationMethod,
    attributes: { ...contact.attributes },
    customerName: contact.customerDisplayName,
    ...(contact.channel === 'VOICE' ? { customerAddress: contact.call?.parties.find((p) => p.kind === 'customer')?.phoneNumber ?? contact.customerDisplayName } : {}),
    ...(contact.systemAddress !== undefined ? { systemAddress: contact.systemAddress } : {}),
    ...(contact.targetQueueId !== undefined ? { targetQueueId: contact.targetQueueId } : {}),
    // In a queue, or with an agent: Transfer to queue fails. A chat whose agents all left (a disconnect flow runs) may be queued again.
    queued: contact.status === 'queued' || (contact.status === 'connected' && [...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected')),
    media: contact.media === true,
    // A task's $.Name and $.Description are its own (StartTaskContact) until UpdateContactData changes them.
    ...((s.name ?? contact.task?.name) !== undefined ? { name: (s.name ?? contact.task?.name)! } : {}),
    ...((s.description ?? contact.task?.description) !== undefined ? { description: (s.description ?? contact.task?.description)! } : {}),
    ...(s.customerId !== undefined ? { customerId: s.customerId } : {}),
    ...(s.tags !== undefined ? { tags: { ...s.tags } } : {}),
    ...(s.languageCode !== undefined ? { languageCode: s.languageCode } : {}),
    ...(s.voice !== undefined ? { voice: s.voice.name } : {}),
    ...(s.callbackNumber !== undefined ? { callbackNumber: s.callbackNumber } : {}),
  };
}

/** The world a flow sees: the instance's flows, queues, hours and live queue metrics, at `at`. */
export function flowWorld(instance: Instance, view: FlowContactView, at: number): FlowWorld {
  return {
    now: at,
    instanceArn: instance.arn,
    contact: view,
    flow: (ref) => findFlow(instance, ref),
    lambdaAssociated: (ref) => lambdaAssociated(instance, ref),
    queue: (ref) => {
      const q = instance.queues.get(lastSegment(ref)) ?? [...instance.queues.values()].find((x) => x.name === ref);
      return q ? { id: q.id, arn: q.arn, name: q.name } : undefined;
    },
    admission: (queueId) => queueAdmission(instance, instance.queues.get(queueId)!, at),
    hoursOpen: (ref) => {
      const hours = instance.hoursOfOperations.get(lastSegment(ref));
      return hours ? isOpen(hours, at) : undefined;
    },
    queueHours: (queueId) => instance.queues.get(queueId)?.hoursOfOperationId,
    metric: (queueId, metric) => queueMetric(instance, queueId, metric, at),
  };
}

/** CheckMetricData's metrics, read from the engine's own state. */
export function queueMetric(instance: Instance, queueId: string, metric: string, at: number): number | undefined {
  const waiting = () => contactsInQueue(instance, queueId);
  const channels = (userRoutingProfile: string) => instance.routingProfiles.get(userRoutingProfile)?.queues.some((q) => q.queueId === queueId) ?? false;
  const agents = () => [...instance.users.values()].filter((u) => channels(u.routingProfileId));
  const statusType = (statusId: string) => instance.agentStatuses.get(statusId)?.type;
  switch (metric) {
    case 'NumberOfContactsInQueue': return waiting().length;
    case 'OldestContactInQueueAgeSeconds': {
      const oldest = Math.min(...waiting().map((c) => c.enqueuedAt ?? at));
      return Number.isFinite(oldest) ? Math.max(0, Math.floor((at - oldest) / 1000)) : 0;
    }
    case 'NumberOfAgentsOnline':
      return agents().filter((u) => statusType(u.statusId) !== 'OFFLINE').length;
    case 'NumberOfAgentsStaffed':
      return agents().filter((u) => statusType(u.statusId) !== 'OFFLINE' || u.contacts.size > 0).length;
    case 'NumberOfAgentsAvailable':
      return agents().filter((u) => statusType(u.statusId) === 'ROUTABLE' && u.contacts.size === 0 && u.presence === 'present').length;
    default: return undefined;
  }
}

/**
 * Starts a flow on a new contact and turns what it does into events: prompts (chat: system messages),
 * attributes, the working queue, enqueueing, disconnecting, and — when the run has to wait, or left a
 * log or settings — one FlowAdvanced event recording the run.
 */
export function flowEvents(instance: Instance, content: FlowDocument, start: NewContactRun & { flowId?: string; flowType?: string }, ids: IdSource): Event[] {
  const view: FlowContactView = {
    contactId: start.contactId, initialContactId: start.contactId, channel: start.channel, initiationMethod: start.initiationMethod ?? (start.channel === 'VOICE' ? 'INBOUND' : 'API'),
    attributes: { ...start.attributes }, customerName: start.customerName,
    ...(start.customerAddress !== undefined ? { customerAddress: start.customerAddress } : {}),
    ...(start.systemAddress !== undefined ? { systemAddress: start.systemAddress } : {}),
    queued: false, media: start.media === true,
    ...(start.name !== undefined ? { name: start.name } : {}),
    ...(start.description !== undefined ? { description: start.description } : {}),
  };
  const flow: RunnableFlow = start.flowId && instance.flows.has(start.flowId)
    ? findFlow(instance, start.flowId)!
    : { id: start.flowId ?? 'inline', name: '', type: start.flowType ?? 'CONTACT_FLOW', content };
  const world = flowWorld(instance, view, start.at);
  if (!instance.flows.has(flow.id)) world.flow = ((base) => (ref: string) => (ref === flow.id ? flow : base(ref)))(world.flow);
  const run = newRun(ids.next(), flow);
  return advanceEvents(instance, world, undefined, advance(world, run), ids, run.flowType);
}

/** Starts a flow on an existing contact (a hook flow: customer queue, disconnect, …). */
export function startFlowEvents(instance: Instance, contact: Contact, flow: RunnableFlow, at: number, ids: IdSource, audience: 'customer' | 'agent' = 'customer', view: Partial<FlowContactView> = {}, partyId?: string): Event[] {
  const world = flowWorld(instance, { ...contactView(contact), ...view }, at);
  const run = newRun(ids.next(), flow, audience);
  if (contact.flowSettings?.flowLogging) run.logging = true;
  if (partyId !== undefined) run.partyId = partyId;
  if (view.initiationMethod !== undefined) run.initiationMethod = view.initiationMethod;
  return advanceEvents(instance, world, contact.flowRun, advance(world, run), ids, run.flowType, chatAudience(contact, run));
}

/** On a chat, the one participant a run speaks to (a whisper's), whose eyes alone its messages are for; else everyone's. */
const chatAudience = (contact: Contact, run: FlowRun) => (contact.channel === 'CHAT' ? run.partyId : undefined);

/** Resumes the run waiting on a contact with the world's answer. */
export function resumeFlowEvents(instance: Instance, contact: Contact, resume: FlowResume, at: number, ids: IdSource): Event[] {
  const run = contact.flowRun!;
  const world = flowWorld(instance, { ...contactView(contact), ...(run.initiationMethod !== undefined ? { initiationMethod: run.initiationMethod } : {}) }, at);
  return advanceEvents(instance, world, run, advance(world, run, resume), ids, run.flowType, chatAudience(contact, run));
}

/** The events of one step of a run: its effects, then FlowAdvanced if the run's record changes. */
function advanceEvents(instance: Instance, world: FlowWorld, before: FlowRun | undefined, result: Advance, ids: IdSource, flowType: string, to?: string): Event[] {
  const at = world.now;
  const contactId = world.contact.contactId;
  const channel = world.contact.channel;
  const base = { instanceId: instance.id, at, contactId };
  const events: Event[] = [];
  let settings;
  for (const effect of result.effects) {
    switch (effect.kind) {
      case 'message':
        if (channel === 'CHAT') events.push({ type: 'MessageSent', ...base, item: systemMessage(ids.next(), at, effect.text, to) });
        break;
      case 'setAttributes':
        events.push({ type: 'ContactAttributesUpdated', ...base, attributes: effect.attributes });
        break;
      case 'setQueue':
        events.push({ type: 'ContactTargetQueueSet', ...base, queueId: effect.queueId });
        break;
      case 'enqueue': {
        // A transfer leg already waits in that queue (the quick connect put it there): its transfer flow confirms it.
        const waiting = instance.contacts.get(contactId);
        if (waiting?.status === 'queued' && waiting.queueId === effect.queueId) break;
        const delays = routingDelays(instance, effect.queueId, channel);
        events.push({ type: 'ContactQueued', ...base, queueId: effect.queueId, ...(delays.length > 0 ? { routeAt: delays.map((d) => at + d * 1000) } : {}) });
        break;
      }
      case 'settings':
        settings = effect.settings;
        break;
      case 'callback':
        events.push(...callbackEvents(instance, world.contact, effect, at, ids));
        break;
      case 'disconnect':
      case 'end':
        break;
    }
  }
  const ends = result.ended === 'disconnect' || (result.ended === 'end' && endsContact(flowType));
  if (result.run || before || result.log.length > 0 || settings) {
    events.push({
      type: 'FlowAdvanced', ...base, run: result.run ?? null,
      ...(result.log.length > 0 ? { log: result.log } : {}), ...(settings ? { settings } : {}),
      ...(!result.run ? { endedFlowType: flowType } : {}),
    });
  }
  const call = channel === 'VOICE' ? instance.contacts.get(world.contact.initialContactId)?.call : undefined;
  if (call && call.endedAt === undefined && (result.ended === 'disconnect' || ends)) {
    // A flow on a live call (a disconnect flow, a transfer flow on a leg): calls.ts says what its ending does.
    events.push(...callFlowEndEvents(instance, call, contactId, flowType, at));
  } else if (ends) {
    if (channel === 'VOICE') {
      events.push({ type: 'CallEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT' });
      events.push({ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT' });
    } else {
      events.push({ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT', ...(channel === 'CHAT' ? { item: chatEndedItem(ids.next(), at) } : {}) });
    }
  }
  return events;
}

/**
 * Does a flow of this type end the contact when it ends without queueing it? An inbound, transfer or
 * disconnect flow does (nothing more can happen to the contact); a customer queue flow leaves the
 * contact in its queue, a whisper or hold flow leaves the call as it is.
 */
export function endsContact(flowType: string): boolean {
  return !['CUSTOMER_QUEUE', 'CUSTOMER_HOLD', 'AGENT_HOLD', 'CUSTOMER_WHISPER', 'AGENT_WHISPER', 'OUTBOUND_WHISPER', 'AGENT_TRANSFER', 'QUEUE_TRANSFER', 'MODULE'].includes(flowType);
}
