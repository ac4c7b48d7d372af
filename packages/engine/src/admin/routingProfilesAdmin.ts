import type { Event } from '../events.ts';
import type { Instance, State } from '../state.ts';
import type { Channel, MediaConcurrency, RoutingProfileQueue } from '../model/instance.ts';
import { CHANNELS } from '../model/instance.ts';
import { accepted, refused, type Decision } from '../decision.ts';
import { findInstance, isRejection } from '../lookup.ts';
import { notFound, reject, type Rejection } from '../rejection.ts';
import { CONCURRENCY_RANGE } from './routingProfile.ts';

/**
 * Changing routing profiles through the Connect API (issue 18): AssociateRoutingProfileQueues,
 * DisassociateRoutingProfileQueues, UpdateRoutingProfileQueues (priority and delay of associated queues),
 * UpdateRoutingProfileConcurrency (the channels given replace theirs; the others stay). A change applies to
 * the profile's agents at once: the offer index is rebuilt and routing looks again, so an agent given more
 * chat capacity while Available is offered a waiting chat in the same decision. An agent holding more than a
 * lowered capacity keeps what they hold and gets nothing new until under it. Rules: queues must exist
 * (ResourceNotFound); a queue and channel is associated once (InvalidRequest to associate it again;
 * ResourceNotFound to change or remove one that is not); priority 1–99, delay 0–9999 s; concurrencies in
 * Connect's ranges (VOICE 1, CHAT 1–10, TASK 1–10); a profile keeps at least one channel.
 */

interface CommandBase {
  now: number;
  seed: string;
  instanceId: string;
}

export interface AssociateRoutingProfileQueues extends CommandBase {
  type: 'AssociateRoutingProfileQueues';
  routingProfileId: string;
  queues: RoutingProfileQueue[];
}
export interface DisassociateRoutingProfileQueues extends CommandBase {
  type: 'DisassociateRoutingProfileQueues';
  routingProfileId: string;
  queues: { queueId: string; channel: Channel }[];
}
export interface UpdateRoutingProfileQueues extends CommandBase {
  type: 'UpdateRoutingProfileQueues';
  routingProfileId: string;
  queues: RoutingProfileQueue[];
}
export interface UpdateRoutingProfileConcurrency extends CommandBase {
  type: 'UpdateRoutingProfileConcurrency';
  routingProfileId: string;
  mediaConcurrencies: MediaConcurrency[];
}
export type RoutingProfileAdminCommand = AssociateRoutingProfileQueues | DisassociateRoutingProfileQueues | UpdateRoutingProfileQueues | UpdateRoutingProfileConcurrency;

/** A routing profile's queues and concurrencies after a change (the whole new lists). */
export interface RoutingProfileUpdated {
  type: 'RoutingProfileUpdated';
  instanceId: string;
  at: number;
  routingProfileId: string;
  mediaConcurrencies: MediaConcurrency[];
  queues: RoutingProfileQueue[];
}

export function isRoutingProfileUpdated(event: Event): event is RoutingProfileUpdated & Event {
  return event.type === 'RoutingProfileUpdated';
}

export function checkQueueConfig(instance: Instance, q: RoutingProfileQueue): Rejection | undefined {
  if (!instance.queues.has(q.queueId)) return notFound('Queue', q.queueId);
  if (!CHANNELS.includes(q.channel)) return reject('InvalidParameter', `unknown channel ${String(q.channel)}`);
  if (!Number.isInteger(q.priority) || q.priority < 1 || q.priority > 99) return reject('InvalidParameter', `queue priority must be 1–99, got ${q.priority}`);
  if (!Number.isInteger(q.delaySeconds) || q.delaySeconds < 0 || q.delaySeconds > 9999) return reject('InvalidParameter', `queue delay must be 0–9999 s, got ${q.delaySeconds}`);
  return undefined;
}

const sameRef = (a: { queueId: string; channel: Channel }, b: { queueId: string; channel: Channel }) => a.queueId === b.queueId && a.channel === b.channel;

function duplicateRef(list: { queueId: string; channel: Channel }[]): Rejection | undefined {
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) if (sameRef(list[i]!, list[j]!)) return reject('InvalidRequest', `queue ${list[i]!.queueId} (${list[i]!.channel}) is listed twice`);
  }
  return undefined;
}

