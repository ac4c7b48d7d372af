import type { DisconnectParticipant, ExpireChat, StopContact } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Contact } from '../model/contact.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { connectedParticipant } from './participant.ts';
import { reject, type Rejection } from '../rejection.ts';
import { EVENT, chatEndedItem, participantEvent } from './items.ts';
import { callOf } from '../voice/call.ts';
import { endCallEvents } from '../voice/leave.ts';

/**
 * A participant leaves the chat, or an agent in it disconnects them. Rules:
 * - the customer leaving ends the chat for everyone (seed 001);
 * - the chat continues as long as the customer is in it with an agent (or one is being invited); when
 *   the last agent leaves, the chat ends (the agent's "End chat").
 */
export function decideDisconnectParticipant(state: State, command: DisconnectParticipant, ids: IdSource): Decision {
  if (command.byUserId !== undefined) {
    // Seed 001: every agent in the chat sees all participants and can disconnect any of them.
    const actor = agentInChat(state, command.instanceId, command.contactId, command.byUserId);
    if (isRejection(actor)) return refused(actor);
  }
  const found = connectedParticipant(state, command, 'only-connected-participants-leave');
  if (isRejection(found)) return refused(found);
  const { instance, contact, participant } = found;
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: contact.id };
  const events: Event[] = [
    { type: 'ParticipantLeft', ...base, participantId: participant.id, item: participantEvent(ids.next(), at, EVENT.participantLeft, participant) },
  ];
  const agentsLeft = [...contact.participants.values()].filter((p) => p.role === 'AGENT' && p.state === 'connected' && p.id !== participant.id);
  const invitationPending = contact.invitations.some((i) => i.status === 'pending');
  if (participant.role === 'CUSTOMER') {
    events.push({ type: 'ContactEnded', ...base, reason: command.byUserId ? 'AGENT_DISCONNECT' : 'CUSTOMER_DISCONNECT', item: chatEndedItem(ids.next(), at) });
  } else if (participant.role === 'AGENT' && agentsLeft.length === 0 && !invitationPending && !contact.flowSettings?.eventHooks?.CustomerRemaining) {
    // (With a disconnect flow set — UpdateContactEventHooks CustomerRemaining — the customer stays and that flow runs: flow/resume.ts.)
    events.push({ type: 'ContactEnded', ...base, reason: 'AGENT_DISCONNECT', item: chatEndedItem(ids.next(), at) });
  }
  return accepted(events);
}

/** The agent is connected to the chat themselves. */
function agentInChat(state: State, instanceId: string, contactId: string, userId: string): true | Rejection {
  const instance = findInstance(state, instanceId);
  if (isRejection(instance)) return instance;
  const contact = findContact(instance, contactId);
  if (isRejection(contact)) return contact;
  const participantId = instance.users.get(userId)?.contacts.get(contactId)?.participantId;
  const participant = participantId ? contact.participants.get(participantId) : undefined;
  if (!participant || participant.state !== 'connected') {
    return reject('AccessDenied', `you are not connected to contact ${contactId}`, { rule: 'only-agents-in-the-chat-disconnect-others' });
  }
  return true;
}

function endContact(contact: Contact, instanceId: string, at: number, reason: string, ids: IdSource): Decision {
  if (contact.status === 'ended') return refused(reject('InvalidRequest', `contact ${contact.id} has already ended`, { rule: 'contact-ends-once' }));
  return accepted([{
    type: 'ContactEnded', instanceId, at, contactId: contact.id, reason,
    ...(contact.channel === 'CHAT' ? { item: chatEndedItem(ids.next(), at) } : {}),
  }]);
}

/** StopContact (Connect API) ends the contact, whatever state it is in. */
export function decideStopContact(state: State, command: StopContact, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  const call = callOf(instance, contact);
  if (call) {
    // StopContact on any contact of a call ends the whole call.
    if (call.endedAt !== undefined) return refused(reject('InvalidRequest', `contact ${contact.id} has already ended`, { rule: 'contact-ends-once' }));
    return accepted(endCallEvents(instance, call, 'API', command.now));
  }
  return endContact(contact, instance.id, command.now, 'API', ids);
}

/** A chat ends when its ChatDurationInMinutes runs out. */
export function decideExpireChat(state: State, command: ExpireChat, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  if (contact.expiresAt === undefined || command.now < contact.expiresAt) {
    return refused(reject('Conflict', 'the chat has not run out yet', { rule: 'stale-timer' }));
  }
  return endContact(contact, instance.id, command.now, 'EXPIRED', ids);
}
