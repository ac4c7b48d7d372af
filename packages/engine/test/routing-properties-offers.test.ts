/**
 * Properties of routing over the random histories of routingHistories.ts: offers go only where the rules
 * allow, agents hold no more than their concurrency, routing leaves no possible offer unmade, and the
 * next status waits for the last contact.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  CHANNELS, emptyState, evolve, replay, type Channel, type ContactStatus, type EventType, type Instance, type State, type User, type Contact,
} from '../src/index.ts';
import { assertOneOfferPerQueuedContact, concurrencyOf } from './histories.ts';
import { RUNS, anyHistoryArb, historyArb, presenceHistoryArb, runHistory } from './routingHistories.ts';
import { Recount } from './eventRecount.ts';

const slotsOfChannel = (instance: Instance, userId: string, channel: Channel) =>
  [...instance.users.get(userId)!.contacts.values()].filter((c) => c.channel === channel).length;

/**
 * Written from the rules, not from the engine's helpers: the agent is Available, CCP connected, without
 * a missed contact, does not hold the contact already, their profile serves its queue and channel, its
 * delay has run out, and they have a free slot the cross-channel behaviour of what they hold allows.
 */
function couldBeOffered(instance: Instance, user: User, contact: Contact, now: number): boolean {
  if (instance.agentStatuses.get(user.statusId)?.type !== 'ROUTABLE' || user.presence !== 'present') return false;
  if ([...user.contacts.values()].some((c) => c.state === 'missed') || user.contacts.has(contact.id)) return false;
  const profile = instance.routingProfiles.get(user.routingProfileId)!;
  const entry = profile.queues.find((q) => q.queueId === contact.queueId && q.channel === contact.channel);
  if (!entry || now - contact.enqueuedAt! < entry.delaySeconds * 1000) return false;
  if (slotsOfChannel(instance, user.id, contact.channel) >= concurrencyOf(instance, profile.id, contact.channel)) return false;
  return profile.mediaConcurrencies.every((m) => m.channel === contact.channel || m.crossChannelBehavior === 'ROUTE_ANY_CHANNEL' || slotsOfChannel(instance, user.id, m.channel) === 0);
}

/** Events after which the engine's routing looks for offers (and must then leave none possible). */
const ROUTING_TRIGGERS = new Set<EventType>([
  'ContactQueued', 'ContactRequeued', 'OfferRejected', 'OfferMissed', 'AgentStatusChanged', 'AgentPresenceChanged',
  'AgentContactCleared', 'ContactEnded', 'UserCreated', 'RoutingProfileCreated', 'QueueUpdated',
]);

