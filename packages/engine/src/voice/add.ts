import type { AddParticipant, TransferContact } from '../commands.ts';
import type { CallLeg, CallPartyAdded, Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { CallParty } from '../model/call.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { quickConnectsFor } from '../chat/multiparty.ts';
import { agentParty, presentParties } from './call.ts';
import { checkAdd } from './rules.ts';
import { agentOnCall, type OnCall } from './control.ts';
import { checkPhoneNumber } from './start.ts';
import { applyToCall } from './applyToCall.ts';
import { leaveEvents } from './leave.ts';

/**
 * The party an add or transfer brings in — by quick connect (USER: that agent; QUEUE: the next agent of
 * the queue; PHONE_NUMBER: an external number) or by a number dialled on the number pad — and the leg
 * recorded for it: a new contact (TRANSFER for an agent, EXTERNAL_OUTBOUND for a number), chained after
 * the call's last contact.
 */
function newParty(on: OnCall, command: AddParticipant | TransferContact, ids: IdSource): { party: CallParty; leg: CallLeg } | Rejection {
  const { instance, user, call, actor } = on;
  const at = command.now;
  const legContactId = ids.next();
  const previousContactId = call.chain[call.chain.length - 1]!;
  const common = { id: ids.next(), legContactId, state: 'connecting' as const, muted: false, addedBy: actor.id, since: at };
  if (command.quickConnectId === undefined) {
    if (command.phoneNumber === undefined) return reject('InvalidRequest', 'give a quick connect or a phone number', { rule: 'add-needs-a-destination' });
    const bad = checkPhoneNumber(command.phoneNumber, 'the number');
    if (bad) return bad;
    return {
      party: { ...common, kind: 'external', phoneNumber: command.phoneNumber, displayName: command.phoneNumber },
      leg: { contactId: legContactId, initiationMethod: 'EXTERNAL_OUTBOUND', previousContactId },
    };
  }
  const quickConnect = instance.quickConnects.get(command.quickConnectId);
  if (!quickConnect) return notFound('QuickConnect', command.quickConnectId);
  if (!quickConnectsFor(instance, user).some((q) => q.id === quickConnect.id)) {
    return reject('AccessDenied', `quick connect ${quickConnect.name} is not available to you (it is not on a queue of your routing profile)`, { rule: 'quick-connects-come-from-the-agents-queues' });
  }
  const named = { quickConnectId: quickConnect.id, quickConnectName: quickConnect.name };
  const legQc = { id: quickConnect.id, name: quickConnect.name, type: quickConnect.type };
  if (quickConnect.type === 'PHONE_NUMBER') {
    return {
      party: { ...common, ...named, kind: 'external', phoneNumber: quickConnect.phoneNumber!, displayName: quickConnect.name },
      leg: { contactId: legContactId, initiationMethod: 'EXTERNAL_OUTBOUND', previousContactId, quickConnect: legQc },
    };
  }
  if (quickConnect.type === 'USER') {
    const invitee = instance.users.get(quickConnect.userId!);
    if (!invitee) return notFound('User', quickConnect.userId!);
    if (agentParty(call, invitee.id)) return reject('Conflict', `${invitee.username} is already on this call`, { rule: 'an-agent-joins-a-call-once' });
    // A named agent's leg waits in the call's queue (or the adding agent's outbound queue), for that agent only.
    const queueId = instance.contacts.get(call.id)!.queueId ?? instance.routingProfiles.get(user.routingProfileId)!.defaultOutboundQueueId;
    return {
      party: { ...common, ...named, kind: 'agent', userId: invitee.id, displayName: quickConnect.name },
      leg: { contactId: legContactId, initiationMethod: 'TRANSFER', previousContactId, queueId, targetUserId: invitee.id, quickConnect: legQc },
    };
  }
  return {
    party: { ...common, ...named, kind: 'agent', displayName: quickConnect.name },
    leg: { contactId: legContactId, initiationMethod: 'TRANSFER', previousContactId, queueId: quickConnect.queueId!, quickConnect: legQc },
  };
}

function added(on: OnCall, party: CallParty, leg: CallLeg, at: number): CallPartyAdded {
  // Seed 000: the caller and the others are put on hold while the adding agent talks to the new party alone.
  const held = presentParties(on.call).filter((p) => p.id !== on.actor.id && p.state === 'connected').map((p) => p.id);
  return { type: 'CallPartyAdded', instanceId: on.instance.id, at, contactId: on.call.id, party, leg, held, by: on.actor.id };
}

/** addNewConnection on a call (seed 000 "How to add participants"). */
export function decideAddCallParty(state: State, command: AddParticipant, ids: IdSource): Decision {
  const on = agentOnCall(state, command);
  if (isRejection(on)) return refused(on);
  const denied = checkAdd(on.call, on.actor);
  if (denied) return refused(denied);
  const next = newParty(on, command, ids);
  if (isRejection(next)) return refused(next);
  return accepted([added(on, next.party, next.leg, command.now)]);
}

/**
 * Transfer (seed 003 "End call"): the destination is added as in a consult and the transferring agent
 * ends their leg at once; the caller and the destination continue.
 */
export function decideTransferCall(state: State, command: TransferContact, ids: IdSource): Decision {
  const on = agentOnCall(state, command);
  if (isRejection(on)) return refused(on);
  if (command.quickConnectId !== undefined && on.instance.quickConnects.get(command.quickConnectId)?.userId === on.user.id) {
    return refused(reject('InvalidRequest', 'you cannot transfer a call to yourself', { rule: 'transfer-to-someone-else' }));
  }
  const denied = checkAdd(on.call, on.actor, on.actor);
  if (denied) return refused(denied);
  const next = newParty(on, command, ids);
  if (isRejection(next)) return refused(next);
  const add = added(on, next.party, next.leg, command.now);
  const after = { ...on.call, parties: on.call.parties.map((p) => ({ ...p })), chain: [...on.call.chain], digits: [] };
  applyToCall(after, add);
  const actorAfter = after.parties.find((p) => p.id === on.actor.id)!;
  const events: Event[] = [add, ...leaveEvents(on.instance, after, actorAfter, 'AGENT_DISCONNECT', command.now)];
  return accepted(events);
}
