/**
 * The shell's side of archiving finished contacts (engine: archive/finished.ts). Every contact used to
 * stay in memory for good; a server that runs for months grew without bound, and the growing old
 * generation made V8's mark-compacts (and the bursts of slow requests they cause) dearer. Now a finished
 * chat, or a finished call with every contact of its chain, goes to the store's archive in the same
 * transaction as the batch that finished it, and leaves memory once that batch is durable and published.
 *
 * Nothing a client sees changes: a command naming an archived contact revives its whole chain into
 * memory first (forgotten again at once if the command does not change it, or re-archived with its batch if
 * it does); reads load a contact from the archive without putting it back, and views that look across a
 * call's chain (DescribeContact of a leg) run with the chain revived for the view alone; GetMetricDataV2
 * adds the archived contacts' facts, kept beside them, to the facts of the contacts in memory.
 *
 * The store keeps one record per contact, under its own id. A chain's membership is not kept anywhere
 * else: a leg's record names its first contact (initialContactId), and the first contact's record holds
 * the call with the chain's ids, so reviving a leg reads the leg, then the first contact, then the rest.
 * Chains leave and come back whole, so a chain is always either all in memory or all archived.
 * Tasks are never finished (nothing starts or ends one), so they stay in memory.
 */
import {
  allFinishedContacts, archiveRecord, chainHeadId, chainIds, chainOf, contactsNamedBy, deserializeContact, finishedContacts, forgetContact,
  isFinishedContact, reviveContact, unchangedBy,
  type ArchivedContact, type Command, type Contact, type Event, type MetricFact, type State,
} from '@switchboard/engine';
import type { EventStore } from './store/store.ts';

export class ContactArchiveKeeper {
  /**
   * The ids of archived contacts, by instance: a command's contact that is not in memory is looked up
   * in the store only if it is here, so starting a new chat (an id not in memory) costs no read. About
   * a hundred bytes per archived contact, against the ~4 KB the contact took in memory.
   */
  private readonly ids = new Map<string, Set<string>>();

  /** How long a finished contact stays in memory once archived (config.archiveDelayMs); 0: it leaves at once. */
  delayMs = 0;

  /**
   * @param unflushed the events run but not yet durable (the batch being written and the one forming):
   *   a contact they name was changed since it was archived, and the batch that holds them archives it again.
   */
  constructor(private readonly state: State, private readonly store: EventStore, private readonly unflushed: () => readonly Event[] = () => []) {}

  /** Whether the store keeps an archive at all (a test double may not: then every contact stays in memory). */
  get enabled(): boolean {
    return this.store.archive !== undefined;
  }

  /**
   * At start-up, after replay: learns which contacts are archived, archives (in one transaction) every
   * finished contact replay rebuilt that is not yet archived — e.g. a call finished under a build that
   * archived only chats, or a data file written before the archive existed — and forgets every finished
   * contact (whole chains). Replay still reads the whole event log.
   */
  async start(): Promise<void> {
    const archive = this.store.archive;
    if (!archive) return;
    for (const { instanceId, contactId } of await archive.ids()) this.idsOf(instanceId).add(contactId);
    const finished = [...this.state.instances.values()].flatMap((instance) => allFinishedContacts(instance).map((contact) => ({ instance, contact })));
    const missing = finished.filter(({ instance, contact }) => !this.idsOf(instance.id).has(contact.id)).map(({ instance, contact }) => archiveRecord(instance, contact));
    if (missing.length > 0) await this.store.append([], missing);
    for (const { instance, contact } of finished) {
      this.idsOf(instance.id).add(contact.id);
      forgetContact(instance, contact.id);
    }
  }

  /** The records of the contacts a batch finished (every contact of a finished call's chain), to write with the batch. */
  recordsFor(events: readonly Event[]): ArchivedContact[] {
    if (!this.enabled) return [];
    const instanceIds = new Set(events.map((e) => e.instanceId));
    const records: ArchivedContact[] = [];
    for (const instanceId of instanceIds) {
      const instance = this.state.instances.get(instanceId);
      if (instance) for (const contact of finishedContacts(instance, events)) records.push(archiveRecord(instance, contact));
    }
    return records;
  }

  /**
   * The batch that archived `records` is durable and published: forget them (after `delayMs`) — unless a
   * command since changed one (its events are not durable yet): the batch that holds them archives it again.
   */
  forget(records: readonly ArchivedContact[]): void {
    if (records.length === 0) return;
    // Only the ids wait for the delay: the records (serialised contacts, facts) are garbage once written,
    // and kept for seconds they would be promoted to V8's old generation and die there.
    const ids = records.map((r) => ({ instanceId: r.instanceId, contactId: r.contactId }));
    for (const { instanceId, contactId } of ids) this.idsOf(instanceId).add(contactId);
    if (this.delayMs === 0) this.forgetNow(ids);
    else setTimeout(() => this.forgetNow(ids), this.delayMs).unref();
  }

  private forgetNow(ids: readonly { instanceId: string; contactId: string }[]): void {
    const touched = new Set(this.unflushed().map((e) => ('contactId' in e ? `${e.instanceId}/${e.contactId}` : '')));
    // A chain leaves whole or not at all: kept if any contact of it was changed since, or is no longer finished.
    const kept = new Set<string>();
    for (const { instanceId, contactId } of ids) {
      const instance = this.state.instances.get(instanceId);
      const contact = instance?.contacts.get(contactId);
      if (!instance || !contact) continue;
      if (!isFinishedContact(instance, contact) || chainOf(instance, contact).some((c) => touched.has(`${instanceId}/${c.id}`))) {
        kept.add(`${instanceId}/${chainHeadId(contact)}`);
      }
    }
    for (const { instanceId, contactId } of ids) {
      const instance = this.state.instances.get(instanceId);
      const contact = instance?.contacts.get(contactId);
      if (!instance || !contact || kept.has(`${instanceId}/${chainHeadId(contact)}`)) continue;
      forgetContact(instance, contactId);
    }
  }

