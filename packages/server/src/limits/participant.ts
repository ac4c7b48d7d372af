import type { Limits } from '../config.ts';
import { errors } from '../http/errors.ts';
import { RateLimiter } from './rateLimit.ts';

/** What a rate refusal says: Amazon Connect throttles the Participant Service with ThrottlingException (429). */
const throttled = (what: string) => errors.throttled(`Rate exceeded: too many ${what} from this participant; retry after a moment`);

/**
 * The Participant Service's per-participant rates: SendMessage, SendEvent (typing and receipts), and
 * CreateParticipantConnection. Each is a token bucket per participant; a refused request changes nothing.
 */
export class ParticipantRates {
  private readonly messages: RateLimiter;
  private readonly events: RateLimiter;
  private readonly connections: RateLimiter;

  constructor(limits: Limits) {
    this.messages = new RateLimiter(limits.messagesPerSecond * 60, limits.messageBurst);
    this.events = new RateLimiter(limits.eventsPerSecond * 60, limits.eventBurst);
    this.connections = new RateLimiter(limits.connectionsPerMinute, limits.connectionBurst);
  }

  /** Throws ThrottlingException when the participant is over its SendMessage rate. */
  message(participantId: string, now: number): void {
    if (!this.messages.take(participantId, now)) throw throttled('messages');
  }

  event(participantId: string, now: number): void {
    if (!this.events.take(participantId, now)) throw throttled('events');
  }

  connection(participantId: string, now: number): void {
    if (!this.connections.take(participantId, now)) throw throttled('connection requests');
  }
}
