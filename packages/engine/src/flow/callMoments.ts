import type { FlowBotResult, FlowDigitsReceived, FlowLambdaResult, FlowPromptPlayed, FlowTimeout } from '../commands.ts';
import type { CallAgentLeft, CallPartyAdded, ContactAccepted, Event, FlowAdvanced } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { CallParty, VoiceCall } from '../model/call.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';
import type { FlowContactView, RunnableFlow } from './interpreter.ts';
import { callModeOf, callOf, partyById } from '../voice/call.ts';
import { findFlow, instanceDefaultFlow, resumeFlowEvents, startFlowEvents } from './effects.ts';

/**
 * Flow moments on calls (seed 003), beyond the inbound ones (flow/resume.ts): the disconnect flow when
 * the last agent leaves the caller, hold flows for held callers and agents, the outbound whisper when a
 * dialled customer answers, transfer flows and the destination's whispers on a quick connect's leg, and
 * a callback's call when its agent accepts it. Every flow here runs on one contact of the call — the
 * first, or a leg — and speaks to one party of it (`run.partyId`); media plays them all (callFlowMedia).
 */

const HOLD_FLOW_TYPES: ReadonlySet<string> = new Set(['CUSTOMER_HOLD', 'AGENT_HOLD']);
const present = (p: CallParty | undefined): p is CallParty => p !== undefined && p.state !== 'disconnected';

type FlowAnswer = FlowPromptPlayed | FlowDigitsReceived | FlowLambdaResult | FlowTimeout | FlowBotResult;

/** The id an answer names: the playback, collection, request or wait. */
export function answerId(command: FlowAnswer): string {
  switch (command.type) {
    case 'FlowPromptPlayed': return command.playbackId;
    case 'FlowDigitsReceived': return command.collectionId;
    case 'FlowLambdaResult':
    case 'FlowBotResult': return command.requestId;
    case 'FlowTimeout': return command.waitId;
  }
}

/**
 * The contact whose run an answer is for: the named one when its run waits on that id; else, on a
 * call, the contact of the call (first or leg) whose run does — media reports to the call.
 */
export function contactAnswered(instance: Instance, contact: Contact, id: string): Contact {
  const waitsOn = (c: Contact) => {
    const wait = c.flowRun?.waiting;
    return wait !== undefined && c.status !== 'ended' && (id === wait.id || id.startsWith(`${wait.id}:`));
  };
  if (waitsOn(contact) || contact.channel !== 'VOICE') return contact;
  const call = callOf(instance, contact);
  for (const contactId of call?.chain ?? []) {
    const other = instance.contacts.get(contactId);
    if (other && waitsOn(other)) return other;
  }
  return contact;
}

/** A hook the contact's flows set (on the contact, else on the call's first contact). */
function hookOf(instance: Instance, contact: Contact, hook: string): string | undefined {
  const first = instance.contacts.get(contact.initialContactId ?? contact.id);
  return contact.flowSettings?.eventHooks?.[hook] ?? first?.flowSettings?.eventHooks?.[hook];
}

function hookOrDefault(instance: Instance, contact: Contact, hook: string, type: string): RunnableFlow | undefined {
  const id = hookOf(instance, contact, hook);
  return (id ? findFlow(instance, id) : undefined) ?? instanceDefaultFlow(instance, type);
}

/**
 * Seed 003 DISCONNECT on a call: does the disconnect flow take over when this agent leaves? Yes when
 * the contact's flow set one (UpdateContactEventHooks CustomerRemaining), the caller is still on the
 * call and no other agent is. (voice/leave.ts asks, before it would end the call.)
 */
export function disconnectFlowTakesOver(instance: Instance, after: VoiceCall, party: CallParty): boolean {
  if (party.kind !== 'agent' || !party.userId || party.state === 'connecting') return false;
  const leg = instance.contacts.get(party.legContactId);
  if (!leg || leg.status === 'ended' || leg.channel !== 'VOICE' || leg.flowRun) return false;
  const hook = hookOf(instance, leg, 'CustomerRemaining');
  if (!hook || !findFlow(instance, hook)) return false;
  const stay = after.parties.filter((p) => p.state !== 'disconnected');
  return stay.some((p) => p.kind === 'customer') && !stay.some((p) => p.kind === 'agent');
}

