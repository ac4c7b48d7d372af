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
  ContactId: string;
  InitialContactId: string;
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
  return wire;
}
