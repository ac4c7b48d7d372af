/**
 * Routing as Amazon Connect does it: agent statuses and the next status (chosen while on contacts, taken
 * when the last contact goes).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { OFFER_TIMEOUT_MS, agentSnapshot, isOfferable } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, typesOf } from './decisions.ts';
import { availableWorld, offersIn } from './routingWorlds.ts';

describe('agent statuses', () => {
  test('only Available agents are offered contacts: Offline, Break and a custom Lunch status are not routable', () => {
    const world = new World({ agents: ['alice', 'bob', 'carol', 'dave'] });
    const lunch = world.addStatus('Lunch');
    eventsOf(world.setStatus('bob', 'Break'));
    eventsOf(world.setStatusId('carol', lunch));
    world.advance(1000);
    const chat = world.startChat('Ann');
    assert.equal(offersIn(eventsOf(chat.decision)).length, 0);
    for (const agent of ['alice', 'bob', 'carol']) assert.equal(isOfferable(world.instance, world.user(agent)), false, `${agent} is offerable`);
    const carol = agentSnapshot(world.instance, world.user('carol'), world.now).snapshot.state;
    assert.deepEqual([carol.name, carol.type], ['Lunch', 'not_routable']);

    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('dave', 'Available')));
    assert.deepEqual(offers.map((o) => [o.contactId, o.userId]), [[chat.contactId, world.userId('dave')]]);
    for (const agent of ['alice', 'bob', 'carol']) assert.equal(world.user(agent).contacts.size, 0);
  });

  test('changing status while on contacts keeps those contacts (and the agent gets no new ones)', () => {
    const world = availableWorld(['alice']);
    const first = world.startChat('Ann');
    eventsOf(world.accept('alice', first.contactId));
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.agentContact('alice', second.contactId)?.state, 'incoming');

    world.advance(1000);
    assert.deepEqual(typesOf(eventsOf(world.setStatus('alice', 'Break'))), ['AgentStatusChanged']);
    assert.equal(world.agentContact('alice', first.contactId)?.state, 'connected');
    assert.equal(world.agentContact('alice', second.contactId)?.state, 'incoming');
    assert.equal(world.contact(first.contactId).status, 'connected');
    // The chat goes on, and the offer still out can be accepted.
    eventsOf(world.send(first.contactId, world.participantOf('alice', first.contactId), 'still here'));
    eventsOf(world.accept('alice', second.contactId));

    world.advance(1000);
    const third = world.startChat('Cid');
    assert.equal(offersIn(eventsOf(third.decision)).length, 0, 'an agent on Break gets no new contact');
    eventsOf(world.setStatus('alice', 'Offline'));
    assert.deepEqual([...world.user('alice').contacts.values()].map((c) => c.state), ['connected', 'connected']);
  });

  test('a next status chosen while on contacts takes effect when the last contact is cleared', () => {
    const world = availableWorld(['alice']);
    const first = world.startChat('Ann');
    eventsOf(world.accept('alice', first.contactId));
    const second = world.startChat('Ben');
    eventsOf(world.accept('alice', second.contactId));
    world.advance(1000);

    const queued = eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(queued, [{ type: 'NextAgentStatusSet', instanceId: world.instanceId, at: world.now, userId: world.userId('alice'), statusId: world.statusIds.Break }]);
    const alice = world.user('alice');
    assert.equal(alice.statusId, world.statusIds.Available);
    assert.equal(alice.nextStatusId, world.statusIds.Break);
    assert.equal(agentSnapshot(world.instance, alice, world.now).snapshot.nextState?.name, 'Break');
    // Choosing the same next status again changes nothing.
    assert.deepEqual(eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true })), []);

    world.advance(1000);
    eventsOf(world.disconnect(first.contactId, first.customerId));
    assert.deepEqual(typesOf(eventsOf(world.clear('alice', first.contactId))), ['AgentContactCleared']);
    assert.equal(alice.statusId, world.statusIds.Available, 'a contact is still held');

    world.advance(1000);
    eventsOf(world.disconnect(second.contactId, second.customerId));
    const cleared = eventsOf(world.clear('alice', second.contactId));
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'NextAgentStatusSet', 'AgentStatusChanged']);
    assert.equal(eventsOfType(cleared, 'NextAgentStatusSet')[0]!.statusId, null);
    assert.equal(alice.statusId, world.statusIds.Break);
    assert.equal(alice.statusSince, world.now);
    assert.equal(alice.nextStatusId, undefined);
    assert.equal(agentSnapshot(world.instance, alice, world.now).snapshot.nextState, undefined);
  });

  test('a missed contact counts too: the next status waits until it is cleared', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('alice', chat.contactId));
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
    const cleared = eventsOf(world.clear('alice', chat.contactId));
    // Break is taken before routing looks, so the chat still waiting is not offered to alice again.
    assert.deepEqual(typesOf(cleared), ['AgentContactCleared', 'NextAgentStatusSet', 'AgentStatusChanged']);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.contact(chat.contactId).offer, undefined);
  });

  test('setting a status directly drops the next status', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));

    world.advance(1000);
    const direct = eventsOf(world.setStatus('alice', 'Offline'));
    assert.deepEqual(direct.map((e) => [e.type, 'statusId' in e ? e.statusId : undefined]), [
      ['NextAgentStatusSet', null], ['AgentStatusChanged', world.statusIds.Offline],
    ]);
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected', 'the contact is kept');

    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.deepEqual(typesOf(eventsOf(world.clear('alice', chat.contactId))), ['AgentContactCleared']);
    assert.equal(world.user('alice').statusId, world.statusIds.Offline, 'the dropped next status is not taken');

    // Setting the status one already has, while a next status is pending, only drops the next status.
    const other = world.startChat('Ben');
    eventsOf(world.setStatus('alice', 'Available'));
    eventsOf(world.accept('alice', other.contactId));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(typesOf(eventsOf(world.setStatus('alice', 'Available'))), ['NextAgentStatusSet']);
    assert.equal(world.user('alice').nextStatusId, undefined);
    assert.equal(world.user('alice').statusId, world.statusIds.Available);
  });

  test('with no contacts, enqueueNextState applies the status at once', () => {
    const world = availableWorld(['alice']);
    world.advance(1000);
    const events = eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    assert.deepEqual(typesOf(events), ['AgentStatusChanged']);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);

    // Back to Available the same way: a waiting chat is offered in the same step.
    const chat = world.startChat('Ann');
    world.advance(1000);
    const back = eventsOf(world.setStatus('alice', 'Available', { enqueueNextState: true }));
    assert.deepEqual(typesOf(back), ['AgentStatusChanged', 'ContactOffered']);
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
  });

  test('a next status takes effect when the last contact goes because the agent rejected its offer', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    world.advance(1000);
    eventsOf(world.reject('alice', chat.contactId));
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('bob'));
    assert.equal(world.user('alice').contacts.size, 0, 'alice holds nothing any more');
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);
  });

  test('a next status takes effect when the last contact goes because its offer was withdrawn (the customer left)', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.setStatus('alice', 'Break', { enqueueNextState: true }));
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(world.user('alice').statusId, world.statusIds.Break);
    assert.equal(world.user('alice').nextStatusId, undefined);
  });
});
