/** Folding live receipts (MESSAGEMETADATA items) into the messages the pages show. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView } from '@switchboard/sdk';
import { receiptStatus, withReceipts } from '../src/shared/receipts.ts';

const ME = 'customer-1';
const mine: ChatItemView = { AbsoluteTime: '2024-01-01T00:00:00.000Z', ContentType: 'text/plain', Id: 'm1', Type: 'MESSAGE', ParticipantId: ME, ContactId: 'c', InitialContactId: 'c' };
const receipt = (id: string, kind: 'Delivered' | 'Read'): ChatItemView => ({
  AbsoluteTime: '2024-01-01T00:00:01.000Z', ContentType: 'application/vnd.amazonaws.connect.event.message.metadata', Id: id, Type: 'MESSAGEMETADATA', ContactId: 'c', InitialContactId: 'c',
  MessageMetadata: { MessageId: 'm1', Receipts: [{ [`${kind}Timestamp`]: '2024-01-01T00:00:01.000Z', RecipientParticipantId: 'agent-1' }] },
});

test('a live receipt that came before its message (the transcript was still loading) shows once the message is there', () => {
  const receipts = [receipt('r1', 'Read')];
  assert.equal(withReceipts([], receipts).length, 0);
  assert.equal(receiptStatus(withReceipts([mine], receipts)[0]!, ME), 'Read');
});

test('folding the same receipts again, or a delivered after a read, changes nothing: "Read" stays', () => {
  const folded = withReceipts([mine], [receipt('r1', 'Delivered'), receipt('r2', 'Read'), receipt('r1', 'Delivered')]);
  assert.equal(receiptStatus(folded[0]!, ME), 'Read');
  assert.equal(folded[0]!.MessageMetadata!.Receipts.length, 1, 'one entry per recipient');
});
