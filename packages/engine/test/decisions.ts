/** Reading a decision: its events (it must be accepted), its rejection (it must be refused), events of one type, the events' types. */
import type { Decision, Event } from '../src/index.ts';

/** The events of an accepted decision (throws on a rejection, with its reason). */
export function eventsOf(decision: Decision): Event[] {
  if (!decision.ok) throw new Error(`refused: ${decision.rejection.code} ${decision.rejection.message}`);
  return decision.events;
}

/** The rejection of a refused decision (throws if it was accepted). */
export function rejectionOf(decision: Decision) {
  if (decision.ok) throw new Error(`expected a rejection, got events ${decision.events.map((e) => e.type).join(', ')}`);
  return decision.rejection;
}

export function eventsOfType<T extends Event['type']>(events: readonly Event[], type: T): Extract<Event, { type: T }>[] {
  return events.filter((e): e is Extract<Event, { type: T }> => e.type === type);
}

/** The types of the events, in order. */
export const typesOf = (events: readonly Event[]) => events.map((e) => e.type);
