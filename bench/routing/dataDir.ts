/**
 * The server phase's data dir, read and written with the server's own store: seeding the bench instance
 * before the server starts, and auditing the event log it left after it stops.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { emptyState, execute, type Command, type Event } from '@switchboard/engine';
import { SqliteEventStore } from '../../packages/server/src/store/sqlite.ts';
import type { BenchSetup } from './setup.ts';

export /** Writes the bench instance into a fresh data dir as the events `execute` made for its setup. */
async function seedDataDir(setup: BenchSetup, dataDir: string): Promise<number> {
  const state = emptyState();
  const events: Event[] = [];
  const now = Date.now();
  for (const input of setup.commands) {
    const decision = execute(state, { ...input, now, seed: randomUUID() } as Command);
    if (!decision.ok) throw new Error(`setup ${input.type} refused: ${decision.rejection.message}`);
    events.push(...decision.events);
  }
  const store = new SqliteEventStore(join(dataDir, 'switchboard.db'));
  try {
    await store.append(events);
  } finally {
    await store.close();
  }
  return events.length;
}


/** What the server's own event log says: offers, double offers, missed/rejected, slots held. */
export async function auditEventLog(dataDir: string, chatConcurrency: number) {
  const store = new SqliteEventStore(join(dataDir, 'switchboard.db'));
  const events = await store.load();
  await store.close();
  const offersByContact = new Map<string, number>();
  const held = new Map<string, Set<string>>();
  let logOffers = 0, missed = 0, rejected = 0, maxSlotsHeld = 0, slotViolations = 0;
  for (const e of events) {
    if (e.type === 'ContactOffered') {
      logOffers++;
      offersByContact.set(e.contactId, (offersByContact.get(e.contactId) ?? 0) + 1);
      let set = held.get(e.userId);
      if (!set) held.set(e.userId, (set = new Set()));
      set.add(e.contactId);
      maxSlotsHeld = Math.max(maxSlotsHeld, set.size);
      if (set.size > chatConcurrency) slotViolations++;
    } else if (e.type === 'AgentContactCleared') held.get(e.userId)?.delete(e.contactId);
    else if (e.type === 'OfferRejected') { rejected++; held.get(e.userId)?.delete(e.contactId); }
    else if (e.type === 'OfferMissed') missed++;
  }
  let contactsOfferedTwice = 0;
  for (const n of offersByContact.values()) if (n > 1) contactsOfferedTwice++;

  return { events, logOffers, contactsOfferedTwice, missed, rejected, maxSlotsHeld, slotViolations };
}
