import type { Contact } from '../model/contact.ts';
import { permissionsOf } from '../admin/permissions.ts';
import type { AgentContact, User } from '../model/user.ts';
import type { AgentStatus } from '../model/instance.ts';
import type { Instance } from '../state.ts';
import { multiPartyChatEnabled } from '../chat/multiparty.ts';
import { callOf } from '../voice/call.ts';
import { voiceConnections } from '../voice/view.ts';
import { hearingMatrix } from '../voice/hearing.ts';

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
  endpoint: { type: 'agent' | 'phone_number' | 'queue'; name: string; displayName: string; phoneNumber?: string };
  state: { type: 'connecting' | 'connected' | 'hold' | 'disconnected'; timestamp: number };
  type: 'agent' | 'inbound' | 'outbound';
  initial: boolean;
  /** Set on the viewing agent's own connection. */
  isOwn?: boolean;
  /** For agents added or transferred in: the quick connect used. */
  quickConnectName?: string;
  quickConnectId?: string;
  /** Voice: server-side mute (others do not hear this party). */
  mute?: boolean;
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
  previousContactId?: string;
  /** Voice: who hears whom (party id → the party ids they hear), for the media layer and the CCP. */
  hearing?: Record<string, string[]>;
  /** Task: its description and references (Streams' `description`, `references`). */
  description?: string;
  references?: Record<string, { name: string; value: string; type: string }>;
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
  /**
   * What the agent's security profiles allow (Amazon Connect's API permission names, admin/permissions.ts),
   * sorted: the CCP shows only what the agent may use (quick connects need TransferDestinations.View).
   */
  permissions: string[];
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

export function stateType(status: AgentStatus): AgentStateView['type'] {
  return status.type === 'ROUTABLE' ? 'routable' : status.type === 'OFFLINE' ? 'offline' : 'not_routable';
}

export function contactView(instance: Instance, user: User, agentContact: AgentContact, contact: Contact): ContactView {
  const queue = contact.queueId ? instance.queues.get(contact.queueId) : undefined;
  const call = callOf(instance, contact);
  const connections: ConnectionView[] = call ? voiceConnections(call, user, agentContact) : chatConnections(user, agentContact, contact);
  const attributes: ContactView['attributes'] = {};
  for (const [name, value] of Object.entries(contact.attributes)) attributes[name] = { name, value };
  return {
    contactId: contact.id,
    initialContactId: contact.initialContactId ?? contact.id,
    ...(contact.previousContactId !== undefined ? { previousContactId: contact.previousContactId } : {}),
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
    contactFeatures: { multiPartyConferenceEnabled: call ? call.mode === 'multi-party' : multiPartyChatEnabled(instance) },
    ...(call ? { hearing: hearingMatrix(call) } : {}),
    ...(contact.task ? taskFields(contact.task) : {}),
  };
}

function taskFields(task: NonNullable<Contact['task']>): Pick<ContactView, 'description' | 'references'> {
  const references: NonNullable<ContactView['references']> = {};
  for (const [name, ref] of Object.entries(task.references)) references[name] = { name, value: ref.value, type: ref.type };
  return { ...(task.description !== undefined ? { description: task.description } : {}), references };
}

function chatConnections(user: User, agentContact: AgentContact, contact: Contact): ConnectionView[] {
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
  return connections;
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
    permissions: [...permissionsOf(instance, user.profile?.securityProfileIds ?? [])].sort(),
    agentStates: [...instance.agentStatuses.values()].filter((s) => s.settings?.state !== 'DISABLED').sort((a, b) => (a.settings?.displayOrder ?? 99) - (b.settings?.displayOrder ?? 99)).map((s) => ({ agentStateARN: s.arn, type: stateType(s), name: s.name })),
  };
}

export function agentSnapshot(instance: Instance, user: User, now: number): AgentSnapshot {
  const contacts = [...user.contacts.values()]
    .map((ac) => contactView(instance, user, ac, instance.contacts.get(ac.contactId)!))
    .sort(byStateTime);
  return {
    snapshot: { ...agentStateViews(instance, user), snapshotTimestamp: now, contacts },
    configuration: agentConfiguration(instance, user),
  };
}

/** The agent's status, and the one they take when their last contact is cleared. */
export function agentStateViews(instance: Instance, user: User): { state: AgentStateView; nextState?: AgentStateView } {
  const status = instance.agentStatuses.get(user.statusId)!;
  const next = user.nextStatusId ? instance.agentStatuses.get(user.nextStatusId) : undefined;
  return {
    state: { agentStateARN: status.arn, type: stateType(status), name: status.name, startTimestamp: user.statusSince },
    ...(next ? { nextState: { agentStateARN: next.arn, type: stateType(next), name: next.name, startTimestamp: user.statusSince } } : {}),
  };
}

/** The order of a snapshot's contacts: by when they reached their state, then by id (so a merged delta orders them the same). */
export function byStateTime(a: ContactView, b: ContactView): number {
  return a.state.timestamp - b.state.timestamp || (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0);
}
