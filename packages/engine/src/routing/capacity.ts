import type { Channel, MediaConcurrency } from '../model/instance.ts';
import type { User } from '../model/user.ts';
import type { Instance } from '../state.ts';
import { isRoutable } from '../agent/status.ts';

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

/** Since when the agent has been free on a channel: the key of longest-idle routing. */
export function idleSince(user: User, channel: Channel): number {
  return user.idleSince[channel] ?? user.statusSince;
}
