/**
 * Multi-party chat (seed 001, the multi-party chat page; seed 002, chatjs "Multi-party Chat Feature"):
 * one test per rule, named as the rule. Adding participants: the instance attribute, how many, what the
 * chat shows, and how an invitation is offered, rejected or missed; through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, MAX_CHAT_PARTICIPANTS, OFFER_TIMEOUT_MS, SYSTEM_DISPLAY_NAME, isMultiPartyChat, multiPartyChatEnabled } from '../src/index.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { TRANSFER_PROMPT } from './flows.ts';
import { serialize } from './serialize.ts';
import { AGENTS, available, chatWith, contactViewOf, join, multiPartyWorld } from './multipartyWorlds.ts';

describe('multi-party chat', () => {
  test('with MULTI_PARTY_CHAT_CONFERENCE off (the default) a chat has two participants: adding is refused, transfer still works', () => {
    const mp = multiPartyWorld({ multiParty: false });
    const { world, qc } = mp;
    assert.equal(world.instance.attributes.MULTI_PARTY_CHAT_CONFERENCE, undefined, 'a new instance has no attribute set');
    assert.equal(multiPartyChatEnabled(world.instance), false, 'and multi-party chat is off');

    const chat = chatWith(world, 'alice');
    available(world, 'bob', 'carol');
    assert.equal(contactViewOf(world, 'alice', chat.contactId).contactFeatures.multiPartyConferenceEnabled, false);
    const before = serialize(world.state);
    for (const quickConnect of [qc.bob!, qc.queue!]) {
      const rejection = rejectionOf(world.addParticipant('alice', chat.contactId, quickConnect));
      assert.equal(rejection.code, 'InvalidRequest');
      assert.equal(rejection.rule, 'two-participants-unless-multi-party');
    }
    assert.equal(serialize(world.state), before, 'nothing changed');
    assert.equal(world.connectedCount(chat.contactId), 2);

    // Transfer needs no multi-party chat: alice leaves, bob gets the chat.
    const transferred = eventsOf(world.transfer('alice', chat.contactId, qc.bob!));
    assert.deepEqual(eventsOfType(transferred, 'ContactOffered').map((o) => o.userId), [world.userId('bob')]);
    eventsOf(world.accept('bob', chat.contactId));
    assert.deepEqual(world.agentsInChat(chat.contactId), ['bob']);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.equal(world.connectedCount(chat.contactId), 2);

    // Switched on (values are read case-insensitively), adding works; switched off again, it is refused again.
    eventsOf(world.run({ type: 'UpdateInstanceAttribute', attributeType: 'MULTI_PARTY_CHAT_CONFERENCE', value: 'True' }));
    assert.equal(multiPartyChatEnabled(world.instance), true);
    assert.equal(contactViewOf(world, 'bob', chat.contactId).contactFeatures.multiPartyConferenceEnabled, true);
    eventsOf(world.addParticipant('bob', chat.contactId, qc.carol!));
    eventsOf(world.accept('carol', chat.contactId));
    assert.equal(world.connectedCount(chat.contactId), 3);
    eventsOf(world.setMultiParty(false));
    assert.equal(rejectionOf(world.addParticipant('bob', chat.contactId, qc.dave!)).rule, 'two-participants-unless-multi-party');
  });

  test('a chat is multi-party (no read or delivered receipts, seed 002) while more than two are in it or another is being invited', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    assert.equal(isMultiPartyChat(world.contact(chat.contactId)), false, 'customer and one agent');
    available(world, 'bob');
    eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    assert.equal(isMultiPartyChat(world.contact(chat.contactId)), true, 'an invitation is pending');
    eventsOf(world.accept('bob', chat.contactId));
    assert.equal(isMultiPartyChat(world.contact(chat.contactId)), true, 'three in the chat');
    world.advance(1000);
    eventsOf(world.disconnect(chat.contactId, world.participantOf('bob', chat.contactId)));
    assert.equal(isMultiPartyChat(world.contact(chat.contactId)), false, 'back to two');
  });

  test('up to six: one customer, one primary agent, four more agents; a seventh is refused (QuotaExceeded) and nothing changes', () => {
    const mp = multiPartyWorld({ agents: [...AGENTS, 'gina'] });
    const { world, qc } = mp;
    assert.equal(MAX_CHAT_PARTICIPANTS, 6);
    const chat = chatWith(world, 'alice');
    for (const invitee of ['bob', 'carol', 'dave', 'erin']) join(mp, chat.contactId, 'alice', invitee);
    const contact = world.contact(chat.contactId);
    assert.equal(world.connectedCount(chat.contactId), 6);
    assert.deepEqual(world.agentsInChat(chat.contactId), ['alice', 'bob', 'carol', 'dave', 'erin']);
    assert.equal(contact.primaryUserId, world.userId('alice'));
    assert.equal([...contact.participants.values()].filter((p) => p.role === 'CUSTOMER' && p.state === 'connected').length, 1);

    available(world, 'frank', 'gina');
    const before = serialize(world.state);
    const logged = world.events.length;
    for (const [actor, quickConnect] of [['alice', qc.frank!], ['erin', qc.gina!], ['bob', qc.queue!]] as const) {
      const rejection = rejectionOf(world.addParticipant(actor, chat.contactId, quickConnect));
      assert.equal(rejection.code, 'QuotaExceeded');
      assert.equal(rejection.rule, 'at-most-six-participants');
      assert.match(rejection.message, /six|6/);
    }
    assert.equal(serialize(world.state), before, 'nothing changed');
    assert.equal(world.events.length, logged, 'no event was recorded');
    assert.equal(world.user('frank').contacts.size, 0);
    assert.equal(world.pendingInvitation(chat.contactId), undefined);

    // When one leaves there is room again.
    world.advance(1000);
    eventsOf(world.disconnect(chat.contactId, world.participantOf('erin', chat.contactId)));
    assert.equal(world.connectedCount(chat.contactId), 5);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.frank!));
    eventsOf(world.accept('frank', chat.contactId));
    assert.equal(world.connectedCount(chat.contactId), 6);
  });

  test('adding writes the quick connect flow\'s prompt as a SYSTEM message, then the participant.invited event, then (on accept) participant.joined — in that order', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    available(world, 'bob');
    world.advance(1000);
    const start = world.contact(chat.contactId).transcript.length;
    const added = eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    assert.deepEqual(added.map((e) => e.type), ['MessageSent', 'ParticipantInvited', 'ContactOffered']);
    world.advance(1000);
    const accepted = eventsOf(world.accept('bob', chat.contactId));
    assert.deepEqual(accepted.map((e) => e.type), ['ContactAccepted']);

    const items = world.contact(chat.contactId).transcript.slice(start);
    assert.equal(items.length, 3);
    const [prompt, invited, joined] = items;
    assert.equal(prompt!.type, 'MESSAGE');
    assert.equal(prompt!.role, 'SYSTEM');
    assert.equal(prompt!.displayName, SYSTEM_DISPLAY_NAME);
    assert.equal(prompt!.content, TRANSFER_PROMPT);
    assert.equal(invited!.type, 'EVENT');
    assert.equal(invited!.contentType, EVENT.participantInvited);
    assert.equal(invited!.displayName, 'Bob', 'the invited event names the quick connect');
    assert.equal(joined!.type, 'EVENT');
    assert.equal(joined!.contentType, EVENT.participantJoined);
    assert.equal(joined!.role, 'AGENT');
    assert.equal(joined!.participantId, world.participantOf('bob', chat.contactId));
    assert.equal(joined!.displayName, 'Bob');
    assert.ok(prompt!.at <= invited!.at && invited!.at < joined!.at);

    // A quick connect without a flow adds no prompt: only the invited event.
    const bare = world.addQuickConnect('USER', 'carol', { name: 'Carol (no flow)' });
    available(world, 'carol');
    const startBare = world.contact(chat.contactId).transcript.length;
    eventsOf(world.addParticipant('bob', chat.contactId, bare));
    assert.deepEqual(world.contact(chat.contactId).transcript.slice(startBare).map((i) => i.contentType), [EVENT.participantInvited]);
  });

  test('the invited agent gets a normal 20-second offer; one invitation at a time', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    available(world, 'bob', 'carol', 'dave');
    world.advance(1000);
    const added = eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    const [offer] = eventsOfType(added, 'ContactOffered');
    assert.ok(offer);
    assert.equal(offer.userId, world.userId('bob'));
    assert.equal(offer.deadline, world.now + OFFER_TIMEOUT_MS);
    assert.equal(offer.invitationId, world.pendingInvitation(chat.contactId)!.id);
    assert.equal(world.agentContact('bob', chat.contactId)?.state, 'incoming');
    assert.equal(world.agentContact('bob', chat.contactId)?.offerDeadline, offer.deadline);
    const bobView = contactViewOf(world, 'bob', chat.contactId);
    assert.equal(bobView.state.type, 'incoming');
    assert.equal(bobView.offerDeadline, offer.deadline);
    assert.equal(bobView.type, 'chat');
    assert.equal(world.contact(chat.contactId).status, 'connected', 'the chat itself stays connected while the invitation is offered');

    // One invitation at a time: a second, from any agent in the chat, is refused until the first ends.
    const before = serialize(world.state);
    for (const quickConnect of [qc.carol!, qc.queue!]) {
      const rejection = rejectionOf(world.addParticipant('alice', chat.contactId, quickConnect));
      assert.equal(rejection.code, 'Conflict');
      assert.equal(rejection.rule, 'one-invitation-at-a-time');
    }
    assert.equal(serialize(world.state), before);

    // Accepted within the 20 seconds (one millisecond before the deadline).
    world.advance(OFFER_TIMEOUT_MS - 1);
    eventsOf(world.accept('bob', chat.contactId));
    assert.equal(world.agentContact('bob', chat.contactId)?.state, 'connected');

    // The next invitation: accepting at the deadline is refused; the timer makes it missed.
    world.advance(1000);
    eventsOf(world.addParticipant('bob', chat.contactId, qc.carol!));
    const deadline = world.agentContact('carol', chat.contactId)!.offerDeadline!;
    assert.equal(rejectionOf(world.expire('carol', chat.contactId)).rule, 'stale-timer');
    world.now = deadline;
    assert.equal(rejectionOf(world.accept('carol', chat.contactId)).rule, 'offer-lasts-20-seconds');
    const missed = eventsOf(world.expire('carol', chat.contactId));
    assert.deepEqual(missed.map((e) => e.type), ['OfferMissed', 'InvitationEnded']);
    assert.equal(world.agentContact('carol', chat.contactId)?.state, 'missed');
    // The invitation over, another may be made.
    eventsOf(world.addParticipant('alice', chat.contactId, qc.dave!));
  });

  test('an agent quick connect goes to that agent only; a queue quick connect goes to the next agent of that queue (longest idle) and never to an agent already in the chat', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    // carol and dave are Available, idle longer than bob would be; bob is Offline.
    available(world, 'carol', 'dave');
    world.advance(1000);
    const added = eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    assert.equal(eventsOfType(added, 'ContactOffered').length, 0, 'bob is not Available: the invitation waits for him');
    assert.equal(eventsOfType(eventsOf(world.routeContacts()), 'ContactOffered').length, 0, 'and goes to nobody else');
    assert.equal(world.user('carol').contacts.size, 0);
    assert.equal(world.user('dave').contacts.size, 0);
    const offered = available(world, 'bob');
    assert.deepEqual(eventsOfType(offered, 'ContactOffered').map((o) => o.userId), [world.userId('bob')]);
    eventsOf(world.accept('bob', chat.contactId));

    // alice, in the chat, has been idle on chat longest of all who serve BasicQueue; the queue's invitation
    // skips her and bob and goes to carol (idle longer than dave).
    assert.ok((world.user('alice').idleSince.CHAT ?? Infinity) < world.user('carol').statusSince);
    world.advance(1000);
    const viaQueue = eventsOfType(eventsOf(world.addParticipant('bob', chat.contactId, qc.queue!)), 'ContactOffered');
    assert.deepEqual(viaQueue.map((o) => o.userId), [world.userId('carol')]);
    eventsOf(world.accept('carol', chat.contactId));
    assert.deepEqual(world.agentsInChat(chat.contactId), ['alice', 'bob', 'carol']);

    // Inviting, by name, an agent who is already in the chat is refused.
    const rejection = rejectionOf(world.addParticipant('alice', chat.contactId, qc.carol!));
    assert.equal(rejection.code, 'Conflict');
    assert.equal(rejection.rule, 'an-agent-joins-a-chat-once');

    // A queue invitation when everyone serving the queue is already in the chat waits.
    eventsOf(world.setStatus('dave', 'Offline'));
    world.advance(1000);
    assert.equal(eventsOfType(eventsOf(world.addParticipant('alice', chat.contactId, qc.queue!)), 'ContactOffered').length, 0);
    assert.equal(world.contact(chat.contactId).offer, undefined);
    // A queue agent who becomes Available gets it.
    assert.deepEqual(eventsOfType(available(world, 'erin'), 'ContactOffered').map((o) => o.userId), [world.userId('erin')]);
  });

  test('the named agent rejecting or missing the offer ends the invitation (failed); a queue invitation goes to the next agent', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    available(world, 'bob', 'carol', 'dave');
    const contact = world.contact(chat.contactId);

    // bob rejects his invitation: it fails, and nobody else is offered it.
    world.advance(1000);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    const rejected = eventsOf(world.reject('bob', chat.contactId));
    assert.deepEqual(rejected.map((e) => e.type), ['OfferRejected', 'InvitationEnded']);
    assert.equal(eventsOfType(rejected, 'InvitationEnded')[0]!.status, 'failed');
    assert.equal(contact.invitations.at(-1)!.status, 'failed');
    assert.equal(contact.invitations.at(-1)!.endedAt, world.now);
    assert.equal(contact.offer, undefined);
    assert.equal(world.user('bob').contacts.has(chat.contactId), false);
    assert.deepEqual(world.agentsInChat(chat.contactId), ['alice'], 'the chat goes on as it was');
    assert.equal(contact.status, 'connected');

    // carol misses hers: it fails too; she keeps a missed contact.
    world.advance(1000);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.carol!));
    world.advance(OFFER_TIMEOUT_MS);
    const missed = eventsOf(world.expire('carol', chat.contactId));
    assert.deepEqual(missed.map((e) => e.type), ['OfferMissed', 'InvitationEnded']);
    assert.equal(contact.invitations.at(-1)!.status, 'failed');
    assert.equal(world.agentContact('carol', chat.contactId)?.state, 'missed');
    eventsOf(world.clear('carol', chat.contactId));

    // A queue invitation: dave (idle longest) rejects → the next agent (bob); bob misses → the next (carol).
    world.advance(1000);
    const first = eventsOfType(eventsOf(world.addParticipant('alice', chat.contactId, qc.queue!)), 'ContactOffered');
    assert.deepEqual(first.map((o) => o.userId), [world.userId('dave')]);
    const invitationId = world.pendingInvitation(chat.contactId)!.id;
    const afterReject = eventsOf(world.reject('dave', chat.contactId));
    assert.deepEqual(afterReject.map((e) => e.type), ['OfferRejected', 'ContactOffered']);
    assert.equal(eventsOfType(afterReject, 'ContactOffered')[0]!.userId, world.userId('bob'));
    assert.equal(eventsOfType(afterReject, 'ContactOffered')[0]!.invitationId, invitationId);
    world.advance(OFFER_TIMEOUT_MS);
    const afterMiss = eventsOf(world.expire('bob', chat.contactId));
    assert.deepEqual(afterMiss.map((e) => e.type), ['OfferMissed', 'ContactOffered']);
    assert.equal(eventsOfType(afterMiss, 'ContactOffered')[0]!.userId, world.userId('carol'));
    assert.equal(world.pendingInvitation(chat.contactId)?.id, invitationId, 'the same invitation, still pending');
    eventsOf(world.accept('carol', chat.contactId));
    assert.equal(contact.invitations.find((i) => i.id === invitationId)!.status, 'accepted');
    assert.deepEqual(world.agentsInChat(chat.contactId), ['alice', 'carol']);
  });
});
