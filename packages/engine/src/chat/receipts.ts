import type { RecordMessageReceipt } from '../commands.ts';
import type { MessageReceiptRecorded } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Contact, MessageReceipt, TranscriptItem } from '../model/contact.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';
import { isMultiPartyChat } from './multiparty.ts';
import { connectedParticipant } from './participant.ts';
import { seenBy } from './items.ts';

/**
 * Read and delivered receipts (SendEvent `…message.delivered` / `…message.read`). Each recipient's first
 * delivered time and first read time of a message are kept on the transcript item, so a page that
 * reloads (GetTranscript) still knows what the other side received and read.
 */

/** The transcript's MESSAGE or ATTACHMENT item with this id (receipts are for those only), newest first: receipts are mostly for recent items. */
function messageItemIndex(contact: Contact, messageId: string): number {
  for (let k = contact.transcript.length - 1; k >= 0; k--) {
    const item = contact.transcript[k]!;
    if (item.id === messageId) return item.type === 'MESSAGE' || item.type === 'ATTACHMENT' ? k : -1;
  }
  return -1;
}

/**
 * Does this receipt add nothing to what is known? The same kind came before (the first time is kept), or
 * a delivered receipt after a read one: the message is read, which chatjs shows over delivered (its own
 * client sends no delivered receipt after a read one), and passing it on would make a chatjs transcript
 * step back from READ to DELIVERED.
 */
export function isKnownReceipt(item: TranscriptItem, participantId: string, receipt: 'delivered' | 'read'): boolean {
  const known = item.receipts?.find((r) => r.participantId === participantId);
  if (!known) return false;
  return receipt === 'read' ? known.readAt !== undefined : known.deliveredAt !== undefined || known.readAt !== undefined;
}

/**
 * Rules of a receipt:
 * - only a participant still in the chat, while it goes on, sends one (as for messages);
 * - it names a MESSAGE or ATTACHMENT item of this chat's transcript that the participant sees (anything
 *   else is refused: another side's whisper is not theirs to receive);
 * - nobody sends one for their own message (refused);
 * - seed 002: read and delivered receipts are not supported in multi-party chats — accepted, but neither
 *   kept nor passed on;
 * - a receipt that adds nothing (see isKnownReceipt) is accepted and changes nothing: clients retry and
 *   resend receipts after a reload, and each should get the same kind of answer.
 */
export function decideRecordReceipt(state: State, command: RecordMessageReceipt, ids: IdSource): Decision {
  const found = connectedParticipant(state, command, 'only-connected-participants-send-receipts');
  if (isRejection(found)) return refused(found);
  const { instance, contact, participant } = found;
  const k = messageItemIndex(contact, command.messageId);
  // A message the participant cannot see (another side's whisper) is, to them, not in the chat.
  if (k < 0 || !seenBy(contact.transcript[k]!, participant.id)) {
    return refused(reject('InvalidRequest', `message ${command.messageId} is not a message of this chat`, { rule: 'receipts-are-for-messages-of-the-chat' }));
  }
  const item = contact.transcript[k]!;
  if (item.participantId === participant.id) {
    return refused(reject('InvalidRequest', 'a participant does not send receipts for its own messages', { rule: 'no-receipts-for-own-messages' }));
  }
  if (isMultiPartyChat(contact)) return accepted([]);
  if (isKnownReceipt(item, participant.id, command.receipt)) return accepted([]);
  return accepted([{
    type: 'MessageReceiptRecorded', instanceId: instance.id, at: command.now, contactId: contact.id,
    receiptId: ids.next(), messageId: item.id, participantId: participant.id, receipt: command.receipt,
  }]);
}

/**
 * Keeps a receipt on its transcript item. The item is replaced, not changed: the item object may also be
 * the one its event carried (evolve pushes it as is), and events must stay as they were recorded.
 */
export function applyReceipt(contact: Contact, event: MessageReceiptRecorded): void {
  const k = messageItemIndex(contact, event.messageId);
  if (k < 0) return;
  const item = contact.transcript[k]!;
  const receipts: MessageReceipt[] = item.receipts ? item.receipts.map((r) => ({ ...r })) : [];
  let mine = receipts.find((r) => r.participantId === event.participantId);
  if (!mine) receipts.push((mine = { participantId: event.participantId }));
  if (event.receipt === 'read') mine.readAt ??= event.at;
  else mine.deliveredAt ??= event.at;
  contact.transcript[k] = { ...item, receipts };
}
