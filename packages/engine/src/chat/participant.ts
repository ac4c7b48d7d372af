import type { Contact, Participant } from '../model/contact.ts';
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
