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

export function systemMessage(id: string, at: number, text: string): TranscriptItem {
  return { id, type: 'MESSAGE', contentType: 'text/plain', content: text, displayName: SYSTEM_DISPLAY_NAME, role: 'SYSTEM', at };
}
