import type { Event } from '../events.ts';
import type { Instance } from '../state.ts';
import type { Contact } from '../model/contact.ts';

/** The agents whose CCP snapshot an event changes: the shell pushes them a fresh one. */
export function agentsAffectedBy(instance: Instance, event: Event): string[] {
  // On a call, every agent on any of its contacts sees every connection change.
  if ('contactId' in event) {
    const contact = instance.contacts.get(event.contactId);
    if (contact?.channel === 'VOICE') {
      const out = new Set(agentsOnCall(instance, contact.initialContactId ?? contact.id));
      if ('userId' in event) out.add(event.userId);
      if (event.type === 'ContactEnded') for (const userId of offeredTo(contact)) out.add(userId);
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
    case 'ContactEnded': {
      const contact = instance.contacts.get(event.contactId);
      return contact ? offeredTo(contact) : [];
    }
    case 'ParticipantJoined':
    case 'ParticipantLeft':
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
 * Everyone the contact was ever offered to: when it ends, an agent it was being offered to loses the
 * offer and no longer holds it, so `agentsOn` (evaluated after the event) would miss them.
 */
function offeredTo(contact: Contact): string[] {
  return [...new Set(contact.offers.map((o) => o.userId))];
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

/**
 * The contacts whose CCP view (`agentSnapshot`'s ContactView) an event may change: the contact it names,
 * every contact of a call (each agent's view shows the whole call), none for an agent's own status, and
 * 'all' for changes to the instance (queues, quick connects, attributes, users…). The shell sends agents
 * only these contacts (`agentDelta`); a property test checks no view changes without being listed.
 */
export function contactsChangedBy(instance: Instance, event: Event): readonly string[] | 'all' {
  if ('contactId' in event) {
    const contact = instance.contacts.get(event.contactId);
    if (contact?.channel === 'VOICE') {
      const call = instance.contacts.get(contact.initialContactId ?? contact.id)?.call;
      if (call) return call.chain;
    }
    return [event.contactId];
  }
  switch (event.type) {
    case 'AgentStatusChanged':
    case 'NextAgentStatusSet':
    case 'AgentPresenceChanged':
    case 'AgentSessionEnded':
      return [];
    default:
      return 'all';
  }
}