  /** The contacts a command names that are archived and not in memory (`revive` brings back their chains). */
  missing(command: { instanceId: string }): string[] {
    const instance = this.state.instances.get(command.instanceId);
    const archived = this.ids.get(command.instanceId);
    if (!instance || !archived) return [];
    return contactsNamedBy(command as Command).filter((id) => !instance.contacts.has(id) && archived.has(id));
  }

  /**
   * Loads archived contacts back into memory, each with its whole chain, exactly as they were archived;
   * returns the ids revived (every contact of the chains).
   */
  async revive(instanceId: string, contactIds: readonly string[]): Promise<string[]> {
    const revived: string[] = [];
    for (const contactId of contactIds) {
      const chain = await this.archivedChain(instanceId, contactId);
      const instance = this.state.instances.get(instanceId);
      // Checked after the reads: another command may have revived it meanwhile (a chain comes back whole).
      if (chain.length === 0 || !instance || instance.contacts.has(contactId)) continue;
      for (const contact of chain) {
        reviveContact(instance, contact);
        revived.push(contact.id);
      }
    }
    return revived;
  }

  /** An archived contact's chain, head first (none if it is not archived): the contact, its chain's head, which knows the chain's ids, then the rest. */
  private async archivedChain(instanceId: string, contactId: string): Promise<Contact[]> {
    const read = async (id: string) => {
      const data = await this.store.archive?.contact(instanceId, id);
      return data === undefined ? undefined : deserializeContact(data);
    };
    const named = await read(contactId);
    if (!named) return [];
    const headId = chainHeadId(named);
    const head = headId === named.id ? named : await read(headId);
    if (!head) return [named];
    const rest = await Promise.all(chainIds(head).map((id) => (id === named.id ? named : id === head.id ? head : read(id))));
    return rest.filter((c) => c !== undefined);
  }

  /**
   * Forgets contacts revived for a command that its events (none if it was refused) did not change: they
   * are still archived as they are. A changed one stays, and its batch archives it again.
   */
  forgetRevived(instanceId: string, contactIds: readonly string[], events: readonly Event[] = []): void {
    const instance = this.state.instances.get(instanceId);
    if (instance && contactIds.length > 0) for (const contactId of unchangedBy(instance, contactIds, events)) forgetContact(instance, contactId);
  }

  /**
   * A contact for a read: the one in memory, else the archived one (loaded, not put back into memory). It
   * comes alone: a view that looks across a call's chain (contactRecord of a leg) goes through withContact.
   */
  async read(instanceId: string, contactId: string): Promise<Contact | undefined> {
    const live = this.state.instances.get(instanceId)?.contacts.get(contactId);
    if (live || !this.ids.get(instanceId)?.has(contactId)) return live;
    const data = await this.store.archive?.contact(instanceId, contactId);
    return this.state.instances.get(instanceId)?.contacts.get(contactId) ?? (data === undefined ? undefined : deserializeContact(data));
  }

  /**
   * Runs a synchronous view of the state (e.g. an attachment lookup, DescribeContact) with the contact in
   * memory: an archived one is revived with its chain for the call and forgotten again right after
   * (nothing else runs meanwhile).
   */
  async withContact<T>(instanceId: string, contactId: string, view: () => T): Promise<T> {
    const instance = this.state.instances.get(instanceId);
    if (!instance || instance.contacts.has(contactId) || !this.ids.get(instanceId)?.has(contactId)) return view();
    const revived = await this.revive(instanceId, [contactId]);
    try {
      return view();
    } finally {
      this.forgetRevived(instanceId, revived);
    }
  }

  /** The facts of the instance's archived contacts that may fall in [start, end), leaving out those in memory (counted there). */
  async facts(instanceId: string, start: number, end: number): Promise<MetricFact[]> {
    const archive = this.store.archive;
    if (!archive) return [];
    const rows = await archive.facts(instanceId, start, end);
    const live = this.state.instances.get(instanceId)?.contacts;
    return rows.filter((r) => !live?.has(r.contactId)).flatMap((r) => r.facts);
  }

  /**
   * SearchContacts (issue 18): the instance's archived contacts whose span meets [start, end] (ms), loaded and
   * not put back into memory, leaving out those in memory (the search sees them there).
   */
  async overlapping(instanceId: string, start: number, end: number): Promise<Contact[]> {
    const archive = this.store.archive;
    if (!archive) return [];
    const live = this.state.instances.get(instanceId)?.contacts;
    const data = archive.overlapping
      ? await archive.overlapping(instanceId, start, end)
      : (await Promise.all([...(this.ids.get(instanceId) ?? [])].filter((id) => !live?.has(id)).map((id) => archive.contact(instanceId, id)))).filter((d) => d !== undefined);
    return data.map((d) => deserializeContact(d)).filter((c) => !live?.has(c.id) && c.initiatedAt <= end && (c.disconnectedAt === undefined || c.disconnectedAt >= start));
  }

  private idsOf(instanceId: string): Set<string> {
    let ids = this.ids.get(instanceId);
    if (!ids) this.ids.set(instanceId, (ids = new Set()));
    return ids;
  }
}
