import type { AgentConnected, AgentDisconnected, ExpireAgentAway } from '../commands.ts';
import type { Event } from '../events.ts';
import type { IdSource } from '../ids.ts';
import type { State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';
import { EVENT, participantEvent, systemMessage } from '../chat/items.ts';
import { agentParty, callOf } from '../voice/call.ts';
import { leaveEvents } from '../voice/leave.ts';

/** How long an agent's chats wait for their CCP to come back before the engine takes them back. */
export const AWAY_GRACE_MS = 60_000;

/** What the customer reads when their agent's CCP has been gone for the whole grace period. */
export const AGENT_LOST_MESSAGE = 'Your agent was disconnected. We are connecting you to another agent.';

/** The agent's CCP is connected again: they are present (and get offers again if Available). */
export function decideAgentConnected(state: State, command: AgentConnected): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (user.presence === 'present') return accepted([]);
  return accepted([{ type: 'AgentPresenceChanged', instanceId: instance.id, at: command.now, userId: user.id, presence: 'present' }]);
}

/**
 * The agent's CCP is gone (socket closed, browser gone, server restarted without it): they are away.
 * Away agents get no new offers; offers already out to them expire as missed; their chats stay
 * connected for AWAY_GRACE_MS while they reconnect.
 */
export function decideAgentDisconnected(state: State, command: AgentDisconnected): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (user.presence === 'away') return accepted([]);
  return accepted([{
    type: 'AgentPresenceChanged', instanceId: instance.id, at: command.now, userId: user.id, presence: 'away', awayDeadline: command.now + AWAY_GRACE_MS,
  }]);
}

/**
 * The grace period ran out and the agent is still away. Then:
 * - the agent leaves every chat they are connected to (each goes to after contact work for them);
 * - a chat left with no agent goes back to its queue at its original place, and the customer is told;
 * - the agent's status becomes Offline (their missed and ACW contacts stay for when they return).
 */
export function decideExpireAgentAway(state: State, command: ExpireAgentAway, ids: IdSource): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (user.presence !== 'away' || user.awayDeadline === undefined || command.now < user.awayDeadline) {
    return refused(reject('Conflict', 'the agent is not away past the grace period', { rule: 'stale-timer' }));
  }
  const at = command.now;
  const events: Event[] = [{ type: 'AgentPresenceChanged', instanceId: instance.id, at, userId: user.id, presence: 'away' }];
  for (const agentContact of user.contacts.values()) {
    if (agentContact.state !== 'connected' || !agentContact.participantId) continue;
    const contact = instance.contacts.get(agentContact.contactId);
    const participant = contact?.participants.get(agentContact.participantId);
    if (!contact || !participant || participant.state !== 'connected' || contact.status === 'ended') continue;
    if (contact.channel === 'VOICE') {
      // An agent whose CCP is gone has no audio either: they leave the call (the others go on).
      const call = callOf(instance, contact);
      const party = call ? agentParty(call, user.id) : undefined;
      if (call && party && call.endedAt === undefined) events.push(...leaveEvents(instance, call, party, 'AGENT_DISCONNECT', at));
      continue;
    }
    const base = { instanceId: instance.id, at, contactId: contact.id };
    events.push({ type: 'ParticipantLeft', ...base, participantId: participant.id, item: participantEvent(ids.next(), at, EVENT.participantLeft, participant) });
    const otherAgents = [...contact.participants.values()].some((p) => p.role === 'AGENT' && p.state === 'connected' && p.id !== participant.id);
    if (!otherAgents && contact.queueId) events.push({ type: 'ContactRequeued', ...base, item: systemMessage(ids.next(), at, AGENT_LOST_MESSAGE) });
  }
  const offline = [...instance.agentStatuses.values()].find((s) => s.type === 'OFFLINE');
  if (user.nextStatusId !== undefined) events.push({ type: 'NextAgentStatusSet', instanceId: instance.id, at, userId: user.id, statusId: null });
  if (offline && user.statusId !== offline.id) events.push({ type: 'AgentStatusChanged', instanceId: instance.id, at, userId: user.id, statusId: offline.id });
  return accepted(events);
}
