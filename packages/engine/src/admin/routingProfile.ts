import type { CreateRoutingProfile } from '../commands.ts';
import type { Channel } from '../model/instance.ts';
import type { Instance } from '../state.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';

/** Documented concurrency ranges per channel (Amazon Connect: VOICE 1–1, CHAT 1–10, TASK 1–10). */
export const CONCURRENCY_RANGE: Record<Channel, [number, number]> = { VOICE: [1, 1], CHAT: [1, 10], TASK: [1, 10] };

export function validateRoutingProfile(instance: Instance, command: CreateRoutingProfile): Rejection | undefined {
  if (!instance.queues.has(command.defaultOutboundQueueId)) return notFound('Queue', command.defaultOutboundQueueId);
  for (const p of instance.routingProfiles.values()) if (p.name === command.name) return reject('DuplicateResource', `a routing profile named ${command.name} already exists`);
  if (command.mediaConcurrencies.length === 0) return reject('InvalidRequest', 'MediaConcurrencies must name at least one channel');
  for (let i = 0; i < command.queues.length; i++) {
    for (let j = i + 1; j < command.queues.length; j++) {
      if (command.queues[i]!.queueId === command.queues[j]!.queueId && command.queues[i]!.channel === command.queues[j]!.channel) return reject('InvalidRequest', `queue ${command.queues[i]!.queueId} (${command.queues[i]!.channel}) is listed twice`);
    }
  }
  const seen = new Set<Channel>();
  for (const m of command.mediaConcurrencies) {
    if (seen.has(m.channel)) return reject('InvalidRequest', `channel ${m.channel} is listed twice`);
    seen.add(m.channel);
    const [min, max] = CONCURRENCY_RANGE[m.channel];
    if (!Number.isInteger(m.concurrency) || m.concurrency < min || m.concurrency > max) {
      return reject('InvalidRequest', `${m.channel} concurrency must be ${min}–${max}, got ${m.concurrency}`);
    }
  }
  for (const q of command.queues) {
    if (!instance.queues.has(q.queueId)) return notFound('Queue', q.queueId);
    if (q.priority < 1 || q.priority > 99) return reject('InvalidRequest', `queue priority must be 1–99, got ${q.priority}`);
    if (q.delaySeconds < 0 || q.delaySeconds > 9999) return reject('InvalidRequest', `queue delay must be 0–9999 s, got ${q.delaySeconds}`);
  }
  return undefined;
}