/** The follow-ups of one event on a call. `busy` holds contacts a run was started on in this round. */
export function voiceFlowFollowUps(instance: Instance, event: Event, at: number, ids: () => IdSource, busy: Set<string>): Event[] {
  const out: Event[] = [];
  const start: Start = (contact, flow, audience, partyId, view = {}) => {
    if (!flow || busy.has(contact.id)) return;
    busy.add(contact.id);
    out.push(...startFlowEvents(instance, contact, flow, at, ids(), audience, view, partyId));
  };
  switch (event.type) {
    case 'CallAgentLeft':
      disconnectFlow(instance, event, start);
      break;
    case 'CallPartyAdded':
      transferFlow(instance, event, start);
      break;
    case 'ContactAccepted':
      accepted(instance, event, at, ids, start, out);
      break;
    case 'FlowAdvanced':
      whisperEnded(instance, event, start);
      break;
    case 'CallPartyStateChanged': {
      // A dialled customer answers an agent's call or a callback: the outbound whisper plays to them first.
      const contact = instance.contacts.get(event.contactId);
      const party = contact?.call?.parties.find((p) => p.id === event.partyId);
      if (contact && party?.kind === 'customer' && event.state === 'connected' && event.by === undefined && !contact.flowRun) outboundWhisper(instance, contact, party, start);
      break;
    }
    default:
      break;
  }
  if (event.type === 'CallPartyStateChanged' || event.type === 'CallPartyAdded' || event.type === 'CallJoined' || event.type === 'CallPartyLeft') {
    const contact = instance.contacts.get(event.contactId);
    const call = contact && callOf(instance, contact);
    if (call) out.push(...holdFlows(instance, call, at, ids, busy, start));
  }
  return out;
}

/** Starts a flow on a contact of the call, speaking to one party (once per contact and round). */
type Start = (contact: Contact, flow: RunnableFlow | undefined, audience: 'customer' | 'agent', partyId: string, view?: Partial<FlowContactView>) => void;

/** The last agent left the caller: the disconnect flow runs for the caller on the agent's contact (its InitiationMethod DISCONNECT). */
function disconnectFlow(instance: Instance, event: CallAgentLeft, start: Start): void {
  const contact = instance.contacts.get(event.contactId);
  const call = contact && callOf(instance, contact);
  const caller = call?.parties.find((p) => p.kind === 'customer' && p.state !== 'disconnected');
  const hook = contact && hookOf(instance, contact, 'CustomerRemaining');
  if (!contact || !caller || !hook) return;
  start(contact, findFlow(instance, hook), 'customer', caller.id, { initiationMethod: 'DISCONNECT', queued: false });
}

/**
 * Seed 003 TRANSFER: an agent or queue quick connect brought a new agent leg — its transfer flow runs
 * on the leg for the agent who used it (the quick connect's flow, else the default agent or queue
 * transfer flow), with the quick connect's queue as its working queue. A transferring agent who already
 * left hears nothing: the flow's prompts do not wait.
 */
function transferFlow(instance: Instance, event: CallPartyAdded, start: Start): void {
  const qc = event.leg.quickConnect;
  if (!qc || qc.type === 'PHONE_NUMBER' || event.leg.queueId === undefined) return;
  const leg = instance.contacts.get(event.leg.contactId);
  const first = instance.contacts.get(event.contactId);
  if (!leg || !first?.call || leg.status === 'ended') return;
  const type = qc.type === 'USER' ? 'AGENT_TRANSFER' : 'QUEUE_TRANSFER';
  const named = instance.quickConnects.get(qc.id)?.contactFlowId;
  const flow = named ? findFlow(instance, named) : undefined;
  // The flow type is checked where a flow is used: a quick connect's flow of another type is not run; the default is.
  const chosen = flow && (flow.type === type || flow.type === '') ? flow : instanceDefaultFlow(instance, type);
  const source = partyById(first.call, event.by);
  start(leg, chosen, 'agent', event.by, { queued: false, targetQueueId: event.leg.queueId, media: first.media === true && present(source) });
}

/**
 * An agent accepted a voice contact that is not the caller's first (those whispers are flow/resume.ts's):
 * a callback's call starts — the agent on it, the customer dialled — and a transfer leg's agent whisper
 * plays to the destination agent.
 */
function accepted(instance: Instance, event: ContactAccepted, at: number, ids: () => IdSource, start: Start, out: Event[]): void {
  if (event.invitationId) return;
  const contact = instance.contacts.get(event.contactId);
  if (!contact || contact.channel !== 'VOICE' || contact.status === 'ended') return;
  if (contact.initiationMethod === 'CALLBACK' && !contact.call) {
    // Seed 003 CALLBACK: the agent is on the call at once; the customer's phone rings (the phone simulator shows the outbound leg).
    out.push({
      type: 'CallStarted', instanceId: instance.id, at, contactId: contact.id, mode: callModeOf(instance),
      parties: [
        { id: event.participant.id, kind: 'agent', userId: event.userId, displayName: event.participant.displayName, legContactId: contact.id, state: 'connected', muted: false, since: at },
        { id: ids().next(), kind: 'customer', phoneNumber: contact.customerDisplayName, displayName: contact.customerDisplayName, legContactId: contact.id, state: 'connecting', muted: false, since: at },
      ],
    });
    return;
  }
  const first = contact.initialContactId ? instance.contacts.get(contact.initialContactId) : undefined;
  if (!first?.call || !first.media || contact.initiationMethod !== 'TRANSFER') return;
  const agent = first.call.parties.find((p) => p.legContactId === contact.id && p.kind === 'agent' && p.state === 'connected');
  if (!agent) return;
  // The transfer flow (if still running) gives way: the destination agent hears their whisper.
  start(contact, hookOrDefault(instance, contact, 'AgentWhisper', 'AGENT_WHISPER'), 'agent', agent.id);
}

