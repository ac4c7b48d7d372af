import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { VoiceCall } from '../model/call.ts';
import type { Instance } from '../state.ts';
import type { FlowContactView, FlowEffect } from './interpreter.ts';
import { endCallEvents, leaveEvents } from '../voice/leave.ts';
import { routingDelays } from '../routing/route.ts';

/** Transfer flow types: they run on the leg a quick connect made, for the agent who used it. */
export const TRANSFER_FLOW_TYPES: ReadonlySet<string> = new Set(['AGENT_TRANSFER', 'QUEUE_TRANSFER']);

/**
 * A flow on a live call ended the contact it runs on (DisconnectParticipant, or an inbound or disconnect
 * flow falling off its end). A transfer flow on a leg drops that leg: the party the quick connect was
 * bringing in leaves (the caller and the transferring agent stay). Any other flow hangs up the call:
 * the call ends, and every contact of its chain still open with it.
 */
export function callFlowEndEvents(instance: Instance, call: VoiceCall, contactId: string, flowType: string, at: number): Event[] {
  const reason = 'CONTACT_FLOW_DISCONNECT';
  if (TRANSFER_FLOW_TYPES.has(flowType) && contactId !== call.id) {
    const party = call.parties.find((p) => p.legContactId === contactId && p.state !== 'disconnected');
    if (party) return leaveEvents(instance, call, party, reason, at);
    return instance.contacts.get(contactId)?.status === 'ended' ? [] : [{ type: 'ContactEnded', instanceId: instance.id, at, contactId, reason }];
  }
  return endCallEvents(instance, call, reason, at);
}

/**
 * CreateCallbackContact: the CALLBACK contact, linked to the contact whose flow made it (its
 * PreviousContactId and RelatedContactId), waiting in its queue for an agent. Its flow id is the
 * outbound whisper the flow named (none: the instance's Default outbound). It starts with no call: the
 * call starts when an agent accepts it. InitialCallDelaySeconds: the callback enters its queue that
 * long after the flow made it (its EnqueueTimestamp), and no agent is offered it before.
 */
export function callbackEvents(instance: Instance, from: FlowContactView, effect: Extract<FlowEffect, { kind: 'callback' }>, at: number, ids: IdSource): Event[] {
  const contactId = ids.next();
  const base = { instanceId: instance.id, at, contactId };
  const enqueueAt = at + Math.max(0, effect.delaySeconds) * 1000;
  const delays = routingDelays(instance, effect.queueId, 'VOICE');
  const routeAt = [...(enqueueAt > at ? [enqueueAt] : []), ...delays.map((d) => enqueueAt + d * 1000)];
  return [
    {
      type: 'ContactInitiated', ...base, channel: 'VOICE', initiationMethod: 'CALLBACK', flowId: effect.flowId ?? '', attributes: { ...from.attributes },
      customerDisplayName: effect.number, relatedContactId: from.contactId, previousContactId: from.contactId,
      ...(from.media ? { media: true } : {}), ...(from.systemAddress !== undefined ? { systemAddress: from.systemAddress } : {}),
    },
    { type: 'ContactTargetQueueSet', ...base, queueId: effect.queueId },
    { type: 'ContactQueued', ...base, queueId: effect.queueId, ...(enqueueAt > at ? { enqueueAt } : {}), ...(routeAt.length > 0 ? { routeAt } : {}) },
  ];
}
