/** The chat rules of seed 004: the transcript and the flow's prompt, leaving, ACW, message limits, chat duration, StopContact. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_MESSAGE_BYTES, SYSTEM_DISPLAY_NAME, EVENT, slotsInUse, transcriptPage, isRejection } from '../src/index.ts';
import { World } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { GREETING, inboundFlow } from './flows.ts';
import { serialize } from './serialize.ts';
import { availableWorld } from './routingWorlds.ts';

describe('chat', () => {
  test('the agent who accepts sees the whole transcript so far (customer messages and the flow\'s prompt)', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann', { initialMessage: 'Hi, my order is late' });
    world.advance(2000);
    eventsOf(world.send(chat.contactId, chat.customerId, 'Order #1234'));
    world.advance(2000);
    eventsOf(world.accept('alice', chat.contactId));
    const page = transcriptPage(world.contact(chat.contactId).transcript, { scanDirection: 'FORWARD', maxResults: 100 });
    assert.ok(!isRejection(page));
    const messages = page.items.filter((i) => i.type === 'MESSAGE').map((i) => [i.role, i.content]);
    assert.deepEqual(messages, [
      ['CUSTOMER', 'Hi, my order is late'],
      ['SYSTEM', GREETING],
      ['CUSTOMER', 'Order #1234'],
    ]);
    const joins = page.items.filter((i) => i.contentType === EVENT.participantJoined).map((i) => i.role);
    assert.deepEqual(joins, ['CUSTOMER', 'AGENT']);
    assert.equal(page.items.at(-1)?.role, 'AGENT', 'the agent joining is the newest item');
  });

  test('the flow\'s Play prompt appears as a SYSTEM message', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    const sent = eventsOfType(eventsOf(chat.decision), 'MessageSent');
    assert.equal(sent.length, 1);
    const item = sent[0]!.item;
    assert.equal(item.type, 'MESSAGE');
    assert.equal(item.role, 'SYSTEM');
    assert.equal(item.displayName, SYSTEM_DISPLAY_NAME);
    assert.equal(item.content, GREETING);
    assert.equal(item.contentType, 'text/plain');
    assert.equal(item.participantId, undefined);
  });

  test('the flow runs in order: prompt, working queue, then the contact is queued', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    assert.deepEqual(eventsOf(chat.decision).map((e) => e.type), [
      'ContactInitiated', 'ParticipantJoined', 'MessageSent', 'ContactTargetQueueSet', 'ContactQueued',
    ]);
    const contact = world.contact(chat.contactId);
    assert.equal(contact.targetQueueId, world.queueId);
    assert.equal(contact.queueId, world.queueId);
    assert.equal(contact.channel, 'CHAT');
  });

  test('a flow whose working queue does not exist takes its error branch and disconnects', () => {
    const world = new World();
    const flowId = '00000002-4444-4000-8000-000000000000';
    eventsOf(world.run({ type: 'CreateContactFlow', flowId, name: 'broken', flowType: 'CONTACT_FLOW', content: inboundFlow('no-such-queue') }));
    const chat = world.startChat('Ann', { contactFlowId: flowId });
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'CONTACT_FLOW_DISCONNECT');
    assert.equal(contact.transcript.at(-1)?.contentType, EVENT.chatEnded);
  });

  test('the customer leaving ends the chat for everyone and each agent goes to after contact work', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(30_000);
    const events = eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.deepEqual(events.map((e) => e.type), ['ParticipantLeft', 'ContactEnded']);
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'CUSTOMER_DISCONNECT');
    assert.equal(contact.disconnectedAt, world.now);
    for (const p of contact.participants.values()) assert.equal(p.state, 'disconnected', `${p.role} is still in the chat`);
    const acw = world.agentContact('alice', chat.contactId);
    assert.equal(acw?.state, 'ended');
    assert.equal(acw?.since, world.now);
    assert.equal(contact.transcript.at(-1)?.contentType, EVENT.chatEnded);
    // Nobody can write any more.
    assert.equal(rejectionOf(world.send(chat.contactId, world.participantOf('alice', chat.contactId), 'hello?')).code, 'AccessDenied');
  });

  test('the customer leaving while the chat is offered withdraws the offer', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'incoming');
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    assert.equal(world.contact(chat.contactId).offer, undefined);
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(slotsInUse(world.user('alice'), 'CHAT'), 0);
  });

  test('the last agent leaving ends the chat', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    world.advance(10_000);
    const events = eventsOf(world.disconnect(chat.contactId, world.participantOf('alice', chat.contactId)));
    assert.deepEqual(events.map((e) => e.type), ['ParticipantLeft', 'ContactEnded']);
    const contact = world.contact(chat.contactId);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'AGENT_DISCONNECT');
    assert.equal(contact.participants.get(chat.customerId)?.state, 'disconnected');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
  });

  test('clearing after contact work frees the slot and the agent can be offered again', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 1 });
    const first = world.startChat('Ann');
    eventsOf(world.accept('alice', first.contactId));
    world.advance(1000);
    const second = world.startChat('Ben');
    assert.equal(world.contact(second.contactId).offer, undefined, 'alice has no free slot');
    eventsOf(world.disconnect(first.contactId, first.customerId));
    assert.equal(world.agentContact('alice', first.contactId)?.state, 'ended');
    assert.equal(world.contact(second.contactId).offer, undefined, 'after contact work still holds the slot');
    world.advance(15_000);
    const events = eventsOf(world.clear('alice', first.contactId));
    assert.deepEqual(events.map((e) => e.type), ['AgentContactCleared', 'ContactOffered']);
    assert.equal(world.user('alice').contacts.has(first.contactId), false);
    assert.equal(world.contact(second.contactId).offer?.userId, world.userId('alice'));
    assert.equal(world.user('alice').idleSince.CHAT, world.now);
  });

  test('a message over 16 KiB is refused and nothing changes', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    assert.equal(MAX_MESSAGE_BYTES, 16_384);
    eventsOf(world.send(chat.contactId, chat.customerId, 'a'.repeat(16_384)));
    const before = serialize(world.state);
    const tooLong = rejectionOf(world.send(chat.contactId, chat.customerId, 'a'.repeat(16_385)));
    assert.equal(tooLong.code, 'InvalidRequest');
    // Bytes, not characters: 5,462 three-byte characters are 16,386 bytes.
    assert.equal(rejectionOf(world.send(chat.contactId, chat.customerId, '€'.repeat(5462))).code, 'InvalidRequest');
    assert.equal(serialize(world.state), before);
    eventsOf(world.send(chat.contactId, chat.customerId, '€'.repeat(5461))); // 16,383 bytes
    // Four-byte characters: 4,097 of them are 16,388 bytes.
    const snapshot = serialize(world.state);
    rejectionOf(world.send(chat.contactId, chat.customerId, '😀'.repeat(4097)));
    assert.equal(serialize(world.state), snapshot);
  });

  test('an initial message over 16 KiB refuses the whole chat', () => {
    const world = new World();
    const before = serialize(world.state);
    const chat = world.startChat('Ann', { initialMessage: 'x'.repeat(16_385) });
    assert.equal(rejectionOf(chat.decision).code, 'InvalidRequest');
    assert.equal(serialize(world.state), before);
  });

  test('an empty message is refused', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    const before = serialize(world.state);
    assert.equal(rejectionOf(world.send(chat.contactId, chat.customerId, '')).code, 'InvalidRequest');
    assert.equal(serialize(world.state), before);
  });

  test('a message of an unsupported content type is refused', () => {
    const world = new World();
    const chat = world.startChat('Ann');
    assert.equal(rejectionOf(world.send(chat.contactId, chat.customerId, '<b>hi</b>', 'text/html')).code, 'InvalidRequest');
    eventsOf(world.send(chat.contactId, chat.customerId, '**hi**', 'text/markdown'));
  });

  test('a participant who left cannot send', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    const agent = world.participantOf('alice', chat.contactId);
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    const before = serialize(world.state);
    for (const who of [chat.customerId, agent]) {
      const rejection = rejectionOf(world.send(chat.contactId, who, 'are you there?'));
      assert.equal(rejection.code, 'AccessDenied');
      assert.equal(rejection.rule, 'only-connected-participants-send');
    }
    assert.equal(rejectionOf(world.disconnect(chat.contactId, chat.customerId)).rule, 'only-connected-participants-leave');
    assert.equal(serialize(world.state), before);
  });

  test('the chat ends when ChatDurationInMinutes runs out', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann', { chatDurationMinutes: 60 });
    const contact = world.contact(chat.contactId);
    assert.equal(contact.expiresAt, world.now + 60 * 60_000);
    eventsOf(world.accept('alice', chat.contactId));
    const expireChat = () => world.run({ type: 'ExpireChat', contactId: chat.contactId });

    world.advance(60 * 60_000 - 1);
    const early = rejectionOf(expireChat());
    assert.equal(early.code, 'Conflict');
    assert.equal(early.rule, 'stale-timer');
    assert.equal(contact.status, 'connected');

    world.advance(1);
    const events = eventsOf(expireChat());
    assert.deepEqual(events.map((e) => e.type), ['ContactEnded']);
    assert.equal(contact.status, 'ended');
    assert.equal(contact.disconnectReason, 'EXPIRED');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    // A second firing is refused.
    world.advance(1000);
    assert.equal(rejectionOf(expireChat()).rule, 'contact-ends-once');
  });

  test('ChatDurationInMinutes must be 60 to 10,080', () => {
    const world = new World();
    for (const minutes of [59, 10_081, 90.5]) assert.equal(rejectionOf(world.startChat('Ann', { chatDurationMinutes: minutes }).decision).code, 'InvalidRequest');
    for (const minutes of [60, 10_080]) eventsOf(world.startChat('Ann', { chatDurationMinutes: minutes }).decision);
  });

  test('StopContact ends a contact once; stopping it again is refused', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.accept('alice', chat.contactId));
    const events = eventsOf(world.stop(chat.contactId));
    assert.deepEqual(events.map((e) => e.type), ['ContactEnded']);
    assert.equal(world.contact(chat.contactId).disconnectReason, 'API');
    assert.equal(world.agentContact('alice', chat.contactId)?.state, 'ended');
    const before = serialize(world.state);
    const again = rejectionOf(world.stop(chat.contactId));
    assert.equal(again.code, 'InvalidRequest');
    assert.equal(again.rule, 'contact-ends-once');
    assert.equal(serialize(world.state), before);
  });

  test('StopContact on a queued contact with an offer out withdraws the offer', () => {
    const world = availableWorld(['alice']);
    const chat = world.startChat('Ann');
    eventsOf(world.stop(chat.contactId));
    assert.equal(world.user('alice').contacts.size, 0);
    assert.equal(world.contact(chat.contactId).offer, undefined);
  });
});
