import type { Contact } from '../model/contact.ts';
import type { AgentContact, User } from '../model/user.ts';
import type { AgentStatus } from '../model/instance.ts';
import type { Instance } from '../state.ts';
import { multiPartyChatEnabled } from '../chat/multiparty.ts';

/**
 * What an agent's CCP shows, in the shape amazon-connect-streams' `agent::update` snapshot has
 * (connect-wire-apis.md §3.6). Timestamps are epoch milliseconds here; clients turn them into Dates.
 */
export interface AgentStateView {
  agentStateARN: string;
  type: 'routable' | 'not_routable' | 'offline';
  name: string;
  startTimestamp: number;
}

export interface ConnectionView {
  connectionId: string;
  endpoint: { type: 'agent' | 'phone_number' | 'queue'; name: string; displayName: string };
  state: { type: 'connecting' | 'connected' | 'disconnected'; timestamp: number };
  type: 'agent' | 'inbound' | 'outbound';
  initial: boolean;
  /** Set on the viewing agent's own connection. */
  isOwn?: boolean;
  /** For agents added or transferred in: the quick connect used. */
  quickConnectName?: string;
}

export interface ContactView {
  contactId: string;
  initialContactId: string;
  type: 'chat' | 'voice' | 'task';
  state: { type: AgentContact['state']; timestamp: number };
  queue?: { queueARN: string; name: string; queueId: string };
  queueTimestamp?: number;
  connections: ConnectionView[];
  attributes: Record<string, { name: string; value: string }>;
  initiationMethod: string;
  name: string;
  /** While incoming: when the 20-second offer runs out. */
  offerDeadline?: number;
  /** When the contact reached the contact center (seed 004's first chat timer). */
  initiationTimestamp: number;
  /** The customer's display name. */
  customerName: string;
  contactFeatures: { multiPartyConferenceEnabled: boolean };
}

export interface AgentConfigurationView {
  name: string;
  username: string;
  agentARN: string;
  userId: string;
  instanceId: string;
  routingProfile: {
    name: string;
    routingProfileARN: string;
    routingProfileId: string;
    channelConcurrencyMap: Record<string, number>;
    queues: { queueARN: string; queueId: string; name: string }[];
  };
  agentStates: { agentStateARN: string; type: AgentStateView['type']; name: string }[];
}

export interface AgentSnapshot {
  snapshot: {
    state: AgentStateView;
    /** The status the agent takes when their last contact is cleared. */
    nextState?: AgentStateView;
    snapshotTimestamp: number;
    contacts: ContactView[];
  };
  configuration: AgentConfigurationView;
}

function stateType(status: AgentStatus): AgentStateView['type'] {
  return status.type === 'ROUTABLE' ? 'routable' : status.type === 'OFFLINE' ? 'offline' : 'not_routable';
}

