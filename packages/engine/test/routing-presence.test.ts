/** Routing as Amazon Connect does it: the agent's presence (CCP connected, or away and then taken off their chats). */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENT_LOST_MESSAGE, AWAY_GRACE_MS, OFFER_TIMEOUT_MS, SYSTEM_DISPLAY_NAME, canTakeContact, deadlinesOf, pendingDeadlines, type Event,
} from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf, typesOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableWorld, offersIn } from './routingWorlds.ts';

/** The agent's CCP goes and stays gone past the grace period; returns the events of the away timer firing. */
function awayPastGrace(world: World, agent: string): Event[] {
  eventsOf(world.disconnectCcp(agent));
  world.advance(AWAY_GRACE_MS);
  return eventsOf(world.expireAway(agent));
}

/** Offers, accepts and ends a chat for the agent (customer leaves): the agent is left in ACW on it. */
function handledChat(world: World, agent: string, name: string): string {
  const chat = world.startChat(name);
  assert.equal(world.contact(chat.contactId).offer?.userId, world.userId(agent), `${name}'s chat was not offered to ${agent}`);
  eventsOf(world.accept(agent, chat.contactId));
  eventsOf(world.disconnect(chat.contactId, chat.customerId));
  return chat.contactId;
}

describe('presence', () => {
  test('only agents whose CCP is connected get offers', () => {
    const world = availableWorld(['alice']);
    eventsOf(world.disconnectCcp('alice'));
    assert.equal(world.user('alice').presence, 'away');
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer, undefined);
    world.advance(1000);
    const back = eventsOf(world.connect('alice'));
    assert.deepEqual(typesOf(back), ['AgentPresenceChanged', 'ContactOffered']);

    // A user whose CCP never connected is away too, even when Available.
    const userId = '00000099-6666-4000-8000-000000000000';
    eventsOf(world.run({ type: 'CreateUser', userId, username: 'nobody', passwordHash: 'x', firstName: 'No', lastName: 'Body', routingProfileId: world.routingProfileId }));
    eventsOf(world.run({ type: 'SetAgentStatus', userId, statusId: world.statusIds.Available }));
    world.advance(1000);
    const other = world.startChat('Ben');
    assert.equal(world.contact(other.contactId).offer?.userId, world.userId('alice'));
    assert.equal(world.instance.users.get(userId)!.contacts.size, 0);
  });

  test('AgentDisconnected makes the agent away with a deadline 60 seconds later; AgentConnected cancels it', () => {
    const world = availableWorld(['alice']);
    assert.equal(AWAY_GRACE_MS, 60_000);
    const away = eventsOf(world.disconnectCcp('alice'));
    const userId = world.userId('alice');
    assert.deepEqual(away, [{ type: 'AgentPresenceChanged', instanceId: world.instanceId, at: world.now, userId, presence: 'away', awayDeadline: world.now + 60_000 }]);
    const key = `away:${world.instanceId}:${userId}`;
    const command = { type: 'ExpireAgentAway', instanceId: world.instanceId, userId };
    assert.deepEqual(deadlinesOf(away[0]!), [{ key, at: world.now + 60_000, command }]);
    assert.deepEqual(pendingDeadlines(world.state).filter((d) => d.key === key), [{ key, at: world.now + 60_000, command }]);
    // A second disconnect while away changes nothing (the deadline stays).
    world.advance(1000);
    assert.deepEqual(eventsOf(world.disconnectCcp('alice')), []);
    assert.equal(world.user('alice').awayDeadline, world.now - 1000 + 60_000);

    const back = eventsOf(world.connect('alice'));
    assert.deepEqual(back.flatMap(deadlinesOf).map((d) => [d.key, d.at]), [[key, undefined]]);
    assert.equal(world.user('alice').awayDeadline, undefined);
    assert.deepEqual(eventsOf(world.connect('alice')), [], 'connecting again changes nothing');
  });

  test('an offer already out to an agent who goes away still expires as missed (and goes to another agent)', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    world.advance(5000);
    eventsOf(world.disconnectCcp('alice'));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');
    world.advance(OFFER_TIMEOUT_MS - 5000);
    const events = eventsOf(world.expire('alice', chat.contactId));
    assert.deepEqual(events.map((e) => [e.type, 'userId' in e ? e.userId : undefined]), [
      ['OfferMissed', world.userId('alice')], ['ContactOffered', world.userId('bob')],
    ]);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'missed');
  });

  test('reconnecting within the grace keeps the agent\'s chats, and the away timer is then refused as stale', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(10_000);
    eventsOf(world.disconnectCcp('alice'));
    const deadline = world.user('alice').awayDeadline!;
    world.advance(40_000);
    eventsOf(world.connect('alice'));
    world.now = deadline;
    const before = serialize(world.state);
    const rejection = rejectionOf(world.expireAway('alice'));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'stale-timer');
    assert.equal(serialize(world.state), before);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected');
    assert.equal(world.contact(chat.contactId).status, 'connected');
    eventsOf(world.send(chat.contactId, world.participantOf('alice', chat.contactId), 'sorry, my browser crashed'));
  });

  test('ExpireAgentAway before the deadline is refused as a stale timer', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.disconnectCcp('alice'));
    world.advance(AWAY_GRACE_MS - 1);
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.expireAway('alice')).rule, 'stale-timer');
    assert.equal(serialize(world.state), before);
    // An agent who is present (never away) also has no timer to fire.
    const other = availableWorld(['bob']);
    assert.equal(rejectionOf(other.expireAway('bob')).rule, 'stale-timer');
  });

  test('a timer from an earlier absence is stale once the agent came back and left again', () => {
    const world = availableWorld(['alice']);
    eventsOf(world.disconnectCcp('alice'));
    const firstDeadline = world.now + AWAY_GRACE_MS;
    world.advance(10_000);
    eventsOf(world.connect('alice'));
    world.advance(10_000);
    eventsOf(world.disconnectCcp('alice'));
    world.now = firstDeadline;
    assert.equal(rejectionOf(world.expireAway('alice')).rule, 'stale-timer');
    world.now = firstDeadline + 20_000;
    eventsOf(world.expireAway('alice'));
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
  });

  test('after the grace the agent leaves every chat (ACW), each chat goes back to its queue keeping its place, the customer is told, and the agent becomes Offline', () => {
    const world = availableWorld(['alice']);
    world.addAgent('bob');
    const c1 = world.startChat('Ann');
    eventsOf(world.accept('alice', c1.contactId));
    world.advance(1000);
    const c2 = world.startChat('Ben');
    eventsOf(world.accept('alice', c2.contactId));
    world.advance(1000);
    const c3 = handledChat(world, 'alice', 'Cid'); // in ACW
    world.advance(1000);
    const waiting = world.startChat('Dee'); // alice's three slots are full
    assert.equal(world.contact(waiting.contactId).offer, undefined);
    const enqueued = [c1.contactId, c2.contactId].map((id) => world.contact(id).enqueuedAt);

    world.advance(1000);
    const events = awayPastGrace(world, 'alice');
    assert.deepEqual(events.map((e) => [e.type, 'contactId' in e ? e.contactId : undefined]), [
      ['AgentPresenceChanged', undefined],
      ['ParticipantLeft', c1.contactId], ['ContactRequeued', c1.contactId],
      ['ParticipantLeft', c2.contactId], ['ContactRequeued', c2.contactId],
      ['AgentStatusChanged', undefined],
    ]);
    for (const requeued of eventsOfType(events, 'ContactRequeued')) {
      assert.equal(requeued.item.content, AGENT_LOST_MESSAGE);
      assert.equal(requeued.item.role, 'SYSTEM');
      assert.equal(requeued.item.displayName, SYSTEM_DISPLAY_NAME);
    }
    const alice = world.user('alice');
    assert.equal(alice.statusId, world.statusIds.Offline);
    assert.equal(alice.awayDeadline, undefined);
    assert.deepEqual([c1.contactId, c2.contactId, c3].map((id) => alice.contacts.get(id)?.state), ['ended', 'ended', 'ended']);
    for (const [i, chat] of [c1, c2].entries()) {
      const contact = world.contact(chat.contactId);
      assert.equal(contact.status, 'queued');
      assert.equal(contact.enqueuedAt, enqueued[i]);
      assert.equal(contact.participants.get(chat.customerId)?.state, 'connected', 'the customer stays');
      assert.equal(contact.legs[0]?.leftAt, world.now);
      assert.equal(contact.transcript.at(-1)?.content, AGENT_LOST_MESSAGE);
    }

    // bob comes: the taken-back chats come before the younger one that was waiting.
    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('bob', 'Available')));
    assert.deepEqual(offers.map((o) => o.contactId), [c1.contactId, c2.contactId, waiting.contactId]);
  });

  test('a chat taken back from an away agent is offered to another agent in the same step', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    const events = awayPastGrace(world, 'alice');
    assert.deepEqual(offersIn(events).map((o) => [o.contactId, o.userId]), [[chat.contactId, world.userId('bob')]]);
    eventsOf(world.accept('bob', chat.contactId));
    assert.deepEqual(world.contact(chat.contactId).legs.map((l) => l.userId), [world.userId('alice'), world.userId('bob')]);
    assert.equal(world.contact(chat.contactId).status, 'connected');
  });

  test('ExpireAgentAway drops a pending next status', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    const events = awayPastGrace(world, 'alice');
    assert.ok(events.some((e) => e.type === 'NextAgentStatusSet' && e.statusId === null));
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
    // Clearing the ACW later does not bring Break back.
    eventsOf(world.clear('alice', chat.contactId));
    assert.equal(world.user('alice').statusId, world.statusIds.Offline);
  });

  test('canTakeContact agrees with routing: an agent who holds the contact (in ACW) cannot take it again', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    awayPastGrace(world, 'alice');
    eventsOf(world.connect('alice'));
    eventsOf(world.setStatus('alice', 'Available'));
    const alice = world.user('alice');
    assert.equal(alice.contacts.get(chat.contactId)?.state, 'ended', 'routing did not offer it to her');
    assert.equal(canTakeContact(world.instance, alice, world.contact(chat.contactId), world.now), false);
  });

  test('a chat taken back from an away agent is not offered back to that agent while they still hold it in ACW', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    awayPastGrace(world, 'alice');
    world.advance(1000);
    eventsOf(world.connect('alice'));
    const events = eventsOf(world.setStatus('alice', 'Available'));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended', 'alice is still in after contact work on it');
    assert.deepEqual(offersIn(events), []);
  });
});
