import type { Event } from '../events.ts';
import type { Channel, RoutingProfileQueue } from '../model/instance.ts';
import type { Contact } from '../model/contact.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { hasCapacity, isOfferable } from './capacity.ts';

export { slotsInUse, hasMissedContact, isOfferable, hasCapacity } from './capacity.ts';

/** The agent's routing-profile entry for the contact's queue and channel, if the profile serves it. */
export function queueConfig(instance: Instance, user: User, contact: Contact): RoutingProfileQueue | undefined {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  return profile ? profileQueue(profile.queues, contact.queueId!, contact.channel) : undefined;
}

/** Can this agent be offered this waiting contact right now? */
export function canTakeContact(instance: Instance, user: User, contact: Contact, now = Infinity): boolean {
  if (!isOfferable(instance, user) || contact.offer?.userId === user.id || user.contacts.has(contact.id)) return false;
  const config = queueConfig(instance, user, contact);
  if (!config || now - contact.enqueuedAt! < config.delaySeconds * 1000) return false;
  return hasCapacity(instance, user, contact.channel);
}

/** The distinct positive queue delays (seconds) routing profiles put on a queue's contacts of a channel. */
export function routingDelays(instance: Instance, queueId: string, channel: Channel): number[] {
  const delays = new Set<number>();
  for (const profile of instance.routingProfiles.values()) {
    for (const q of profile.queues) if (q.queueId === queueId && q.channel === channel && q.delaySeconds > 0) delays.add(q.delaySeconds);
  }
  return [...delays].sort((a, b) => a - b);
}

/** A routing profile's entry for a queue and channel, if it serves them. */
export function profileQueue(queues: readonly RoutingProfileQueue[], queueId: string, channel: Channel): RoutingProfileQueue | undefined {
  for (const q of queues) if (q.queueId === queueId && q.channel === channel) return q;
  return undefined;
}

/** Events after which an offer may have become possible: only then does routing look. */
export function mayEnableOffer(event: Event): boolean {
  switch (event.type) {
    case 'ContactQueued':
    case 'ContactRequeued':
    case 'OfferRejected':
    case 'OfferMissed':
    case 'AgentStatusChanged':
    case 'AgentPresenceChanged':
    case 'AgentContactCleared':
    case 'ContactEnded':
    case 'UserCreated':
    case 'RoutingProfileCreated':
    case 'QueueUpdated':
    case 'ParticipantInvited':
    case 'ContactTransferred':
    case 'TransferTargetDeclined':
    case 'InvitationEnded':
    case 'OfferWithdrawn':
    case 'CallPartyAdded':
    case 'UserRoutingProfileUpdated':
    case 'RoutingProfileUpdated':
      return true;
    default:
      return false;
  }
}