function contactView(instance: Instance, user: User, agentContact: AgentContact, contact: Contact): ContactView {
  const queue = contact.queueId ? instance.queues.get(contact.queueId) : undefined;
  const connections: ConnectionView[] = [];
  for (const p of contact.participants.values()) {
    if (p.role !== 'CUSTOMER' && p.role !== 'AGENT') continue;
    const leg = p.role === 'AGENT' ? contact.legs.find((l) => l.participantId === p.id) : undefined;
    connections.push({
      ...(leg?.quickConnectName ? { quickConnectName: leg.quickConnectName } : {}),
      connectionId: p.id,
      endpoint: { type: p.role === 'AGENT' ? 'agent' : 'phone_number', name: p.displayName, displayName: p.displayName },
      state: { type: p.state === 'connected' ? 'connected' : 'disconnected', timestamp: p.leftAt ?? p.joinedAt },
      type: p.role === 'CUSTOMER' ? 'inbound' : 'agent',
      initial: p.role === 'CUSTOMER',
      ...(p.userId === user.id ? { isOwn: true } : {}),
    });
  }
  // Every agent in the chat sees who is being invited (connecting) until they join.
  for (const invitation of contact.invitations) {
    if (invitation.status !== 'pending' || agentContact.state === 'incoming') continue;
    connections.push({
      connectionId: `invitation-${invitation.id}`,
      endpoint: { type: 'userId' in invitation.target ? 'agent' : 'queue', name: invitation.quickConnectName, displayName: invitation.quickConnectName },
      state: { type: 'connecting', timestamp: invitation.at },
      type: 'agent',
      initial: false,
      quickConnectName: invitation.quickConnectName,
    });
  }
  if (agentContact.state === 'incoming') {
    connections.push({
      connectionId: `offer-${user.id}`,
      endpoint: { type: 'agent', name: user.firstName || user.username, displayName: user.firstName || user.username },
      state: { type: 'connecting', timestamp: agentContact.since },
      type: 'agent',
      initial: false,
      isOwn: true,
    });
  }
  const attributes: ContactView['attributes'] = {};
  for (const [name, value] of Object.entries(contact.attributes)) attributes[name] = { name, value };
  return {
    contactId: contact.id,
    initialContactId: contact.initialContactId ?? contact.id,
    type: contact.channel === 'CHAT' ? 'chat' : contact.channel === 'VOICE' ? 'voice' : 'task',
    state: { type: agentContact.state, timestamp: agentContact.since },
    ...(queue ? { queue: { queueARN: queue.arn, name: queue.name, queueId: queue.id } } : {}),
    ...(contact.enqueuedAt !== undefined ? { queueTimestamp: contact.enqueuedAt } : {}),
    connections,
    attributes,
    initiationMethod: contact.initiationMethod.toLowerCase(),
    name: contact.customerDisplayName,
    ...(agentContact.offerDeadline !== undefined ? { offerDeadline: agentContact.offerDeadline } : {}),
    initiationTimestamp: contact.initiatedAt,
    customerName: contact.customerDisplayName,
    contactFeatures: { multiPartyConferenceEnabled: multiPartyChatEnabled(instance) },
  };
}

export function agentConfiguration(instance: Instance, user: User): AgentConfigurationView {
  const profile = instance.routingProfiles.get(user.routingProfileId)!;
  const concurrency: Record<string, number> = {};
  for (const m of profile.mediaConcurrencies) concurrency[m.channel] = m.concurrency;
  const queueIds = [...new Set(profile.queues.map((q) => q.queueId))];
  return {
    name: `${user.firstName} ${user.lastName}`.trim() || user.username,
    username: user.username,
    agentARN: user.arn,
    userId: user.id,
    instanceId: instance.id,
    routingProfile: {
      name: profile.name,
      routingProfileARN: profile.arn,
      routingProfileId: profile.id,
      channelConcurrencyMap: concurrency,
      queues: queueIds.map((id) => instance.queues.get(id)!).map((q) => ({ queueARN: q.arn, queueId: q.id, name: q.name })),
    },
    agentStates: [...instance.agentStatuses.values()].map((s) => ({ agentStateARN: s.arn, type: stateType(s), name: s.name })),
  };
}

export function agentSnapshot(instance: Instance, user: User, now: number): AgentSnapshot {
  const status = instance.agentStatuses.get(user.statusId)!;
  const contacts = [...user.contacts.values()]
    .map((ac) => contactView(instance, user, ac, instance.contacts.get(ac.contactId)!))
    .sort((a, b) => a.state.timestamp - b.state.timestamp);
  const next = user.nextStatusId ? instance.agentStatuses.get(user.nextStatusId) : undefined;
  return {
    snapshot: {
      state: { agentStateARN: status.arn, type: stateType(status), name: status.name, startTimestamp: user.statusSince },
      ...(next ? { nextState: { agentStateARN: next.arn, type: stateType(next), name: next.name, startTimestamp: user.statusSince } } : {}),
      snapshotTimestamp: now,
      contacts,
    },
    configuration: agentConfiguration(instance, user),
  };
}
