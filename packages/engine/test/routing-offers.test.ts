/** Routing as Amazon Connect does it: offers (rejected, missed), missed contacts and after contact work. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { OFFER_TIMEOUT_MS, agentSnapshot, contactRecord, hasMissedContact, slotsInUse } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, typesOf } from './decisions.ts';
import { availableAgent, availableWorld, chatAndTaskProfile, offersIn } from './routingWorlds.ts';

describe('offers', () => {
  test('rejecting sends the contact to the next agent, in longest-idle order', () => {
    const world = availableWorld(['alice', 'bob', 'carol']);
    const chat = world.startChat('Ann');
    const order = [world.contact(chat.contactId).offer!.userId];
    for (const agent of ['alice', 'bob', 'carol']) {
      world.advance(1000);
      eventsOf(world.reject(agent, chat.contactId));
      order.push(world.contact(chat.contactId).offer!.userId);
    }
    // After everyone rejected once, alice (who rejected first) has been idle longest.
    assert.deepEqual(order, ['alice', 'bob', 'carol', 'alice'].map((a) => world.userId(a)));
    assert.deepEqual(world.contact(chat.contactId).offers.map((o) => o.outcome), ['rejected', 'rejected', 'rejected', undefined]);
  });

  test('an offer not answered in 20 seconds is missed; the contact goes back to its original position and is offered before younger contacts', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    world.addAgent('bob');
    const first = world.startChat('Ann');
    const enqueuedAt = world.contact(first.contactId).enqueuedAt;
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.contact(second.contactId).offer, undefined, 'alice has no free slot');

    world.advance(OFFER_TIMEOUT_MS - 1000);
    const missed = eventsOf(world.expire('alice', first.contactId));
    assert.deepEqual(typesOf(missed), ['OfferMissed']);
    assert.equal(world.agentContact('alice', first.contactId)?.state, 'missed');
    assert.equal(agentSnapshot(world.instance, world.user('alice'), world.now).snapshot.contacts[0]?.state.type, 'missed');
    const contact = world.contact(first.contactId);
    assert.equal(contact.status, 'queued');
    assert.equal(contact.enqueuedAt, enqueuedAt);

    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('bob', 'Available')));
    assert.deepEqual(offers.map((o) => [o.contactId, o.userId]), [[first.contactId, world.userId('bob')]]);
  });
});

describe('missed contacts', () => {
  test('while a missed chat is not cleared, no task is routed to the agent either; clearing frees the slot and routing resumes', () => {
    const world = new World({ agents: [] });
    const omni = chatAndTaskProfile(world, 'Omni', { CHAT: 'ROUTE_ANY_CHANNEL', TASK: 'ROUTE_ANY_CHANNEL' }, { CHAT: 1, TASK: 1 });
    availableAgent(world, 'olga', omni);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('olga', chat.contactId));
    assert.equal(hasMissedContact(world.user('olga')), true);
    assert.equal(slotsInUse(world.user('olga'), 'CHAT'), 1);

    world.advance(1000);
    const task = world.injectContact('TASK');
    assert.equal(offersIn(eventsOf(task.decision)).length, 0);
    assert.equal(world.contact(chat.contactId).offer, undefined);

    world.advance(1000);
    const cleared = eventsOf(world.clear('olga', chat.contactId));
    assert.equal(cleared[0]?.type, 'AgentContactCleared');
    // The chat she missed (older) and the task both come to her: each channel has its slot free again.
    assert.deepEqual(offersIn(cleared).map((o) => o.contactId), [chat.contactId, task.contactId]);
  });
});

describe('after contact work', () => {
  test('when a contact ends, the agent enters after contact work, still holding the slot, until they clear it; the ACW time is recorded on the leg', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    const chat = world.startChat('Ann');
    const offeredAt = world.now;
    world.advance(5000);
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(60_000);
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    const leftAt = world.now;
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 1);
    assert.equal((contactRecord(world.instance, world.contact(chat.contactId)).AgentInfo as Record<string, unknown>).AfterContactWorkStartTimestamp, leftAt / 1000);
    const waiting = world.startChat('Ben');
    assert.equal(world.contact(waiting.contactId).offer, undefined, 'ACW holds the only slot');

    world.advance(30_000);
    const cleared = eventsOf(world.clear('alice', chat.contactId));
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'ContactOffered']);
    const legs = world.contact(chat.contactId).legs.map((l) => ({ userId: l.userId, connectedAt: l.connectedAt, leftAt: l.leftAt, acwEndAt: l.acwEndAt }));
    assert.deepEqual(legs, [{ userId: world.userId('alice'), connectedAt: offeredAt + 5000, leftAt, acwEndAt: leftAt + 30_000 }]);
  });

  test('the agent who ends the chat themselves also goes to after contact work', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(10_000);
    eventsOf(world.disconnect(chat.contactId, world.participantOf('alice', chat.contactId)));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.equal(world.contact(chat.contactId).legs[0]?.leftAt, world.now);
    assert.equal(world.contact(chat.contactId).legs[0]?.acwEndAt, undefined);
  });
});
