import type { ExpireChat, ExpireOffer } from './commands.ts';
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
  command?: Omit<ExpireOffer, 'now' | 'seed'> | Omit<ExpireChat, 'now' | 'seed'>;
}

const offerKey = (instanceId: string, contactId: string, userId: string) => `offer:${instanceId}:${contactId}:${userId}`;
const chatKey = (instanceId: string, contactId: string) => `chat:${instanceId}:${contactId}`;

/** The deadlines an event sets or cancels. */
export function deadlinesOf(event: Event): Deadline[] {
  switch (event.type) {
    case 'ContactOffered':
      return [{
        key: offerKey(event.instanceId, event.contactId, event.userId), at: event.deadline,
        command: { type: 'ExpireOffer', instanceId: event.instanceId, contactId: event.contactId, userId: event.userId },
      }];
    case 'ContactAccepted':
    case 'OfferRejected':
    case 'OfferMissed':
      return [{ key: offerKey(event.instanceId, event.contactId, event.userId), at: undefined }];
    case 'ContactInitiated':
      return event.expiresAt === undefined ? [] : [{
        key: chatKey(event.instanceId, event.contactId), at: event.expiresAt,
        command: { type: 'ExpireChat', instanceId: event.instanceId, contactId: event.contactId },
      }];
    case 'ContactEnded':
      return [{ key: chatKey(event.instanceId, event.contactId), at: undefined }];
    default:
      return [];
  }
}

/** Every deadline pending in a state: what the shell schedules after rebuilding state on start. */
export function pendingDeadlines(state: State): Deadline[] {
  const out: Deadline[] = [];
  for (const instance of state.instances.values()) {
    for (const contact of instance.contacts.values()) {
      if (contact.status === 'ended') continue;
      if (contact.expiresAt !== undefined) {
        out.push({ key: chatKey(instance.id, contact.id), at: contact.expiresAt, command: { type: 'ExpireChat', instanceId: instance.id, contactId: contact.id } });
      }
      if (contact.offer) {
        const { userId, deadline } = contact.offer;
        out.push({ key: offerKey(instance.id, contact.id, userId), at: deadline, command: { type: 'ExpireOffer', instanceId: instance.id, contactId: contact.id, userId } });
      }
    }
  }
  return out;
}
