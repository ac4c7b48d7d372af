import type { Instance } from '../state.ts';
import type { User, AgentContact } from '../model/user.ts';
import type { Channel } from '../model/instance.ts';

/**
 * GetCurrentUserData (Amazon Connect's real-time data per agent), as a pure view: each agent's status,
 * next status, routing profile, slots per channel and the contacts they hold with each one's state.
 * Filters (exactly one of queues, routing profiles, agents, hierarchy groups, as Connect allows, plus
 * contact states): by queue = agents whose routing profile takes contacts from one of the queues; by contact
 * state = agents holding a contact in one of the states. Timestamps are epoch seconds.
 */

export interface UserDataFilter {
  queueIds?: readonly string[];
  routingProfileIds?: readonly string[];
  userIds?: readonly string[];
  hierarchyGroupIds?: readonly string[];
  contactStates?: readonly string[];
}

const CHANNELS: readonly Channel[] = ['VOICE', 'CHAT', 'TASK'];
export const AGENT_CONTACT_STATES = ['INCOMING', 'PENDING', 'CONNECTING', 'CONNECTED', 'CONNECTED_ONHOLD', 'MISSED', 'ERROR', 'ENDED', 'REJECTED'] as const;

/** Connect's ContactState of an agent's contact. */
export function agentContactState(instance: Instance, user: User, ac: AgentContact): string {
  switch (ac.state) {
    case 'incoming':
      return 'CONNECTING';
    case 'missed':
      return 'MISSED';
    case 'ended':
      return 'ENDED';
    case 'connected': {
      const contact = instance.contacts.get(ac.contactId);
      const call = contact?.channel === 'VOICE' ? instance.contacts.get(contact.initialContactId ?? contact.id)?.call : undefined;
      const party = call?.parties.find((p) => p.kind === 'agent' && p.userId === user.id && p.state !== 'disconnected');
      return party?.state === 'hold' ? 'CONNECTED_ONHOLD' : 'CONNECTED';
    }
  }
}

function matches(instance: Instance, user: User, f: UserDataFilter): boolean {
  if (f.userIds && !f.userIds.includes(user.id)) return false;
  if (f.routingProfileIds && !f.routingProfileIds.includes(user.routingProfileId)) return false;
  if (f.hierarchyGroupIds && !(user.profile?.hierarchyGroupId !== undefined && f.hierarchyGroupIds.includes(user.profile.hierarchyGroupId))) return false;
  if (f.queueIds) {
    const queues = instance.routingProfiles.get(user.routingProfileId)?.queues ?? [];
    if (!queues.some((q) => f.queueIds!.includes(q.queueId))) return false;
  }
  if (f.contactStates) {
    if (![...user.contacts.values()].some((ac) => f.contactStates!.includes(agentContactState(instance, user, ac)))) return false;
  }
  return true;
}

/** The agents the filter selects, by username. */
export function usersMatching(instance: Instance, filter: UserDataFilter): User[] {
  return [...instance.users.values()].filter((u) => matches(instance, u, filter)).sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
}

const seconds = (ms: number) => ms / 1000;

/** One agent's UserData, as GetCurrentUserData answers it. */
export function currentUserData(instance: Instance, user: User): Record<string, unknown> {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  const status = instance.agentStatuses.get(user.statusId);
  const next = user.nextStatusId ? instance.agentStatuses.get(user.nextStatusId) : undefined;
  const routable = status?.type === 'ROUTABLE' && user.presence === 'present';
  const max: Partial<Record<Channel, number>> = {};
  const active: Partial<Record<Channel, number>> = {};
  const available: Partial<Record<Channel, number>> = {};
  for (const channel of CHANNELS) {
    const m = profile?.mediaConcurrencies.find((c) => c.channel === channel)?.concurrency ?? 0;
    const held = user.held[channel] ?? 0;
    max[channel] = m;
    active[channel] = held;
    available[channel] = routable ? Math.max(0, m - held) : 0;
  }
  const contacts = [...user.contacts.values()].sort((a, b) => a.since - b.since).map((ac) => {
    const contact = instance.contacts.get(ac.contactId);
    const queue = contact?.queueId ? instance.queues.get(contact.queueId) : undefined;
    return {
      ContactId: ac.contactId, Channel: ac.channel, InitiationMethod: contact?.initiationMethod,
      AgentContactState: agentContactState(instance, user, ac), StateStartTimestamp: seconds(ac.since),
      ...(contact?.connectedToAgentAt !== undefined && ac.state !== 'incoming' ? { ConnectedToAgentTimestamp: seconds(contact.connectedToAgentAt) } : {}),
      ...(queue ? { Queue: { Id: queue.id, Arn: queue.arn } } : {}),
    };
  });
  const group = user.profile?.hierarchyGroupId;
  return {
    User: { Id: user.id, Arn: user.arn },
    ...(profile ? { RoutingProfile: { Id: profile.id, Arn: profile.arn } } : {}),
    ...(group !== undefined ? { HierarchyPath: { LevelOne: { Id: group, Arn: `${instance.arn}/agent-group/${group}` } } } : {}),
    ...(status ? { Status: { StatusStartTimestamp: seconds(user.statusSince), StatusArn: status.arn, StatusName: status.name } } : {}),
    AvailableSlotsByChannel: available,
    MaxSlotsByChannel: max,
    ActiveSlotsByChannel: active,
    Contacts: contacts,
    ...(next ? { NextStatus: next.name } : {}),
  };
}
