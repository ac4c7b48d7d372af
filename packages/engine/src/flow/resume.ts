import type { Command, FlowBotResult, FlowDigitsReceived, FlowLambdaResult, FlowPromptPlayed, FlowTimeout } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';
import { resumeFlowEvents, startFlowEvents, findFlow, instanceDefaultFlow } from './effects.ts';
import { idsFrom } from '../ids.ts';
import { chatEndedItem } from '../chat/items.ts';
import type { FlowContactView, FlowResume } from './interpreter.ts';
import { inputPromptId, iteratePlaybackId } from './run.ts';
import { answerId, contactAnswered, voiceFlowFollowUps } from './callMoments.ts';
export { inputPromptId, iteratePlaybackId };

/**
 * The shell answers what a flow run waits for, with a command: media played a prompt or collected
 * digits, a Lambda answered, a deadline passed. An answer to a wait the run is no longer in (it moved
 * on, or the contact ended) is refused as stale, so duplicate or late answers change nothing.
 */
type FlowAnswer = FlowPromptPlayed | FlowDigitsReceived | FlowLambdaResult | FlowTimeout | FlowBotResult;

export function decideFlowAnswer(state: State, command: FlowAnswer, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const named = findContact(instance, command.contactId);
  if (isRejection(named)) return refused(named);
  // Media reports to the call; the run waiting may be on another leg of it (flows on a call's legs).
  const contact = contactAnswered(instance, named, answerId(command));
  const wait = contact.flowRun?.waiting;
  const stale = (what: string) => refused(reject('InvalidRequest', `no flow on contact ${contact.id} waits for ${what}`, { rule: 'flow-answers-match-the-wait' }));
  if (!wait || contact.status === 'ended') return stale('anything');
  let resume: FlowResume;
  switch (command.type) {
    case 'FlowPromptPlayed':
      if (wait.kind === 'prompt' && wait.id === command.playbackId) resume = { kind: 'played', playbackId: command.playbackId };
      else if (wait.kind === 'iterate' && command.playbackId === iteratePlaybackId(wait.id, wait.played)) resume = { kind: 'played', playbackId: command.playbackId };
      // The question of GetParticipantInput finishing changes nothing in the engine (media starts the digit clock).
      else if (wait.kind === 'input' && command.playbackId === inputPromptId(wait.id)) return accepted([]);
      else return stale(`playback ${command.playbackId}`);
      break;
    case 'FlowDigitsReceived':
      if (wait.kind !== 'input' || wait.channel !== 'VOICE' || wait.id !== command.collectionId) return stale(`digits for ${command.collectionId}`);
      resume = { kind: 'digits', digits: command.digits, reason: command.reason };
      break;
    case 'FlowLambdaResult':
      if (wait.kind !== 'lambda' || wait.id !== command.requestId) return stale(`Lambda request ${command.requestId}`);
      resume = { kind: 'lambda', ok: command.ok, ...(command.result !== undefined ? { result: command.result } : {}), ...(command.error !== undefined ? { error: command.error } : {}) };
      break;
    case 'FlowBotResult':
      if (wait.kind !== 'bot' || wait.id !== command.requestId) return stale(`bot request ${command.requestId}`);
      resume = { kind: 'bot', ok: command.ok, ...(command.intentName !== undefined ? { intentName: command.intentName } : {}), ...(command.slots ? { slots: command.slots } : {}), ...(command.error !== undefined ? { error: command.error } : {}) };
      break;
    case 'FlowTimeout':
      if (wait.id !== command.waitId || !('deadline' in wait) || wait.deadline === undefined) return stale(`a deadline of ${command.waitId}`);
      if (command.now < wait.deadline) return stale(`a deadline of ${command.waitId} yet`);
      resume = { kind: 'timeout' };
      break;
  }
  return accepted(resumeFlowEvents(instance, contact, resume, command.now, ids));
}


/**
 * Flow moments that follow from other events (seed 003), run after a command's own events: a customer's
 * chat message answers a waiting GetParticipantInput (or ends a Wait for CustomerReturned); a contact
 * put in a queue starts its customer queue flow.
 */
