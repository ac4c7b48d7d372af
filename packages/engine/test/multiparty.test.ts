/**
 * Multi-party chat (seed 001, the multi-party chat page; seed 002, chatjs "Multi-party Chat Feature"):
 * one test per rule, named as the rule. Quick connects, AddParticipant, TransferContact and
 * DisconnectParticipant by another agent, through `execute` only.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  EVENT, MAX_CHAT_PARTICIPANTS, OFFER_TIMEOUT_MS, SYSTEM_DISPLAY_NAME, agentSnapshot, deadlinesOf, isMultiPartyChat, multiPartyChatEnabled, pendingDeadlines, quickConnectsFor,
  type ConnectionView, type ContactView,
} from '../src/index.ts';
import { World, type StartedChat } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { TRANSFER_PROMPT } from './flows.ts';
import { serialize } from './serialize.ts';

const AGENTS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const cap = (name: string) => name[0]!.toUpperCase() + name.slice(1);

interface MultiPartyWorld {
  world: World;
  /** Quick connect ids: one USER quick connect per agent (named after the agent, e.g. "Bob") and `queue` for BasicQueue. */
  qc: Record<string, string>;
  flowId: string;
}

/**
 * A world with multi-party chat on (unless `multiParty: false`), a quick connect flow playing
 * "Inviting new agent…", a USER quick connect per agent and a QUEUE quick connect for BasicQueue, all
 * on BasicQueue. Every agent starts Offline.
 */
function multiPartyWorld(options: { agents?: string[]; multiParty?: boolean } = {}): MultiPartyWorld {
  const agents = options.agents ?? AGENTS;
  const world = new World({ agents });
  if (options.multiParty !== false) eventsOf(world.setMultiParty(true));
  const flowId = world.addTransferFlow();
  const qc: Record<string, string> = {};
  for (const agent of agents) qc[agent] = world.addQuickConnect('USER', agent, { flowId, name: cap(agent) });
  qc.queue = world.addQuickConnect('QUEUE', world.queueId, { flowId, name: 'BasicQueue' });
  world.advance(1000);
  return { world, qc, flowId };
}

/** Makes the agents Available one second apart (so the first named has been idle longest). */
function available(world: World, ...agents: string[]) {
  const events = [];
  for (const agent of agents) {
    world.advance(1000);
    events.push(...eventsOf(world.setStatus(agent, 'Available')));
  }
  return events;
}

/** A chat the agent (made Available, the only one offered) has accepted. */
function chatWith(world: World, agent = 'alice', customer = 'Ann'): StartedChat {
  if (world.instance.agentStatuses.get(world.user(agent).statusId)?.type !== 'ROUTABLE') available(world, agent);
  world.advance(1000);
  const chat = world.startChat(customer);
  const [offer] = eventsOfType(eventsOf(chat.decision), 'ContactOffered');
  assert.equal(offer?.userId, world.userId(agent), `the chat was offered to ${agent}`);
  world.advance(1000);
  eventsOf(world.accept(agent, chat.contactId));
  return chat;
}

/** `inviter` adds `invitee` with the invitee's agent quick connect; the invitee (made Available) accepts. */
function join(mp: MultiPartyWorld, contactId: string, inviter: string, invitee: string, quickConnect = invitee) {
  const { world, qc } = mp;
  world.advance(1000);
  const added = eventsOf(world.addParticipant(inviter, contactId, qc[quickConnect]!));
  if (world.instance.agentStatuses.get(world.user(invitee).statusId)?.type !== 'ROUTABLE') added.push(...available(world, invitee));
  assert.equal(world.contact(contactId).offer?.userId, world.userId(invitee), `the invitation was offered to ${invitee}`);
  world.advance(1000);
  const accepted = eventsOf(world.accept(invitee, contactId));
  return { added, accepted };
}

