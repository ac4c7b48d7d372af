import type { EndAgentSession } from '../commands.ts';
import type { AgentSessionEnded, Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { reject } from '../rejection.ts';
import { statusEvents } from './status.ts';

/**
 * Logging out of one agent session (Amazon Connect's CCPv2 "Log out"):
 * - the session ends: its token is refused from then on (other sessions of the same agent go on);
 * - the agent goes Offline, as CCPv2 sets them when they log out; an agent on contacts keeps them and
 *   Offline becomes their next status, taken when the last is cleared (the rule of any status chosen
 *   while on contacts). What happens to the contacts is what happens when a CCP goes away: the shell
 *   closes the session's sockets, and an agent with no CCP left is away (agent/presence.ts);
 * - ending a session that has already ended changes nothing; one whose token has expired cannot be ended;
 * - signing out of the admin console (`keepStatus`) ends that session only: the agent's status belongs to
 *   their CCP, which may be open elsewhere and working.
 */
export function decideEndAgentSession(state: State, command: EndAgentSession): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (instance.endedSessions.has(command.sessionId)) return accepted([]);
  if (command.expires <= command.now) return refused(reject('AccessDenied', 'the agent session has expired', { rule: 'session-expired' }));
  const events: Event[] = [{
    type: 'AgentSessionEnded', instanceId: instance.id, at: command.now, userId: user.id, sessionId: command.sessionId, expires: command.expires,
  }];
  const offline = [...instance.agentStatuses.values()].find((s) => s.type === 'OFFLINE');
  if (offline && !command.keepStatus) events.push(...statusEvents(instance.id, user, offline.id, true, command.now));
  return accepted(events);
}

/** Whether a session was ended (logged out) and its token has not expired yet: the shell refuses its token. */
export function isAgentSessionEnded(instance: Instance, sessionId: string): boolean {
  return instance.endedSessions.has(sessionId);
}

/**
 * Records an ended session, first forgetting the oldest ended sessions whose tokens have expired by now
 * (a token past its expiry is refused whatever this set says). Sessions are kept in the order they
 * ended, and a token expires at most one token lifetime after it was issued, hence after it was ended:
 * so each entry is forgotten at the first logout more than one token lifetime after it, and the set
 * holds at most the sessions ended in the last lifetime (plus this one). Only the front is looked at:
 * constant time per logout, amortised.
 */
export function recordEndedSession(instance: Instance, event: AgentSessionEnded): void {
  for (const [sessionId, expires] of instance.endedSessions) {
    if (expires > event.at) break;
    instance.endedSessions.delete(sessionId);
  }
  if (event.expires > event.at) instance.endedSessions.set(event.sessionId, event.expires);
}
