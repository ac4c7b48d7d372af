/** Which read and delivered receipts a page owes for the messages it has (the pure rule both pages use). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView } from '@switchboard/sdk';
import { receiptsToSend, type ReceiptKind } from '../src/shared/receiptsToSend.ts';

const ME = 'customer-1';
const AGENT = 'agent-1';
let n = 0;
function item(over: Partial<ChatItemView>): ChatItemView {
  n++;
  return { AbsoluteTime: new Date(1_700_000_000_000 + n).toISOString(), ContentType: 'text/plain', Id: `i${n}`, Type: 'MESSAGE', ContactId: 'c', InitialContactId: 'c', ...over };
}
const none: ReadonlyMap<string, ReceiptKind> = new Map();
const owed = (items: ChatItemView[], visible: boolean, sent = none) => receiptsToSend(items, { ownParticipantId: ME, visible, sent }).map((r) => `${r.kind} ${r.messageId}`);

test('messages from the agent, a bot and the system get a delivered receipt while the page is hidden, a read one while it is visible', () => {
  const fromAgent = item({ ParticipantId: AGENT, ParticipantRole: 'AGENT' });
  const fromBot = item({ ParticipantId: 'bot-1', ParticipantRole: 'CUSTOM_BOT' });
  const prompt = item({ ParticipantRole: 'SYSTEM' }); // the flow's prompts may carry no participant id
  const file = item({ Type: 'ATTACHMENT', ParticipantId: AGENT, ContentType: 'application/pdf' });
  const items = [fromAgent, fromBot, prompt, file];
  assert.deepEqual(owed(items, false), items.map((i) => `delivered ${i.Id}`));
  assert.deepEqual(owed(items, true), items.map((i) => `read ${i.Id}`));
});

test('no receipt for one\'s own messages, nor for events, typing or receipts themselves', () => {
  const items = [
    item({ ParticipantId: ME, ParticipantRole: 'CUSTOMER' }),
    item({ Type: 'ATTACHMENT', ParticipantId: ME, ContentType: 'image/png' }),
    item({ Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.participant.joined', ParticipantId: AGENT }),
    item({ Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.typing', ParticipantId: AGENT }),
    item({ Type: 'MESSAGEMETADATA', ContentType: 'application/vnd.amazonaws.connect.event.message.metadata', MessageMetadata: { MessageId: 'x', Receipts: [] } }),
  ];
  assert.deepEqual(owed(items, true), []);
});

test('never twice for the same message and kind: what was sent is not owed again', () => {
  const m = item({ ParticipantId: AGENT });
  assert.deepEqual(owed([m], false, new Map([[m.Id, 'delivered']])), []);
  assert.deepEqual(owed([m], true, new Map([[m.Id, 'read']])), []);
});

test('a delivered receipt sent earlier still leaves the read receipt owed once the page shows the message', () => {
  const m = item({ ParticipantId: AGENT });
  assert.deepEqual(owed([m], true, new Map([[m.Id, 'delivered']])), [`read ${m.Id}`]);
});

test('a read receipt makes a later delivered one pointless', () => {
  const m = item({ ParticipantId: AGENT });
  assert.deepEqual(owed([m], false, new Map([[m.Id, 'read']])), []);
});

test('after a reload, a message that carries this participant\'s receipt in the transcript owes nothing more of that kind', () => {
  const at = new Date().toISOString();
  const read = item({ ParticipantId: AGENT, MessageMetadata: { MessageId: 'r', Receipts: [{ RecipientParticipantId: ME, DeliveredTimestamp: at, ReadTimestamp: at }] } });
  const delivered = item({ ParticipantId: AGENT, MessageMetadata: { MessageId: 'd', Receipts: [{ RecipientParticipantId: ME, DeliveredTimestamp: at }] } });
  // Someone else's receipt on the message is not this participant's.
  const othersOnly = item({ ParticipantId: AGENT, MessageMetadata: { MessageId: 'o', Receipts: [{ RecipientParticipantId: 'agent-2', ReadTimestamp: at }] } });
  assert.deepEqual(owed([read, delivered, othersOnly], false), [`delivered ${othersOnly.Id}`]);
  assert.deepEqual(owed([read, delivered, othersOnly], true), [`read ${delivered.Id}`, `read ${othersOnly.Id}`]);
});

test('without its own participant id a page cannot tell its messages apart, so it owes nothing', () => {
  assert.deepEqual(receiptsToSend([item({ ParticipantId: AGENT })], { ownParticipantId: undefined, visible: true, sent: none }), []);
});
