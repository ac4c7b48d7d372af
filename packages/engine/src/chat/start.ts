import type { StartChatContact } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Participant } from '../model/contact.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { checkInboundFlowType, flowEvents } from '../flow/effects.ts';
import { checkMessageContent } from './message.ts';
import { EVENT, participantEvent } from './items.ts';

/** ChatDurationInMinutes: 60 to 10,080 (7 days); 1,500 (25 hours) when not given. */
export const CHAT_DURATION_MINUTES = { min: 60, max: 10080, default: 1500 } as const;

/** StartChatContact: create the chat and its customer participant, then run the inbound flow. */
export function decideStartChat(state: State, command: StartChatContact, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const flow = instance.flows.get(command.contactFlowId);
  if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
  const wrongType = checkInboundFlowType(flow);
  if (wrongType) return refused(wrongType);
  if (instance.contacts.has(command.contactId)) return refused(reject('DuplicateResource', `contact ${command.contactId} already exists`));
  const minutes = command.chatDurationMinutes;
  if (!Number.isInteger(minutes) || minutes < CHAT_DURATION_MINUTES.min || minutes > CHAT_DURATION_MINUTES.max) {
    return refused(reject('InvalidRequest', `ChatDurationInMinutes must be ${CHAT_DURATION_MINUTES.min}–${CHAT_DURATION_MINUTES.max}`));
  }
  if (command.initialMessage) {
    const problem = checkMessageContent(command.initialMessage.contentType, command.initialMessage.content);
    if (problem) return refused(problem);
  }
  if (command.relatedContactId !== undefined && !instance.contacts.has(command.relatedContactId)) {
    return refused(notFound('Contact', command.relatedContactId));
  }

  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  const customer: Participant = { id: command.participantId, role: 'CUSTOMER', displayName: command.displayName, state: 'connected', joinedAt: at };
  const events: Event[] = [
    {
      type: 'ContactInitiated', ...base, channel: 'CHAT', initiationMethod: 'API', flowId: flow.id, attributes: command.attributes,
      customerDisplayName: command.displayName, expiresAt: at + minutes * 60_000,
      ...(command.relatedContactId !== undefined ? { relatedContactId: command.relatedContactId } : {}),
    },
    { type: 'ParticipantJoined', ...base, participant: customer, item: participantEvent(ids.next(), at, EVENT.participantJoined, customer) },
  ];
  if (command.initialMessage) {
    events.push({
      type: 'MessageSent', ...base,
      item: {
        id: ids.next(), type: 'MESSAGE', contentType: command.initialMessage.contentType, content: command.initialMessage.content,
        participantId: customer.id, displayName: customer.displayName, role: 'CUSTOMER', at,
      },
    });
  }
  events.push(...flowEvents(instance, flow.content, { contactId: command.contactId, channel: 'CHAT', attributes: command.attributes, customerName: command.displayName, at, initiationMethod: 'API', flowId: flow.id }, ids));
  return accepted(events);
}
