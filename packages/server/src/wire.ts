import type { ChatItemView, Contact, MessageReceiptRecorded, ReceiptView } from '@switchboard/engine';

/**
 * A delivered/read receipt as the Participant Service passes it on (`Type: "MESSAGEMETADATA"`).
 * chatjs reads `MessageMetadata.Receipts[0]` to choose onReadReceipt (ReadTimestamp) or
 * onDeliveredReceipt (DeliveredTimestamp), and drops receipts whose RecipientParticipantId is its own
 * participant; the Android SDK also needs `ContentType`, `AbsoluteTime` and `MessageMetadata.MessageId`.
 */
export interface MessageMetadataItemView {
  AbsoluteTime: string;
  ContentType: 'application/vnd.amazonaws.connect.event.message.metadata';
  Id: string;
  Type: 'MESSAGEMETADATA';
  MessageMetadata: { MessageId: string; Receipts: ReceiptView[] };
  ContactId: string;
  InitialContactId: string;
}

/**
 * The MESSAGEMETADATA item that passes a recorded receipt on: its own id and time, and in `Receipts[0]`
 * only this receipt (the time it came, and who sent it) — what chatjs's onReadReceipt / onDeliveredReceipt
 * read. GetTranscript shows all of a message's receipts on the message itself.
 */
export function receiptItem(event: MessageReceiptRecorded, contact: Contact): MessageMetadataItemView {
  const at = new Date(event.at).toISOString();
  return {
    AbsoluteTime: at, ContentType: 'application/vnd.amazonaws.connect.event.message.metadata', Id: event.receiptId, Type: 'MESSAGEMETADATA',
    MessageMetadata: {
      MessageId: event.messageId,
      Receipts: [{ ...(event.receipt === 'read' ? { ReadTimestamp: at } : { DeliveredTimestamp: at }), RecipientParticipantId: event.participantId }],
    },
    ContactId: contact.id, InitialContactId: contact.initialContactId ?? contact.id,
  };
}

/** The chat WebSocket frame for an item: `content` must be a string (chatjs JSON.parses it). */
export function chatFrame(item: ChatItemView | MessageMetadataItemView): string {
  return JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
}