export function flowFollowUps(state: State, command: Command, events: readonly Event[], round = 0): Event[] {
  const instance = state.instances.get(command.instanceId);
  if (!instance) return [];
  const out: Event[] = [];
  let ids: IdSource | undefined;
  const idSource = () => (ids ??= idsFrom(flowSeed(command.seed, round)));
  // Contacts a run was started on in this round (one run per contact).
  const busy = new Set<string>();
  for (const event of events) {
    // Flow moments on calls: disconnect, hold, outbound whisper, transfer, callback (flow/callMoments.ts).
    out.push(...voiceFlowFollowUps(instance, event, command.now, idSource, busy));
    if (event.type === 'MessageSent' && event.item.role === 'CUSTOMER') {
      const contact = instance.contacts.get(event.contactId);
      const wait = contact?.flowRun?.waiting;
      if (!contact || !wait || contact.status === 'ended') continue;
      // An agent whisper is not the customer's to answer: their messages go to the agent, not to it.
      if (contact.flowRun?.audience === 'agent') continue;
      if ((wait.kind === 'input' && wait.channel === 'CHAT') || (wait.kind === 'timer' && wait.events.includes('CustomerReturned'))) {
        out.push(...resumeFlowEvents(instance, contact, { kind: 'chatInput', text: event.item.content ?? '' }, command.now, idSource()));
      }
    }
    if (event.type === 'ParticipantLeft') {
      // The last agent left a chat whose flow set a disconnect flow: the customer stays and it runs (seed 003: DISCONNECT).
      const contact = instance.contacts.get(event.contactId);
      const hook = contact?.flowSettings?.eventHooks?.CustomerRemaining;
      // A chat whisper still running gives way (the disconnect flow's run replaces it).
      if (!contact || !hook || contact.status === 'ended' || contact.channel !== 'CHAT' || (contact.flowRun && !isWhisper(contact.flowRun.flowType))) continue;
      if ([...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected') || contact.invitations.some((i) => i.status === 'pending')) continue;
      if (!contact.participants.get(event.participantId)?.userId) continue;
      const flow = findFlow(instance, hook);
      if (flow) out.push(...startFlowEvents(instance, contact, flow, command.now, idSource(), 'customer', { queued: false, initiationMethod: 'DISCONNECT' }));
      else out.push({ type: 'ContactEnded', instanceId: instance.id, at: command.now, contactId: contact.id, reason: 'AGENT_DISCONNECT', item: chatEndedItem(idSource().next(), command.now) });
    }
    if (event.type === 'ContactAccepted' && !event.invitationId) {
      // Seed 003: an agent accepts a queued contact — the agent whisper to the agent, then the customer whisper to the customer.
      const contact = instance.contacts.get(event.contactId);
      if (contact && !contact.flowRun && !busy.has(contact.id) && whispersOn(contact, event.participant.id)) {
        busy.add(contact.id);
        out.push(...startWhispers(instance, contact, event.participant.id, command.now, idSource));
      }
    }
    if (event.type === 'FlowAdvanced' && !event.run && event.endedFlowType === 'AGENT_WHISPER') {
      const contact = instance.contacts.get(event.contactId);
      if (contact && !contact.flowRun && !busy.has(contact.id) && contact.status === 'connected' && whispersFollow(contact)) {
        busy.add(contact.id);
        out.push(...customerWhisper(instance, contact, command.now, idSource));
      }
    }
    if (event.type === 'ContactQueued') {
      const contact = instance.contacts.get(event.contactId);
      if (!contact || contact.status !== 'queued' || contact.flowRun || contact.initiationMethod === 'CALLBACK') continue;
      const flow = customerQueueFlow(instance, contact);
      if (flow) out.push(...startFlowEvents(instance, contact, flow, command.now, idSource()));
    }
  }
  return out;
}

/**
 * The customer queue flow of a queued contact: the one its flow set (UpdateContactEventHooks
 * CustomerQueue), else the default — which only plays on a call whose prompts media plays (a chat
 * has nothing to show from it, and a call without media nothing to hear).
 */
function customerQueueFlow(instance: Instance, contact: Contact) {
  const hook = contact.flowSettings?.eventHooks?.CustomerQueue;
  if (hook) return findFlow(instance, hook);
  if (contact.channel === 'VOICE' && contact.media) return instanceDefaultFlow(instance, 'CUSTOMER_QUEUE');
  return undefined;
}

const WHISPER_TYPES: ReadonlySet<string> = new Set(['AGENT_WHISPER', 'CUSTOMER_WHISPER']);
const isWhisper = (flowType: string) => WHISPER_TYPES.has(flowType);

/**
 * Do whispers run when this agent (participant) accepts the contact? On a call's first contact, yes —
 * with media or without (without, their prompts end at once, as every flow's do, and their logic runs);
 * a leg's and a callback's call are flow/callMoments.ts's. On a chat, only when the agent took it from
 * its queue (not a transfer: Connect runs no whisper then) and its flow set a whisper with Set whisper
 * flow (UpdateContactEventHooks AgentWhisper / CustomerWhisper): Connect's chats have no default whisper.
 */
function whispersOn(contact: Contact, participantId: string): boolean {
  if (contact.channel === 'VOICE') return contact.initialContactId === undefined;
  if (contact.channel !== 'CHAT' || contact.status !== 'connected') return false;
  const leg = contact.legs.at(-1);
  if (leg?.participantId !== participantId || leg.via !== 'queue') return false;
  const hooks = contact.flowSettings?.eventHooks ?? {};
  return hooks.AgentWhisper !== undefined || hooks.CustomerWhisper !== undefined;
}

/** After an agent whisper, does the customer whisper follow? (A callback's customer hears the outbound whisper instead: flow/callMoments.ts.) */
function whispersFollow(contact: Contact): boolean {
  if (contact.channel === 'VOICE') return contact.initialContactId === undefined && contact.initiationMethod !== 'CALLBACK';
  // A chat: while an agent is still in it (an agent who left stopped their whisper; no customer whisper then).
  return contact.channel === 'CHAT' && [...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected');
}

/** The whisper flow of a kind for this contact: a call's hook, else the default of its type; a chat's hook only (no default whisper on chats). */
function whisperFlow(instance: Instance, contact: Contact, hook: 'AgentWhisper' | 'CustomerWhisper') {
  if (contact.channel === 'CHAT') {
    const id = contact.flowSettings?.eventHooks?.[hook];
    return id ? findFlow(instance, id) : undefined;
  }
  return hookOrDefault(instance, contact, hook, hook === 'AgentWhisper' ? 'AGENT_WHISPER' : 'CUSTOMER_WHISPER');
}

/** On a chat, the customer (the customer whisper's messages are for their eyes only). */
const chatCustomer = (contact: Contact) => [...contact.participants.values()].find((p) => p.role === 'CUSTOMER' && p.state === 'connected')?.id;

/**
 * The agent whisper, for the agent who accepted (on a chat its messages show to them alone); if it ends
 * at once without a record of its run, the customer whisper follows in the same round, seeing what the
 * agent whisper set (attributes, working queue). One that waits, or ends leaving a record (a log, settings),
 * hands over when its FlowAdvanced comes round.
 */
function startWhispers(instance: Instance, contact: Contact, agentParticipantId: string, at: number, ids: () => IdSource): Event[] {
  const flow = whisperFlow(instance, contact, 'AgentWhisper');
  const events = flow ? startFlowEvents(instance, contact, flow, at, ids(), 'agent', {}, contact.channel === 'CHAT' ? agentParticipantId : undefined) : [];
  if (events.some((e) => e.type === 'FlowAdvanced' || e.type === 'ContactEnded') || !whispersFollow(contact)) return events;
  const attributes = { ...contact.attributes };
  let targetQueueId = contact.targetQueueId;
  for (const e of events) {
    if (e.type === 'ContactAttributesUpdated') Object.assign(attributes, e.attributes);
    if (e.type === 'ContactTargetQueueSet') targetQueueId = e.queueId;
  }
  return [...events, ...customerWhisper(instance, contact, at, ids, { attributes, ...(targetQueueId !== undefined ? { targetQueueId } : {}) })];
}

function customerWhisper(instance: Instance, contact: Contact, at: number, ids: () => IdSource, view: Partial<FlowContactView> = {}): Event[] {
  const flow = whisperFlow(instance, contact, 'CustomerWhisper');
  if (!flow) return [];
  const customer = contact.channel === 'CHAT' ? chatCustomer(contact) : undefined;
  if (contact.channel === 'CHAT' && customer === undefined) return [];
  return startFlowEvents(instance, contact, flow, at, ids(), 'customer', view, customer);
}

/** The flow an event hook names, else the instance's default flow of its type. */
function hookOrDefault(instance: Instance, contact: Contact, hook: string, type: string) {
  const id = contact.flowSettings?.eventHooks?.[hook];
  return (id ? findFlow(instance, id) : undefined) ?? instanceDefaultFlow(instance, type);
}

/** Rounds of follow-ups one command may set off (a flow's effects starting another flow, and so on). */
export const FLOW_ROUNDS = 4;

/** Ids for follow-ups come from the command's seed, moved (per round) so they never meet the ids the command's own decision made. */
export function flowSeed(seed: string, round = 0): string {
  const group = (parseInt(seed.slice(9, 13), 16) ^ (0xf10e + round)).toString(16).padStart(4, '0');
  return `${seed.slice(0, 9)}${group}${seed.slice(13)}`;
}
