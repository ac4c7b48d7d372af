import type { PhoneAction } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';
import { flowEvents } from '../flow/effects.ts';
import { callOf, partyById } from './call.ts';
import { leaveEvents, leaveReason } from './leave.ts';

/**
 * The phone side of the caller or an external party — what their telephone does (the test driver
 * drives it until real telephony lands): answer or decline a ringing call, hang up, unmute themselves.
 * When the customer answers a call placed by StartOutboundVoiceContact, its flow runs.
 */
export function decidePhoneAction(state: State, command: PhoneAction, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  const call = callOf(instance, contact);
  if (!call || call.endedAt !== undefined) return refused(reject('InvalidRequest', 'the call has ended', { rule: 'call-is-live' }));
  const party = partyById(call, command.partyId);
  if (!party || party.kind === 'agent' || party.state === 'disconnected') {
    return refused(reject('ResourceNotFound', `no phone party ${command.partyId} on this call`, { rule: 'phone-parties-only' }));
  }
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: call.id };
  switch (command.action) {
    case 'answer': {
      if (party.state !== 'connecting') return refused(reject('Conflict', 'the party is not ringing', { rule: 'answer-only-ringing-calls' }));
      const events: Event[] = [{ type: 'CallPartyStateChanged', ...base, partyId: party.id, state: 'connected' }];
      const first = instance.contacts.get(call.id)!;
      const flow = first.flowId ? instance.flows.get(first.flowId) : undefined;
      if (party.kind === 'customer' && first.initiationMethod === 'API' && first.status === 'in_flow' && flow) {
        events.push(...flowEvents(instance, flow.content, {
          contactId: call.id, channel: 'VOICE', attributes: first.attributes, customerName: first.customerDisplayName, at,
          initiationMethod: 'API', flowId: flow.id, customerAddress: party.phoneNumber ?? first.customerDisplayName, ...(first.media ? { media: true } : {}),
        }, ids));
      }
      return accepted(events);
    }
    case 'decline':
      if (party.state !== 'connecting') return refused(reject('Conflict', 'the party is not ringing', { rule: 'decline-only-ringing-calls' }));
      return accepted(leaveEvents(instance, call, party, leaveReason(party, false), at));
    case 'hangup':
      return accepted(leaveEvents(instance, call, party, leaveReason(party, false), at));
    case 'unmute':
      if (!party.muted) return refused(reject('Conflict', 'the party is not muted', { rule: 'unmute-only-muted-parties' }));
      return accepted([{ type: 'CallPartyMuteChanged', ...base, partyId: party.id, muted: false, by: party.id }]);
  }
}
