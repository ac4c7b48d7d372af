/** Read and delivered receipts (chat/receipts.ts): kept per message and recipient, refused for what is not a message of the chat. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  chatItemView, deserializeContact, emptyState, replay, serializeContact, transcriptPage, isRejection, type Decision, type Event,
} from '../src/index.ts';
import type { World, StartedChat } from './fixtures.ts';
import { eventsOf, eventsOfType, rejectionOf } from './decisions.ts';
import { serialize } from './serialize.ts';
import { availableWorld } from './routingWorlds.ts';
import { chatWith, join, multiPartyWorld } from './multipartyWorlds.ts';

/** alice has accepted a chat; the customer and alice have each sent a message. */
function chatWithMessages(): { world: World; chat: StartedChat; agent: string; fromCustomer: string; fromAgent: string } {
  const world = availableWorld(['alice']);
  const chat = world.startChat('Ann');
  world.advance(1000);
  eventsOf(world.accept('alice', chat.contactId));
  const agent = world.participantOf('alice', chat.contactId);
  world.advance(1000);
  const fromCustomer = sentId(world.send(chat.contactId, chat.customerId, 'my order is late'));
  world.advance(1000);
  const fromAgent = sentId(world.send(chat.contactId, agent, 'let me look'));
  world.advance(1000);
  return { world, chat, agent, fromCustomer, fromAgent };
}

function sentId(decision: Decision): string {
  return eventsOfType(eventsOf(decision), 'MessageSent')[0]!.item.id;
}

const itemOf = (world: World, contactId: string, id: string) => world.contact(contactId).transcript.find((i) => i.id === id)!;

