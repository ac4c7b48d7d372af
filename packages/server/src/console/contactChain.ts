import { contactSearchSummary, type Contact } from '@switchboard/engine';
import { sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { contactForConsole } from './contactAccess.ts';

/** At most this many contacts in one answer (a call has at most a handful of legs; a chain of links is cut off here). */
export const CHAIN_LIMIT = 50;
/** Contacts that name one of the chain are looked for among those that began up to a day after the chain's last end. */
const LINKED_AFTER_MS = 24 * 3_600_000;

/** The ids a contact names: its call's first contact and the call's chain (voice legs), the contact it came from, the one it relates to, the legs made from it. */
function namedBy(contact: Contact): string[] {
  return [
    contact.initialContactId, contact.previousContactId, contact.relatedContactId,
    ...(contact.call?.chain ?? []), ...(contact.nextContacts ?? []).map((n) => n.contactId),
  ].filter((id): id is string => id !== undefined && id !== contact.id);
}

/**
 * GET /admin/contacts/{ContactId}/chain (Authorization: Bearer <agent token>, ContactSearch.View): every
 * contact linked to this one, the contact itself included, oldest first, each as SearchContacts summarises it
 * plus its RelatedContactId. SearchContacts cannot ask for this (it has no criteria on the contact ids).
 *
 * How contacts link (engine): a call's consult and transfer legs are contacts of their own whose
 * InitialContactId is the call's first contact (which lists the whole chain, `call.chain`) and whose
 * PreviousContactId is the leg before; a chat transfer keeps its contact; a callback names the contact whose
 * flow made it (PreviousContactId and RelatedContactId); a task or chat may name a related or previous contact.
 * The links are followed both ways: the ids a contact names (read live or from the archive), and the contacts
 * that name one of the chain — in memory, and archived ones that began while the chain ran or up to a day after.
 */
export async function consoleContactChain(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { instance, contact } = await contactForConsole(services, req, params.contactId!);
  const found = new Map<string, Contact>([[contact.id, contact]]);
  const follow = async (from: Contact[]): Promise<void> => {
    const queue = [...from];
    while (queue.length > 0 && found.size < CHAIN_LIMIT) {
      for (const id of namedBy(queue.shift()!)) {
        if (found.has(id) || found.size >= CHAIN_LIMIT) continue;
        const named = await services.pipeline.archive.read(instance.id, id);
        if (named) {
          found.set(id, named);
          queue.push(named);
        }
      }
    }
  };
  await follow([contact]);
  // The contacts that name one of the chain (a callback, a follow-up task), until none is new.
  const span = [...found.values()];
  const start = Math.min(...span.map((c) => c.initiatedAt));
  const end = Math.max(...span.map((c) => c.disconnectedAt ?? services.pipeline.now())) + LINKED_AFTER_MS;
  const candidates = [...instance.contacts.values(), ...(await services.pipeline.archive.overlapping(instance.id, start, end))];
  for (let added = true; added && found.size < CHAIN_LIMIT;) {
    added = false;
    for (const candidate of candidates) {
      if (found.has(candidate.id) || found.size >= CHAIN_LIMIT || !namedBy(candidate).some((id) => found.has(id))) continue;
      found.set(candidate.id, candidate);
      await follow([candidate]);
      added = true;
    }
  }
  const ordered = [...found.values()].sort((a, b) => a.initiatedAt - b.initiatedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  sendJson(res, 200, {
    ContactId: contact.id,
    Contacts: ordered.map((c) => ({ ...contactSearchSummary(c), ...(c.relatedContactId !== undefined ? { RelatedContactId: c.relatedContactId } : {}) })),
    ...(found.size >= CHAIN_LIMIT ? { Truncated: true } : {}),
  });
}
