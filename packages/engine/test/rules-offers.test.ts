/** The routing rules of seed 004: offers, the 20 s accept, missed contacts, rejecting, who gets the offer, stale timers. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { OFFER_TIMEOUT_MS, slotsInUse, canTakeContact, hasMissedContact, type Contact } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableAgent, availableWorld, offersIn } from './routingWorlds.ts';

describe('offers', () => {
  test('only Available agents are offered contacts', () => {
    const world = new World({ agents: ['alice', 'bob', 'carol'] });
    // Everyone starts Offline; bob goes on Break: nobody is routable.
    eventsOf(world.setStatus('bob', 'Break'));
    const chat = world.startChat('Ann');
    assert.equal(offersIn(eventsOf(chat.decision)).length, 0);
    assert.equal(world.contact(chat.contactId).status, 'queued');
    assert.equal(world.contact(chat.contactId).offer, undefined);

    // carol becomes Available: the waiting chat goes to her, not to Offline alice or bob on Break.
    world.advance(1000);
    const offers = offersIn(eventsOf(world.setStatus('carol', 'Available')));
    assert.equal(offers.length, 1);
    assert.equal(offers[0]!.userId, world.userId('carol'));
    assert.equal(offers[0]!.contactId, chat.contactId);
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(world.user('bob').contacts.size, 0);
  });

  test('a contact is offered to one agent at a time', () => {
    const world = availableWorld(['alice', 'bob', 'carol']);
    const chat = world.startChat('Ann');
    const offers = offersIn(eventsOf(chat.decision));
    assert.equal(offers.length, 1);
    const holders = [...world.instance.users.values()].filter((u) => u.contacts.has(chat.contactId));
    assert.equal(holders.length, 1);
    assert.deepEqual(world.contact(chat.contactId).offer, { userId: offers[0]!.userId, deadline: offers[0]!.deadline });
  });

  test('the offer lasts 20 seconds and its deadline is written into the event', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    const [offer] = offersIn(eventsOf(chat.decision));
    assert.ok(offer);
    assert.equal(OFFER_TIMEOUT_MS, 20_000);
    assert.equal(offer.at, world.now);
    assert.equal(offer.deadline, world.now + 20_000);
    assert.equal(world.agentContact('alice', chat.contactId)?.offerDeadline, offer.deadline);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');
  });

  test('chats must be accepted by hand: nothing connects until the agent accepts', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    const events = eventsOf(chat.decision);
    assert.equal(eventsOfType(events, 'ContactAccepted').length, 0);
    world.advance(19_999);
    // Time passing and the customer typing do not connect anybody.
    eventsOf(world.send(chat.contactId, chat.customerId, 'hello?'));
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'queued');
    assert.equal([...contact.participants.values()].filter((p) => p.role === 'AGENT').length, 0);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');

    const accepted = eventsOf(world.accept('alice', chat.contactId));
    assert.equal(eventsOfType(accepted, 'ContactAccepted').length, 1);
    assert.equal(contact.status, 'connected');
    assert.equal(contact.primaryUserId, world.userId('alice'));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'connected');
    const agentParticipant = contact.participants.get(world.participantOf('alice', chat.contactId));
    assert.equal(agentParticipant?.role, 'AGENT');
    assert.equal(agentParticipant?.state, 'connected');
  });

  test('accepting after the 20 seconds is refused', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    const before = serialize(world.state);
    const rejection = rejectionOf(world.accept('alice', chat.contactId));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'offer-lasts-20-seconds');
    assert.equal(serialize(world.state), before);
  });

  test('accepting one millisecond before the deadline is allowed', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS - 1);
    eventsOf(world.accept('alice', chat.contactId));
  });

  test('an offer not accepted in 20 seconds is missed and the contact goes back to its queue and is offered to another agent', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    const [first] = offersIn(eventsOf(chat.decision));
    assert.equal(first?.userId, world.userId('alice'));
    const enqueuedAt = world.contact(chat.contactId).enqueuedAt;

    world.advance(OFFER_TIMEOUT_MS);
    const events = eventsOf(world.expire('alice', chat.contactId));
    assert.deepEqual(events.map((e) => e.type), ['OfferMissed', 'ContactOffered']);
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'queued');
    assert.equal(contact.queueId, world.queueId);
    assert.equal(contact.enqueuedAt, enqueuedAt, 'the contact keeps its place in the queue');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'missed');
    assert.equal(world.agentContact('alice', chat.contactId)?.offerDeadline, undefined);
    const second = eventsOfType(events, 'ContactOffered')[0]!;
    assert.equal(second.userId, world.userId('bob'));
    assert.equal(second.deadline, world.now + OFFER_TIMEOUT_MS);
    assert.deepEqual(contact.offer, { userId: world.userId('bob'), deadline: second.deadline });
  });

  test('an offer timer that fires before the deadline is refused', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS - 1);
    const rejection = rejectionOf(world.expire('alice', chat.contactId));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'stale-timer');
  });

  test('a missed contact occupies a slot until the agent clears it', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('alice', chat.contactId));
    const alice = world.user('alice');
    assert.equal(slotsInUse(alice, 'CHAT'), 1);
    // The customer gives up; the missed contact still holds alice's slot.
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.equal(world.contact(chat.contactId).status, 'ended');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'missed');
    assert.equal(slotsInUse(alice, 'CHAT'), 1);

    world.advance(5000);
    const cleared = eventsOf(world.clear('alice', chat.contactId));
    assert.equal(cleared[0]?.type, 'AgentContactCleared');
    assert.equal(slotsInUse(alice, 'CHAT'), 0);
    assert.equal(alice.contacts.has(chat.contactId), false);
  });

  test('while a missed contact is not cleared, no contact of any channel is routed to the agent', () => {
    const world = new World({ agents: [] });
    availableAgent(world, 'olga', world.addRoutingProfile('Omni', ['CHAT', 'VOICE', 'TASK']));
    world.advance(1000);
    const first = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('olga', first.contactId));
    assert.equal(hasMissedContact(world.user('olga')), true);

    // olga has two free chat slots, but nothing is routed to her: not the chat she missed, not a new one.
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(offersIn(eventsOf(second.decision)).length, 0);
    assert.equal(world.contact(first.contactId).offer, undefined);
    assert.equal(world.contact(second.contactId).offer, undefined);

    // Nor a contact of another channel her routing profile takes.
    const voice: Contact = { ...world.contact(second.contactId), id: 'voice-1', channel: 'VOICE', participants: new Map(), transcript: [] };
    const task: Contact = { ...voice, id: 'task-1', channel: 'TASK' };
    assert.equal(canTakeContact(world.instance, world.user('olga'), voice), false);
    assert.equal(canTakeContact(world.instance, world.user('olga'), task), false);

    // Clearing the missed contact lets routing reach her again: the oldest waiting chat comes first.
    world.advance(1000);
    const events = eventsOf(world.clear('olga', first.contactId));
    const offers = offersIn(events);
    assert.deepEqual(offers.map((o) => o.contactId), [first.contactId, second.contactId]);
  });

  test('with the missed contact cleared and no other contacts, other channels can be routed again', () => {
    const world = new World({ agents: [] });
    availableAgent(world, 'olga', world.addRoutingProfile('Omni', ['CHAT', 'VOICE']));
    const chat = world.startChat('Ann');
    world.advance(OFFER_TIMEOUT_MS);
    eventsOf(world.expire('olga', chat.contactId));
    eventsOf(world.stop(chat.contactId)); // nobody else can take it; end it so it is not re-offered
    const voice: Contact = { ...world.contact(chat.contactId), id: 'voice-1', channel: 'VOICE', status: 'queued', participants: new Map(), transcript: [] };
    delete voice.offer;
    assert.equal(canTakeContact(world.instance, world.user('olga'), voice), false);
    eventsOf(world.clear('olga', chat.contactId));
    assert.equal(canTakeContact(world.instance, world.user('olga'), voice), true);
  });

  test('rejecting sends the contact to the next agent', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('alice'));
    world.advance(3000);
    const events = eventsOf(world.reject('alice', chat.contactId));
    assert.deepEqual(events.map((e) => e.type), ['OfferRejected', 'ContactOffered']);
    assert.equal(eventsOfType(events, 'ContactOffered')[0]!.userId, world.userId('bob'));
    // A rejected offer leaves nothing on the agent: no missed contact, no slot.
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(world.contact(chat.contactId).offer?.userId, world.userId('bob'));
  });

  test('only an incoming contact can be accepted or rejected', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    assert.equal(rejectionOf(world.accept('alice', chat.contactId)).rule, 'accept-only-incoming');
    assert.equal(rejectionOf(world.reject('alice', chat.contactId)).rule, 'reject-only-incoming');
  });

  test('an agent cannot act on a contact that is not theirs', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    for (const decision of [world.accept('bob', chat.contactId), world.reject('bob', chat.contactId), world.clear('bob', chat.contactId)]) {
      const rejection = rejectionOf(decision);
      assert.equal(rejection.code, 'AccessDenied');
      assert.equal(rejection.rule, 'agents-act-only-on-their-contacts');
    }
  });

  test('a live contact cannot be cleared', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    assert.equal(rejectionOf(world.clear('alice', chat.contactId)).rule, 'clear-only-missed-or-acw');
    eventsOf(world.accept('alice', chat.contactId));
    assert.equal(rejectionOf(world.clear('alice', chat.contactId)).rule, 'clear-only-missed-or-acw');
  });

  test('taking a contact moves the agent to the back of the longest-idle order', () => {
    const world = availableWorld(['alice', 'bob']);
    const first = world.startChat('Ann');
    assert.equal(world.contact(first.contactId).offer?.userId, world.userId('alice'));
    eventsOf(world.accept('alice', first.contactId));
    world.advance(1000);
    // alice still has free chat slots, but bob has been idle longer now.
    const second = world.startChat('Ben');
    assert.equal(world.contact(second.contactId).offer?.userId, world.userId('bob'));
  });

  test('the longest-idle eligible agent gets the offer', () => {
    const world = new World({ agents: ['alice', 'bob', 'carol'] });
    // carol is Available first, then alice, then bob.
    for (const agent of ['carol', 'alice', 'bob']) {
      world.advance(1000);
      eventsOf(world.setStatus(agent, 'Available'));
    }
    world.advance(1000);
    const first = world.startChat('Ann');
    assert.equal(world.contact(first.contactId).offer?.userId, world.userId('carol'));

    // carol handles it and clears it: she is now the most recently idle, so the next chat skips her.
    eventsOf(world.accept('carol', first.contactId));
    world.advance(1000);
    eventsOf(world.disconnect(first.contactId, first.customerId));
    world.advance(1000);
    eventsOf(world.clear('carol', first.contactId));
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.contact(second.contactId).offer?.userId, world.userId('alice'));

    // An agent who is not eligible (on Break) is skipped even if idle longer.
    world.advance(1000);
    eventsOf(world.reject('alice', second.contactId)); // goes to bob
    assert.equal(world.contact(second.contactId).offer?.userId, world.userId('bob'));
    world.advance(1000);
    eventsOf(world.setStatus('carol', 'Break'));
    eventsOf(world.setStatus('alice', 'Break'));
    world.advance(1000);
    const third = world.startChat('Cid');
    // bob holds an offer but still has free slots and is the only Available agent.
    assert.equal(world.contact(third.contactId).offer?.userId, world.userId('bob'));
  });

  test('an agent never holds more contacts of a channel than the routing profile\'s concurrency', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 3 });
    const chats = ['Ann', 'Ben', 'Cid', 'Dee', 'Eve'].map((name) => {
      world.advance(100);
      return world.startChat(name);
    });
    const offered = chats.filter((c) => world.contact(c.contactId).offer?.userId === world.userId('alice'));
    assert.deepEqual(offered.map((c) => c.contactId), chats.slice(0, 3).map((c) => c.contactId));
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 3);
    for (const c of chats.slice(3)) {
      assert.equal(world.contact(c.contactId).status, 'queued');
      assert.equal(world.contact(c.contactId).offer, undefined);
    }
    for (const c of offered) eventsOf(world.accept('alice', c.contactId));
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 3);

    // The first chat ends: alice is in ACW on it, which still holds the slot.
    world.advance(1000);
    const ended = eventsOf(world.disconnect(chats[0]!.contactId, chats[0]!.customerId));
    assert.equal(offersIn(ended).length, 0);
    assert.equal(world.agentContact('alice', chats[0]!.contactId)?.state, 'ended');
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 3);

    // Clearing it frees one slot: exactly one more chat (the oldest waiting) is offered.
    const cleared = eventsOf(world.clear('alice', chats[0]!.contactId));
    assert.deepEqual(offersIn(cleared).map((o) => o.contactId), [chats[3]!.contactId]);
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 3);
  });

  test('a contact waiting in the queue is offered as soon as an agent becomes Available', () => {
    const world = new World({ agents: ['alice'] });
    const chat = world.startChat('Ann');
    assert.equal(world.contact(chat.contactId).status, 'queued');
    world.advance(60_000);
    const offers = offersIn(eventsOf(world.setStatus('alice', 'Available')));
    assert.equal(offers[0]?.contactId, chat.contactId);
    assert.equal(offers[0]?.deadline, world.now + OFFER_TIMEOUT_MS);
  });

  test('waiting contacts are offered first come, first served', () => {
    const world = new World({ agents: ['alice'] });
    const chats = ['Ann', 'Ben', 'Cid', 'Dee'].map((n) => { world.advance(10); return world.startChat(n); });
    const offers = offersIn(eventsOf(world.setStatus('alice', 'Available')));
    assert.deepEqual(offers.map((o) => o.contactId), chats.slice(0, 3).map((c) => c.contactId));
  });

  test('a timer that fires after the offer was answered is refused as stale', () => {
    const world = availableWorld(['alice', 'bob']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(OFFER_TIMEOUT_MS);
    const before = serialize(world.state);
    const rejection = rejectionOf(world.expire('alice', chat.contactId));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'stale-timer');
    assert.equal(serialize(world.state), before);

    // The timer of a rejected offer finds nothing on the agent.
    const other = world.startChat('Ben');
    const offeredTo = world.contact(other.contactId).offer!.userId === world.userId('alice') ? 'alice' : 'bob';
    eventsOf(world.reject(offeredTo, other.contactId));
    assert.notEqual(world.contact(other.contactId).offer?.userId, world.userId(offeredTo));
    world.advance(OFFER_TIMEOUT_MS);
    assert.equal(rejectionOf(world.expire(offeredTo, other.contactId)).code, 'AccessDenied');
  });

  test('a timer from an earlier offer does not expire a newer offer of the same contact to the same agent', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    world.advance(5000);
    // alice rejects; she is the only agent, so the chat comes straight back to her with a new deadline.
    const events = eventsOf(world.reject('alice', chat.contactId));
    const reoffer = eventsOfType(events, 'ContactOffered')[0]!;
    assert.equal(reoffer.userId, world.userId('alice'));
    world.advance(OFFER_TIMEOUT_MS - 5000); // the first offer's deadline
    assert.equal(rejectionOf(world.expire('alice', chat.contactId)).rule, 'stale-timer');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');
    world.advance(5000); // the second offer's deadline
    eventsOf(world.expire('alice', chat.contactId));
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'missed');
  });
});
