import type { Contact } from '../model/contact.ts';
import type { CallMode, CallParty, VoiceCall } from '../model/call.ts';
import type { Instance } from '../state.ts';

/** Seed 000: by default a call has at most three parties — the agent, the caller and one more. */
export const MAX_THREE_PARTY_CALL = 3;
/** Seed 000: with multi-party calls on, up to six — the agent, the caller and four more. */
export const MAX_MULTI_PARTY_CALL = 6;

/** MULTI_PARTY_CONFERENCE = "true" (UpdateInstanceAttribute) turns multi-party calls on; off by default. */
export function callModeOf(instance: Instance): CallMode {
  return (instance.attributes.MULTI_PARTY_CONFERENCE ?? '').toLowerCase() === 'true' ? 'multi-party' : 'three-party';
}

export function maxParties(call: VoiceCall): number {
  return call.mode === 'multi-party' ? MAX_MULTI_PARTY_CALL : MAX_THREE_PARTY_CALL;
}

/** The call a voice contact belongs to: it lives on the chain's first contact. */
export function callOf(instance: Instance, contact: Contact): VoiceCall | undefined {
  if (contact.channel !== 'VOICE') return undefined;
  return instance.contacts.get(contact.initialContactId ?? contact.id)?.call;
}

/** Parties still on the call (connecting, connected or on hold). */
export function presentParties(call: VoiceCall): CallParty[] {
  return call.parties.filter((p) => p.state !== 'disconnected');
}

export function partyById(call: VoiceCall, partyId: string): CallParty | undefined {
  return call.parties.find((p) => p.id === partyId);
}

/** The agent's party on the call, if they are on it. */
export function agentParty(call: VoiceCall, userId: string): CallParty | undefined {
  return call.parties.find((p) => p.kind === 'agent' && p.userId === userId && p.state !== 'disconnected');
}

export function callerParty(call: VoiceCall): CallParty | undefined {
  return call.parties.find((p) => p.kind === 'customer');
}

export function isPresent(party: CallParty | undefined): party is CallParty {
  return party !== undefined && party.state !== 'disconnected';
}

/**
 * Who has call control. Multi-party: every agent who has accepted (seed 000: "all agents have exactly
 * the same capabilities … the moment an agent accepts"). Three-party: the primary agent, and after they
 * disconnect, the remaining agent.
 */
export function hasControl(call: VoiceCall, party: CallParty): boolean {
  if (party.kind !== 'agent' || party.state === 'connecting' || party.state === 'disconnected') return false;
  return call.mode === 'multi-party' || call.controllerPartyId === party.id;
}

/**
 * Seed 000 "When do multi-party calls end?": the call stays up while the caller or an agent is on it
 * with someone to talk to; when only external third parties remain, or one party alone, it ends. Before
 * any agent has joined, the call is the caller in the flow or queue: it ends when they hang up.
 */
export function callShouldEnd(call: VoiceCall): boolean {
  const present = presentParties(call);
  if (!call.parties.some((p) => p.kind === 'agent')) return !present.some((p) => p.kind === 'customer');
  return present.length < 2 || !present.some((p) => p.kind === 'customer' || p.kind === 'agent');
}
