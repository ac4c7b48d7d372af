import type { ContactOffered } from '../events.ts';
import type { Channel, RoutingProfile } from '../model/instance.ts';
import type { Contact, Invitation } from '../model/contact.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { OFFER_TIMEOUT_MS } from './offer.ts';
import { hasCapacity } from './capacity.ts';
import { idleBefore, offerableAgents, type IdleEntry } from './offerIndex.ts';
import { profileQueue } from './route.ts';

/** What waits for an agent: queued contacts not on offer, and contacts with a pending invitation (the first one) not on offer. */
interface Waiting {
  queued: Contact[];
  invited: Contact[];
  invitations: Invitation[];
}

/**
 * Picks the next offer to make, or undefined. The rule:
 * - Each agent who can be offered something prefers, among the waiting contacts (and pending
 *   invitations into chats) they may take: the highest queue priority in their routing profile
 *   (1 first; a transfer or invitation naming them first of all), then the smallest queue delay,
 *   then the oldest.
 * - The contact offered is the most urgent of those preferences (same order); among the agents who
 *   prefer it, the one idle longest on that channel gets it (then by username, for a stable order).
 * A contact is offered to one agent at a time; an agent is never offered past their concurrency, nor a
 * contact they already hold.
 *
 * How, without visiting every agent: the most urgent preference is the smallest key of any pair (agent,
 * contact) that may be offered, so each waiting contact is keyed by the best routing profile that has a
 * listed agent for it (the offer index lists offerable agents with a free slot, per profile and
 * channel, longest idle first). Then each profile serving that contact walks its list from the front;
 * its first agent who prefers that contact is its candidate, and the longest idle candidate gets it.
 */
export function nextOffer(instance: Instance, now: number): ContactOffered | undefined {
  if (instance.offerIndex.placed.size === 0) return undefined; // nobody could take anything
  const w = waitingIn(instance);
  if (w.queued.length === 0 && w.invited.length === 0) return undefined;

  // 1. The most urgent contact that some listed agent may take now.
  let urgent: Contact | undefined, uPriority = 0, uDelay = 0, uAt = 0;
  let uInvitation: Invitation | undefined, uNamed: User | undefined;
  const total = w.queued.length + w.invited.length;
  for (let i = 0; i < total; i++) {
    const isInvite = i >= w.queued.length;
    const contact = isInvite ? w.invited[i - w.queued.length]! : w.queued[i]!;
    const invitation = isInvite ? w.invitations[i - w.queued.length]! : undefined;
    const at = invitation ? invitation.at : contact.enqueuedAt!;
    const named = invitation ? ('userId' in invitation.target ? invitation.target.userId : undefined) : contact.transfer?.userId;
    if (named !== undefined) {
      // A transfer or an invitation naming an agent goes to that agent alone.
      if (urgent && !keyBefore(0, 0, at, contact.id, uPriority, uDelay, uAt, urgent.id)) continue;
      const user = instance.users.get(named);
      if (!user || !isListed(instance, user, contact.channel) || user.contacts.has(contact.id)) continue;
      urgent = contact; uPriority = 0; uDelay = 0; uAt = at; uInvitation = invitation; uNamed = user;
      continue;
    }
    const queueId = invitation ? (invitation.target as { queueId: string }).queueId : contact.queueId!;
    for (const profile of instance.routingProfiles.values()) {
      const config = profileQueue(profile.queues, queueId, contact.channel);
      if (!config) continue;
      const delay = invitation ? 0 : config.delaySeconds;
      if (!invitation && now - at < delay * 1000) continue;
      if (urgent && !keyBefore(config.priority, delay, at, contact.id, uPriority, uDelay, uAt, urgent.id)) continue;
      if (!hasListedAgentFor(instance, profile.id, contact)) continue;
      urgent = contact; uPriority = config.priority; uDelay = delay; uAt = at; uInvitation = invitation; uNamed = undefined;
    }
  }
  if (!urgent) return undefined;

  // 2. Who gets it: the named agent, or the longest idle of the agents who prefer it.
  let chosen = uNamed;
  if (!chosen) {
    let first: IdleEntry | undefined;
    const queueId = uInvitation ? (uInvitation.target as { queueId: string }).queueId : urgent.queueId!;
    for (const profile of instance.routingProfiles.values()) {
      const config = profileQueue(profile.queues, queueId, urgent.channel);
      if (!config || (!uInvitation && now - uAt < config.delaySeconds * 1000)) continue;
      const entries = offerableAgents(instance, profile.id, urgent.channel);
      for (let j = 0; j < entries.length; j++) {
        const entry = entries[j]!;
        if (first && !idleBefore(entry, first)) break;
        if (entry.user.contacts.has(urgent.id)) continue;
        if (preferenceOf(entry.user, instance, profile, w, now) === urgent) {
          first = entry;
          break;
        }
      }
    }
    chosen = first!.user;
  }
  return {
    type: 'ContactOffered', instanceId: instance.id, at: now, contactId: urgent.id, userId: chosen.id, deadline: now + OFFER_TIMEOUT_MS,
    ...(uInvitation ? { invitationId: uInvitation.id } : {}),
  };
}

