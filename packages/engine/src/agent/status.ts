import type { SetAgentStatus } from '../commands.ts';
import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { AgentStatus } from '../model/instance.ts';
import type { User } from '../model/user.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, findUser, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * Rules for an agent's status:
 * - the agent sets one of the instance's agent statuses; setting the one they have changes nothing;
 * - changing status while on contacts keeps those contacts;
 * - with enqueueNextState, an agent who has contacts gets a "next status", taken when the last
 *   contact is cleared; setting a status directly drops any next status.
 */
export function decideSetAgentStatus(state: State, command: SetAgentStatus): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const user = findUser(instance, command.userId);
  if (isRejection(user)) return refused(user);
  if (!instance.agentStatuses.has(command.statusId)) return refused(notFound('AgentStatus', command.statusId));
  if (instance.agentStatuses.get(command.statusId)!.settings?.state === 'DISABLED') {
    return refused(reject('InvalidRequest', `the agent status ${instance.agentStatuses.get(command.statusId)!.name} is disabled`, { rule: 'disabled-status' }));
  }
  return accepted(statusEvents(instance.id, user, command.statusId, command.enqueueNextState === true, command.now));
}

/** The events that give an agent a status (or, with enqueueNextState while on contacts, a next status). */
export function statusEvents(instanceId: string, user: User, statusId: string, enqueueNextState: boolean, at: number): Event[] {
  const base = { instanceId, at, userId: user.id };
  if (enqueueNextState && user.contacts.size > 0) {
    return user.nextStatusId === statusId ? [] : [{ type: 'NextAgentStatusSet', ...base, statusId }];
  }
  const events: Event[] = [];
  if (user.nextStatusId !== undefined) events.push({ type: 'NextAgentStatusSet', ...base, statusId: null });
  if (user.statusId !== statusId) events.push({ type: 'AgentStatusChanged', ...base, statusId });
  return events;
}

/**
 * When an agent's last contact goes — cleared, rejected, or withdrawn because the customer left — their
 * next status (if any) takes effect. Run after every command on the state it produced.
 */
export function nextStatusFollowUps(instance: Instance, at: number, events: readonly Event[]): Event[] {
  const out: Event[] = [];
  for (const userId of agentsWhoMayHaveLostAContact(instance, events)) {
    const user = instance.users.get(userId);
    if (user && user.nextStatusId !== undefined && user.contacts.size === 0) out.push(...nextStatusEvents(user, instance.id, at));
  }
  return out;
}

/** The agents an event may have taken a contact from (so only they are looked at, not every agent). */
function agentsWhoMayHaveLostAContact(instance: Instance, events: readonly Event[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    if (e.type === 'OfferRejected' || e.type === 'AgentContactCleared' || e.type === 'OfferWithdrawn') ids.add(e.userId);
    else if (e.type === 'ContactEnded') for (const o of instance.contacts.get(e.contactId)?.offers ?? []) ids.add(o.userId);
  }
  return ids;
}

function nextStatusEvents(user: User, instanceId: string, at: number): Event[] {
  if (user.nextStatusId === undefined) return [];
  const base = { instanceId, at, userId: user.id };
  const events: Event[] = [{ type: 'NextAgentStatusSet', ...base, statusId: null }];
  if (user.statusId !== user.nextStatusId) events.push({ type: 'AgentStatusChanged', ...base, statusId: user.nextStatusId });
  return events;
}

/** Only agents in a ROUTABLE status (Available) are offered contacts. */
export function isRoutable(status: AgentStatus | undefined): boolean {
  return status?.type === 'ROUTABLE';
}
