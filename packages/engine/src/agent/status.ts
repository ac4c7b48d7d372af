import type { SetAgentStatus } from '../commands.ts';
import type { State } from '../state.ts';
import type { AgentStatus } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound } from '../rejection.ts';

/** Rule: an agent sets one of the instance's agent statuses; setting the status they already have changes nothing. */
export function decideSetAgentStatus(state: State, command: SetAgentStatus): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (!instance.agentStatuses.has(command.statusId)) return refused(notFound('AgentStatus', command.statusId));
  if (user.statusId === command.statusId) return accepted([]);
  return accepted([{ type: 'AgentStatusChanged', instanceId: instance.id, at: command.now, userId: user.id, statusId: command.statusId }]);
}

/** Only agents in a ROUTABLE status (Available) are offered contacts. */
export function isRoutable(status: AgentStatus | undefined): boolean {
  return status?.type === 'ROUTABLE';
}