/**
 * An agent whisper ended. On a transfer leg, the customer whisper plays to the agent who transferred
 * (seed 003: "a Customer whisper flow is played to source agent"); on a callback whose customer has
 * answered, the outbound whisper plays to them.
 */
function whisperEnded(instance: Instance, event: FlowAdvanced, start: Start): void {
  if (event.run || event.endedFlowType !== 'AGENT_WHISPER') return;
  const contact = instance.contacts.get(event.contactId);
  if (!contact || contact.status === 'ended' || contact.flowRun) return;
  if (contact.initiationMethod === 'CALLBACK') {
    const customer = contact.call?.parties.find((p) => p.kind === 'customer' && p.state === 'connected');
    if (customer) outboundWhisper(instance, contact, customer, start);
    return;
  }
  const first = contact.initialContactId ? instance.contacts.get(contact.initialContactId) : undefined;
  if (!first?.call || contact.initiationMethod !== 'TRANSFER') return;
  const agent = first.call.parties.find((p) => p.legContactId === contact.id && p.kind === 'agent');
  const source = agent?.addedBy ? partyById(first.call, agent.addedBy) : undefined;
  if (!source || source.state !== 'connected') return;
  start(contact, hookOrDefault(instance, contact, 'CustomerWhisper', 'CUSTOMER_WHISPER'), 'agent', source.id);
}

/**
 * Seed 003 OUTBOUND and CALLBACK: the outbound whisper plays to the customer who answered — the flow a
 * callback named (CreateCallbackContact ContactFlowId), else the one its queue's OutboundCallerConfig names
 * (an agent's call is placed from their routing profile's default outbound queue), else the instance's
 * Default outbound. A callback's agent whisper comes first: if it still plays, the outbound whisper waits.
 */
function outboundWhisper(instance: Instance, contact: Contact, customer: CallParty, start: Start): void {
  if (contact.initiationMethod !== 'OUTBOUND' && contact.initiationMethod !== 'CALLBACK') return;
  if (contact.status === 'ended' || contact.flowRun) return;
  const whisper = (id: string | undefined) => {
    const flow = id ? findFlow(instance, id) : undefined;
    return flow?.type === 'OUTBOUND_WHISPER' ? flow : undefined;
  };
  const queueId = contact.queueId ?? contact.targetQueueId;
  const queueFlowId = queueId !== undefined ? instance.queues.get(queueId)?.outboundCaller?.flowId : undefined;
  const flow = whisper(contact.flowId) ?? whisper(queueFlowId) ?? instanceDefaultFlow(instance, 'OUTBOUND_WHISPER');
  start(contact, flow, 'customer', customer.id);
}

/**
 * Hold flows follow who is on hold: a held caller hears the CustomerHold hook's flow (with no hook, the
 * plan's hold music: our default customer hold); a held agent hears the AgentHold hook's flow, else the
 * Default agent hold. Each runs on the held party's own contact, when no other flow runs there. A hold
 * flow whose party is no longer on hold stops, and so does any flow whose party has left.
 */
function holdFlows(instance: Instance, call: VoiceCall, at: number, ids: () => IdSource, busy: Set<string>, start: Start): Event[] {
  const first = instance.contacts.get(call.id);
  const out: Event[] = [];
  if (!first?.media || call.endedAt !== undefined) return out;
  for (const contactId of call.chain) {
    const contact = instance.contacts.get(contactId);
    const run = contact?.flowRun;
    if (!contact || !run || contact.status === 'ended' || busy.has(contact.id)) continue;
    const party = run.partyId !== undefined ? partyById(call, run.partyId) : undefined;
    const gone = run.partyId !== undefined && !present(party);
    const holdOver = HOLD_FLOW_TYPES.has(run.flowType) && (run.partyId !== undefined ? party?.state !== 'hold' : call.parties.find((p) => p.kind === 'customer')?.state !== 'hold');
    if (gone || holdOver) {
      busy.add(contact.id);
      out.push(...resumeFlowEvents(instance, contact, { kind: 'stop' }, at, ids()));
    }
  }
  for (const party of call.parties) {
    if (party.state !== 'hold' || party.kind === 'external') continue;
    const contact = instance.contacts.get(party.legContactId);
    if (!contact || contact.status === 'ended' || contact.flowRun) continue;
    if (party.kind === 'customer') {
      const hook = hookOf(instance, contact, 'CustomerHold');
      if (hook) start(contact, findFlow(instance, hook), 'customer', party.id);
    } else {
      start(contact, hookOrDefault(instance, contact, 'AgentHold', 'AGENT_HOLD'), 'agent', party.id);
    }
  }
  return out;
}
