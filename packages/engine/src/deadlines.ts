import type { ExpireAgentAway, ExpireChat, ExpireOffer, FlowTimeout, RouteContacts, StartScheduledTask } from './commands.ts';
import { isWaitingForSchedule } from './task/start.ts';
import { routingDelays } from './routing/route.ts';
import type { Event } from './events.ts';
import type { State } from './state.ts';

/**
 * Time is data: events write deadlines, and the shell turns each deadline into a command when it passes.
 * A deadline has a key; a later deadline with the same key replaces it, and `at: undefined` cancels it.
 */
export interface Deadline {
  key: string;
  at: number | undefined;
  /** The command to send at `at` (the shell adds now and seed). */
  command?: Omit<ExpireOffer, 'now' | 'seed'> | Omit<ExpireChat, 'now' | 'seed'> | Omit<ExpireAgentAway, 'now' | 'seed'> | Omit<RouteContacts, 'now' | 'seed'> | Omit<FlowTimeout, 'now' | 'seed'> | Omit<StartScheduledTask, 'now' | 'seed'>;
}

const offerKey = (instanceId: string, contactId: string, userId: string) => `offer:${instanceId}:${contactId}:${userId}`;
const chatKey = (instanceId: string, contactId: string) => `chat:${instanceId}:${contactId}`;
const routeKey = (instanceId: string, contactId: string, at: number) => `route:${instanceId}:${contactId}:${at}`;
const flowKey = (instanceId: string, contactId: string) => `flow:${instanceId}:${contactId}`;
const taskKey = (instanceId: string, contactId: string) => `task:${instanceId}:${contactId}`;
const awayKey = (instanceId: string, userId: string) => `away:${instanceId}:${userId}`;

/** The deadlines an event sets or cancels. */
export function deadlinesOf(event: Event): Deadline[] {
  switch (event.type) {
    case 'ContactOffered':
      return [{
        key: offerKey(event.instanceId, event.contactId, event.userId), at: event.deadline,
        command: { type: 'ExpireOffer', instanceId: event.instanceId, contactId: event.contactId, userId: event.userId },
      }];
    case 'ContactAccepted':
      // An agent took the contact: the offer's deadline goes, and so does its customer queue flow's (the run stops).
      return [{ key: offerKey(event.instanceId, event.contactId, event.userId), at: undefined }, { key: flowKey(event.instanceId, event.contactId), at: undefined }];
    case 'OfferRejected':
    case 'OfferMissed':
    case 'OfferWithdrawn':
      return [{ key: offerKey(event.instanceId, event.contactId, event.userId), at: undefined }];
    case 'ContactInitiated':
      return [
        ...(event.expiresAt === undefined ? [] : [{
          key: chatKey(event.instanceId, event.contactId), at: event.expiresAt,
          command: { type: 'ExpireChat' as const, instanceId: event.instanceId, contactId: event.contactId },
        }]),
        // A scheduled task: its flow runs at ScheduledTime.
        ...(event.task?.scheduledAt === undefined ? [] : [{
          key: taskKey(event.instanceId, event.contactId), at: event.task.scheduledAt,
          command: { type: 'StartScheduledTask' as const, instanceId: event.instanceId, contactId: event.contactId },
        }]),
      ];
    case 'ContactQueued':
    case 'ContactTransferred':
      return (event.routeAt ?? []).map((at) => ({ key: routeKey(event.instanceId, event.contactId, at), at, command: { type: 'RouteContacts', instanceId: event.instanceId } }));
    case 'ContactEnded':
      // (A flow wait's timer left open by an ended contact is refused as stale when it fires, as offers' are.)
      // (So is a scheduled task's timer when the task ended before its time.)
      return [{ key: chatKey(event.instanceId, event.contactId), at: undefined }];
    case 'FlowAdvanced': {
      // A flow run's wait with a deadline (Wait, input timeout, Loop prompts interrupt, Lambda rescue); one per contact.
      const wait = event.run?.waiting;
      const at = wait && 'deadline' in wait ? wait.deadline : undefined;
      return [{
        key: flowKey(event.instanceId, event.contactId), at,
        ...(wait && at !== undefined ? { command: { type: 'FlowTimeout' as const, instanceId: event.instanceId, contactId: event.contactId, waitId: wait.id } } : {}),
      }];
    }
    case 'AgentPresenceChanged':
      return [{
        key: awayKey(event.instanceId, event.userId), at: event.awayDeadline,
        command: { type: 'ExpireAgentAway', instanceId: event.instanceId, userId: event.userId },
      }];
    default:
      return [];
  }
}

/** Every deadline pending in a state: what the shell schedules after rebuilding state on start. */
export function pendingDeadlines(state: State): Deadline[] {
  const out: Deadline[] = [];
  for (const instance of state.instances.values()) {
    for (const user of instance.users.values()) {
      if (user.awayDeadline !== undefined) {
        out.push({ key: awayKey(instance.id, user.id), at: user.awayDeadline, command: { type: 'ExpireAgentAway', instanceId: instance.id, userId: user.id } });
      }
    }
    for (const contact of instance.contacts.values()) {
      if (contact.status === 'ended') continue;
      if (contact.expiresAt !== undefined) {
        out.push({ key: chatKey(instance.id, contact.id), at: contact.expiresAt, command: { type: 'ExpireChat', instanceId: instance.id, contactId: contact.id } });
      }
      if (isWaitingForSchedule(contact)) {
        out.push({ key: taskKey(instance.id, contact.id), at: contact.task!.scheduledAt, command: { type: 'StartScheduledTask', instanceId: instance.id, contactId: contact.id } });
      }
      if (contact.status === 'queued' && contact.queueId && contact.enqueuedAt !== undefined) {
        // A callback's initial delay: routing looks again when it enters its queue (delay 0).
        for (const delay of [...(contact.initiationMethod === 'CALLBACK' ? [0] : []), ...routingDelays(instance, contact.queueId, contact.channel)]) {
          const at = contact.enqueuedAt + delay * 1000;
          out.push({ key: routeKey(instance.id, contact.id, at), at, command: { type: 'RouteContacts', instanceId: instance.id } });
        }
      }
      const wait = contact.flowRun?.waiting;
      if (wait && 'deadline' in wait && wait.deadline !== undefined) {
        out.push({ key: flowKey(instance.id, contact.id), at: wait.deadline, command: { type: 'FlowTimeout', instanceId: instance.id, contactId: contact.id, waitId: wait.id } });
      }
      if (contact.offer) {
        const { userId, deadline } = contact.offer;
        out.push({ key: offerKey(instance.id, contact.id, userId), at: deadline, command: { type: 'ExpireOffer', instanceId: instance.id, contactId: contact.id, userId } });
      }
    }
  }
  return out;
}
