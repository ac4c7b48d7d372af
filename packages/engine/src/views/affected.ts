import type { Event } from '../events.ts';
import type { Instance } from '../state.ts';

/** The agents whose CCP snapshot an event changes: the shell pushes them a fresh one. */
export function agentsAffectedBy(instance: Instance, event: Event): string[] {
  // On a call, every agent on any of its contacts sees every connection change.
  if ('contactId' in event) {
    const contact = instance.contacts.get(event.contactId);
    if (contact?.channel === 'VOICE') {
      const out = new Set(agentsOnCall(instance, contact.initialContactId ?? contact.id));
      if ('userId' in event) out.add(event.userId);
      return [...out];
    }
  }
  switch (event.type) {
    case 'AgentStatusChanged':
    case 'NextAgentStatusSet':
    case 'AgentPresenceChanged':
    case 'ContactOffered':
    case 'OfferRejected':
    case 'OfferMissed':
    case 'OfferWithdrawn':
    case 'AgentContactCleared':
      return [event.userId];
    case 'InstanceAttributeUpdated':
      // Contact features (multi-party) show on every contact an agent holds.
      return [...instance.users.values()].filter((u) => u.contacts.size > 0).map((u) => u.id);
    case 'ContactAccepted':
      // Everyone in the chat sees the new participant (and the invitation they answered end).
      return agentsOn(instance, event.contactId);
    case 'ParticipantJoined':
    case 'ParticipantLeft':
    case 'ContactEnded':
    case 'ContactRequeued':
    case 'ContactAttributesUpdated':
    case 'ParticipantInvited':
    case 'InvitationEnded':
    case 'ContactTransferred':
      return agentsOn(instance, event.contactId);
    default:
      return [];
  }
}

/**
 * Every agent who has the contact on their CCP (offered, connected, missed or in ACW). Anyone holding
 * it was offered it at some time, so the contact's own offer record names them all — no scan of every
 * agent of the instance.
 */
export function agentsOn(instance: Instance, contactId: string): string[] {
  const contact = instance.contacts.get(contactId);
  if (!contact) return [];
  const out = new Set<string>();
  for (const offer of contact.offers) if (instance.users.get(offer.userId)?.contacts.has(contactId)) out.add(offer.userId);
  return [...out];
}

/** The agents connected to a chat, who receive its messages. */
export function agentsInChat(instance: Instance, contactId: string): string[] {
  const contact = instance.contacts.get(contactId);
  if (!contact) return [];
  const out: string[] = [];
  for (const p of contact.participants.values()) if (p.role === 'AGENT' && p.userId && p.state === 'connected') out.push(p.userId);
  return out;
}

/** Every agent who has any contact of a call on their CCP: its parties, and whoever was offered one of its legs. */
export function agentsOnCall(instance: Instance, callId: string): string[] {
  const call = instance.contacts.get(callId)?.call;
  if (!call) return agentsOn(instance, callId);
  const out = new Set<string>();
  for (const contactId of call.chain) {
    for (const userId of agentsOn(instance, contactId)) out.add(userId);
    const contact = instance.contacts.get(contactId);
    for (const leg of contact?.legs ?? []) if (instance.users.get(leg.userId)?.contacts.has(contactId)) out.add(leg.userId);
  }
  return [...out];
}