function contactViewOf(world: World, agent: string, contactId: string): ContactView {
  const view = agentSnapshot(world.instance, world.user(agent), world.now).snapshot.contacts.find((c) => c.contactId === contactId);
  assert.ok(view, `${agent} has ${contactId} on their CCP`);
  return view;
}

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

  test('quick connects: an agent may only use the quick connects of their routing profile\'s queues (union over queues); a PHONE_NUMBER quick connect cannot join a chat; CreateQuickConnect validates USER/QUEUE/PHONE_NUMBER (E.164) and names are unique', () => {
    const world = new World({ agents: ['alice', 'bob'] });
    eventsOf(world.setMultiParty(true));
    const q2 = world.addQueue('SecondQueue');
    const q3 = world.addQueue('ThirdQueue');
    const both = world.addProfile('Both queues', { queues: [{ queueId: world.queueId }, { queueId: q2 }, { queueId: q2, channel: 'TASK' }] });
    world.addAgent('carol', both);
    const onQ1 = world.addQuickConnect('USER', 'bob', { name: 'Bob' });
    const onQ2 = world.addQuickConnect('QUEUE', q3, { name: 'Third', queues: [q2] });
    const onBoth = world.addQuickConnect('USER', 'carol', { name: 'Carol', queues: [world.queueId, q2] });
    const phone = world.addQuickConnect('PHONE_NUMBER', '+14155550100', { name: 'Desk phone' });
    const onNone = world.addQuickConnect('USER', 'alice', { name: 'Alice', queues: [q3] });
    const names = (agent: string) => quickConnectsFor(world.instance, world.user(agent)).map((q) => q.name).sort();
    assert.deepEqual(names('alice'), ['Bob', 'Carol', 'Desk phone']);
    assert.deepEqual(names('carol'), ['Bob', 'Carol', 'Desk phone', 'Third'], 'the union over BasicQueue and SecondQueue, each once');
    assert.equal(quickConnectsFor(world.instance, world.user('carol')).length, new Set(quickConnectsFor(world.instance, world.user('carol')).map((q) => q.id)).size);

    const chat = chatWith(world, 'alice');
    const before = serialize(world.state);
    for (const [quickConnect, rule] of [[onQ2, 'quick-connects-come-from-the-agents-queues'], [onNone, 'quick-connects-come-from-the-agents-queues']] as const) {
      for (const decision of [world.addParticipant('alice', chat.contactId, quickConnect), world.transfer('alice', chat.contactId, quickConnect)]) {
        const rejection = rejectionOf(decision);
        assert.equal(rejection.code, 'AccessDenied');
        assert.equal(rejection.rule, rule);
      }
    }
    for (const decision of [world.addParticipant('alice', chat.contactId, phone), world.transfer('alice', chat.contactId, phone)]) {
      const rejection = rejectionOf(decision);
      assert.equal(rejection.code, 'InvalidRequest');
      assert.equal(rejection.rule, 'chat-quick-connects-are-agents-or-queues');
    }
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, '00000000-0000-4000-8000-0000000000ff')).code, 'ResourceNotFound');
    assert.equal(serialize(world.state), before, 'nothing changed');
    // Quick connects on alice's queues are usable: Bob's (BasicQueue) invites; Carol's (on both queues) gets
    // past the quick connect check and is refused only because Bob's invitation is pending.
    eventsOf(world.addParticipant('alice', chat.contactId, onQ1));
    assert.equal(rejectionOf(world.addParticipant('alice', chat.contactId, onBoth)).rule, 'one-invitation-at-a-time');

    // CreateQuickConnect: each type needs its target; phone numbers in E.164; names unique; refusals store nothing.
    const count = world.instance.quickConnects.size;
    const flow = world.addTransferFlow();
    const refusals: [ReturnType<World['createQuickConnect']>, string][] = [
      [world.createQuickConnect('USER', '00000000-0000-4000-8000-00000000abcd', { name: 'Nobody' }), 'ResourceNotFound'],
      [world.createQuickConnect('QUEUE', '00000000-0000-4000-8000-00000000abcd', { name: 'No queue' }), 'ResourceNotFound'],
      [world.createQuickConnect('PHONE_NUMBER', '4155550100', { name: 'No plus' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+04155550100', { name: 'Leading zero' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+1415555010012345', { name: 'Too long' }), 'InvalidRequest'],
      [world.createQuickConnect('PHONE_NUMBER', '+1 415 555 0100', { name: 'Spaces' }), 'InvalidRequest'],
      [world.createQuickConnect('QUEUE', world.queueId, { name: 'Bob' }), 'DuplicateResource'],
      [world.createQuickConnect('USER', 'bob', { name: 'Bad flow', flowId: '00000000-0000-4000-8000-00000000abcd' }), 'ResourceNotFound'],
      [world.createQuickConnect('USER', '', { name: 'Empty user' }), 'ResourceNotFound'],
    ];
    for (const [{ decision, quickConnectId }, code] of refusals) {
      assert.equal(rejectionOf(decision).code, code);
      assert.equal(world.instance.quickConnects.has(quickConnectId), false);
    }
    assert.equal(world.instance.quickConnects.size, count);
    const ok = world.createQuickConnect('PHONE_NUMBER', '+442071838750', { name: 'London', flowId: flow });
    eventsOf(ok.decision);
    const created = world.instance.quickConnects.get(ok.quickConnectId)!;
    assert.equal(created.type, 'PHONE_NUMBER');
    assert.equal(created.phoneNumber, '+442071838750');
    assert.equal(created.arn, `${world.instance.arn}/transfer-destination/${ok.quickConnectId}`);
    // AssociateQueueQuickConnects: an unknown quick connect or queue refuses the whole request.
    const queueBefore = [...world.instance.queues.get(q3)!.quickConnectIds];
    assert.equal(rejectionOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: q3, quickConnectIds: [ok.quickConnectId, '00000000-0000-4000-8000-00000000abcd'] })).code, 'ResourceNotFound');
    assert.equal(rejectionOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: '00000000-0000-4000-8000-00000000abcd', quickConnectIds: [ok.quickConnectId] })).code, 'ResourceNotFound');
    assert.deepEqual(world.instance.queues.get(q3)!.quickConnectIds, queueBefore);
    // Associating twice keeps one entry.
    eventsOf(world.run({ type: 'AssociateQueueQuickConnects', queueId: world.queueId, quickConnectIds: [onQ1, onQ1] }));
    assert.equal(world.instance.queues.get(world.queueId)!.quickConnectIds.filter((id) => id === onQ1).length, 1);
  });
});
