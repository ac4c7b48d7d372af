import type { ChatItemView } from '@switchboard/engine';

/** A message receipt's part of a MESSAGEMETADATA item: whose message, and who received or read it when. */
export interface MessageReceipt {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  /** The participant who received or read the message (the receipt's sender). */
  RecipientParticipantId: string;
}

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
  MessageMetadata: { MessageId: string; Receipts: MessageReceipt[] };
  ContactId: string;
  InitialContactId: string;
}

/** The chat WebSocket frame for an item: `content` must be a string (chatjs JSON.parses it). */
export function chatFrame(item: ChatItemView | MessageMetadataItemView): string {
  return JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
}
