/**
 * Checks of the offer index (derived state): it must equal a recount from the facts, and routing through
 * it must pick exactly what the plain scan of every agent picks.
 */
import assert from 'node:assert/strict';
import { CHANNELS, emptyState, evolve, type Channel, type Event, type Instance, type User } from '../src/index.ts';
import { nextOffer } from '../src/routing/nextOffer.ts';
import { nextOfferByScan } from './routeByScan.ts';

/** Can the agent take a contact of this channel now, recounted from the raw facts (not the engine's counters)? */
function listedByFacts(instance: Instance, user: User, channel: Channel): boolean {
  if (instance.agentStatuses.get(user.statusId)?.type !== 'ROUTABLE' || user.presence !== 'present') return false;
  const contacts = [...user.contacts.values()];
  if (contacts.some((c) => c.state === 'missed')) return false;
  const profile = instance.routingProfiles.get(user.routingProfileId);
  const media = profile?.mediaConcurrencies.find((m) => m.channel === channel);
  if (!profile || !media) return false;
  const holding = (ch: Channel) => contacts.filter((c) => c.channel === ch).length;
  if (holding(channel) >= media.concurrency) return false;
  return !profile.mediaConcurrencies.some((m) => m.channel !== channel && m.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY' && holding(m.channel) > 0);
}

/** The offer index equals a recount: per routing profile and channel, the agents who could take a contact, longest idle first, then by username. */
export function offerIndexAgrees(instance: Instance): void {
  const idle = (user: User, channel: Channel) => user.idleSince[channel] ?? user.statusSince;
  for (const profileId of new Set([...instance.routingProfiles.keys(), ...instance.offerIndex.lists.keys()])) {
    for (const channel of CHANNELS) {
      const expected = [...instance.users.values()]
        .filter((u) => u.routingProfileId === profileId && listedByFacts(instance, u, channel))
        .sort((a, b) => idle(a, channel) - idle(b, channel) || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
        .map((u) => `${u.username}@${idle(u, channel)}`);
      const listed = (instance.offerIndex.lists.get(profileId)?.get(channel) ?? []).map((e) => `${e.user.username}@${e.idle}`);
      assert.deepEqual(listed, expected, `offer index for profile ${profileId}, ${channel}`);
      for (const entry of instance.offerIndex.lists.get(profileId)?.get(channel) ?? []) {
        assert.equal(entry.user, instance.users.get(entry.user.id), 'the index holds the live user');
        assert.equal(instance.offerIndex.placed.get(entry.user.id)?.[channel], entry, `${entry.user.username} is placed where listed`);
      }
    }
  }
  const listedUsers = new Set([...instance.offerIndex.lists.values()].flatMap((m) => [...m.values()].flat().map((e) => e.user.id)));
  assert.deepEqual([...instance.offerIndex.placed.keys()].sort(), [...listedUsers].sort(), 'placed records only the listed agents');
}

/**
 * Replays the events one at a time; after each, the indexed nextOffer and the scan of every agent must
 * agree — at the event's time and later (when queue delays have run out) — and the index must equal
 * the recount. States in the middle of a command (a contact queued, not yet offered) are covered too.
 */
export function routingAgreesWithScan(events: readonly Event[], laterMs: readonly number[] = [0, 6_000, 31_000]): number {
  const state = emptyState();
  let offers = 0;
  for (const event of events) {
    evolve(state, event);
    const instance = state.instances.get(event.instanceId);
    if (!instance) continue;
    offerIndexAgrees(instance);
    for (const later of laterMs) {
      const now = event.at + later;
      const expected = nextOfferByScan(instance, now);
      assert.deepEqual(nextOffer(instance, now), expected, `routing after ${event.type} at +${later} ms`);
      if (expected) offers++;
    }
  }
  return offers;
}
