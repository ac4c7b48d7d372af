import type { ContactOffered } from '../events.ts';
import type { Channel } from '../model/instance.ts';
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

/** Can this agent be offered a contact of this channel from this queue right now? */
export function canTakeContact(instance: Instance, user: User, contact: Contact): boolean {
  if (!isRoutable(instance.agentStatuses.get(user.statusId))) return false;
  if (hasMissedContact(user)) return false;
  if (contact.offer?.userId === user.id) return false;
  const profile = instance.routingProfiles.get(user.routingProfileId);
  if (!profile) return false;
  if (!profile.queues.some((q) => q.queueId === contact.queueId && q.channel === contact.channel)) return false;
  const media = profile.mediaConcurrencies.find((m) => m.channel === contact.channel);
  if (!media || slotsInUse(user, contact.channel) >= media.concurrency) return false;
  // Cross-channel behaviour: contacts of another channel block this one unless that channel allows any channel.
  for (const other of profile.mediaConcurrencies) {
    if (other.channel !== contact.channel && slotsInUse(user, other.channel) > 0 && other.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY') {
      return false;
    }
  }
  return true;
}

/** Longest idle first: the agent free on the channel for the longest time, then by username for a stable order. */
function idleSince(user: User, channel: Channel): number {
  return user.idleSince[channel] ?? user.statusSince;
}

/**
 * Picks the next offer to make, or undefined: the oldest waiting contact that some agent can take,
 * offered to the eligible agent idle longest. A contact is offered to one agent at a time.
 */
export function nextOffer(instance: Instance, now: number): ContactOffered | undefined {
  const waiting = [...instance.contacts.values()]
    .filter((c) => c.status === 'queued' && !c.offer)
    .sort((a, b) => a.enqueuedAt! - b.enqueuedAt! || (a.id < b.id ? -1 : 1));
  if (waiting.length === 0) return undefined;
  const users = [...instance.users.values()];
  for (const contact of waiting) {
    let best: User | undefined;
    for (const user of users) {
      if (!canTakeContact(instance, user, contact)) continue;
      if (!best) { best = user; continue; }
      const a = idleSince(user, contact.channel), b = idleSince(best, contact.channel);
      if (a < b || (a === b && user.username < best.username)) best = user;
    }
    if (best) {
      return { type: 'ContactOffered', instanceId: instance.id, at: now, contactId: contact.id, userId: best.id, deadline: now + OFFER_TIMEOUT_MS };
    }
  }
  return undefined;
}
