import type { ContactOffered, Event } from '../events.ts';
import type { Channel, MediaConcurrency, RoutingProfileQueue } from '../model/instance.ts';
import type { Contact, Invitation } from '../model/contact.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { isRoutable } from '../agent/status.ts';
import { OFFER_TIMEOUT_MS } from './offer.ts';

/** How many slots of a channel the agent's contacts hold (offered, connected, missed or in ACW). */
export function slotsInUse(user: User, channel: Channel): number {
  return user.held[channel] ?? 0;
}

/** Seed 004: while any missed contact is not cleared, no contact of any channel is routed to the agent. */
export function hasMissedContact(user: User): boolean {
  return user.missed > 0;
}

/** Can the agent be offered anything at all: Available, CCP connected, no missed contact? */
export function isOfferable(instance: Instance, user: User): boolean {
  return isRoutable(instance.agentStatuses.get(user.statusId)) && user.presence === 'present' && !hasMissedContact(user);
}

/** Does the agent have a free slot for this channel, given the cross-channel behaviour of what they hold? */
export function hasCapacity(instance: Instance, user: User, channel: Channel): boolean {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  if (!profile) return false;
  let media: MediaConcurrency | undefined;
  for (const m of profile.mediaConcurrencies) if (m.channel === channel) media = m;
  if (!media || slotsInUse(user, channel) >= media.concurrency) return false;
  // Contacts of another channel block this one unless that channel allows routing any channel.
  for (const other of profile.mediaConcurrencies) {
    if (other.channel !== channel && other.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY' && slotsInUse(user, other.channel) > 0) return false;
  }
  return true;
}

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

function idleSince(user: User, channel: Channel): number {
  return user.idleSince[channel] ?? user.statusSince;
}

/**
 * Picks the next offer to make, or undefined.
 * - Each agent who can be offered something prefers, among the waiting contacts (and pending
 *   invitations into chats) they may take: the highest queue priority in their routing profile
 *   (1 first; a transfer or invitation naming them first of all), then the smallest queue delay,
 *   then the oldest.
 * - The contact offered is the most urgent of those preferences (same order); among the agents who
 *   prefer it, the one idle longest on that channel gets it (then by username, for a stable order).
 * A contact is offered to one agent at a time; an agent is never offered past their concurrency, nor a
 * contact they already hold.
 */
export function nextOffer(instance: Instance, now: number): ContactOffered | undefined {
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
      return true;
    default:
      return false;
  }
}