describe('routing properties over random histories', () => {
  test('offers go only to agents who are Available, CCP connected, without a missed contact, with a free slot the cross-channel behaviour allows, after the queue delay, one agent per contact', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      // A shadow state follows the live one event by event, so each offer is checked against the state it was made in.
      let shadow: State = emptyState();
      runHistory(history, (ctx, step) => {
        for (const event of step.events) {
          if (event.type === 'ContactOffered') {
            const instance = shadow.instances.get(event.instanceId)!;
            const user = instance.users.get(event.userId)!;
            const contact = instance.contacts.get(event.contactId)!;
            const profile = instance.routingProfiles.get(user.routingProfileId)!;
            assert.equal(instance.agentStatuses.get(user.statusId)?.type, 'ROUTABLE', `${user.username} is not Available`);
            assert.equal(user.presence, 'present', `${user.username} is away`);
            assert.ok(![...user.contacts.values()].some((c) => c.state === 'missed'), `${user.username} has a missed contact`);
            assert.equal(contact.status, 'queued');
            assert.equal(contact.offer, undefined, 'the contact already had an offer out');
            const entry = profile.queues.find((q) => q.queueId === contact.queueId && q.channel === contact.channel);
            assert.ok(entry, `${user.username}'s profile does not serve the contact's queue and channel`);
            assert.ok(event.at - contact.enqueuedAt! >= entry.delaySeconds * 1000, 'offered before the queue delay ran out');
            assert.ok(slotsOfChannel(instance, user.id, contact.channel) < concurrencyOf(instance, profile.id, contact.channel), 'no free slot');
            for (const m of profile.mediaConcurrencies) {
              if (m.channel !== contact.channel && m.crossChannelBehavior === 'ROUTE_CURRENT_CHANNEL_ONLY') {
                assert.equal(slotsOfChannel(instance, user.id, m.channel), 0, `${user.username} holds ${m.channel}, which routes its own channel only`);
              }
            }
            assert.equal(event.deadline, event.at + 20_000);
          }
          evolve(shadow, event);
        }
        // Offers are made last in a step: whoever got one is still offerable when the step ends.
        const instance = ctx.world.instance;
        for (const event of step.events) {
          if (event.type !== 'ContactOffered') continue;
          const user = instance.users.get(event.userId)!;
          assert.equal(instance.agentStatuses.get(user.statusId)?.type, 'ROUTABLE');
          assert.equal(user.presence, 'present');
        }
        // One offer per contact at a time.
        assertOneOfferPerQueuedContact(instance);
      }, { onStart: (ctx) => { shadow = replay(ctx.world.events, emptyState()); } });
    }), RUNS);
  });

  test('no agent ever holds more contacts of a channel than their concurrency, and every contact is in exactly one of in_flow, queued, connected, ended', () => {
    const statuses = new Set<ContactStatus>(['in_flow', 'queued', 'connected', 'ended']);
    fc.assert(fc.property(anyHistoryArb, (history) => {
      let recount = new Recount();
      runHistory(history, (ctx, step) => {
        for (const event of step.events) recount.apply(event);
        const instance = ctx.world.instance;
        for (const user of instance.users.values()) {
          for (const channel of CHANNELS) {
            const held = slotsOfChannel(instance, user.id, channel);
            assert.ok(held <= concurrencyOf(instance, user.routingProfileId, channel), `${user.username} holds ${held} ${channel} contacts`);
          }
        }
        assert.deepEqual([...instance.contacts.keys()].sort(), [...recount.status.keys()].sort());
        for (const contact of instance.contacts.values()) {
          assert.ok(statuses.has(contact.status));
          assert.equal(contact.status, recount.status.get(contact.id), `${contact.id}: the events say ${recount.status.get(contact.id)}`);
          if (contact.status === 'queued') assert.ok(contact.queueId !== undefined && contact.enqueuedAt !== undefined);
          if (contact.status === 'ended') assert.equal(contact.offer, undefined);
        }
      }, { onStart: (ctx) => { recount = new Recount(ctx.world.events); } });
    }), RUNS);
  });

  test('after routing has run, no waiting contact could still be offered to any agent (RouteContacts makes the offers a delay held back)', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx, step) => {
        if (!step.decision.ok) return;
        if (step.op.kind !== 'route' && !step.decision.events.some((e) => ROUTING_TRIGGERS.has(e.type))) return;
        const { instance, now } = ctx.world;
        for (const contact of instance.contacts.values()) {
          if (contact.status !== 'queued' || contact.offer) continue;
          for (const user of instance.users.values()) {
            assert.equal(couldBeOffered(instance, user, contact, now), false, `${contact.id} could still go to ${user.username} after ${step.op.kind}`);
          }
        }
      });
    }), RUNS);
  });

  test('an agent with a next status always holds a contact (the next status is taken when the last one goes)', () => {
    fc.assert(fc.property(anyHistoryArb, (history) => {
      runHistory(history, (ctx) => {
        for (const user of ctx.world.instance.users.values()) {
          if (user.nextStatusId !== undefined) assert.ok(user.contacts.size > 0, `${user.username} has a next status and no contact`);
        }
      });
    }), { numRuns: 50 });
  });

  test('a contact is never offered to an agent who already holds it', () => {
    fc.assert(fc.property(fc.oneof(historyArb, presenceHistoryArb), (history) => {
      let shadow: State = emptyState();
      runHistory(history, (_ctx, step) => {
        for (const event of step.events) {
          if (event.type === 'ContactOffered') {
            const user = shadow.instances.get(event.instanceId)!.users.get(event.userId)!;
            assert.equal(user.contacts.has(event.contactId), false, `${user.username} already holds ${event.contactId} (${user.contacts.get(event.contactId)?.state})`);
          }
          evolve(shadow, event);
        }
      }, { onStart: (ctx) => { shadow = replay(ctx.world.events, emptyState()); } });
    }), { numRuns: 100 });
  });
});
