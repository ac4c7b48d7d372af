/**
 * Multi-party chat (seed 001, the multi-party chat page; seed 002, chatjs "Multi-party Chat Feature"):
 * one test per rule, named as the rule. Who sees whom, DisconnectParticipant by another agent, and
 * participants leaving; through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT, type ConnectionView } from '../src/index.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { available, chatWith, contactViewOf, join, multiPartyWorld } from './multipartyWorlds.ts';

describe('multi-party chat', () => {
  test('every agent in the chat sees all participants (agentSnapshot connections) and the pending invitation; any agent can disconnect any other participant; an agent not in the chat cannot (AccessDenied)', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    join(mp, chat.contactId, 'alice', 'bob');
    world.advance(1000);
    eventsOf(world.addParticipant('bob', chat.contactId, qc.carol!)); // carol is Offline: pending, not offered
    const invitation = world.pendingInvitation(chat.contactId)!;
    const alicePid = world.participantOf('alice', chat.contactId);
    const bobPid = world.participantOf('bob', chat.contactId);

    const summary = (c: ConnectionView) => ({ id: c.connectionId, type: c.type, endpoint: c.endpoint.type, name: c.endpoint.name, state: c.state.type, own: c.isOwn === true, qc: c.quickConnectName });
    for (const [viewer, own] of [['alice', alicePid], ['bob', bobPid]] as const) {
      const view = contactViewOf(world, viewer, chat.contactId);
      assert.equal(view.contactFeatures.multiPartyConferenceEnabled, true);
      assert.deepEqual(view.connections.map(summary), [
        { id: chat.customerId, type: 'inbound', endpoint: 'phone_number', name: 'Ann', state: 'connected', own: false, qc: undefined },
        { id: alicePid, type: 'agent', endpoint: 'agent', name: 'Alice', state: 'connected', own: own === alicePid, qc: undefined },
        { id: bobPid, type: 'agent', endpoint: 'agent', name: 'Bob', state: 'connected', own: own === bobPid, qc: 'Bob' },
        { id: `invitation-${invitation.id}`, type: 'agent', endpoint: 'agent', name: 'Carol', state: 'connecting', own: false, qc: 'Carol' },
      ], `${viewer}'s view`);
    }

    // carol, offered the invitation, sees the chat's participants and her own connecting connection.
    available(world, 'carol');
    const carolView = contactViewOf(world, 'carol', chat.contactId);
    assert.equal(carolView.state.type, 'incoming');
    assert.deepEqual(carolView.connections.map((c) => [c.endpoint.name, c.state.type, c.isOwn === true]), [
      ['Ann', 'connected', false], ['Alice', 'connected', false], ['Bob', 'connected', false], ['Carol', 'connecting', true],
    ]);
    eventsOf(world.accept('carol', chat.contactId));

    // A queue invitation shows as a queue endpoint.
    world.advance(1000);
    eventsOf(world.addParticipant('carol', chat.contactId, qc.queue!));
    const queueInvitation = contactViewOf(world, 'alice', chat.contactId).connections.find((c) => c.connectionId.startsWith('invitation-'));
    assert.equal(queueInvitation?.endpoint.type, 'queue');
    assert.equal(queueInvitation?.endpoint.name, 'BasicQueue');

    // dave, not in the chat, can disconnect nobody; nothing changes.
    const before = serialize(world.state);
    for (const pid of [chat.customerId, alicePid, bobPid]) {
      const rejection = rejectionOf(world.disconnectBy('dave', chat.contactId, pid));
      assert.equal(rejection.code, 'AccessDenied');
      assert.equal(rejection.rule, 'only-agents-in-the-chat-disconnect-others');
    }
    assert.equal(serialize(world.state), before);

    // carol (added last) disconnects alice (the primary agent): alice goes to ACW, the chat goes on.
    world.advance(1000);
    const left = eventsOf(world.disconnectBy('carol', chat.contactId, alicePid));
    assert.deepEqual(left.map((e) => e.type), ['ParticipantLeft']);
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    assert.deepEqual(world.agentsInChat(chat.contactId), ['bob', 'carol']);
    const aliceNow = contactViewOf(world, 'bob', chat.contactId).connections.find((c) => c.connectionId === alicePid);
    assert.equal(aliceNow?.state.type, 'disconnected', 'the others see alice disconnected');
    // alice, in ACW, is no longer in the chat: she cannot disconnect anyone either.
    assert.equal(rejectionOf(world.disconnectBy('alice', chat.contactId, bobPid)).code, 'AccessDenied');
    // A participant already gone cannot be disconnected again.
    assert.equal(rejectionOf(world.disconnectBy('bob', chat.contactId, alicePid)).code, 'AccessDenied');

    // bob disconnects the customer: the chat ends for everyone.
    world.advance(1000);
    const ended = eventsOf(world.disconnectBy('bob', chat.contactId, chat.customerId));
    assert.deepEqual(ended.map((e) => e.type).slice(0, 2), ['ParticipantLeft', 'ContactEnded']);
    assert.equal(eventsOfType(ended, 'ContactEnded')[0]!.reason, 'AGENT_DISCONNECT');
    assert.equal(world.contact(chat.contactId).status, 'ended');
  });

  test('the customer leaving ends the chat for everyone, each agent to ACW, pending invitations cancelled', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    join(mp, chat.contactId, 'alice', 'bob');
    join(mp, chat.contactId, 'bob', 'carol');
    available(world, 'dave');
    world.advance(1000);
    eventsOf(world.addParticipant('carol', chat.contactId, qc.dave!));
    assert.equal(world.agentContact('dave', chat.contactId)?.state, 'incoming');

    world.advance(1000);
    const events = eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.deepEqual(events.slice(0, 2).map((e) => e.type), ['ParticipantLeft', 'ContactEnded']);
    assert.equal(eventsOfType(events, 'ContactEnded')[0]!.reason, 'CUSTOMER_DISCONNECT');
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.transcript.at(-1)!.contentType, EVENT.chatEnded);
    for (const agent of ['alice', 'bob', 'carol']) {
      assert.equal(world.agentContact(agent, chat.contactId)?.state, 'ended', `${agent} is in ACW`);
      assert.equal(contact.participants.get(world.participantOf(agent, chat.contactId))?.state, 'disconnected');
    }
    assert.deepEqual(world.agentsInChat(chat.contactId), []);
    assert.deepEqual(contact.invitations.map((i) => i.status), ['accepted', 'accepted', 'cancelled']);
    assert.equal(world.pendingInvitation(chat.contactId), undefined);
    // The offer out to dave is withdrawn: it is no longer on his CCP.
    assert.equal(contact.offer, undefined);
    assert.equal(world.user('dave').contacts.has(chat.contactId), false);
    assert.equal(contact.offers.at(-1)!.outcome, 'withdrawn');
    assert.equal(world.instance.inviting.has(chat.contactId), false);
    // Nobody can add to or transfer an ended chat.
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, qc.erin!)).code, 'AccessDenied');
    assert.equal(rejectionOf(world.transfer('alice', chat.contactId, qc.erin!)).code, 'AccessDenied');
  });

  test('the chat continues as long as the customer is in it: an agent leaving while others remain keeps it going; the last agent leaving ends it unless an invitation is pending', () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    join(mp, chat.contactId, 'alice', 'bob');
    join(mp, chat.contactId, 'alice', 'carol');
    const contact = world.contact(chat.contactId);

    for (const [agent, remaining] of [['alice', ['bob', 'carol']], ['carol', ['bob']]] as const) {
      world.advance(1000);
      const left = eventsOf(world.disconnect(chat.contactId, world.participantOf(agent, chat.contactId)));
      assert.deepEqual(left.map((e) => e.type), ['ParticipantLeft']);
      assert.equal(contact.status, 'connected');
      assert.deepEqual(world.agentsInChat(chat.contactId), remaining);
      assert.equal(world.agentContact(agent, chat.contactId)?.state, 'ended', `${agent} goes to ACW`);
    }
    // Messages still flow between the customer and bob.
    eventsOf(world.send(chat.contactId, chat.customerId, 'still there?'));

    // bob invites dave (Offline: pending), then leaves: the chat waits for dave with the customer.
    world.advance(1000);
    eventsOf(world.addParticipant('bob', chat.contactId, qc.dave!));
    const waiting = eventsOf(world.disconnect(chat.contactId, world.participantOf('bob', chat.contactId)));
    assert.deepEqual(waiting.map((e) => e.type), ['ParticipantLeft']);
    assert.equal(contact.status, 'connected');
    assert.deepEqual(world.agentsInChat(chat.contactId), []);
    assert.equal(world.connectedCount(chat.contactId), 1);
    available(world, 'dave');
    eventsOf(world.accept('dave', chat.contactId));
    assert.deepEqual(world.agentsInChat(chat.contactId), ['dave']);

    // dave, the last agent, leaves with nothing pending: the chat ends.
    world.advance(1000);
    const ended = eventsOf(world.disconnect(chat.contactId, world.participantOf('dave', chat.contactId)));
    assert.deepEqual(ended.slice(0, 2).map((e) => e.type), ['ParticipantLeft', 'ContactEnded']);
    assert.equal(eventsOfType(ended, 'ContactEnded')[0]!.reason, 'AGENT_DISCONNECT');
    assert.equal(contact.status, 'ended');
  });

  test('the last agent leaving with an invitation pending, which then fails, does not leave the customer alone in a connected chat', {
  }, () => {
    const mp = multiPartyWorld();
    const { world, qc } = mp;
    const chat = chatWith(world, 'alice');
    available(world, 'bob');
    world.advance(1000);
    eventsOf(world.addParticipant('alice', chat.contactId, qc.bob!));
    eventsOf(world.disconnect(chat.contactId, world.participantOf('alice', chat.contactId)));
    world.advance(1000);
    eventsOf(world.reject('bob', chat.contactId));
    const contact = world.contact(chat.contactId);
    assert.equal(world.pendingInvitation(chat.contactId), undefined);
    assert.deepEqual(world.agentsInChat(chat.contactId), []);
    assert.notEqual(contact.status, 'connected', 'the customer is alone in a connected chat, waiting for nobody');
  });
});
