import type { ContactOffered, Event } from '../events.ts';
import type { Channel, RoutingProfileQueue } from '../model/instance.ts';
import type { Contact } from '../model/contact.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { isRoutable } from '../agent/status.ts';
import { OFFER_TIMEOUT_MS } from './offer.ts';

/** How many slots of a channel the agent's contacts hold (offered, connected, missed or in ACW). */
export function slotsInUse(user: User, channel: Channel): number {
  let n = 0;
  for (const c of user.contacts.values()) if (c.channel === channel) n++;
  return n;
}

/** Seed 004: while any missed contact is not cleared, no contact of any channel is routed to the agent. */
export function hasMissedContact(user: User): boolean {
  for (const c of user.contacts.values()) if (c.state === 'missed') return true;
  return false;
}

/** Can the agent be offered anything at all: Available, CCP connected, no missed contact? */
export function isOfferable(instance: Instance, user: User): boolean {
  return isRoutable(instance.agentStatuses.get(user.statusId)) && user.presence === 'present' && !hasMissedContact(user);
}

/** Does the agent have a free slot for this channel, given the cross-channel behaviour of what they hold? */
export function hasCapacity(instance: Instance, user: User, channel: Channel): boolean {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  if (!profile) return false;
  const media = profile.mediaConcurrencies.find((m) => m.channel === channel);
  if (!media || slotsInUse(user, channel) >= media.concurrency) return false;
  // Contacts of another channel block this one unless that channel allows routing any channel.
  for (const other of profile.mediaConcurrencies) {
    if (other.channel !== channel && other.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY' && slotsInUse(user, other.channel) > 0) return false;
  }
  return true;
}

/** The agent's routing-profile entry for the contact's queue and channel, if the profile serves it. */
export function queueConfig(instance: Instance, user: User, contact: Contact): RoutingProfileQueue | undefined {
  return instance.routingProfiles.get(user.routingProfileId)?.queues.find((q) => q.queueId === contact.queueId && q.channel === contact.channel);
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
  type Key = [number, number, number, string];
  interface Choice { key: Key; contact: Contact; invitationId?: string }
  const preference = new Map<User, Choice>();
  const capacity = new Map<string, boolean>();
  const free = (user: User, channel: Channel) => {
    const k = `${user.id}/${channel}`;
    let v = capacity.get(k);
    if (v === undefined) capacity.set(k, (v = hasCapacity(instance, user, channel)));
    return v;
  };
  const prefer = (user: User, key: Key, contact: Contact, invitationId?: string) => {
    const current = preference.get(user);
    if (current && !before(key, current.key)) return;
    if (!free(user, contact.channel)) return;
    preference.set(user, invitationId ? { key, contact, invitationId } : { key, contact });
  };
  const agents: User[] = [];
  for (const u of instance.users.values()) if (isOfferable(instance, u)) agents.push(u);
  if (agents.length === 0) return undefined;

  for (const id of instance.queued) {
    const contact = instance.contacts.get(id)!;
    if (contact.offer) continue;
    // A transfer to a named agent goes to that agent alone.
    const only = contact.transfer?.userId;
    for (const user of agents) {
      if (user.contacts.has(contact.id)) continue;
      if (only !== undefined) {
        if (user.id === only) prefer(user, [0, 0, contact.enqueuedAt!, contact.id], contact);
        continue;
      }
      const config = queueConfig(instance, user, contact);
      if (!config || now - contact.enqueuedAt! < config.delaySeconds * 1000) continue;
      prefer(user, [config.priority, config.delaySeconds, contact.enqueuedAt!, contact.id], contact);
    }
  }
  // Invitations into chats already going on: to the named agent, or to an agent of the quick connect's queue.
  for (const id of instance.inviting) {
    const contact = instance.contacts.get(id)!;
    if (contact.offer || contact.status !== 'connected') continue;
    const invitation = contact.invitations.find((i) => i.status === 'pending');
    if (!invitation) continue;
    for (const user of agents) {
      if (user.contacts.has(contact.id)) continue;
      if ('userId' in invitation.target) {
        if (user.id === invitation.target.userId) prefer(user, [0, 0, invitation.at, contact.id], contact, invitation.id);
        continue;
      }
      const queueId = invitation.target.queueId;
      const config = instance.routingProfiles.get(user.routingProfileId)?.queues.find((q) => q.queueId === queueId && q.channel === contact.channel);
      if (config) prefer(user, [config.priority, 0, invitation.at, contact.id], contact, invitation.id);
    }
  }

  let urgent: Choice | undefined;
  for (const choice of preference.values()) if (!urgent || before(choice.key, urgent.key)) urgent = choice;
  if (!urgent) return undefined;
  let chosen: User | undefined;
  for (const [user, choice] of preference) {
    if (choice.contact !== urgent.contact) continue;
    if (!chosen) { chosen = user; continue; }
    const a = idleSince(user, urgent.contact.channel), b = idleSince(chosen, urgent.contact.channel);
    if (a < b || (a === b && user.username < chosen.username)) chosen = user;
  }
  const invitationId = preference.get(chosen!)!.invitationId;
  return {
    type: 'ContactOffered', instanceId: instance.id, at: now, contactId: urgent.contact.id, userId: chosen!.id, deadline: now + OFFER_TIMEOUT_MS,
    ...(invitationId ? { invitationId } : {}),
  };
}

function before(a: readonly (number | string)[], b: readonly (number | string)[]): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return true;
    if (a[i]! > b[i]!) return false;
  }
  return false;
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
      return true;
    default:
      return false;
  }
}
