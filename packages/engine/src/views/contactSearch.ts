import type { Contact } from '../model/contact.ts';

/**
 * SearchContacts (Amazon Connect's contact search), as pure functions over contacts: live ones and archived
 * ones alike (the shell brings both). A contact matches when its timestamp of the range's type falls in
 * [start, end] (a contact without that timestamp does not match) and every criterion given holds: its
 * channel, queue, initiation method among those listed; one of the agents listed handled it (took it, or was
 * a party to it); its attributes match (MATCH_ALL: every criterion; MATCH_ANY: one — a criterion holds when
 * the attribute's value is one of its Values). Times are epoch ms here; the shell answers in seconds.
 */

export const SEARCH_TIME_TYPES = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'ENQUEUE_TIMESTAMP'] as const;
export type SearchTimeType = (typeof SEARCH_TIME_TYPES)[number];
export const SEARCH_SORT_FIELDS = ['INITIATION_TIMESTAMP', 'SCHEDULED_TIMESTAMP', 'CONNECTED_TO_AGENT_TIMESTAMP', 'DISCONNECT_TIMESTAMP', 'INITIATION_METHOD', 'CHANNEL'] as const;
export type SearchSortField = (typeof SEARCH_SORT_FIELDS)[number];

export interface ContactSearchQuery {
  timeType: SearchTimeType;
  start: number;
  end: number;
  channels?: readonly string[];
  queueIds?: readonly string[];
  agentIds?: readonly string[];
  initiationMethods?: readonly string[];
  attributes?: { criteria: readonly { key: string; values: readonly string[] }[]; matchType: 'MATCH_ALL' | 'MATCH_ANY' };
}

/** The contact's timestamp of a kind (epoch ms), if it has one. */
export function contactTime(contact: Contact, type: SearchTimeType | SearchSortField): number | undefined {
  switch (type) {
    case 'INITIATION_TIMESTAMP':
      return contact.initiatedAt;
    case 'DISCONNECT_TIMESTAMP':
      return contact.disconnectedAt;
    case 'CONNECTED_TO_AGENT_TIMESTAMP':
      return contact.connectedToAgentAt;
    case 'ENQUEUE_TIMESTAMP':
      return contact.enqueuedAt;
    case 'SCHEDULED_TIMESTAMP':
      return contact.task?.scheduledAt;
    default:
      return undefined;
  }
}

/** Every agent who handled the contact: the one who took it, agents in its chat, agents on its call leg. */
export function contactAgents(contact: Contact): Set<string> {
  const out = new Set<string>();
  if (contact.primaryUserId) out.add(contact.primaryUserId);
  for (const p of contact.participants.values()) if (p.role === 'AGENT' && p.userId) out.add(p.userId);
  for (const leg of contact.legs) out.add(leg.userId);
  for (const party of contact.call?.parties ?? []) if (party.kind === 'agent' && party.userId && party.legContactId === contact.id) out.add(party.userId);
  return out;
}

export function matchesSearch(contact: Contact, q: ContactSearchQuery): boolean {
  const t = contactTime(contact, q.timeType);
  if (t === undefined || t < q.start || t > q.end) return false;
  if (q.channels?.length && !q.channels.includes(contact.channel)) return false;
  if (q.initiationMethods?.length && !q.initiationMethods.includes(contact.initiationMethod)) return false;
  if (q.queueIds?.length && !(contact.queueId !== undefined && q.queueIds.includes(contact.queueId))) return false;
  if (q.agentIds?.length) {
    const agents = contactAgents(contact);
    if (!q.agentIds.some((id) => agents.has(id))) return false;
  }
  if (q.attributes && q.attributes.criteria.length > 0) {
    const holds = (c: { key: string; values: readonly string[] }) => {
      const v = contact.attributes[c.key];
      return v !== undefined && c.values.includes(v);
    };
    const ok = q.attributes.matchType === 'MATCH_ANY' ? q.attributes.criteria.some(holds) : q.attributes.criteria.every(holds);
    if (!ok) return false;
  }
  return true;
}

/** The order of the results: by the field (contacts without it last), then by id so pages are stable. */
export function searchOrder(field: SearchSortField, order: 'ASCENDING' | 'DESCENDING'): (a: Contact, b: Contact) => number {
  const sign = order === 'ASCENDING' ? 1 : -1;
  const key = (c: Contact): number | string | undefined =>
    field === 'CHANNEL' ? c.channel : field === 'INITIATION_METHOD' ? c.initiationMethod : contactTime(c, field);
  return (a, b) => {
    const ka = key(a), kb = key(b);
    if (ka === undefined || kb === undefined) {
      if (ka !== kb) return ka === undefined ? 1 : -1;
    } else if (ka !== kb) return (ka < kb ? -1 : 1) * sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** A contact as SearchContacts lists it (ContactSearchSummary), timestamps in epoch seconds. */
export function contactSearchSummary(contact: Contact): Record<string, unknown> {
  const s = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);
  const summary: Record<string, unknown> = {
    Arn: contact.arn, Id: contact.id, InitialContactId: contact.initialContactId, PreviousContactId: contact.previousContactId,
    InitiationMethod: contact.initiationMethod, Channel: contact.channel,
    QueueInfo: contact.queueId ? { Id: contact.queueId, EnqueueTimestamp: s(contact.enqueuedAt) } : undefined,
    AgentInfo: contact.primaryUserId ? { Id: contact.primaryUserId, ConnectedToAgentTimestamp: s(contact.connectedToAgentAt) } : undefined,
    InitiationTimestamp: s(contact.initiatedAt), DisconnectTimestamp: s(contact.disconnectedAt), ScheduledTimestamp: s(contact.task?.scheduledAt),
    Name: contact.task?.name,
  };
  for (const k of Object.keys(summary)) if (summary[k] === undefined) delete summary[k];
  return summary;
}
