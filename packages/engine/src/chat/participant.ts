import type { Contact, Participant } from '../model/contact.ts';
import type { AddBotParticipant, UpdateContactAttributes } from '../commands.ts';
import type { IdSource } from '../ids.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { EVENT, participantEvent } from './items.ts';
import { utf8Length } from './message.ts';
import type { Instance, State } from '../state.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';

/**
 * Rule: only a participant who is still in the chat, while the chat is going, can act in it (send,
 * leave). `rule` names the operation in the rejection.
 */
export function connectedParticipant(
  state: State,
  ref: { instanceId: string; contactId: string; participantId: string },
  rule: string,
): { instance: Instance; contact: Contact; participant: Participant } | Rejection {
  const instance = findInstance(state, ref.instanceId);
  if (isRejection(instance)) return instance;
  const contact = findContact(instance, ref.contactId);
  if (isRejection(contact)) return contact;
  const participant = contact.participants.get(ref.participantId);
  if (!participant) return notFound('Participant', ref.participantId);
  if (participant.state !== 'connected' || contact.status === 'ended') {
    return reject('AccessDenied', 'the participant is no longer in this chat', { rule });
  }
  return { instance, contact, participant };
}

/** CreateParticipant: a custom bot joins a chat still going on; bots do not count toward the six. */
export function decideAddBot(state: State, command: AddBotParticipant, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  if (contact.channel !== 'CHAT') return refused(reject('InvalidRequest', 'participants can only be added to chat contacts'));
  if (contact.status === 'ended') return refused(reject('InvalidRequest', `contact ${contact.id} has ended`, { rule: 'bots-join-live-chats' }));
  if (contact.participants.has(command.participantId)) return refused(reject('DuplicateResource', `participant ${command.participantId} exists`));
  const at = command.now;
  const participant: Participant = { id: command.participantId, role: 'CUSTOM_BOT', displayName: command.displayName, state: 'connected', joinedAt: at };
  return accepted([{
    type: 'ParticipantJoined', instanceId: instance.id, at, contactId: contact.id, participant,
    item: participantEvent(ids.next(), at, EVENT.participantJoined, participant),
  }]);
}

/** Amazon Connect keeps at most 32 KB of user-defined attributes per contact. */
export const MAX_ATTRIBUTES_BYTES = 32 * 1024;

/** UpdateContactAttributes merges attributes; keys may not hold "$" or "." (flow-language rule), and the total stays under 32 KB. */
export function decideUpdateAttributes(state: State, command: UpdateContactAttributes): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  for (const key of Object.keys(command.attributes)) {
    if (key.length === 0 || /[$.]/.test(key)) return refused(reject('InvalidRequest', `attribute name ${JSON.stringify(key)} must be non-empty and hold no "$" or "."`));
  }
  const merged = { ...contact.attributes, ...command.attributes };
  let size = 0;
  for (const [k, v] of Object.entries(merged)) size += utf8Length(k) + utf8Length(v);
  if (size > MAX_ATTRIBUTES_BYTES) return refused(reject('InvalidRequest', `contact attributes would exceed ${MAX_ATTRIBUTES_BYTES} bytes`));
  return accepted([{ type: 'ContactAttributesUpdated', instanceId: instance.id, at: command.now, contactId: contact.id, attributes: command.attributes }]);
}
