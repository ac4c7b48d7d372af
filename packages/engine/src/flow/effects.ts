import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Channel, FlowDocument } from '../model/instance.ts';
import type { Instance } from '../state.ts';
import { runFlow } from './interpreter.ts';
import { isOpen, queueAdmission } from '../queue/hours.ts';
import { routingDelays } from '../routing/route.ts';
import { chatEndedItem, systemMessage } from '../chat/items.ts';

const lastSegment = (ref: string) => (ref.includes('/') ? ref.slice(ref.lastIndexOf('/') + 1) : ref);

export interface FlowRun {
  contactId: string;
  channel: Channel;
  attributes: Record<string, string>;
  customerName: string;
  at: number;
}

/**
 * Runs an inbound flow for a new contact and turns its effects into events: prompts (chat: system
 * messages; voice: played to the caller, nothing recorded), attributes, the working queue, enqueueing,
 * and disconnecting (which ends the contact — for voice, the whole call).
 */
export function flowEvents(instance: Instance, content: FlowDocument, run: FlowRun, ids: IdSource): Event[] {
  const { at } = run;
  const base = { instanceId: instance.id, at, contactId: run.contactId };
  const effects = runFlow(content, {
    attributes: run.attributes,
    customerName: run.customerName,
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
        if (run.channel === 'CHAT') events.push({ type: 'MessageSent', ...base, item: systemMessage(ids.next(), at, effect.text) });
        break;
      case 'setAttributes':
        events.push({ type: 'ContactAttributesUpdated', ...base, attributes: effect.attributes });
        break;
      case 'setQueue':
        events.push({ type: 'ContactTargetQueueSet', ...base, queueId: effect.queueId });
        break;
      case 'enqueue': {
        const delays = routingDelays(instance, effect.queueId, run.channel);
        events.push({ type: 'ContactQueued', ...base, queueId: effect.queueId, ...(delays.length > 0 ? { routeAt: delays.map((d) => at + d * 1000) } : {}) });
        break;
      }
      case 'disconnect':
      case 'end':
        if (run.channel === 'VOICE') {
          events.push({ type: 'CallEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT' });
          events.push({ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT' });
        } else {
          events.push({ type: 'ContactEnded', ...base, reason: 'CONTACT_FLOW_DISCONNECT', item: chatEndedItem(ids.next(), at) });
        }
        break;
    }
  }
  return events;
}
