import type { TranscriptItem } from '../model/contact.ts';

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
  return wire;
}
