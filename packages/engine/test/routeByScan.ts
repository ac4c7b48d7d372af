/**
 * The routing rule as a plain scan of every agent (the engine's nextOffer before the offer index), kept
 * as a reference: the indexed nextOffer must pick exactly the same offer in every state.
 */
import type { Channel, Contact, ContactOffered, Instance, Invitation, RoutingProfileQueue, User } from '../src/index.ts';
import { OFFER_TIMEOUT_MS, hasCapacity, isOfferable } from '../src/index.ts';

function idleSince(user: User, channel: Channel): number {
  return user.idleSince[channel] ?? user.statusSince;
}

export function nextOfferByScan(instance: Instance, now: number): ContactOffered | undefined {
  // What is waiting: queued contacts not on offer, and pending invitations into chats not on offer.
  const waiting: Contact[] = [];
  for (const id of instance.queued) {
    const contact = instance.contacts.get(id)!;
    if (!contact.offer) waiting.push(contact);
  }
  const invited: { contact: Contact; invitation: Invitation }[] = [];
  for (const id of instance.inviting) {
    const contact = instance.contacts.get(id)!;
    if (contact.offer || contact.status !== 'connected') continue;
    const invitation = contact.invitations.find((i) => i.status === 'pending');
    if (invitation) invited.push({ contact, invitation });
  }
  if (waiting.length === 0 && invited.length === 0) return undefined;

  // Each offerable agent's preferred candidate is the smallest key among those they may take. The most
  // urgent preference names the contact; among the agents preferring that contact, the longest idle
  // gets it. Hot path (every arrival × every agent): locals only, no allocation per agent, no closures.
  let urgent: Candidate | undefined;
  const takers = new Map<Contact, { user: User; invitationId: string | undefined }>();
  for (const user of instance.users.values()) {
    if (!isOfferable(instance, user)) continue;
    const profile = instance.routingProfiles.get(user.routingProfileId);
    if (!profile) continue;
    let best: Contact | undefined, bPriority = 0, bDelay = 0, bAt = 0, bInvitation: string | undefined;
    let chatFree = -1; // -1 unknown, 0 no, 1 yes — capacity per channel, asked at most once
    let otherFree: Partial<Record<Channel, boolean>> | undefined;
    for (let i = 0; i < waiting.length + invited.length; i++) {
      const isInvite = i >= waiting.length;
      const contact = isInvite ? invited[i - waiting.length]!.contact : waiting[i]!;
      if (user.contacts.has(contact.id)) continue;
      let priority: number, delay: number, at: number, invitationId: string | undefined;
      if (!isInvite) {
        // A transfer to a named agent goes to that agent alone.
        const only = contact.transfer?.userId;
        if (only !== undefined) {
          if (user.id !== only) continue;
          priority = 0; delay = 0; at = contact.enqueuedAt!;
        } else {
          const config = profileQueue(profile.queues, contact.queueId!, contact.channel);
          if (!config || now - contact.enqueuedAt! < config.delaySeconds * 1000) continue;
          priority = config.priority; delay = config.delaySeconds; at = contact.enqueuedAt!;
        }
      } else {
        // Invitations: to the named agent, or to an agent of the quick connect's queue.
        const invitation = invited[i - waiting.length]!.invitation;
        const target = invitation.target;
        if ('userId' in target) {
          if (user.id !== target.userId) continue;
          priority = 0;
        } else {
          const config = profileQueue(profile.queues, target.queueId, contact.channel);
          if (!config) continue;
          priority = config.priority;
        }
        delay = 0; at = invitation.at; invitationId = invitation.id;
      }
      if (best && !keyBefore(priority, delay, at, contact.id, bPriority, bDelay, bAt, best.id)) continue;
      let free: boolean;
      if (contact.channel === 'CHAT') {
        if (chatFree < 0) chatFree = hasCapacity(instance, user, 'CHAT') ? 1 : 0;
        free = chatFree === 1;
      } else {
        otherFree ??= {};
        free = otherFree[contact.channel] ??= hasCapacity(instance, user, contact.channel);
      }
      if (!free) continue;
      best = contact; bPriority = priority; bDelay = delay; bAt = at; bInvitation = invitationId;
    }
    if (!best) continue;
    if (!urgent || keyBefore(bPriority, bDelay, bAt, best.id, urgent.priority, urgent.delay, urgent.at, urgent.contact.id)) {
      urgent = { contact: best, priority: bPriority, delay: bDelay, at: bAt };
    }
    const taker = takers.get(best);
    if (!taker) takers.set(best, { user, invitationId: bInvitation });
    else {
      const a = idleSince(user, best.channel), b = idleSince(taker.user, best.channel);
      if (a < b || (a === b && user.username < taker.user.username)) {
        taker.user = user;
        taker.invitationId = bInvitation;
      }
    }
  }
  if (!urgent) return undefined;
  const chosen = takers.get(urgent.contact)!;
  return {
    type: 'ContactOffered', instanceId: instance.id, at: now, contactId: urgent.contact.id, userId: chosen.user.id, deadline: now + OFFER_TIMEOUT_MS,
    ...(chosen.invitationId ? { invitationId: chosen.invitationId } : {}),
  };
}

function profileQueue(queues: readonly RoutingProfileQueue[], queueId: string, channel: Channel): RoutingProfileQueue | undefined {
  for (const q of queues) if (q.queueId === queueId && q.channel === channel) return q;
  return undefined;
}

interface Candidate {
  contact: Contact;
  priority: number;
  delay: number;
  at: number;
}

function keyBefore(priority: number, delay: number, at: number, contactId: string, oPriority: number, oDelay: number, oAt: number, oContactId: string): boolean {
  if (priority !== oPriority) return priority < oPriority;
  if (delay !== oDelay) return delay < oDelay;
  if (at !== oAt) return at < oAt;
  return contactId < oContactId;
}


