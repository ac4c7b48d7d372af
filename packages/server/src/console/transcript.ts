import { z } from 'zod';
import { agentChatItemView } from '@switchboard/engine';
import { errors, fromZod, sendJson } from '../http/errors.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { contactForConsole } from './contactAccess.ts';

/** At most this many items per page (a chat's transcript is bounded by its message limits; pages keep answers small). */
export const CONSOLE_TRANSCRIPT_PAGE = 500;

const Query = z.object({
  maxResults: z.string().regex(/^\d{1,4}$/, 'maxResults must be a whole number').transform(Number).pipe(z.number().int().min(1).max(CONSOLE_TRANSCRIPT_PAGE)).optional(),
  nextToken: z.string().regex(/^\d{1,9}$/, 'nextToken is not valid').transform(Number).optional(),
});

/**
 * GET /admin/contacts/{ContactId}/transcript (Authorization: Bearer <agent token>, ContactSearch.View): a
 * chat's transcript for the admin console's contact view, oldest first — messages, events (joins, leaves,
 * transfers, the end) with the participant's role and display name, attachments with their names — in the
 * Participant Service's item shape (GetTranscript's `Transcript[]`). Connect has no admin API for this (its
 * console reads the transcript from S3); a participant's GetTranscript only reads its own chat. Live chats are
 * read from memory, ended ones from the archive (not revived). A voice or task contact has no items. Paged by
 * `maxResults` (1–500) and `nextToken`. Message bodies are in the answer only, never in a log line. A
 * whisper's message (seen by one side only) carries `VisibleTo`: the participants who saw it.
 */
export async function consoleTranscript(services: Services, { req, res, params, url }: RouteContext): Promise<void> {
  const { contact } = await contactForConsole(services, req, params.contactId!);
  const query = Query.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) throw fromZod('connect', query.error);
  const offset = query.data.nextToken ?? 0;
  const max = query.data.maxResults ?? CONSOLE_TRANSCRIPT_PAGE;
  const items = contact.transcript;
  if (offset > items.length) throw errors.validation('connect', 'nextToken is not valid');
  const initial = contact.initialContactId ?? contact.id;
  sendJson(res, 200, {
    ContactId: contact.id,
    InitialContactId: initial,
    Channel: contact.channel,
    // A whisper's message carries VisibleTo, the participants who alone saw it (the console shows every item, and says so).
    Transcript: items.slice(offset, offset + max).map((item) => agentChatItemView(item, contact)),
    ...(offset + max < items.length ? { NextToken: String(offset + max) } : {}),
  });
}
