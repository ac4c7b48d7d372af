import { z } from 'zod';
import { chatItemView, isRejection, transcriptFor, transcriptPage } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';

import { authorizeParticipant } from './auth.ts';

const Body = z.object({
  ContactId: z.string().min(1).max(256).optional(),
  MaxResults: z.number().int().min(0).max(100).optional(),
  NextToken: z.string().min(1).max(1000).optional(),
  ScanDirection: z.enum(['FORWARD', 'BACKWARD']).optional(),
  SortOrder: z.enum(['ASCENDING', 'DESCENDING']).optional(),
  StartPosition: z.object({
    Id: z.string().min(1).max(256).optional(),
    AbsoluteTime: z.string().min(1).max(100).optional(),
    MostRecent: z.number().int().min(0).max(100).optional(),
  }).optional(),
});

/** GetTranscript: pages of the chat's items; a participant reads only its own contact's transcript, and only the items it sees (not the other side's whisper). */
export async function getTranscript(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = Body.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { contact, participant } = await authorizeParticipant(services, req, 'connection');
  const q = body.data;
  if (q.ContactId !== undefined && q.ContactId !== contact.id && q.ContactId !== contact.initialContactId) {
    throw errors.accessDenied('the token does not allow reading that contact');
  }
  let absoluteTime: number | undefined;
  if (q.StartPosition?.AbsoluteTime !== undefined) {
    absoluteTime = Date.parse(q.StartPosition.AbsoluteTime);
    if (Number.isNaN(absoluteTime)) throw errors.validation('participant', 'StartPosition.AbsoluteTime is not an ISO-8601 time');
  }
  await services.pipeline.settled();
  // The participant's own view: another side's whisper is not in it (paging runs over this view).
  const page = transcriptPage(transcriptFor(contact.transcript, participant.id), {
    ...(q.MaxResults !== undefined ? { maxResults: q.MaxResults } : {}),
    ...(q.ScanDirection ? { scanDirection: q.ScanDirection } : {}),
    ...(q.SortOrder ? { sortOrder: q.SortOrder } : {}),
    ...(q.NextToken !== undefined ? { nextToken: q.NextToken } : {}),
    startPosition: {
      ...(q.StartPosition?.Id !== undefined ? { id: q.StartPosition.Id } : {}),
      ...(absoluteTime !== undefined ? { absoluteTime } : {}),
      ...(q.StartPosition?.MostRecent !== undefined ? { mostRecent: q.StartPosition.MostRecent } : {}),
    },
  });
  if (isRejection(page)) throw fromRejection('participant', page);
  const initial = contact.initialContactId ?? contact.id;
  sendJson(res, 200, {
    InitialContactId: initial,
    Transcript: page.items.map((i) => chatItemView(i, contact.id, initial)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  });
}
