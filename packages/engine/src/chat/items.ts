import type { Participant, TranscriptItem } from '../model/contact.ts';

/** Content types of the chat events the Participant Service emits. */
export const EVENT = {
  participantJoined: 'application/vnd.amazonaws.connect.event.participant.joined',
  participantLeft: 'application/vnd.amazonaws.connect.event.participant.left',
  participantInvited: 'application/vnd.amazonaws.connect.event.participant.invited',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
  transferSucceeded: 'application/vnd.amazonaws.connect.event.transfer.succeeded',
  transferFailed: 'application/vnd.amazonaws.connect.event.transfer.failed',
  typing: 'application/vnd.amazonaws.connect.event.typing',
  delivered: 'application/vnd.amazonaws.connect.event.message.delivered',
  read: 'application/vnd.amazonaws.connect.event.message.read',
} as const;

/** System messages (a flow's Play prompt) carry this display name in Amazon Connect transcripts. */
export const SYSTEM_DISPLAY_NAME = 'SYSTEM_MESSAGE';

export function participantEvent(id: string, at: number, contentType: string, participant: Participant): TranscriptItem {
  return { id, type: 'EVENT', contentType, participantId: participant.id, displayName: participant.displayName, role: participant.role, at };
}

export function chatEndedItem(id: string, at: number): TranscriptItem {
  return { id, type: 'EVENT', contentType: EVENT.chatEnded, at };
}

/** A flow's message; `to` is the one participant it is for (a whisper), else everyone in the chat sees it. */
export function systemMessage(id: string, at: number, text: string, to?: string): TranscriptItem {
  return { id, type: 'MESSAGE', contentType: 'text/plain', content: text, displayName: SYSTEM_DISPLAY_NAME, role: 'SYSTEM', at, ...(to !== undefined ? { visibleTo: [to] } : {}) };
}

/**
 * May this participant see the item? Yes unless it is for named participants only (a whisper's message)
 * and they are not one of them. Every reader of a transcript on a participant's behalf asks: GetTranscript
 * (customer and agent), the chat and CCP sockets, receipts.
 */
export function seenBy(item: TranscriptItem, participantId: string): boolean {
  return item.visibleTo === undefined || item.visibleTo.includes(participantId);
}

/** The part of a transcript one participant sees (paging runs over it, so its tokens are theirs alone). */
export function transcriptFor(items: readonly TranscriptItem[], participantId: string): readonly TranscriptItem[] {
  return items.some((i) => i.visibleTo !== undefined) ? items.filter((i) => seenBy(i, participantId)) : items;
}
