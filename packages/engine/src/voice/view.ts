import type { CallParty, VoiceCall } from '../model/call.ts';
import type { AgentContact, User } from '../model/user.ts';
import type { ConnectionView } from '../views/agentSnapshot.ts';
import { hasControl } from './call.ts';

/** Seed 000: in a three-party call, an agent sees another agent only as "Internal transfer". */
export const INTERNAL_TRANSFER = 'Internal transfer';

function connection(call: VoiceCall, party: CallParty, own: boolean, name: string): ConnectionView {
  const endpointType = party.kind === 'agent' ? 'agent' : 'phone_number';
  return {
    connectionId: party.id,
    endpoint: { type: endpointType, name, displayName: name, ...(party.phoneNumber ? { phoneNumber: party.phoneNumber } : {}) },
    state: { type: party.state, timestamp: party.since },
    type: own ? 'agent' : party.kind === 'customer' ? 'inbound' : 'outbound',
    initial: party.kind === 'customer',
    mute: party.muted,
    ...(own ? { isOwn: true } : {}),
    ...(call.mode === 'multi-party' && party.kind === 'agent' && party.quickConnectName && !own
      ? { quickConnectName: party.quickConnectName, ...(party.quickConnectId ? { quickConnectId: party.quickConnectId } : {}) } : {}),
  };
}

function nameOf(call: VoiceCall, party: CallParty): string {
  if (party.kind !== 'agent') return party.displayName;
  return call.mode === 'three-party' ? INTERNAL_TRANSFER : party.quickConnectName ?? party.displayName;
}

/**
 * The connections an agent sees on a call (seed 000). Multi-party: every connection, with the quick
 * connect name for other agents. Three-party: the agent with call control sees the caller and the other
 * party; a secondary agent sees only the transfer connection (the controlling agent, as "Internal
 * transfer"). Before accepting, an agent sees the caller and their own ringing connection.
 */
export function voiceConnections(call: VoiceCall, user: User, agentContact: AgentContact): ConnectionView[] {
  const own = call.parties.find((p) => p.kind === 'agent' && p.userId === user.id && p.legContactId === agentContact.contactId);
  const out: ConnectionView[] = [];
  const me = user.firstName || user.username;
  if (own) out.push(connection(call, own, true, own.displayName || me));
  else {
    out.push({
      connectionId: `offer-${user.id}`, endpoint: { type: 'agent', name: me, displayName: me }, state: { type: agentContact.state === 'incoming' ? 'connecting' : 'disconnected', timestamp: agentContact.since },
      type: 'agent', initial: false, isOwn: true,
    });
  }
  if (own?.state === 'disconnected') return out;
  if (!own || own.state === 'connecting' || agentContact.state === 'incoming') {
    const caller = call.parties.find((p) => p.kind === 'customer' && p.state !== 'disconnected');
    if (caller) out.push(connection(call, caller, false, caller.displayName));
    return out;
  }
  const others = call.parties.filter((p) => p !== own && p.state !== 'disconnected');
  if (call.mode === 'three-party' && !hasControl(call, own)) {
    const controller = others.find((p) => p.id === call.controllerPartyId);
    if (controller) out.push({ ...connection(call, controller, false, INTERNAL_TRANSFER), type: 'inbound', initial: true });
    return out;
  }
  for (const p of others) out.push(connection(call, p, false, nameOf(call, p)));
  return out;
}
