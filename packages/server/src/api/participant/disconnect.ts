import { z } from 'zod';
import { fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { authorizeParticipant } from './auth.ts';

const Body = z.object({ ClientToken: z.string().max(500).optional() });

/**
 * DisconnectParticipant: the participant leaves; the engine decides whether the chat ends. A retry with
 * the ClientToken of one that succeeded is answered as it was (without one, it is refused: the
 * participant has left).
 */
export async function disconnectParticipant(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = Body.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'connection');
  const key = body.data.ClientToken ? `DisconnectParticipant/${participant.id}/${body.data.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const outcome = await services.pipeline.submit(
      { type: 'DisconnectParticipant', instanceId: instance.id, contactId: contact.id, participantId: participant.id },
      { key, answer: () => ({}) },
    );
    if (!outcome.ok) throw fromRejection('participant', outcome.rejection);
    return outcome.answer;
  }));
}
