import type { AcceptContact, ClearContact, ExpireOffer, RejectContact } from '../commands.ts';
import type { IdSource } from '../ids.ts';
import type { Participant } from '../model/contact.ts';
import type { Event } from '../events.ts';
import type { AgentContact } from '../model/user.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findContact, findInstance, findUser, isRejection } from '../lookup.ts';
import { reject, type Rejection } from '../rejection.ts';
import { EVENT, participantEvent, systemMessage } from '../chat/items.ts';
import { AGENT_LOST_MESSAGE } from '../agent/presence.ts';
import { callOf } from '../voice/call.ts';
import { leaveEvents } from '../voice/leave.ts';

/** Seed 004: "You have 20 seconds to accept or reject a contact" — and the admin can't configure it. */
export const OFFER_TIMEOUT_MS = 20_000;

type AgentCommand = AcceptContact | RejectContact | ExpireOffer | ClearContact;

function agentContactOf(state: State, command: AgentCommand): { instance: Instance; agentContact: AgentContact } | Rejection {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return instance;
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return user;
  const contact = findContact(instance, command.contactId);
  if (isRejection(contact)) return contact;
  const agentContact = user.contacts.get(contact.id);
  if (!agentContact) return reject('AccessDenied', `contact ${contact.id} is not on this agent`, { rule: 'agents-act-only-on-their-contacts' });
  return { instance, agentContact };
}

/** Chats must be accepted by hand, within the offer's 20 seconds. Accepting connects the agent to the chat. */
export function decideAccept(state: State, command: AcceptContact, ids: IdSource): Decision {
  const found = agentContactOf(state, command);
  if (isRejection(found)) return refused(found);
  const { instance, agentContact } = found;
  if (agentContact.state !== 'incoming') return refused(reject('Conflict', `the contact is ${agentContact.state}, not incoming`, { rule: 'accept-only-incoming' }));
  if (command.now >= agentContact.offerDeadline!) return refused(reject('Conflict', 'the offer has expired', { rule: 'offer-lasts-20-seconds' }));
  const user = instance.users.get(command.userId)!;
  const contact = instance.contacts.get(command.contactId)!;
  const invitationId = contact.offer?.userId === user.id ? contact.offer.invitationId : undefined;
  if (invitationId && contact.invitations.find((i) => i.id === invitationId)?.status !== 'pending') {
    return refused(reject('Conflict', 'the invitation was withdrawn', { rule: 'join-only-through-a-pending-invitation' }));
  }
  // On a call, the agent's connection is the party the add created for this leg (its id is already known to the others).
  const waiting = contact.channel === 'VOICE' ? callOf(instance, contact)?.parties.find((p) => p.legContactId === contact.id && p.kind === 'agent' && p.state === 'connecting') : undefined;
  const participant: Participant = {
    id: waiting?.id ?? ids.next(), role: 'AGENT', displayName: user.firstName || user.username, userId: user.id, state: 'connected', joinedAt: command.now,
  };
  return accepted([{
    type: 'ContactAccepted', instanceId: instance.id, at: command.now, contactId: command.contactId, userId: user.id, participant,
    ...(invitationId ? { invitationId } : {}),
    ...(contact.channel === 'CHAT' ? { item: participantEvent(ids.next(), command.now, EVENT.participantJoined, participant) } : {}),
  }]);
}

/** Rejecting an offer sends the contact on to the next agent. */
export function decideReject(state: State, command: RejectContact, ids: IdSource): Decision {
  const found = agentContactOf(state, command);
  if (isRejection(found)) return refused(found);
  if (found.agentContact.state !== 'incoming') return refused(reject('Conflict', `the contact is ${found.agentContact.state}, not incoming`, { rule: 'reject-only-incoming' }));
  return accepted([
    { type: 'OfferRejected', instanceId: found.instance.id, at: command.now, contactId: command.contactId, userId: command.userId },
    ...declined(found.instance, command.contactId, command.userId, command.now, ids),
  ]);
}

/**
 * Seed 004: an offer not accepted in 20 seconds is missed; the contact goes back to its queue, at its
 * original place, and the agent keeps a missed contact that holds a slot until they clear it.
 */
export function decideExpireOffer(state: State, command: ExpireOffer, ids: IdSource): Decision {
  const found = agentContactOf(state, command);
  if (isRejection(found)) return refused(found);
  const { agentContact } = found;
  if (agentContact.state !== 'incoming') return refused(reject('Conflict', 'the offer was already answered', { rule: 'stale-timer' }));
  if (command.now < agentContact.offerDeadline!) return refused(reject('Conflict', 'the offer has not expired yet', { rule: 'stale-timer' }));
  return accepted([
    { type: 'OfferMissed', instanceId: found.instance.id, at: command.now, contactId: command.contactId, userId: command.userId },
    ...declined(found.instance, command.contactId, command.userId, command.now, ids),
  ]);
}

/**
 * When the agent an invitation or a transfer named lets the offer go (reject or no answer), the
 * invitation fails; a transfer falls back to the contact's queue, for any agent.
 */
function declined(instance: Instance, contactId: string, userId: string, at: number, ids: IdSource): Event[] {
  const contact = instance.contacts.get(contactId)!;
  const call = callOf(instance, contact);
  if (call && contact.transfer?.userId === userId) {
    // A call's leg for a named agent who lets it go: that dial failed; the adding agent is back with the others on hold.
    const party = call.parties.find((p) => p.legContactId === contact.id && p.state === 'connecting');
    if (party) return leaveEvents(instance, call, party, 'AGENT_DISCONNECT', at);
  }
  const base = { instanceId: instance.id, at, contactId };
  const invitationId = contact.offer?.invitationId;
  const invitation = invitationId ? contact.invitations.find((i) => i.id === invitationId) : undefined;
  if (invitation && 'userId' in invitation.target) {
    const events: Event[] = [{ type: 'InvitationEnded', ...base, invitationId: invitation.id, status: 'failed' }];
    // The customer must not be left alone in a chat nobody is coming to: back to its queue, at its place.
    const agentInChat = [...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected');
    if (!agentInChat && contact.queueId) events.push({ type: 'ContactRequeued', ...base, item: systemMessage(ids.next(), at, AGENT_LOST_MESSAGE) });
    return events;
  }
  if (!invitation && contact.transfer?.userId === userId) return [{ type: 'TransferTargetDeclined', ...base, userId }];
  return [];
}

/** Clearing frees the slot of a missed contact or one in after contact work; a live contact must be ended first. */
export function decideClear(state: State, command: ClearContact): Decision {
  const found = agentContactOf(state, command);
  if (isRejection(found)) return refused(found);
  const { agentContact } = found;
  if (agentContact.state !== 'missed' && agentContact.state !== 'ended') {
    return refused(reject('Conflict', `a ${agentContact.state} contact cannot be cleared; end it first`, { rule: 'clear-only-missed-or-acw' }));
  }
  return accepted([{ type: 'AgentContactCleared', instanceId: found.instance.id, at: command.now, contactId: command.contactId, userId: command.userId }]);
}
