import type { Contact, MessageReceipt, TranscriptItem } from '../model/contact.ts';

/**
 * A transcript item as the Participant Service puts it on the wire (GetTranscript's `Transcript[]`
 * and the `content` of `aws/chat` socket frames): PascalCase, ISO-8601 times, and both contact ids,
 * which chatjs routes on.
 */
export interface ChatItemView {
  AbsoluteTime: string;
  Content?: string;
  ContentType: string;
  Id: string;
  Type: string;
  ParticipantId?: string;
  DisplayName?: string;
  ParticipantRole?: string;
  Attachments?: AttachmentItemView[];
  /** MESSAGE and ATTACHMENT items that have receipts: who received or read them, when. */
  MessageMetadata?: MessageMetadataView;
  ContactId: string;
  InitialContactId: string;
}

/** One file of an ATTACHMENT item (the Participant Service's `AttachmentItem`). */
export interface AttachmentItemView {
  ContentType: string;
  AttachmentId: string;
  AttachmentName: string;
  Status: 'APPROVED' | 'REJECTED' | 'IN_PROGRESS';
}

/** The Participant Service's `MessageMetadata` of an item (`Item.MessageMetadata`). */
export interface MessageMetadataView {
  MessageId: string;
  Receipts: ReceiptView[];
}

/** One recipient's receipts (the Participant Service's `Receipt`): ISO-8601 times, each only once sent. */
export interface ReceiptView {
  DeliveredTimestamp?: string;
  ReadTimestamp?: string;
  /** The participant who received or read the message. */
  RecipientParticipantId: string;
}

export function receiptView(receipt: MessageReceipt): ReceiptView {
  return {
    ...(receipt.deliveredAt !== undefined ? { DeliveredTimestamp: new Date(receipt.deliveredAt).toISOString() } : {}),
    ...(receipt.readAt !== undefined ? { ReadTimestamp: new Date(receipt.readAt).toISOString() } : {}),
    RecipientParticipantId: receipt.participantId,
  };
}

export function chatItemView(item: TranscriptItem, contactId: string, initialContactId: string): ChatItemView {
  const wire: ChatItemView = {
    AbsoluteTime: new Date(item.at).toISOString(),
    ContentType: item.contentType,
    Id: item.id,
    Type: item.type,
    ContactId: contactId,
    InitialContactId: initialContactId,
  };
  if (item.content !== undefined) wire.Content = item.content;
  if (item.participantId !== undefined) wire.ParticipantId = item.participantId;
  if (item.displayName !== undefined) wire.DisplayName = item.displayName;
  if (item.role !== undefined) wire.ParticipantRole = item.role;
  if (item.attachments !== undefined) {
    wire.Attachments = item.attachments.map((a) => ({ ContentType: a.contentType, AttachmentId: a.id, AttachmentName: a.name, Status: a.status }));
  }
  if (item.receipts !== undefined && item.receipts.length > 0) wire.MessageMetadata = { MessageId: item.id, Receipts: item.receipts.map(receiptView) };
  return wire;
}

/** One participant a whisper's message is for (Switchboard's own views only: no Participant Service shape has it). */
export interface VisibleToView {
  ParticipantId: string;
  ParticipantRole?: string;
  DisplayName?: string;
}

/**
 * A transcript item as Switchboard's own clients get it (the agent's CCP socket and getTranscript, the
 * admin console's record): the Participant Service's shape, plus `VisibleTo` on a whisper's message — the
 * participants who alone see it. Never in the Participant Service's own answers or chat socket frames
 * (chatjs reads those).
 */
export interface AgentChatItemView extends ChatItemView {
  VisibleTo?: VisibleToView[];
}

/** Who alone sees a whisper's message (`item.visibleTo`), with their role and name; undefined for every other item. */
export function visibleToView(item: TranscriptItem, contact: Pick<Contact, 'participants'>): VisibleToView[] | undefined {
  return item.visibleTo?.map((id) => {
    const p = contact.participants.get(id);
    return { ParticipantId: id, ...(p ? { ParticipantRole: p.role, DisplayName: p.displayName } : {}) };
  });
}

/** The item for an agent's CCP: chatItemView, plus `VisibleTo` when it is a whisper's message. */
export function agentChatItemView(item: TranscriptItem, contact: Pick<Contact, 'id' | 'initialContactId' | 'participants'>): AgentChatItemView {
  const view: AgentChatItemView = chatItemView(item, contact.id, contact.initialContactId ?? contact.id);
  const visibleTo = visibleToView(item, contact);
  if (visibleTo !== undefined) view.VisibleTo = visibleTo;
  return view;
}
