import type { Event } from '../events.ts';
import type { CallParty, VoiceCall } from '../model/call.ts';
import type { Instance } from '../state.ts';
import { applyToCall } from './applyToCall.ts';
import { callShouldEnd } from './call.ts';
import { disconnectFlowTakesOver } from '../flow/callMoments.ts';

/** The disconnect reason a party's leaving records (contact-record values). */
export function leaveReason(party: CallParty, byAgent: boolean): string {
  if (byAgent) return 'AGENT_DISCONNECT';
  return party.kind === 'customer' ? 'CUSTOMER_DISCONNECT' : party.kind === 'agent' ? 'AGENT_DISCONNECT' : 'THIRD_PARTY_DISCONNECT';
}

/**
 * A party leaves the call. Its leg ends (an agent goes to after contact work; the first contact is the
 * primary agent's leg). Parties the leaving agent had put on hold come off hold — when the adding agent
 * leaves a consult, the caller and the new party go on talking (seed 003 "End call"). Three-party:
 * control passes to the remaining agent. If the end rule says so, the whole call ends and every contact
 * of its chain still open ends with it.
 */
export function leaveEvents(instance: Instance, call: VoiceCall, party: CallParty, reason: string, at: number, by?: string): Event[] {
  const base = { instanceId: instance.id, at, contactId: call.id };
  const resumed = party.kind === 'agent' ? call.parties.filter((p) => p.state === 'hold' && p.heldBy === party.id).map((p) => p.id) : [];
  let controllerPartyId: string | undefined;
  if (call.controllerPartyId === party.id) {
    const next = call.parties.find((p) => p.kind === 'agent' && p.id !== party.id && p.state !== 'disconnected' && p.state !== 'connecting')
      ?? call.parties.find((p) => p.kind === 'agent' && p.id !== party.id && p.state !== 'disconnected');
    controllerPartyId = next?.id;
  }
  const left: Event = {
    type: 'CallPartyLeft', ...base, partyId: party.id, reason, resumed,
    ...(by !== undefined ? { by } : {}), ...(controllerPartyId !== undefined ? { controllerPartyId } : {}),
  };
  const events: Event[] = [left];
  const ended = new Set<string>();
  const after: VoiceCall = { ...call, parties: call.parties.map((p) => ({ ...p })), chain: [...call.chain] };
  applyToCall(after, left as Extract<Event, { type: 'CallPartyLeft' }>);
  // Seed 003 DISCONNECT: the last agent left the caller and the contact's flow set a disconnect flow —
  // the agent's part ends, the contact and the call go on with that flow (flow/callMoments.ts starts it).
  if (callShouldEnd(after) && disconnectFlowTakesOver(instance, after, party)) {
    events.push({ type: 'CallAgentLeft', instanceId: instance.id, at, contactId: party.legContactId, userId: party.userId!, participantId: party.id });
    return events;
  }
  if (party.kind !== 'customer' && instance.contacts.get(party.legContactId)?.status !== 'ended') {
    events.push({ type: 'ContactEnded', instanceId: instance.id, at, contactId: party.legContactId, reason });
    ended.add(party.legContactId);
  }
  if (callShouldEnd(after)) events.push(...endCallEvents(instance, call, reason, at, ended));
  return events;
}

/** The call ends: CallEnded, then ContactEnded for every contact of the chain still open. */
export function endCallEvents(instance: Instance, call: VoiceCall, reason: string, at: number, alreadyEnded: ReadonlySet<string> = new Set()): Event[] {
  const events: Event[] = [{ type: 'CallEnded', instanceId: instance.id, at, contactId: call.id, reason }];
  for (const contactId of call.chain) {
    if (alreadyEnded.has(contactId) || instance.contacts.get(contactId)?.status === 'ended') continue;
    events.push({ type: 'ContactEnded', instanceId: instance.id, at, contactId, reason });
  }
  return events;
}
