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

  // Each offerable agent's preferred candidate (the smallest key among those they may take).
  // Hot path (every arrival × every agent): plain loops, no closures — tsx gives each closure a name at
  // creation, which costs more than the routing itself.
  const prefs: Pref[] = [];
  for (const user of instance.users.values()) {
    if (!isOfferable(instance, user)) continue;
    const profile = instance.routingProfiles.get(user.routingProfileId);
    if (!profile) continue;
    const pick: Pick = { best: undefined, capacity: undefined };
    for (const contact of waiting) {
      if (user.contacts.has(contact.id)) continue;
      // A transfer to a named agent goes to that agent alone.
      const only = contact.transfer?.userId;
      if (only !== undefined) {
        if (user.id === only) consider(instance, user, pick, 0, 0, contact.enqueuedAt!, contact, undefined);
        continue;
      }
      const config = profileQueue(profile.queues, contact.queueId!, contact.channel);
      if (!config || now - contact.enqueuedAt! < config.delaySeconds * 1000) continue;
      consider(instance, user, pick, config.priority, config.delaySeconds, contact.enqueuedAt!, contact, undefined);
    }
    // Invitations: to the named agent, or to an agent of the quick connect's queue.
    for (const { contact, invitation } of invited) {
      if (user.contacts.has(contact.id)) continue;
      const target = invitation.target;
      if ('userId' in target) {
        if (user.id === target.userId) consider(instance, user, pick, 0, 0, invitation.at, contact, invitation.id);
        continue;
      }
      const config = profileQueue(profile.queues, target.queueId, contact.channel);
      if (config) consider(instance, user, pick, config.priority, 0, invitation.at, contact, invitation.id);
    }
    if (pick.best) prefs.push(pick.best);
  }

  // The most urgent preference names the contact; the longest idle of the agents preferring it gets it.
  let urgent: Pref | undefined;
  for (const p of prefs) if (!urgent || keyBefore(p.priority, p.delay, p.at, p.contact.id, urgent)) urgent = p;
  if (!urgent) return undefined;
  let chosen = urgent;
  const channel = urgent.contact.channel;
  for (const p of prefs) {
    if (p.contact !== urgent.contact || p === chosen) continue;
    const a = idleSince(p.user, channel), b = idleSince(chosen.user, channel);
    if (a < b || (a === b && p.user.username < chosen.user.username)) chosen = p;
  }
  return {
    type: 'ContactOffered', instanceId: instance.id, at: now, contactId: urgent.contact.id, userId: chosen.user.id, deadline: now + OFFER_TIMEOUT_MS,
    ...(chosen.invitationId ? { invitationId: chosen.invitationId } : {}),
  };
}

interface Pick {
  best: Pref | undefined;
  capacity: Partial<Record<Channel, boolean>> | undefined;
}

/** Keeps the candidate if it comes before the agent's best so far and the agent has a free slot for it. */
function consider(instance: Instance, user: User, pick: Pick, priority: number, delay: number, at: number, contact: Contact, invitationId: string | undefined): void {
  if (pick.best && !keyBefore(priority, delay, at, contact.id, pick.best)) return;
  pick.capacity ??= {};
  let free = pick.capacity[contact.channel];
  if (free === undefined) free = pick.capacity[contact.channel] = hasCapacity(instance, user, contact.channel);
  if (!free) return;
  pick.best = invitationId ? { user, priority, delay, at, contact, invitationId } : { user, priority, delay, at, contact };
}

function profileQueue(queues: readonly RoutingProfileQueue[], queueId: string, channel: Channel): RoutingProfileQueue | undefined {
  for (const q of queues) if (q.queueId === queueId && q.channel === channel) return q;
  return undefined;
}

interface Pref {
  user: User;
  priority: number;
  delay: number;
  at: number;
  contact: Contact;
  invitationId?: string;
}

function keyBefore(priority: number, delay: number, at: number, contactId: string, other: Pref): boolean {
  if (priority !== other.priority) return priority < other.priority;
  if (delay !== other.delay) return delay < other.delay;
  if (at !== other.at) return at < other.at;
  return contactId < other.contact.id;
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
      return true;
    default:
      return false;
  }
}
