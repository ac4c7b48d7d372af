import type { CallPartyAdded } from '../events.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';
import { resourceArn } from '../arn.ts';
import { hold } from '../evolve.ts';
import { agentJoined, applyToCall, newCall, type CallEvent } from './applyToCall.ts';

/** A contact with nothing on it yet (the start of every contact record). */
export function blankContact(instance: Instance, id: string, fields: Pick<Contact, 'channel' | 'initiationMethod' | 'flowId' | 'attributes' | 'customerDisplayName'>, at: number): Contact {
  return {
    id, arn: resourceArn(instance, 'contact', id), instanceId: instance.id, ...fields, attributes: { ...fields.attributes },
    status: 'in_flow', initiatedAt: at, lastUpdatedAt: at,
    participants: new Map(), transcript: [], offers: [], legs: [], invitations: [], attachments: new Map(),
  };
}

/** Applies a call event: the call on its first contact, and the contacts (legs) and agents it touches. */
export function applyCallEvent(instance: Instance, event: CallEvent): void {
  const first = instance.contacts.get(event.contactId);
  if (!first) throw new Error(`call event for unknown contact ${event.contactId}`);
  first.lastUpdatedAt = event.at;
  if (event.type === 'CallStarted') {
    const call = newCall(event);
    first.call = call;
    // An agent who places a call is on it from the start: it takes their voice slot, no offer.
    for (const party of call.parties) {
      if (party.kind !== 'agent' || !party.userId) continue;
      const user = instance.users.get(party.userId)!;
      // A callback's call starts when its agent has accepted it: they are on it already.
      if (user.contacts.get(first.id)?.state === 'connected') continue;
      hold(user, { contactId: first.id, channel: 'VOICE', state: 'connected', since: event.at, offeredAt: event.at, participantId: party.id });
      first.status = 'connected';
      first.connectedToAgentAt = event.at;
      first.primaryUserId ??= user.id;
      first.legs.push({ userId: user.id, participantId: party.id, connectedAt: event.at, via: 'queue' });
      first.participants.set(party.id, { id: party.id, role: 'AGENT', displayName: party.displayName, userId: user.id, state: 'connected', joinedAt: event.at });
    }
    return;
  }
  const call = first.call;
  if (!call) throw new Error(`call event for contact ${event.contactId}, which has no call`);
  if (event.type === 'CallPartyAdded') addLeg(instance, first, event);
  applyToCall(call, event);
}

/** The leg an added party is recorded on: a contact of its own, chained after the call's last contact (contact-chains.md). */
function addLeg(instance: Instance, first: Contact, event: CallPartyAdded): void {
  const { leg } = event;
  const contact = blankContact(instance, leg.contactId, {
    channel: 'VOICE', initiationMethod: leg.initiationMethod, flowId: first.flowId, attributes: first.attributes, customerDisplayName: first.customerDisplayName,
  }, event.at);
  contact.initialContactId = first.id;
  contact.previousContactId = leg.previousContactId;
  // A leg of a call whose prompts media plays: its flows' prompts wait until played too (transfer flows, whispers, hold).
  if (first.media) contact.media = true;
  if (leg.queueId !== undefined) {
    // An agent's leg waits for an agent like a transferred contact: the named agent alone, or the queue's next agent.
    const by = first.call!.parties.find((p) => p.id === event.by);
    contact.status = 'queued';
    contact.queueId = leg.queueId;
    // Its working queue ($.Queue in its transfer flow and whispers).
    contact.targetQueueId = leg.queueId;
    contact.enqueuedAt = event.at;
    contact.transfer = {
      quickConnectId: leg.quickConnect?.id ?? '', quickConnectName: leg.quickConnect?.name ?? '', transferredBy: by?.userId ?? '', at: event.at,
      ...(leg.targetUserId !== undefined ? { userId: leg.targetUserId } : {}),
    };
    instance.queued.add(contact.id);
  } else {
    contact.status = 'connected';
  }
  instance.contacts.set(contact.id, contact);
  const previous = instance.contacts.get(leg.previousContactId);
  if (previous) {
    (previous.nextContacts ??= []).push({
      contactId: contact.id, at: event.at,
      ...(leg.quickConnect ? { quickConnectId: leg.quickConnect.id, quickConnectName: leg.quickConnect.name, quickConnectType: leg.quickConnect.type } : {}),
    });
  }
}

/** An agent accepted a voice contact: their party on the call is connected. */
export function voiceAccepted(instance: Instance, contact: Contact, participantId: string, userId: string, at: number): void {
  const call = instance.contacts.get(contact.initialContactId ?? contact.id)?.call;
  const user = instance.users.get(userId);
  if (call) agentJoined(call, contact.id, participantId, userId, user ? user.firstName || user.username : '', at);
}
