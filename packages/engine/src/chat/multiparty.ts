import type { AddParticipant, CancelInvitation, TransferContact } from '../commands.ts';
import { routingDelays } from '../routing/route.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { Contact, Invitation, Participant } from '../model/contact.ts';
import type { QuickConnect } from '../model/instance.ts';
import type { User } from '../model/user.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { advance, newRun } from '../flow/interpreter.ts';
import { contactView, findFlow, flowWorld } from '../flow/effects.ts';
import { EVENT, participantEvent, systemMessage } from './items.ts';

/** Seed 001/002: a chat holds at most six participants — the customer, the primary agent and four more. */
export const MAX_CHAT_PARTICIPANTS = 6;

/** Multi-party chat is on when the instance attribute MULTI_PARTY_CHAT_CONFERENCE is "true" (off by default: two participants). */
export function multiPartyChatEnabled(instance: Instance): boolean {
  return (instance.attributes.MULTI_PARTY_CHAT_CONFERENCE ?? '').toLowerCase() === 'true';
}

/**
 * A chat is multi-party while more than two people (customer and agents) are in it, or another is being
 * invited. Seed 002: read and delivered receipts are not sent in multi-party chats.
 */
export function isMultiPartyChat(contact: Contact): boolean {
  let inChat = 0;
  for (const p of contact.participants.values()) if (p.state === 'connected' && (p.role === 'CUSTOMER' || p.role === 'AGENT')) inChat++;
  return inChat > 2 || contact.invitations.some((i) => i.status === 'pending');
}

/** The quick connects an agent may use: the union over the queues of their routing profile. */
export function quickConnectsFor(instance: Instance, user: User): QuickConnect[] {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  const ids = new Set<string>();
  for (const q of profile?.queues ?? []) for (const id of instance.queues.get(q.queueId)?.quickConnectIds ?? []) ids.add(id);
  return [...ids].map((id) => instance.quickConnects.get(id)!).filter(Boolean);
}

/** The acting agent must be connected to the chat themselves. */
function actingAgent(state: State, command: AddParticipant | TransferContact):
  { instance: Instance; contact: Contact; user: User; participant: Participant; quickConnect: QuickConnect } | Rejection {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return instance;
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return user;
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return contact;
  const participantId = user.contacts.get(contact.id)?.participantId;
  const participant = participantId ? contact.participants.get(participantId) : undefined;
  if (!participant || participant.state !== 'connected' || contact.status !== 'connected') {
    return reject('AccessDenied', `you are not connected to contact ${contact.id}`, { rule: 'only-agents-in-the-chat-add-or-transfer' });
  }
  if (command.quickConnectId === undefined) return reject('InvalidRequest', 'a chat participant is added through a quick connect', { rule: 'chat-quick-connects-are-agents-or-queues' });
  const quickConnect = instance.quickConnects.get(command.quickConnectId);
  if (!quickConnect) return notFound('QuickConnect', command.quickConnectId);
  if (!quickConnectsFor(instance, user).some((q) => q.id === quickConnect.id)) {
    return reject('AccessDenied', `quick connect ${quickConnect.name} is not available to you (it is not on a queue of your routing profile)`, { rule: 'quick-connects-come-from-the-agents-queues' });
  }
  if (quickConnect.type === 'PHONE_NUMBER') return reject('InvalidRequest', 'a phone number cannot join a chat', { rule: 'chat-quick-connects-are-agents-or-queues' });
  return { instance, contact, user, participant, quickConnect };
}

/** The prompts of the quick connect's flow (e.g. "Inviting new agent…"), as system messages in the chat. */
function flowPrompts(instance: Instance, quickConnect: QuickConnect, contact: Contact, at: number, ids: IdSource): Event[] {
  const flow = quickConnect.contactFlowId ? instance.flows.get(quickConnect.contactFlowId) : undefined;
  if (!flow) return [];
  // The transfer flow's prompts show in the chat. It runs against the instance (hours, staffing, the quick
  // connect's queue as its working queue) to its end or its first wait; the transfer itself is the quick connect's.
  const view = { ...contactView(contact), ...(quickConnect.queueId ? { targetQueueId: quickConnect.queueId } : {}), queued: false };
  const world = flowWorld(instance, view, at);
  const texts = advance(world, newRun(`${contact.id}:${quickConnect.id}`, findFlow(instance, flow.id)!)).effects
    .filter((e): e is { kind: 'message'; text: string } => e.kind === 'message');
  return texts.map((e) => ({
    type: 'MessageSent' as const, instanceId: instance.id, at, contactId: contact.id, item: systemMessage(ids.next(), at, e.text),
  }));
}

/**
 * Adding a participant to a chat (seed 001): only with multi-party chat on; at most six in all; one
 * invitation at a time; the agent named by the quick connect must not be in the chat already. The
 * transcript shows the flow's prompt and "another participant has been invited"; the invited agent
 * then gets a normal 20-second offer.
 */
