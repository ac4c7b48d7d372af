/**
 * Which contacts are finished — done with for good, so the shell may move them out of memory into its
 * durable archive — and how a contact leaves and comes back. Every contact used to stay in
 * `instance.contacts` forever; a server that runs for months grows without bound.
 *
 * Contacts leave and come back a chain at a time. A chat is a chain of one contact (a chat transfer keeps
 * its contact). A voice call is a chain of contacts — its first contact, which keeps the call (`call`),
 * and one leg per consult or transfer, each with `initialContactId` pointing at the first — and the rules
 * look across it: a leg finds its call on the first contact (callOf: call control, phone actions,
 * StopContact, offers of a leg), DescribeContact of a leg reads the caller's number there, and adding a
 * leg writes the previous contact's NextContacts. So a call's contacts are archived together, once every
 * one of them is finished, forgotten together, and revived together when a command names any of them:
 * whatever a rule reads of the chain is in memory exactly when it was before.
 *
 * A task is a chain of one contact, as a chat is: finished once settled (ended, cleared by its agent).
 */
import type { Command } from '../commands.ts';
import type { Event } from '../events.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';

/**
 * A contact is settled when it has ended, no agent still holds it (every agent who came to hold it —
 * through an offer, or by placing the call — has cleared it after contact work) and nothing is
 * outstanding on it: no offer, no queued entry, no pending invitation, no transfer.
 */
function isSettled(instance: Instance, contact: Contact): boolean {
  if (contact.status !== 'ended' || contact.offer !== undefined || contact.transfer !== undefined) return false;
  if (instance.queued.has(contact.id) || instance.inviting.has(contact.id)) return false;
  if (contact.invitations.some((i) => i.status === 'pending')) return false;
  // An agent comes to hold a contact only through an offer, or (a call they place) as its first leg.
  for (const offer of contact.offers) if (instance.users.get(offer.userId)?.contacts.has(contact.id)) return false;
  for (const leg of contact.legs) if (instance.users.get(leg.userId)?.contacts.has(contact.id)) return false;
  return true;
}

/** The id of the contact a chain is known by: a call's first contact (`initialContactId` on its legs), or a chat itself. */
export function chainHeadId(contact: Contact): string {
  return contact.channel === 'VOICE' ? contact.initialContactId ?? contact.id : contact.id;
}

/** The ids of the chain `head` (a chain's head, see chainHeadId) is the head of, head first: a call's contacts in the order they were made. */
export function chainIds(head: Contact): string[] {
  return head.channel === 'VOICE' && head.call ? [...head.call.chain] : [head.id];
}

/** The contacts of a contact's chain that are in memory, head first (all of them, or none but itself when its chain is archived). */
export function chainOf(instance: Instance, contact: Contact): Contact[] {
  const head = instance.contacts.get(chainHeadId(contact));
  if (!head) return [contact];
  return chainIds(head).map((id) => instance.contacts.get(id)).filter((c) => c !== undefined);
}

/**
 * A contact is finished when its whole chain is: a chat when it is settled; a call's contact when the
 * call is over and every contact of the call is settled. Nothing but a command naming one of them can
 * change them then, which is why the shell can revive the chain on demand.
 */
export function isFinishedContact(instance: Instance, contact: Contact): boolean {
  if (contact.channel === 'CHAT' || contact.channel === 'TASK') return isSettled(instance, contact);
  if (contact.channel !== 'VOICE') return false;
  const call = instance.contacts.get(chainHeadId(contact))?.call;
  if (!call || call.endedAt === undefined) return false;
  return call.chain.every((id) => {
    const c = instance.contacts.get(id);
    return c !== undefined && isSettled(instance, c);
  });
}

/**
 * The contacts a batch's events name whose chains are now finished, with every contact of those chains
 * (each once; chains in the order first named, each head first).
 */
export function finishedContacts(instance: Instance, events: readonly Event[]): Contact[] {
  const seen = new Set<string>();
  const finished: Contact[] = [];
  for (const event of events) {
    if (event.instanceId !== instance.id || !('contactId' in event) || typeof event.contactId !== 'string' || seen.has(event.contactId)) continue;
    seen.add(event.contactId);
    const contact = instance.contacts.get(event.contactId);
    if (!contact) continue;
    const head = chainHeadId(contact);
    if (head !== contact.id) {
      if (seen.has(head)) continue;
      seen.add(head);
    }
    if (!isFinishedContact(instance, contact)) continue;
    for (const member of chainOf(instance, contact)) {
      seen.add(member.id);
      finished.push(member);
    }
  }
  return finished;
}

/** Every finished contact in memory (at start-up, after replay): whole chains, each head first. */
export function allFinishedContacts(instance: Instance): Contact[] {
  const finished: Contact[] = [];
  for (const contact of instance.contacts.values()) {
    if (chainHeadId(contact) === contact.id && isFinishedContact(instance, contact)) finished.push(...chainOf(instance, contact));
  }
  return finished;
}

/** Takes a finished contact out of memory (the shell has made it durable in its archive first). */
export function forgetContact(instance: Instance, contactId: string): void {
  instance.contacts.delete(contactId);
}

/** Puts an archived contact back into memory, exactly as it was, so the rules see it again. */
export function reviveContact(instance: Instance, contact: Contact): void {
  instance.contacts.set(contact.id, contact);
}

/**
 * Of the contacts revived for a command, those its events left as they were archived: no event names any
 * contact of their chain (only what an event names changes). They can leave memory again at once — e.g. a
 * new chat's related contact, which the new chat's events do not name.
 */
export function unchangedBy(instance: Instance, contactIds: readonly string[], events: readonly Event[]): string[] {
  const named = new Set<string>();
  for (const event of events) {
    if (event.instanceId !== instance.id || !('contactId' in event) || typeof event.contactId !== 'string') continue;
    const contact = instance.contacts.get(event.contactId);
    if (contact) named.add(chainHeadId(contact));
  }
  return contactIds.filter((id) => {
    const contact = instance.contacts.get(id);
    return contact !== undefined && !named.has(chainHeadId(contact));
  });
}

/**
 * The contacts a command names, which must be in memory for the rules to answer as they always have:
 * the contact it acts on, and the related (or previous) contact a new chat or task points to (StartChatContact checks it exists;
 * a new chat reusing an archived contact's id must still be refused as a duplicate). The shell brings
 * back each one's whole chain (chainHeadId, chainIds).
 */
export function contactsNamedBy(command: Command): string[] {
  const ids: string[] = [];
  if ('contactId' in command && typeof command.contactId === 'string') ids.push(command.contactId);
  if ('relatedContactId' in command && typeof command.relatedContactId === 'string') ids.push(command.relatedContactId);
  if (command.type === 'StartTaskContact' && command.previousContactId !== undefined) ids.push(command.previousContactId);
  return ids;
}
