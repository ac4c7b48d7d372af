/**
 * Which contacts are finished — done with for good, so the shell may move them out of memory into its
 * durable archive — and how a contact leaves and comes back. Every contact used to stay in
 * `instance.contacts` forever; a server that runs for months grows without bound.
 *
 * Only chats are archived for now. A voice call is a chain of contacts whose legs read the call kept on
 * the initial contact (`call`), and other contacts' rules look across the chain; tasks have no command
 * that ends them yet. Those stay in memory until their rules are checked against archiving too.
 */
import type { Command } from '../commands.ts';
import type { Event } from '../events.ts';
import type { Contact } from '../model/contact.ts';
import type { Instance } from '../state.ts';

/**
 * A chat is finished when it has ended, no agent still holds it (every agent it was offered to has
 * cleared it after contact work: an agent comes to hold a chat only through an offer, so `offers` names
 * every agent who might) and nothing is outstanding: no offer, no pending invitation, no transfer.
 * Nothing but a command naming it can change it then, which is why the shell can revive it on demand.
 */
export function isFinishedContact(instance: Instance, contact: Contact): boolean {
  if (contact.channel !== 'CHAT' || contact.status !== 'ended') return false;
  if (contact.offer !== undefined || contact.transfer !== undefined) return false;
  if (instance.queued.has(contact.id) || instance.inviting.has(contact.id)) return false;
  if (contact.invitations.some((i) => i.status === 'pending')) return false;
  for (const offer of contact.offers) if (instance.users.get(offer.userId)?.contacts.has(contact.id)) return false;
  return true;
}

/** The contacts a batch's events name that are now finished chats (each once, in the order first named). */
export function finishedContacts(instance: Instance, events: readonly Event[]): Contact[] {
  const seen = new Set<string>();
  const finished: Contact[] = [];
  for (const event of events) {
    if (event.instanceId !== instance.id || !('contactId' in event) || typeof event.contactId !== 'string' || seen.has(event.contactId)) continue;
    seen.add(event.contactId);
    const contact = instance.contacts.get(event.contactId);
    if (contact && isFinishedContact(instance, contact)) finished.push(contact);
  }
  return finished;
}

/** Every finished chat in memory (at start-up, after replay). */
export function allFinishedContacts(instance: Instance): Contact[] {
  return [...instance.contacts.values()].filter((c) => isFinishedContact(instance, c));
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
 * The contacts a command names, which must be in memory for the rules to answer as they always have:
 * the contact it acts on, and the related contact a new chat points to (StartChatContact checks it exists;
 * a new chat reusing an archived contact's id must still be refused as a duplicate).
 */
export function contactsNamedBy(command: Command): string[] {
  const ids: string[] = [];
  if ('contactId' in command && typeof command.contactId === 'string') ids.push(command.contactId);
  if ('relatedContactId' in command && typeof command.relatedContactId === 'string') ids.push(command.relatedContactId);
  return ids;
}
