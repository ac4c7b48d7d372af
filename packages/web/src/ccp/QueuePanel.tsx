import { useEffect, useState } from 'preact/hooks';
import type { AgentClient } from '@switchboard/sdk';
import { duration } from '../shared/format.ts';

interface QueueRow {
  queueId: string;
  name: string;
  CONTACTS_IN_QUEUE?: number;
  OLDEST_CONTACT_AGE?: number;
  AGENTS_AVAILABLE?: number;
  SLOTS_AVAILABLE?: number;
}

/**
 * The agent's queues at a glance (real-time metrics): refreshed every few seconds, and at once whenever
 * the agent's own state changes (`refreshKey`), so their own status change shows without a wait.
 */
export function QueuePanel({ client, refreshKey }: { client: AgentClient; refreshKey: number }) {
  const [queues, setQueues] = useState<QueueRow[]>([]);
  useEffect(() => {
    let stopped = false;
    const load = () => client.request<{ queues: QueueRow[] }>('getQueueMetrics').then((r) => !stopped && setQueues(r.queues)).catch(() => undefined);
    void load();
    const timer = setInterval(load, 5000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, refreshKey]);
  if (queues.length === 0) return null;
  return (
    <div class="queues" data-testid="queue-panel">
      <h3>Queues</h3>
      {queues.map((q) => (
        <div class="queue-row" key={q.queueId} data-testid="queue-row">
          <span class="name">{q.name}</span>
          <span class="muted small">
            <b data-testid="queue-waiting">{q.CONTACTS_IN_QUEUE ?? 0}</b> waiting
            {q.CONTACTS_IN_QUEUE ? ` · oldest ${duration((q.OLDEST_CONTACT_AGE ?? 0) * 1000)}` : ''}
            {` · ${q.AGENTS_AVAILABLE ?? 0} available`}
          </span>
        </div>
      ))}
    </div>
  );
}
