/** The ReceiptSender both pages use: one request at a time, nothing twice, a read replaces a waiting delivered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatItemView } from '@switchboard/sdk';
import { ReceiptSender } from '../src/shared/receiptSender.ts';
import type { ReceiptKind } from '../src/shared/receiptsToSend.ts';

const ME = 'customer-1';
const message = (id: string): ChatItemView => ({ AbsoluteTime: '2024-01-01T00:00:00.000Z', ContentType: 'text/plain', Id: id, Type: 'MESSAGE', ParticipantId: 'agent-1', ContactId: 'c', InitialContactId: 'c' });

/** A send whose answers the test releases one by one, recording what was sent and how many were in flight at once. */
function controlledSend() {
  const sent: string[] = [];
  const waiting: { resolve: () => void; reject: (e: Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const send = (messageId: string, kind: ReceiptKind) => {
    sent.push(`${kind} ${messageId}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve, reject) => waiting.push({ resolve, reject })).finally(() => inFlight--);
  };
  const settle = async (how: 'answer' | 'fail') => {
    const next = waiting.shift()!;
    if (how === 'answer') next.resolve();
    else next.reject(new Error('offline'));
    await new Promise((r) => setTimeout(r, 0));
  };
  return { send, sent, settle, get maxInFlight() { return maxInFlight; }, get waiting() { return waiting.length; } };
}

test('receipts go one request at a time, never in parallel', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  sender.update([message('a'), message('b'), message('c')], { ownParticipantId: ME, visible: true });
  assert.deepEqual(s.sent, ['read a']);
  await s.settle('answer');
  await s.settle('answer');
  await s.settle('answer');
  assert.deepEqual(s.sent, ['read a', 'read b', 'read c']);
  assert.equal(s.maxInFlight, 1);
});

test('the same receipt is never sent twice, however often the page updates', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  const items = [message('a')];
  sender.update(items, { ownParticipantId: ME, visible: false });
  sender.update(items, { ownParticipantId: ME, visible: false });
  await s.settle('answer');
  sender.update(items, { ownParticipantId: ME, visible: false });
  assert.deepEqual(s.sent, ['delivered a']);
  assert.equal(s.waiting, 0);
});

test('a read receipt takes the place of a delivered one still waiting for the same message', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  sender.update([message('a'), message('b')], { ownParticipantId: ME, visible: false }); // delivered a in flight, delivered b waiting
  sender.update([message('a'), message('b')], { ownParticipantId: ME, visible: true }); // read a queued, read b replaces delivered b
  await s.settle('answer');
  await s.settle('answer');
  await s.settle('answer');
  assert.deepEqual(s.sent, ['delivered a', 'read b', 'read a']);
});

test('a receipt the server did not take is sent again at the next update, and only then', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  sender.update([message('a')], { ownParticipantId: ME, visible: true });
  await s.settle('fail');
  assert.deepEqual(s.sent, ['read a'], 'no retry loop on its own');
  sender.update([message('a')], { ownParticipantId: ME, visible: true });
  await s.settle('answer');
  assert.deepEqual(s.sent, ['read a', 'read a']);
});

test('a failed read after an answered delivered falls back to delivered: hidden again, nothing is owed', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  sender.update([message('a')], { ownParticipantId: ME, visible: false });
  await s.settle('answer');
  sender.update([message('a')], { ownParticipantId: ME, visible: true });
  await s.settle('fail');
  sender.update([message('a')], { ownParticipantId: ME, visible: false });
  assert.deepEqual(s.sent, ['delivered a', 'read a']);
});

test('once stopped (the chat closed or ended), nothing more is sent', async () => {
  const s = controlledSend();
  const sender = new ReceiptSender(s.send);
  sender.update([message('a'), message('b')], { ownParticipantId: ME, visible: true });
  sender.stop();
  await s.settle('answer');
  sender.update([message('c')], { ownParticipantId: ME, visible: true });
  assert.deepEqual(s.sent, ['read a']);
});
