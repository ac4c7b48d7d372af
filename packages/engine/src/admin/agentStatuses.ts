import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { AgentStatus } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject } from '../rejection.ts';

/**
 * Agent statuses through the Connect API (CreateAgentStatus, UpdateAgentStatus; issue 18). Rules:
 * - names are unique per instance (DuplicateResource);
 * - a status made through the API is CUSTOM; Available (ROUTABLE) and Offline (OFFLINE) cannot be disabled;
 * - a DISABLED status is not offered in the CCP and cannot be chosen (SetAgentStatus refuses it); agents already
 *   in it stay until they change;
 * - DisplayOrder is 1–50; ResetOrderNumber takes the order away.
 */

export type AgentStatusState = 'ENABLED' | 'DISABLED';

/** What the Connect API keeps on a status besides its name and type. */
export interface AgentStatusSettings {
  description: string;
  state: AgentStatusState;
  displayOrder?: number;
  tags: Record<string, string>;
  lastModifiedAt: number;
}

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}

export interface UpdateAgentStatus extends CommandBase {
  type: 'UpdateAgentStatus';
  agentStatusId: string;
  name?: string;
  description?: string;
  state?: string;
  displayOrder?: number;
  resetOrderNumber?: boolean;
}
export interface AgentStatusUpdated {
  type: 'AgentStatusUpdated';
  instanceId: string;
  at: number;
  agentStatusId: string;
  name: string;
  settings: AgentStatusSettings;
}

export function settingsOf(status: AgentStatus): AgentStatusSettings {
  return status.settings ?? { description: '', state: 'ENABLED', tags: {}, lastModifiedAt: 0 };
}

export function isStatusEnabled(status: AgentStatus): boolean {
  return status.settings?.state !== 'DISABLED';
}

export function checkStatusSettings(instance: Instance, name: string, state: string, displayOrder: number | undefined, exceptId?: string): ReturnType<typeof reject> | undefined {
  if (state !== 'ENABLED' && state !== 'DISABLED') return reject('InvalidParameter', `State must be ENABLED or DISABLED, got ${state}`);
  if (displayOrder !== undefined && (!Number.isInteger(displayOrder) || displayOrder < 1 || displayOrder > 50)) {
    return reject('InvalidParameter', `DisplayOrder must be 1–50, got ${displayOrder}`);
  }
  for (const s of instance.agentStatuses.values()) {
    if (s.name === name && s.id !== exceptId) return reject('DuplicateResource', `an agent status named ${name} already exists`);
  }
  return undefined;
}

export function decideUpdateAgentStatus(state: State, command: UpdateAgentStatus): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const status = instance.agentStatuses.get(command.agentStatusId);
  if (!status) return refused(notFound('AgentStatus', command.agentStatusId));
  const old = settingsOf(status);
  const name = command.name ?? status.name;
  const newState = command.state ?? old.state;
  const displayOrder = command.resetOrderNumber ? undefined : command.displayOrder ?? old.displayOrder;
  const problem = checkStatusSettings(instance, name, newState, displayOrder, status.id);
  if (problem) return refused(problem);
  if (newState === 'DISABLED' && status.type !== 'CUSTOM') {
    return refused(reject('InvalidRequest', `the ${status.name} status (${status.type}) cannot be disabled`, { rule: 'system-status-stays-enabled' }));
  }
  return accepted([{
    type: 'AgentStatusUpdated', instanceId: instance.id, at: command.now, agentStatusId: status.id, name,
    settings: {
      description: command.description ?? old.description, state: newState as AgentStatusState,
      ...(displayOrder !== undefined ? { displayOrder } : {}), tags: { ...old.tags }, lastModifiedAt: command.now,
    },
  }]);
}

export function applyAgentStatusUpdated(instance: Instance, event: AgentStatusUpdated): void {
  const status = instance.agentStatuses.get(event.agentStatusId);
  if (!status) throw new Error(`event for unknown agent status ${event.agentStatusId}`);
  status.name = event.name;
  status.settings = { ...event.settings, tags: { ...event.settings.tags } };
}

export function isAgentStatusUpdated(event: Event): event is AgentStatusUpdated & Event {
  return event.type === 'AgentStatusUpdated';
}
