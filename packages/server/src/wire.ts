import type { TranscriptItem } from '@switchboard/engine';

/** A transcript item as the Participant Service sends it (GetTranscript and the chat WebSocket). */
export interface WireItem {
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

export function toWireItem(item: TranscriptItem, contactId: string, initialContactId: string): WireItem {
  const wire: WireItem = {
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

/** The chat WebSocket frame for an item: `content` must be a string (chatjs JSON.parses it). */
export function chatFrame(item: WireItem): string {
  return JSON.stringify({ topic: 'aws/chat', contentType: 'application/json', content: JSON.stringify(item) });
}
