import type { StartChatContact } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Participant } from '../model/contact.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';
import { runFlow } from '../flow/interpreter.ts';
import { isOpen, queueAdmission } from '../queue/hours.ts';
import { routingDelays } from '../routing/route.ts';

const lastSegment = (ref: string) => (ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);
import { checkMessageContent } from './message.ts';
import { EVENT, chatEndedItem, participantEvent, systemMessage } from './items.ts';

/** ChatDurationInMinutes: 60 to 10,080 (7 days); 1,500 (25 hours) when not given. */
export const CHAT_DURATION_MINUTES = { min: 60, max: 10080, default: 1500 } as const;

/** StartChatContact: create the chat and its customer participant, then run the inbound flow. */
export function decideStartChat(state: State, command: StartChatContact, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const flow = instance.flows.get(command.contactFlowId);
  if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
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
  events.push(...flowEvents(instance, flow.content, command, ids));
  return accepted(events);
}

function flowEvents(instance: Instance, content: Parameters<typeof runFlow>[0], command: StartChatContact, ids: IdSource): Event[] {
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  const effects = runFlow(content, {
    attributes: command.attributes,
    customerName: command.displayName,
    resolveQueue: (ref) => {
      const id = lastSegment(ref);
      return instance.queues.has(id) ? id : undefined;
    },
    admission: (queueId) => queueAdmission(instance, instance.queues.get(queueId)!, at),
    hoursOpen: (ref) => {
      const hours = instance.hoursOfOperations.get(lastSegment(ref));
      return hours ? isOpen(hours, at) : undefined;
    },
    queueHours: (queueId) => instance.queues.get(queueId)?.hoursOfOperationId,
  });
  const events: Event[] = [];
  for (const effect of effects) {
    switch (effect.kind) {
      case 'message':
        events.push({ type: 'MessageSent', ...base, item: systemMessage(ids.next(), at, effect.text) });
        break;
      case 'setAttributes':
        events.push({ type: 'ContactAttributesUpdated', ...base, attributes: effect.attributes });
        break;
      case 'setQueue':
        events.push({ type: 'ContactTargetQueueSet', ...base, queueId: effect.queueId });
        break;
      case 'enqueue': {
        const delays = routingDelays(instance, effect.queueId, 'CHAT');
        events.push({ type: 'ContactQueued', ...base, queueId: effect.queueId, ...(delays.length > 0 ? { routeAt: delays.map((d) => at + d * 1000) } : {}) });
        break;
      }
      case 'disconnect':
      case 'end':
        events.push({ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT', item: chatEndedItem(ids.next(), at) });
        break;
    }
  }
  return events;
}
