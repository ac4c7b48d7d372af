/**
 * Multi-party chat (seed 001, the multi-party chat page; seed 002, chatjs "Multi-party Chat Feature"):
 * one test per rule, named as the rule. TransferContact, and the legs that record who added or
 * transferred whom; through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, OFFER_TIMEOUT_MS, deadlinesOf, pendingDeadlines } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { available, chatWith, contactViewOf, join, multiPartyWorld } from './multipartyWorlds.ts';

describe('multi-party chat', () => {
  test('transferring disconnects every agent in it (each to ACW) and the chat continues with the new agent (agent or queue quick connect); a declined agent transfer falls back to the queue', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    join(mp, chat.contactId, 'alice', 'bob');
    const contact = world.contact(chat.contactId);
    // A pending invitation (erin, Offline) is cancelled by the transfer.
    world.advance(1000);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.erin!));
    // dave is Available and idle longer than carol; the agent quick connect still goes to carol only.
    available(world, 'dave', 'carol');

    world.advance(1000);
    const transferred = eventsOf(world.transfer('bob', chat.contactId, qc.carol!));
    assert.deepEqual(transferred.map((e) => e.type), ['MessageSent', 'InvitationEnded', 'ParticipantLeft', 'ParticipantLeft', 'ContactTransferred', 'ContactOffered']);
    assert.equal(eventsOfType(transferred, 'InvitationEnded')[0]!.status, 'cancelled');
    assert.equal(eventsOfType(transferred, 'ContactOffered')[0]!.userId, world.userId('carol'));
    for (const agent of ['alice', 'bob']) assert.equal(world.agentContact(agent, chat.contactId)?.state, 'ended', `${agent} is in ACW`);
    assert.equal(contact.status, 'queued');
    assert.equal(contact.transcript.at(-1)!.contentType, EVENT.transferSucceeded);
    assert.equal([...contact.participants.values()].find((p) => p.role === 'CUSTOMER')!.state, 'connected', 'the customer stays');
    // Neither agent can act on the chat any more.
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, qc.dave!)).code, 'AccessDenied');
    assert.equal(rejectionOf(world.transfer('bob', chat.contactId, qc.dave!)).code, 'AccessDenied');

    world.advance(1000);
    eventsOf(world.accept('carol', chat.contactId));
    assert.equal(contact.status, 'connected');
    assert.deepEqual(world.agentsInChat(chat.contactId), ['carol']);
    assert.equal(world.connectedCount(chat.contactId), 2);
    assert.equal(contact.transfer, undefined);

    // Through the queue quick connect: the queue's next agent (dave) gets it.
    world.advance(1000);
    const viaQueue = eventsOf(world.transfer('carol', chat.contactId, qc.queue!));
    assert.deepEqual(eventsOfType(viaQueue, 'ContactOffered').map((o) => o.userId), [world.userId('dave')]);
    eventsOf(world.accept('dave', chat.contactId));
    assert.deepEqual(world.agentsInChat(chat.contactId), ['dave']);

    // A declined agent transfer: frank rejects; the chat falls back to the queue (erin, who is Available).
    available(world, 'erin', 'frank');
    world.advance(1000);
    const toFrank = eventsOf(world.transfer('dave', chat.contactId, qc.frank!));
    assert.deepEqual(eventsOfType(toFrank, 'ContactOffered').map((o) => o.userId), [world.userId('frank')]);
    const declined = eventsOf(world.reject('frank', chat.contactId));
    assert.deepEqual(declined.map((e) => e.type), ['OfferRejected', 'TransferTargetDeclined', 'ContactOffered']);
    assert.equal(eventsOfType(declined, 'ContactOffered')[0]!.userId, world.userId('erin'));
    eventsOf(world.accept('erin', chat.contactId));
    assert.deepEqual(world.agentsInChat(chat.contactId), ['erin']);

    // Missing the offer is declining too. (bob and alice clear their ACW first: an agent who still holds the
    // contact is not offered it; frank goes Offline so that alice is the queue's only free agent.)
    eventsOf(world.clear('alice', chat.contactId));
    eventsOf(world.clear('bob', chat.contactId));
    eventsOf(world.setStatus('frank', 'Offline'));
    world.advance(1000);
    eventsOf(world.transfer('erin', chat.contactId, qc.bob!));
    assert.equal(contact.offer?.userId, world.userId('bob'));
    world.advance(OFFER_TIMEOUT_MS);
    const missed = eventsOf(world.expire('bob', chat.contactId));
    assert.deepEqual(missed.map((e) => e.type), ['OfferMissed', 'TransferTargetDeclined', 'ContactOffered']);
    assert.equal(eventsOfType(missed, 'ContactOffered')[0]!.userId, world.userId('alice'), 'alice cleared her ACW and is back in the queue');

    // Transferring to oneself is refused.
    const solo = multiPartyWorld();
    const own = chatWith(solo.world, 'alice');
    assert.equal(rejectionOf(solo.world.transfer('alice', own.contactId, solo.qc.alice!)).rule, 'transfer-to-someone-else');
  });

  test('a transfer into a queue with a routing delay schedules the RouteContacts that offers the chat when the delay runs out', {
  }, () => {
    const world = new World({ agents: ['alice'] });
    eventsOf(world.setMultiParty(true));
    const delayedQueue = world.addQueue('DelayedQueue');
    world.addAgent('carol', world.addProfile('Delayed', { queues: [{ queueId: world.queueId }, { queueId: delayedQueue, delaySeconds: 30 }] }));
    const quickConnect = world.addQuickConnect('QUEUE', delayedQueue, { name: 'Delayed' });
    const chat = chatWith(world, 'alice');
    available(world, 'carol');
    world.advance(1000);
    const transferred = eventsOf(world.transfer('alice', chat.contactId, quickConnect));
    assert.equal(eventsOfType(transferred, 'ContactOffered').length, 0, 'carol\'s queue delay has not run out');
    const due = world.now + 30_000;
    // The engine's own restart view knows the chat is due to be routed then …
    assert.ok(pendingDeadlines(world.state).some((d) => d.command?.type === 'RouteContacts' && d.at === due));
    // … but the events of the transfer, which the running shell schedules from, say nothing.
    assert.deepEqual(transferred.flatMap(deadlinesOf).filter((d) => d.command?.type === 'RouteContacts').map((d) => d.at), [due]);
  });

  test('transferring while an invitation is being offered withdraws that offer: the invited agent can no longer join', {
  }, () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    available(world, 'bob', 'carol');
    world.advance(1000);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    assert.equal(world.agentContact('bob', chat.contactId)?.state, 'incoming');
    world.advance(1000);
    const transferred = eventsOf(world.transfer('alice', chat.contactId, qc.carol!));
    const contact = world.contact(chat.contactId);
    assert.equal(contact.invitations[0]!.status, 'cancelled');
    // The transfer should reach carol, and bob's invitation offer should be gone.
    assert.equal(world.user('bob').contacts.has(chat.contactId), false, 'bob still holds the cancelled invitation\'s offer');
    assert.deepEqual(eventsOfType(transferred, 'ContactOffered').map((o) => o.userId), [world.userId('carol')]);
    // And if bob answers the stale offer anyway, he does not join through a cancelled invitation.
    world.advance(1000);
    world.accept('bob', chat.contactId);
    assert.equal(contact.invitations[0]!.status, 'cancelled');
    assert.ok(!world.agentsInChat(chat.contactId).includes('bob'));
  });

  test('each added or transferred agent\'s leg records who added whom, when, and with which quick connect (contact.legs via/by/quickConnectId/quickConnectName)', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    const contact = world.contact(chat.contactId);
    const aliceAt = contact.legs[0]!.connectedAt;

    join(mp, chat.contactId, 'alice', 'bob');
    const bobAt = world.now;
    // bob adds through the queue quick connect; carol (the queue's next agent) accepts.
    available(world, 'carol');
    world.advance(1000);
    const carolInvitedAt = world.now;
    eventsOf(world.addParticipant('bob', chat.contactId, qc.queue!));
    world.advance(2000);
    eventsOf(world.accept('carol', chat.contactId));
    const carolAt = world.now;
    assert.equal(contact.invitations.at(-1)!.at, carolInvitedAt);
    assert.equal(contact.invitations.at(-1)!.invitedBy, world.userId('bob'));

    // carol transfers to dave.
    available(world, 'dave');
    world.advance(1000);
    eventsOf(world.transfer('carol', chat.contactId, qc.dave!));
    world.advance(1000);
    eventsOf(world.accept('dave', chat.contactId));
    const daveAt = world.now;

    const legs = contact.legs.map((l) => ({ ...l }));
    const pid = (agent: string) => world.participantOf(agent, chat.contactId);
    assert.deepEqual(legs.map((l) => ({ userId: l.userId, participantId: l.participantId, connectedAt: l.connectedAt, via: l.via, by: l.by, quickConnectId: l.quickConnectId, quickConnectName: l.quickConnectName })), [
      { userId: world.userId('alice'), participantId: pid('alice'), connectedAt: aliceAt, via: 'queue', by: undefined, quickConnectId: undefined, quickConnectName: undefined },
      { userId: world.userId('bob'), participantId: pid('bob'), connectedAt: bobAt, via: 'added', by: world.userId('alice'), quickConnectId: qc.bob, quickConnectName: 'Bob' },
      { userId: world.userId('carol'), participantId: pid('carol'), connectedAt: carolAt, via: 'added', by: world.userId('bob'), quickConnectId: qc.queue, quickConnectName: 'BasicQueue' },
      { userId: world.userId('dave'), participantId: pid('dave'), connectedAt: daveAt, via: 'transfer', by: world.userId('carol'), quickConnectId: qc.dave, quickConnectName: 'Dave' },
    ]);
    // Everyone who left has a leftAt; the transfer ended alice's, bob's and carol's legs at once.
    assert.equal(legs[1]!.leftAt, legs[2]!.leftAt);
    assert.equal(legs[0]!.leftAt, legs[2]!.leftAt);
    assert.equal(legs[3]!.leftAt, undefined);
    // The CCP shows the quick connect each added or transferred agent came through.
    const names = Object.fromEntries(contactViewOf(world, 'dave', chat.contactId).connections.map((c) => [c.endpoint.name, c.quickConnectName]));
    assert.deepEqual(names, { Ann: undefined, Alice: undefined, Bob: 'Bob', Carol: 'BasicQueue', Dave: 'Dave' });

    // A declined agent transfer taken from the queue is still a transfer leg.
    available(world, 'erin', 'frank');
    world.advance(1000);
    eventsOf(world.transfer('dave', chat.contactId, qc.frank!));
    eventsOf(world.reject('frank', chat.contactId));
    eventsOf(world.accept('erin', chat.contactId));
    const erinLeg = contact.legs.at(-1)!;
    assert.equal(erinLeg.userId, world.userId('erin'));
    assert.equal(erinLeg.via, 'transfer');
    assert.equal(erinLeg.by, world.userId('dave'));
    assert.equal(erinLeg.quickConnectId, qc.frank);
  });
});