function waitingIn(instance: Instance): Waiting {
  const w: Waiting = { queued: [], invited: [], invitations: [] };
  for (const id of instance.queued) {
    const contact = instance.contacts.get(id)!;
    if (!contact.offer) w.queued.push(contact);
  }
  for (const id of instance.inviting) {
    const contact = instance.contacts.get(id)!;
    if (contact.offer || contact.status !== 'connected') continue;
    for (const invitation of contact.invitations) {
      if (invitation.status !== 'pending') continue;
      w.invited.push(contact);
      w.invitations.push(invitation);
      break;
    }
  }
  return w;
}

function isListed(instance: Instance, user: User, channel: Channel): boolean {
  return instance.offerIndex.placed.get(user.id)?.[channel] !== undefined;
}

/** Is some agent of the profile listed for the contact's channel who does not already hold it? */
function hasListedAgentFor(instance: Instance, profileId: string, contact: Contact): boolean {
  const entries = offerableAgents(instance, profileId, contact.channel);
  for (let j = 0; j < entries.length; j++) if (!entries[j]!.user.contacts.has(contact.id)) return true;
  return false;
}

/**
 * The waiting contact an offerable agent prefers: the smallest key among those they may take now.
 * Hot path: locals only, no allocation, no closures.
 */
function preferenceOf(user: User, instance: Instance, profile: RoutingProfile, w: Waiting, now: number): Contact | undefined {
  let best: Contact | undefined, bPriority = 0, bDelay = 0, bAt = 0;
  let chatFree = -1; // -1 unknown, 0 no, 1 yes — capacity per channel, asked at most once
  let otherFree: Partial<Record<Channel, boolean>> | undefined;
  const total = w.queued.length + w.invited.length;
  for (let i = 0; i < total; i++) {
    const isInvite = i >= w.queued.length;
    const contact = isInvite ? w.invited[i - w.queued.length]! : w.queued[i]!;
    if (user.contacts.has(contact.id)) continue;
    let priority: number, delay: number, at: number;
    if (!isInvite) {
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
      const invitation = w.invitations[i - w.queued.length]!;
      const target = invitation.target;
      if ('userId' in target) {
        if (user.id !== target.userId) continue;
        priority = 0;
      } else {
        const config = profileQueue(profile.queues, target.queueId, contact.channel);
        if (!config) continue;
        priority = config.priority;
      }
      delay = 0; at = invitation.at;
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
    best = contact; bPriority = priority; bDelay = delay; bAt = at;
  }
  return best;
}

function keyBefore(priority: number, delay: number, at: number, contactId: string, oPriority: number, oDelay: number, oAt: number, oContactId: string): boolean {
  if (priority !== oPriority) return priority < oPriority;
  if (delay !== oDelay) return delay < oDelay;
  if (at !== oAt) return at < oAt;
  return contactId < oContactId;
}
