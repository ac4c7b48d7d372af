import type { StartOutboundCall, StartOutboundVoiceContact, StartVoiceContact } from '../commands.ts';
import { telephonyOff } from '../admin/instancesAdmin.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { CallParty } from '../model/call.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { checkInboundFlowType, flowEvents } from '../flow/effects.ts';
import { hasCapacity } from '../routing/route.ts';
import { callModeOf } from './call.ts';

/** Phone numbers are E.164: "+" and up to 15 digits. */
export const E164 = /^\+[1-9]\d{1,14}$/;

export function checkPhoneNumber(number: string, field: string): Rejection | undefined {
  return E164.test(number) ? undefined : reject('InvalidRequest', `${field} must be an E.164 phone number such as +12065550100`, { rule: 'phone-numbers-are-e164' });
}

function customer(id: string, phoneNumber: string | undefined, contactId: string, state: CallParty['state'], at: number, displayName = phoneNumber ?? 'Web caller'): CallParty {
  return { id, kind: 'customer', ...(phoneNumber !== undefined ? { phoneNumber } : {}), displayName, legContactId: contactId, state, muted: false, since: at };
}

/** A call arrives (INBOUND): the caller is connected to the contact center and the inbound flow runs (it usually queues the call). */
export function decideStartVoice(state: State, command: StartVoiceContact, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const flow = instance.flows.get(command.contactFlowId);
  if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
  const wrongType = checkInboundFlowType(flow);
  if (wrongType) return refused(wrongType);
  if (instance.contacts.has(command.contactId)) return refused(reject('DuplicateResource', `contact ${command.contactId} already exists`));
  // A web call (the web-calling page) has no number: the caller is known by the name they gave.
  const web = command.initiationMethod === 'WEBRTC_API';
  // Connect admin API: an instance created with InboundCallsEnabled false takes no phone call.
  const inboundOff = web ? undefined : telephonyOff(instance, 'inbound');
  if (inboundOff) return refused(inboundOff);
  const number = web ? undefined : command.customerPhoneNumber ?? '';
  if (number !== undefined) {
    const bad = checkPhoneNumber(number, 'the caller number');
    if (bad) return refused(bad);
  }
  const name = number ?? command.customerDisplayName?.trim() ?? 'Web caller';
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  return accepted([
    {
      type: 'ContactInitiated', ...base, channel: 'VOICE', initiationMethod: web ? 'WEBRTC_API' : 'INBOUND', flowId: flow.id, attributes: command.attributes,
      customerDisplayName: name,
      ...(command.media ? { media: true } : {}), ...(command.systemPhoneNumber !== undefined ? { systemAddress: command.systemPhoneNumber } : {}),
    },
    { type: 'CallStarted', ...base, mode: callModeOf(instance), parties: [customer(command.partyId, number, command.contactId, 'connected', at, name)] },
    ...flowEvents(instance, flow.content, {
      contactId: command.contactId, channel: 'VOICE', attributes: command.attributes, customerName: name, at,
      initiationMethod: web ? 'WEBRTC_API' : 'INBOUND', flowId: flow.id, ...(number !== undefined ? { customerAddress: number } : {}),
      ...(command.systemPhoneNumber !== undefined ? { systemAddress: command.systemPhoneNumber } : {}), ...(command.media ? { media: true } : {}),
    }, ids),
  ]);
}

/**
 * An agent calls a number from the CCP (OUTBOUND): the agent is on the call at once (it takes their
 * voice slot), the customer's phone rings until they answer or decline. Offline agents cannot call,
 * nor can an agent already on a call.
 */
export function decideStartOutboundCall(state: State, command: StartOutboundCall): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  const bad = checkPhoneNumber(command.phoneNumber, 'the number');
  if (bad) return refused(bad);
  // Connect admin API: an instance created with OutboundCallsEnabled false places no call.
  const outboundOff = telephonyOff(instance, 'outbound');
  if (outboundOff) return refused(outboundOff);
  if (instance.contacts.has(command.contactId)) return refused(reject('DuplicateResource', `contact ${command.contactId} already exists`));
  if (instance.agentStatuses.get(user.statusId)?.type === 'OFFLINE') {
    return refused(reject('InvalidRequest', 'go Available (or any status but Offline) to make calls', { rule: 'offline-agents-do-not-call' }));
  }
  const profile = instance.routingProfiles.get(user.routingProfileId);
  if (!profile?.mediaConcurrencies.some((m) => m.channel === 'VOICE')) {
    return refused(reject('AccessDenied', 'your routing profile has no voice channel', { rule: 'calls-need-the-voice-channel' }));
  }
  if (!hasCapacity(instance, user, 'VOICE')) {
    return refused(reject('Conflict', 'you are already on a call (or your other contacts do not allow one)', { rule: 'one-call-at-a-time' }));
  }
  const queueId = command.queueId ?? profile.defaultOutboundQueueId;
  if (!instance.queues.has(queueId)) return refused(notFound('Queue', queueId));
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  const agent: CallParty = {
    id: command.agentPartyId, kind: 'agent', userId: user.id, displayName: user.firstName || user.username, legContactId: command.contactId,
    state: 'connected', muted: false, since: at,
  };
  const events: Event[] = [
    { type: 'ContactInitiated', ...base, channel: 'VOICE', initiationMethod: 'OUTBOUND', flowId: '', attributes: {}, customerDisplayName: command.phoneNumber, ...(command.media ? { media: true } : {}) },
    { type: 'ContactTargetQueueSet', ...base, queueId },
    { type: 'CallStarted', ...base, mode: callModeOf(instance), parties: [agent, customer(command.customerPartyId, command.phoneNumber, command.contactId, 'connecting', at)] },
  ];
  return accepted(events);
}

/** StartOutboundVoiceContact (API): the customer's phone rings; when they answer, the given flow runs. */
export function decideStartOutboundVoiceContact(state: State, command: StartOutboundVoiceContact): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const flow = instance.flows.get(command.contactFlowId);
  if (!flow) return refused(notFound('ContactFlow', command.contactFlowId));
  const wrongType = checkInboundFlowType(flow);
  if (wrongType) return refused(wrongType);
  const bad = checkPhoneNumber(command.destinationPhoneNumber, 'DestinationPhoneNumber');
  if (bad) return refused(bad);
  const outboundOff = telephonyOff(instance, 'outbound');
  if (outboundOff) return refused(outboundOff);
  if (command.queueId !== undefined && !instance.queues.has(command.queueId)) return refused(notFound('Queue', command.queueId));
  if (instance.contacts.has(command.contactId)) return refused(reject('DuplicateResource', `contact ${command.contactId} already exists`));
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: command.contactId };
  return accepted([
    {
      type: 'ContactInitiated', ...base, channel: 'VOICE', initiationMethod: 'API', flowId: flow.id, attributes: command.attributes,
      customerDisplayName: command.destinationPhoneNumber,
    },
    ...(command.queueId !== undefined ? [{ type: 'ContactTargetQueueSet' as const, ...base, queueId: command.queueId }] : []),
    { type: 'CallStarted', ...base, mode: callModeOf(instance), parties: [customer(command.partyId, command.destinationPhoneNumber, command.contactId, 'connecting', at)] },
  ]);
}