describe('message receipts', () => {
  test('a read receipt is kept on the message: the recipient and the time, with no delivered time made up', () => {
    const { world, chat, fromAgent } = chatWithMessages();
    const [event] = eventsOfType(eventsOf(world.receipt(chat.contactId, chat.customerId, fromAgent, 'read')), 'MessageReceiptRecorded');
    assert.ok(event);
    assert.equal(event.messageId, fromAgent);
    assert.equal(event.participantId, chat.customerId);
    assert.equal(event.receipt, 'read');
    assert.deepEqual(itemOf(world, chat.contactId, fromAgent).receipts, [{ participantId: chat.customerId, readAt: world.now }]);
  });

  test('the first delivered time and the first read time are kept; a later receipt of the same kind records nothing', () => {
    const { world, chat, agent, fromCustomer } = chatWithMessages();
    const deliveredAt = world.now;
    assert.equal(eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'delivered')).length, 1);
    world.advance(3000);
    assert.deepEqual(eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'delivered')), [], 'a second delivered receipt');
    const readAt = world.now;
    assert.equal(eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read')).length, 1);
    world.advance(3000);
    assert.deepEqual(eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read')), [], 'a second read receipt');
    assert.deepEqual(itemOf(world, chat.contactId, fromCustomer).receipts, [{ participantId: agent, deliveredAt, readAt }]);
  });

  test('a delivered receipt after a read one records nothing (read implies delivered)', () => {
    const { world, chat, fromAgent } = chatWithMessages();
    eventsOf(world.receipt(chat.contactId, chat.customerId, fromAgent, 'read'));
    world.advance(1000);
    assert.deepEqual(eventsOf(world.receipt(chat.contactId, chat.customerId, fromAgent, 'delivered')), []);
    assert.equal(itemOf(world, chat.contactId, fromAgent).receipts![0]!.deliveredAt, undefined);
  });

  test('receipts are for messages of the chat: an unknown id, or an event of the transcript, is refused and nothing changes', () => {
    const { world, chat, agent } = chatWithMessages();
    const before = serialize(world.state);
    const unknown = rejectionOf(world.receipt(chat.contactId, agent, 'no-such-message', 'read'));
    assert.equal(unknown.code, 'InvalidRequest');
    assert.equal(unknown.rule, 'receipts-are-for-messages-of-the-chat');
    const joined = world.contact(chat.contactId).transcript.find((i) => i.type === 'EVENT')!;
    assert.equal(rejectionOf(world.receipt(chat.contactId, agent, joined.id, 'delivered')).rule, 'receipts-are-for-messages-of-the-chat');
    assert.equal(serialize(world.state), before);
  });

  test('a message of another chat is not a message of this chat', () => {
    const world = availableWorld(['alice'], { chatConcurrency: 2 });
    const first = world.startChat('Ann');
    const second = world.startChat('Bea');
    const inFirst = sentId(world.send(first.contactId, first.customerId, 'hello'));
    assert.equal(rejectionOf(world.receipt(second.contactId, second.customerId, inFirst, 'read')).rule, 'receipts-are-for-messages-of-the-chat');
  });

  test('nobody sends a receipt for their own message: refused, nothing changes', () => {
    const { world, chat, agent, fromCustomer, fromAgent } = chatWithMessages();
    const before = serialize(world.state);
    const own = rejectionOf(world.receipt(chat.contactId, chat.customerId, fromCustomer, 'read'));
    assert.equal(own.code, 'InvalidRequest');
    assert.equal(own.rule, 'no-receipts-for-own-messages');
    assert.equal(rejectionOf(world.receipt(chat.contactId, agent, fromAgent, 'delivered')).rule, 'no-receipts-for-own-messages');
    assert.equal(serialize(world.state), before);
  });

  test('the flow\'s SYSTEM messages take receipts (they are nobody\'s own)', () => {
    const { world, chat } = chatWithMessages();
    const prompt = world.contact(chat.contactId).transcript.find((i) => i.role === 'SYSTEM')!;
    assert.equal(eventsOf(world.receipt(chat.contactId, chat.customerId, prompt.id, 'read')).length, 1);
  });

  test('only a participant still in the chat sends receipts; after the chat ends they are refused', () => {
    const { world, chat, agent, fromCustomer } = chatWithMessages();
    eventsOf(world.disconnect(chat.contactId, chat.customerId));
    const refused = rejectionOf(world.receipt(chat.contactId, agent, fromCustomer, 'read'));
    assert.equal(refused.code, 'AccessDenied');
    assert.equal(refused.rule, 'only-connected-participants-send-receipts');
    assert.equal(rejectionOf(world.receipt(chat.contactId, 'nobody', fromCustomer, 'read')).code, 'ResourceNotFound');
  });

  test('seed 002: in a multi-party chat a receipt is accepted and neither kept nor passed on (no event)', () => {
    const mp = multiPartyWorld();
    const { world } = mp;
    const chat = chatWith(world, 'alice');
    world.advance(1000);
    const message = sentId(world.send(chat.contactId, chat.customerId, 'hello everyone'));
    join(mp, chat.contactId, 'alice', 'bob');
    const before = serialize(world.state);
    assert.deepEqual(eventsOf(world.receipt(chat.contactId, world.participantOf('bob', chat.contactId), message, 'read')), []);
    assert.deepEqual(eventsOf(world.receipt(chat.contactId, world.participantOf('alice', chat.contactId), message, 'delivered')), []);
    assert.equal(serialize(world.state), before);
    assert.equal(itemOf(world, chat.contactId, message).receipts, undefined);
    // A receipt for what is not a message is still refused there.
    assert.equal(rejectionOf(world.receipt(chat.contactId, chat.customerId, 'no-such-message', 'read')).rule, 'receipts-are-for-messages-of-the-chat');
  });

  test('each recipient has their own receipt, in the order their first receipt came', () => {
    const mp = multiPartyWorld();
    const { world } = mp;
    const chat = chatWith(world, 'alice');
    world.advance(1000);
    const message = sentId(world.send(chat.contactId, chat.customerId, 'hi'));
    const alice = world.participantOf('alice', chat.contactId);
    eventsOf(world.receipt(chat.contactId, alice, message, 'read'));
    // alice leaves; bob takes over the chat (two people again: receipts count).
    join(mp, chat.contactId, 'alice', 'bob');
    world.advance(1000);
    eventsOf(world.disconnect(chat.contactId, alice));
    const bob = world.participantOf('bob', chat.contactId);
    world.advance(1000);
    eventsOf(world.receipt(chat.contactId, bob, message, 'delivered'));
    assert.deepEqual(itemOf(world, chat.contactId, message).receipts!.map((r) => [r.participantId, r.readAt !== undefined, r.deliveredAt !== undefined]), [
      [alice, true, false],
      [bob, false, true],
    ]);
  });

  test('an attachment item takes receipts like a message', () => {
    const { world, chat, agent } = chatWithMessages();
    eventsOf(world.run({ type: 'AssociateInstanceStorageConfig', associationId: 'a1', resourceType: 'ATTACHMENTS', storageType: 'S3', s3Config: { bucketName: 'b', bucketPrefix: 'p' } }));
    eventsOf(world.run({ type: 'StartAttachmentUpload', contactId: chat.contactId, participantId: chat.customerId, attachmentId: 'att-1', name: 'a.pdf', contentType: 'application/pdf', sizeBytes: 10 }));
    const done = eventsOfType(eventsOf(world.run({
      type: 'CompleteAttachmentUpload', contactId: chat.contactId, participantId: chat.customerId, attachmentIds: ['att-1'], storedBytes: { 'att-1': 10 },
    })), 'AttachmentUploadCompleted');
    const itemId = done[0]!.item.id;
    eventsOf(world.receipt(chat.contactId, agent, itemId, 'delivered'));
    assert.deepEqual(itemOf(world, chat.contactId, itemId).receipts, [{ participantId: agent, deliveredAt: world.now }]);
  });

  test('GetTranscript\'s view carries MessageMetadata { MessageId, Receipts } on items with receipts, in ISO times, and none on the others', () => {
    const { world, chat, agent, fromCustomer, fromAgent } = chatWithMessages();
    const deliveredAt = world.now;
    eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'delivered'));
    world.advance(500);
    eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read'));
    const page = transcriptPage(world.contact(chat.contactId).transcript, { scanDirection: 'FORWARD', maxResults: 100 });
    assert.ok(!isRejection(page));
    const views = page.items.map((i) => chatItemView(i, chat.contactId, chat.contactId));
    const view = views.find((v) => v.Id === fromCustomer)!;
    assert.deepEqual(view.MessageMetadata, {
      MessageId: fromCustomer,
      Receipts: [{ DeliveredTimestamp: new Date(deliveredAt).toISOString(), ReadTimestamp: new Date(deliveredAt + 500).toISOString(), RecipientParticipantId: agent }],
    });
    assert.equal(views.find((v) => v.Id === fromAgent)!.MessageMetadata, undefined);
    assert.ok(views.filter((v) => v.Id !== fromCustomer).every((v) => !('MessageMetadata' in v)));
  });

  test('recording a receipt leaves the recorded events as they were, so replaying them rebuilds the same transcript', () => {
    const { world, chat, agent, fromCustomer } = chatWithMessages();
    const sent: Event[] = JSON.parse(JSON.stringify(world.events));
    eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read'));
    // The MessageSent event's item is the object the transcript first held: it must not have grown receipts.
    assert.deepEqual(JSON.parse(JSON.stringify(world.events.slice(0, sent.length))), sent);
    assert.equal(serialize(replay(world.events, emptyState())), serialize(world.state));
  });

  test('an archived contact keeps its receipts (serialised and read back exactly)', () => {
    const { world, chat, agent, fromCustomer, fromAgent } = chatWithMessages();
    eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read'));
    eventsOf(world.receipt(chat.contactId, chat.customerId, fromAgent, 'delivered'));
    const contact = world.contact(chat.contactId);
    const back = deserializeContact(serializeContact(contact));
    assert.equal(serialize(back), serialize(contact));
    assert.deepEqual(back.transcript.find((i) => i.id === fromAgent)!.receipts, [{ participantId: chat.customerId, deliveredAt: world.now }]);
  });

  test('a receipt does not change the contact\'s last update time', () => {
    const { world, chat, agent, fromCustomer } = chatWithMessages();
    const before = world.contact(chat.contactId).lastUpdatedAt;
    world.advance(5000);
    eventsOf(world.receipt(chat.contactId, agent, fromCustomer, 'read'));
    assert.equal(world.contact(chat.contactId).lastUpdatedAt, before);
  });
});
