/**
 * A stand-in for the shell's archive, in memory: it runs commands like `execute`, but after every batch
 * it moves the contacts the batch finished (chats, and calls as whole chains) out of the state into an
 * archive of records (the serialised contact and its metric facts, as the stores keep them, one record per
 * contact), and before a command it revives the chains of the contacts the command names from their
 * serialised text — what the server's pipeline does with a real store.
 */
import assert from 'node:assert/strict';
import {
  HISTORICAL_METRICS, archiveRecord, chainHeadId, chainIds, contactsNamedBy, deserializeContact, emptyState, evolve, execute, finishedContacts,
  forgetContact, historicalMetrics, reviveContact, unchangedBy,
  type ArchivedContact, type Command, type Contact, type Decision, type Event, type HistoricalDimension, type HistoricalMetricName, type Instance,
  type MetricFact, type State,
} from '../src/index.ts';
import { T0, type World } from './fixtures.ts';

export class ArchivingExecutor {
  readonly state: State = emptyState();
  readonly archive = new Map<string, ArchivedContact>();
  /** Events run since the last batch was archived. */
  private batch: Event[] = [];
  archived = 0;
  revived = 0;

  /** Events applied as facts (fixture setup, injected contacts), as replay would. */
  applyFacts(events: readonly Event[]): void {
    for (const event of events) evolve(this.state, event);
    this.batch.push(...events);
  }

  execute(command: Command): Decision {
    const instance = this.state.instances.get(command.instanceId);
    const revived: string[] = [];
    for (const id of instance ? contactsNamedBy(command) : []) {
      if (instance!.contacts.has(id) || !this.archive.has(`${command.instanceId}/${id}`)) continue;
      for (const contact of this.archivedChain(command.instanceId, id)) {
        reviveContact(instance!, contact);
        revived.push(contact.id);
      }
      this.revived++;
    }
    const decision = execute(this.state, command);
    if (decision.ok) this.batch.push(...decision.events);
    // What the command did not change goes straight back (it is still in the archive, unchanged).
    if (revived.length > 0) for (const id of unchangedBy(instance!, revived, decision.ok ? decision.events : [])) forgetContact(instance!, id);
    return decision;
  }

  /** The whole chain of an archived contact, read back from the records: its head knows the chain's ids. */
  private archivedChain(instanceId: string, contactId: string): Contact[] {
    const read = (id: string) => deserializeContact(this.archive.get(`${instanceId}/${id}`)!.data);
    const named = read(contactId);
    const headId = chainHeadId(named);
    const head = headId === named.id ? named : read(headId);
    return chainIds(head).map((id) => (id === named.id ? named : id === head.id ? head : read(id)));
  }

  /**
   * Reads a contact as the shell's reads do: from memory, or (archived) with its whole chain revived for
   * the read and forgotten right after, since a view of one leg may look at the others (undefined: no such contact).
   */
  view<T>(instanceId: string, contactId: string, read: (contact: Contact) => T): T | undefined {
    const instance = this.state.instances.get(instanceId)!;
    const live = instance.contacts.get(contactId);
    if (live) return read(live);
    if (!this.archive.has(`${instanceId}/${contactId}`)) return undefined;
    const chain = this.archivedChain(instanceId, contactId);
    for (const contact of chain) reviveContact(instance, contact);
    try {
      return read(instance.contacts.get(contactId)!);
    } finally {
      for (const contact of chain) forgetContact(instance, contact.id);
    }
  }

  /** The batch is durable: archive the contacts it finished (whole chains) and forget them. */
  flush(): void {
    const events = this.batch;
    this.batch = [];
    for (const instance of this.state.instances.values()) {
      for (const contact of finishedContacts(instance, events)) {
        this.archive.set(`${instance.id}/${contact.id}`, archiveRecord(instance, contact));
        forgetContact(instance, contact.id);
        this.archived++;
      }
    }
  }

  archivedFacts(instanceId: string): MetricFact[] {
    return [...this.archive.values()].filter((r) => r.instanceId === instanceId).flatMap((r) => r.facts);
  }

  /** Brings every archived contact back (to compare the whole state with one that never archived). */
  reviveAll(): void {
    for (const record of this.archive.values()) {
      const instance = this.state.instances.get(record.instanceId)!;
      if (!instance.contacts.has(record.contactId)) reviveContact(instance, deserializeContact(record.data));
    }
  }
}

/**
 * From now on every command `world` runs also runs in `archiving`, and its decision must be the same
 * (events, or rejection). Facts the world logs between commands (fixture setup, injected contacts) are
 * applied to `archiving` as replay would.
 */
export function mirrorInto(world: World, archiving: ArchivingExecutor): void {
  archiving.applyFacts(world.events);
  let logged = world.events.length;
  const run = world.run.bind(world);
  world.run = (input) => {
    archiving.applyFacts(world.events.slice(logged));
    const command = { instanceId: world.instanceId, now: world.now, seed: world.seed(), ...input } as Command;
    const decision: Decision = run(command);
    assert.deepEqual(archiving.execute(command), decision, `${command.type} decided differently with archiving`);
    logged = world.events.length;
    return decision;
  };
}

const HISTORICAL = Object.keys(HISTORICAL_METRICS) as HistoricalMetricName[];
const GROUPINGS: HistoricalDimension[][] = [['QUEUE'], ['AGENT'], ['ROUTING_PROFILE', 'CHANNEL']];

/** Every historical metric of the queues (service level within 20 s too), by several groupings, in total and by 15 minutes (archived facts added). */
export function historicalOf(instance: Instance, queueIds: string[], now: number, archived: MetricFact[] = []) {
  return GROUPINGS.flatMap((groupings) => (['TOTAL', 'FIFTEEN_MIN'] as const).map((period) =>
    historicalMetrics(instance, { start: T0, end: now + 1, period, filters: { QUEUE: queueIds }, groupings, metrics: HISTORICAL, serviceLevelThresholds: [20] }, archived)));
}
