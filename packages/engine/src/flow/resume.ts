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
import type { FlowResume } from './interpreter.ts';
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
      if ((wait.kind === 'input' && wait.channel === 'CHAT') || (wait.kind === 'timer' && wait.events.includes('CustomerReturned'))) {
        out.push(...resumeFlowEvents(instance, contact, { kind: 'chatInput', text: event.item.content ?? '' }, command.now, idSource()));
      }
    }
    if (event.type === 'ParticipantLeft') {
      // The last agent left a chat whose flow set a disconnect flow: the customer stays and it runs (seed 003: DISCONNECT).
      const contact = instance.contacts.get(event.contactId);
      const hook = contact?.flowSettings?.eventHooks?.CustomerRemaining;
      if (!contact || !hook || contact.status === 'ended' || contact.channel !== 'CHAT' || contact.flowRun) continue;
      if ([...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected') || contact.invitations.some((i) => i.status === 'pending')) continue;
      if (!contact.participants.get(event.participantId)?.userId) continue;
      const flow = findFlow(instance, hook);
      if (flow) out.push(...startFlowEvents(instance, contact, flow, command.now, idSource(), 'customer', { queued: false, initiationMethod: 'DISCONNECT' }));
      else out.push({ type: 'ContactEnded', instanceId: instance.id, at: command.now, contactId: contact.id, reason: 'AGENT_DISCONNECT', item: chatEndedItem(idSource().next(), command.now) });
    }
    if (event.type === 'ContactAccepted' && !event.invitationId) {
      // Seed 003: an agent accepts a queued call — the agent whisper plays to the agent, then the customer whisper to the caller.
      const contact = instance.contacts.get(event.contactId);
      if (contact && whispers(contact) && !contact.flowRun) {
        const flow = hookOrDefault(instance, contact, 'AgentWhisper', 'AGENT_WHISPER');
        if (flow) out.push(...startFlowEvents(instance, contact, flow, command.now, idSource(), 'agent'));
        if (contact.initiationMethod !== 'CALLBACK' && !instance.contacts.get(event.contactId)?.flowRun && !out.some((e) => e.type === 'FlowAdvanced' && e.contactId === contact.id && e.run)) {
          const customer = hookOrDefault(instance, contact, 'CustomerWhisper', 'CUSTOMER_WHISPER');
          if (customer) out.push(...startFlowEvents(instance, contact, customer, command.now, idSource(), 'customer'));
        }
      }
    }
    if (event.type === 'FlowAdvanced' && !event.run && event.endedFlowType === 'AGENT_WHISPER') {
      const contact = instance.contacts.get(event.contactId);
      if (contact && whispers(contact) && !contact.flowRun && contact.status === 'connected' && contact.initiationMethod !== 'CALLBACK') {
        const customer = hookOrDefault(instance, contact, 'CustomerWhisper', 'CUSTOMER_WHISPER');
        if (customer) out.push(...startFlowEvents(instance, contact, customer, command.now, idSource(), 'customer'));
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

/** Whispers play on calls whose prompts media plays (a chat's whispers need a Set whisper flow block: not run here); a leg's are flow/callMoments.ts's. */
const whispers = (contact: Contact) => contact.channel === 'VOICE' && contact.media === true && contact.initialContactId === undefined;

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
