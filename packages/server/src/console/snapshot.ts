import { currentMetrics, type Instance } from '@switchboard/engine';

/** One queue on the admin console's real-time dashboard. */
export interface QueueLive {
  id: string;
  name: string;
  status: 'ENABLED' | 'DISABLED';
  /** CONTACTS_IN_QUEUE. */
  inQueue: number;
  /** When the contact waiting longest was queued (epoch ms), or null: the page shows its age ticking. */
  oldestSince: number | null;
  /** OLDEST_CONTACT_AGE at `at`, seconds. */
  oldestAge: number;
  agentsOnline: number;
  agentsAvailable: number;
  agentsOnContact: number;
}

/** One agent on the dashboard. */
export interface AgentLive {
  id: string;
  username: string;
  name: string;
  status: string;
  statusType: string;
  /** Since when the agent has had that status (epoch ms). */
  statusSince: number;
  /** Whether the agent's CCP is connected. */
  present: boolean;
  contacts: { channel: string; state: string }[];
}

/** What the console socket pushes: GetCurrentMetricData's queue metrics plus each agent's state, at `at`. */
export interface LiveSnapshot {
  type: 'snapshot';
  at: number;
  queues: QueueLive[];
  agents: AgentLive[];
}

/** At most this many agents are listed (sorted by name); a larger floor needs the API's paging. */
export const MAX_LIVE_AGENTS = 500;

/** The dashboard's snapshot of an instance now: computed from state, as GetCurrentMetricData is. */
export function liveSnapshot(instance: Instance, now: number): LiveSnapshot {
  const queues = [...instance.queues.values()].sort((a, b) => a.name.localeCompare(b.name));
  const rows = queues.length === 0 ? [] : currentMetrics(instance, {
    queueIds: queues.map((q) => q.id), groupings: ['QUEUE'],
    metrics: ['CONTACTS_IN_QUEUE', 'OLDEST_CONTACT_AGE', 'AGENTS_ONLINE', 'AGENTS_AVAILABLE', 'AGENTS_ON_CONTACT'],
  }, now);
  const byQueue = new Map(rows.map((r) => [r.queueId!, r.values]));
  const oldest = new Map<string, number>();
  for (const id of instance.queued) {
    const c = instance.contacts.get(id);
    if (c?.queueId === undefined || c.enqueuedAt === undefined) continue;
    oldest.set(c.queueId, Math.min(oldest.get(c.queueId) ?? Infinity, c.enqueuedAt));
  }
  return {
    type: 'snapshot',
    at: now,
    queues: queues.map((q) => {
      const v = byQueue.get(q.id) ?? {};
      return {
        id: q.id, name: q.name, status: q.status ?? 'ENABLED',
        inQueue: v.CONTACTS_IN_QUEUE ?? 0, oldestSince: oldest.get(q.id) ?? null, oldestAge: v.OLDEST_CONTACT_AGE ?? 0,
        agentsOnline: v.AGENTS_ONLINE ?? 0, agentsAvailable: v.AGENTS_AVAILABLE ?? 0, agentsOnContact: v.AGENTS_ON_CONTACT ?? 0,
      };
    }),
    agents: [...instance.users.values()]
      .sort((a, b) => a.username.localeCompare(b.username))
      .slice(0, MAX_LIVE_AGENTS)
      .map((u) => {
        const status = instance.agentStatuses.get(u.statusId);
        return {
          id: u.id, username: u.username, name: `${u.firstName} ${u.lastName}`.trim(),
          status: status?.name ?? 'Offline', statusType: status?.type ?? 'OFFLINE', statusSince: u.statusSince, present: u.presence === 'present',
          contacts: [...u.contacts.values()].map((c) => ({ channel: c.channel, state: c.state })),
        };
      }),
  };
}
