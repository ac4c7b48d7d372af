import type { Channel } from '../../model/instance.ts';
import { CHANNELS } from '../../model/instance.ts';
import type { User } from '../../model/user.ts';
import type { Instance } from '../../state.ts';
import { hasCapacity, hasMissedContact, slotsInUse } from '../../routing/route.ts';

/**
 * Real-time metrics, GetCurrentMetricData-shaped: computed from the current state (itself the fold of
 * all events), never kept as separate counters.
 */
export const CURRENT_METRICS = {
  AGENTS_ONLINE: 'COUNT',
  AGENTS_AVAILABLE: 'COUNT',
  AGENTS_ON_CONTACT: 'COUNT',
  AGENTS_NON_PRODUCTIVE: 'COUNT',
  AGENTS_AFTER_CONTACT_WORK: 'COUNT',
  CONTACTS_IN_QUEUE: 'COUNT',
  OLDEST_CONTACT_AGE: 'SECONDS',
  SLOTS_ACTIVE: 'COUNT',
  SLOTS_AVAILABLE: 'COUNT',
} as const;

export type CurrentMetricName = keyof typeof CURRENT_METRICS;
export type CurrentGrouping = 'QUEUE' | 'CHANNEL';

export interface CurrentMetricsQuery {
  queueIds: string[];
  channels?: Channel[];
  groupings?: CurrentGrouping[];
  metrics: CurrentMetricName[];
}

export interface CurrentMetricsRow {
  queueId?: string;
  channel?: Channel;
  values: Partial<Record<CurrentMetricName, number>>;
}

/** Is the agent staffed for any of these queues on any of these channels (their routing profile serves it)? */
function staffed(instance: Instance, user: User, queues: ReadonlySet<string>, channels: readonly Channel[]): boolean {
  const profile = instance.routingProfiles.get(user.routingProfileId);
  return !!profile?.queues.some((q) => queues.has(q.queueId) && channels.includes(q.channel));
}

function cell(instance: Instance, queues: ReadonlySet<string>, channels: readonly Channel[], metrics: readonly CurrentMetricName[], now: number): CurrentMetricsRow['values'] {
  const agents = [...instance.users.values()].filter((u) => staffed(instance, u, queues, channels));
  const statusType = (u: User) => instance.agentStatuses.get(u.statusId)?.type;
  const holds = (u: User, states: string[]) => [...u.contacts.values()].some((c) => channels.includes(c.channel) && states.includes(c.state));
  const waiting = [...instance.queued].map((id) => instance.contacts.get(id)!).filter((c) => c.queueId !== undefined && queues.has(c.queueId) && channels.includes(c.channel));
  const concurrency = (u: User, ch: Channel) => instance.routingProfiles.get(u.routingProfileId)?.mediaConcurrencies.find((m) => m.channel === ch)?.concurrency ?? 0;

  const values: CurrentMetricsRow['values'] = {};
  for (const metric of metrics) {
    switch (metric) {
      case 'AGENTS_ONLINE':
        values[metric] = agents.filter((u) => statusType(u) !== 'OFFLINE').length;
        break;
      case 'AGENTS_AVAILABLE':
        values[metric] = agents.filter((u) => statusType(u) === 'ROUTABLE').length;
        break;
      case 'AGENTS_NON_PRODUCTIVE':
        values[metric] = agents.filter((u) => statusType(u) === 'CUSTOM').length;
        break;
      case 'AGENTS_ON_CONTACT':
        values[metric] = agents.filter((u) => holds(u, ['connected', 'ended'])).length;
        break;
      case 'AGENTS_AFTER_CONTACT_WORK':
        values[metric] = agents.filter((u) => holds(u, ['ended'])).length;
        break;
      case 'CONTACTS_IN_QUEUE':
        values[metric] = waiting.length;
        break;
      case 'OLDEST_CONTACT_AGE': {
        const oldest = Math.min(...waiting.map((c) => c.enqueuedAt!));
        values[metric] = waiting.length === 0 ? 0 : Math.max(0, Math.floor((now - oldest) / 1000));
        break;
      }
      case 'SLOTS_ACTIVE':
        values[metric] = agents.reduce((sum, u) => sum + channels.reduce((n, ch) => n + slotsInUse(u, ch), 0), 0);
        break;
      case 'SLOTS_AVAILABLE':
        // Free slots of agents who can be routed to now (Available, CCP connected, no missed contact), on the
        // channels their cross-channel behaviour lets a contact reach them.
        values[metric] = agents
          .filter((u) => statusType(u) === 'ROUTABLE' && u.presence === 'present' && !hasMissedContact(u))
          .reduce((sum, u) => sum + channels.reduce((n, ch) => n + (hasCapacity(instance, u, ch) ? concurrency(u, ch) - slotsInUse(u, ch) : 0), 0), 0);
        break;
    }
  }
  return values;
}

/** One row per grouping cell (queue × channel as asked), or one row for everything filtered. */
export function currentMetrics(instance: Instance, query: CurrentMetricsQuery, now: number): CurrentMetricsRow[] {
  const channels = query.channels && query.channels.length > 0 ? query.channels : [...CHANNELS];
  const groupings = query.groupings ?? [];
  const queueCells: (string | undefined)[] = groupings.includes('QUEUE') ? query.queueIds : [undefined];
  const channelCells: (Channel | undefined)[] = groupings.includes('CHANNEL') ? channels : [undefined];
  const rows: CurrentMetricsRow[] = [];
  for (const queueId of queueCells) {
    for (const channel of channelCells) {
      const values = cell(instance, new Set(queueId ? [queueId] : query.queueIds), channel ? [channel] : channels, query.metrics, now);
      rows.push({ ...(queueId ? { queueId } : {}), ...(channel ? { channel } : {}), values });
    }
  }
  return rows;
}
