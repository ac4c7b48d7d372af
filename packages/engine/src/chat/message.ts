import type { SendMessage } from '../commands.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { isRejection } from '../lookup.ts';
import { reject, type Rejection } from '../rejection.ts';
import { connectedParticipant } from './participant.ts';

/** Message content types a participant may send (Participant Service SendMessage). */
export const MESSAGE_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'text/plain',
  'text/markdown',
  'application/json',
  'application/vnd.amazonaws.connect.message.interactive.response',
]);

/** A chat message holds at most 16 KiB of text (16,384 bytes of UTF-8). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** Counts UTF-8 bytes without any platform API (the engine has no Buffer or TextEncoder). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Rule: a message is 1 byte to 16 KiB of one of the allowed content types. */
export function checkMessageContent(contentType: string, content: string): Rejection | undefined {
  if (!MESSAGE_CONTENT_TYPES.has(contentType)) return reject('InvalidRequest', `ContentType ${contentType} is not supported for messages`);
  if (content.length === 0) return reject('InvalidRequest', 'Content must not be empty');
  if (utf8Length(content) > MAX_MESSAGE_BYTES) return reject('InvalidRequest', `Content is longer than ${MAX_MESSAGE_BYTES} bytes`);
  return undefined;
}

/** Rule: only a participant who is still in the chat can send to it, and only while the chat is going. */
export function decideSendMessage(state: State, command: SendMessage): Decision {
  const found = connectedParticipant(state, command, 'only-connected-participants-send');
  if (isRejection(found)) return refused(found);
  const { instance, contact, participant } = found;
  const problem = checkMessageContent(command.contentType, command.content);
  if (problem) return refused(problem);
  return accepted([{
    type: 'MessageSent', instanceId: instance.id, at: command.now, contactId: contact.id,
    item: {
      id: command.messageId, type: 'MESSAGE', contentType: command.contentType, content: command.content,
      participantId: participant.id, displayName: participant.displayName, role: participant.role, at: command.now,
    },
  }]);
}
