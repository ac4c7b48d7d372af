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
  if (!isOfferable(instance, user) || contact.offer?.userId === user.id) return false;
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
 * Picks the next offer to make, or undefined. Over every waiting contact and every agent who can take
 * it, the pair that comes first by:
 *   queue priority in the agent's routing profile (1 first), then the queue delay, then the oldest
 *   contact, then the agent idle longest on that channel, then the username (a stable order).
 * A contact is offered to one agent at a time; an agent is never offered past their concurrency.
 */
export function nextOffer(instance: Instance, now: number): ContactOffered | undefined {
  const waiting: Contact[] = [];
  for (const id of instance.queued) {
    const c = instance.contacts.get(id)!;
    if (!c.offer) waiting.push(c);
  }
  if (waiting.length === 0) return undefined;
  const agents: User[] = [];
  for (const u of instance.users.values()) if (isOfferable(instance, u)) agents.push(u);
  if (agents.length === 0) return undefined;

  let best: { key: [number, number, number, number, string]; contact: Contact; user: User } | undefined;
  for (const contact of waiting) {
    for (const user of agents) {
      const config = queueConfig(instance, user, contact);
      if (!config || now - contact.enqueuedAt! < config.delaySeconds * 1000) continue;
      const key: [number, number, number, number, string] = [config.priority, config.delaySeconds, contact.enqueuedAt!, idleSince(user, contact.channel), user.username];
      if (best && !before(key, best.key)) continue;
      if (!hasCapacity(instance, user, contact.channel)) continue;
      best = { key, contact, user };
    }
  }
  if (!best) return undefined;
  return { type: 'ContactOffered', instanceId: instance.id, at: now, contactId: best.contact.id, userId: best.user.id, deadline: now + OFFER_TIMEOUT_MS };
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
      return true;
    default:
      return false;
  }
}