export function decideRoutingProfileAdmin(state: State, command: RoutingProfileAdminCommand): Decision {
  const instance = findInstance(state, command.instanceId);
  if (isRejection(instance)) return refused(instance);
  const profile = instance.routingProfiles.get(command.routingProfileId);
  if (!profile) return refused(notFound('RoutingProfile', command.routingProfileId));
  let queues = profile.queues.map((q) => ({ ...q }));
  let media = profile.mediaConcurrencies.map((m) => ({ ...m }));
  switch (command.type) {
    case 'AssociateRoutingProfileQueues':
    case 'UpdateRoutingProfileQueues': {
      if (command.queues.length === 0) return refused(reject('InvalidRequest', 'QueueConfigs must name at least one queue'));
      const dup = duplicateRef(command.queues);
      if (dup) return refused(dup);
      for (const q of command.queues) {
        const problem = checkQueueConfig(instance, q);
        if (problem) return refused(problem);
        const existing = queues.findIndex((e) => sameRef(e, q));
        if (command.type === 'AssociateRoutingProfileQueues') {
          if (existing !== -1) return refused(reject('InvalidRequest', `queue ${q.queueId} (${q.channel}) is already in the routing profile`));
          queues.push({ ...q });
        } else {
          if (existing === -1) return refused(notFound('RoutingProfileQueue', `${q.queueId}/${q.channel}`));
          queues[existing] = { ...q };
        }
      }
      break;
    }
    case 'DisassociateRoutingProfileQueues': {
      if (command.queues.length === 0) return refused(reject('InvalidRequest', 'QueueReferences must name at least one queue'));
      for (const ref of command.queues) {
        if (!queues.some((e) => sameRef(e, ref))) return refused(notFound('RoutingProfileQueue', `${ref.queueId}/${ref.channel}`));
      }
      queues = queues.filter((e) => !command.queues.some((ref) => sameRef(e, ref)));
      break;
    }
    case 'UpdateRoutingProfileConcurrency': {
      if (command.mediaConcurrencies.length === 0) return refused(reject('InvalidRequest', 'MediaConcurrencies must name at least one channel'));
      const seen = new Set<Channel>();
      for (const m of command.mediaConcurrencies) {
        if (!CHANNELS.includes(m.channel)) return refused(reject('InvalidParameter', `unknown channel ${String(m.channel)}`));
        if (seen.has(m.channel)) return refused(reject('InvalidRequest', `channel ${m.channel} is listed twice`));
        seen.add(m.channel);
        const [min, max] = CONCURRENCY_RANGE[m.channel];
        if (!Number.isInteger(m.concurrency) || m.concurrency < min || m.concurrency > max) {
          return refused(reject('InvalidParameter', `${m.channel} concurrency must be ${min}–${max}, got ${m.concurrency}`));
        }
        if (m.crossChannelBehavior !== 'ROUTE_CURRENT_CHANNEL_ONLY' && m.crossChannelBehavior !== 'ROUTE_ANY_CHANNEL') {
          return refused(reject('InvalidParameter', `CrossChannelBehavior must be ROUTE_CURRENT_CHANNEL_ONLY or ROUTE_ANY_CHANNEL, got ${String(m.crossChannelBehavior)}`));
        }
      }
      media = [...media.filter((m) => !seen.has(m.channel)), ...command.mediaConcurrencies.map((m) => ({ ...m }))];
      media.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
      break;
    }
  }
  return accepted([{ type: 'RoutingProfileUpdated', instanceId: instance.id, at: command.now, routingProfileId: profile.id, mediaConcurrencies: media, queues }]);
}

export function applyRoutingProfileUpdated(instance: Instance, event: RoutingProfileUpdated): void {
  const profile = instance.routingProfiles.get(event.routingProfileId);
  if (!profile) throw new Error(`event for unknown routing profile ${event.routingProfileId}`);
  profile.mediaConcurrencies = event.mediaConcurrencies.map((m) => ({ ...m }));
  profile.queues = event.queues.map((q) => ({ ...q }));
  profile.lastModifiedAt = event.at;
}