export function decideAddParticipant(state: State, command: AddParticipant, ids: IdSource): Decision {
  const found = actingAgent(state, command);
  if (isRejection(found)) return refused(found);
  const { instance, contact, quickConnect } = found;
  if (!multiPartyChatEnabled(instance)) {
    return refused(reject('InvalidRequest', 'multi-party chat is not enabled on this instance (MULTI_PARTY_CHAT_CONFERENCE): a chat has two participants; transfer instead', { rule: 'two-participants-unless-multi-party' }));
  }
  if (contact.invitations.some((i) => i.status === 'pending')) {
    return refused(reject('Conflict', 'another participant is being invited; wait until they join', { rule: 'one-invitation-at-a-time' }));
  }
  const inChat = [...contact.participants.values()].filter((p) => p.state === 'connected' && (p.role === 'CUSTOMER' || p.role === 'AGENT')).length;
  if (inChat + 1 > MAX_CHAT_PARTICIPANTS) {
    return refused(reject('QuotaExceeded', `a chat holds at most ${MAX_CHAT_PARTICIPANTS} participants: the customer, the primary agent and four more`, { rule: 'at-most-six-participants' }));
  }
  const target: Invitation['target'] = quickConnect.type === 'USER' ? { userId: quickConnect.userId! } : { queueId: quickConnect.queueId! };
  if ('userId' in target) {
    const inviteeId = target.userId;
    const invitee = instance.users.get(inviteeId);
    if (!invitee) return refused(notFound('User', inviteeId));
    const already = [...contact.participants.values()].some((p) => p.userId === inviteeId && p.state === 'connected');
    if (already) return refused(reject('Conflict', `${invitee.username} is already in this chat`, { rule: 'an-agent-joins-a-chat-once' }));
  }
  const at = command.now;
  const invitation: Invitation = {
    id: ids.next(), quickConnectId: quickConnect.id, quickConnectName: quickConnect.name, invitedBy: command.userId, at, target, status: 'pending',
  };
  return accepted([
    ...flowPrompts(instance, quickConnect, contact, at, ids),
    {
      type: 'ParticipantInvited', instanceId: instance.id, at, contactId: contact.id, invitation,
      item: { id: ids.next(), type: 'EVENT', contentType: EVENT.participantInvited, displayName: quickConnect.name, role: 'AGENT', at },
    },
  ]);
}

/**
 * Transferring a chat (seed 001): every agent in it is disconnected (each goes to after contact work)
 * and the chat waits for the quick connect's agent or queue; the customer stays.
 */
export function decideTransfer(state: State, command: TransferContact, ids: IdSource): Decision {
  const found = actingAgent(state, command);
  if (isRejection(found)) return refused(found);
  const { instance, contact, quickConnect } = found;
  if (quickConnect.type === 'USER' && quickConnect.userId === command.userId) {
    return refused(reject('InvalidRequest', 'you cannot transfer a contact to yourself', { rule: 'transfer-to-someone-else' }));
  }
  const queueId = quickConnect.type === 'QUEUE' ? quickConnect.queueId! : contact.queueId;
  if (!queueId) return refused(reject('InvalidRequest', 'the contact has no queue to wait in'));
  const at = command.now;
  const base = { instanceId: instance.id, at, contactId: contact.id };
  const events: Event[] = [...flowPrompts(instance, quickConnect, contact, at, ids)];
  // An invitation being offered is withdrawn with it: nobody joins a chat that was handed on.
  if (contact.offer) events.push({ type: 'OfferWithdrawn', ...base, userId: contact.offer.userId });
  for (const invitation of contact.invitations) {
    if (invitation.status === 'pending') events.push({ type: 'InvitationEnded', ...base, invitationId: invitation.id, status: 'cancelled' });
  }
  for (const p of contact.participants.values()) {
    if (p.role === 'AGENT' && p.state === 'connected') {
      events.push({ type: 'ParticipantLeft', ...base, participantId: p.id, item: participantEvent(ids.next(), at, EVENT.participantLeft, p) });
    }
  }
  events.push({
    type: 'ContactTransferred', ...base, queueId,
    transfer: {
      quickConnectId: quickConnect.id, quickConnectName: quickConnect.name, transferredBy: command.userId, at,
      ...(quickConnect.type === 'USER' ? { userId: quickConnect.userId! } : {}),
    },
    item: { id: ids.next(), type: 'EVENT', contentType: EVENT.transferSucceeded, displayName: quickConnect.name, at },
    ...routeAtFor(instance, queueId, contact.channel, at),
  });
  return accepted(events);
}

function routeAtFor(instance: Instance, queueId: string, channel: Contact['channel'], at: number): { routeAt?: number[] } {
  const delays = routingDelays(instance, queueId, channel);
  return delays.length > 0 ? { routeAt: delays.map((d) => at + d * 1000) } : {};
}

/**
 * An agent in the chat takes back a pending invitation (disconnecting the party still connecting): the
 * offer out for it is withdrawn, and if nobody else is left with the customer, the chat goes back to its
 * queue at its place.
 */
export function decideCancelInvitation(state: State, command: CancelInvitation): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return refused(contact);
  const participantId = instance.users.get(command.userId)?.contacts.get(contact.id)?.participantId;
  if (!participantId || contact.participants.get(participantId)?.state !== 'connected') {
    return refused(reject('AccessDenied', `you are not connected to contact ${contact.id}`, { rule: 'only-agents-in-the-chat-cancel-invitations' }));
  }
  const invitation = contact.invitations.find((i) => i.id === command.invitationId);
  if (!invitation) return refused(notFound('Invitation', command.invitationId));
  if (invitation.status !== 'pending') return refused(reject('Conflict', `the invitation is ${invitation.status}`, { rule: 'cancel-only-pending-invitations' }));
  const base = { instanceId: instance.id, at: command.now, contactId: contact.id };
  return accepted([
    ...(contact.offer?.invitationId === invitation.id ? [{ type: 'OfferWithdrawn' as const, ...base, userId: contact.offer.userId }] : []),
    { type: 'InvitationEnded', ...base, invitationId: invitation.id, status: 'cancelled' },
  ]);
}
