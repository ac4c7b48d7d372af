import { z } from 'zod';
import { issueToken } from '../../auth/tokens.ts';
import { errors, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { webSocketBase, type Services } from '../../services.ts';
import { authorizeParticipant } from './auth.ts';

/**
 * Connection tokens last a day (the Participant Service documents one day), also in a chat that ends
 * sooner: chatjs fetches a new token at Expiry − 60 s and schedules the next fetch from the new
 * Expiry, so an Expiry capped at the chat's end would make it call CreateParticipantConnection in a
 * tight loop for the chat's last minute. A token outliving its chat grants nothing: every operation
 * checks that the participant is still in the chat (reading the transcript stays allowed).
 */
export const CONNECTION_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;
/** A WebSocket URL must be opened within 100 seconds of being handed out. */
export const WEBSOCKET_URL_TTL_MS = 100 * 1000;

const Body = z.object({
  Type: z.array(z.enum(['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION'])).min(1).optional(),
  ConnectParticipant: z.boolean().optional(),
});

/** CreateParticipantConnection: trade the participant token for a connection token and a WebSocket URL. */
export async function createParticipantConnection(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = Body.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'participant');
  if (participant.state !== 'connected' || contact.status === 'ended') throw errors.accessDenied('the participant is no longer in this chat');
  // chatjs asks at the start, on each reconnect and a minute before its token expires: a few a minute at most.
  services.rates.connection(participant.id, services.pipeline.now());
  const types = body.data.Type ?? [];
  if (types.includes('WEBRTC_CONNECTION')) throw errors.validation('participant', 'WEBRTC_CONNECTION is not available for chat contacts');
  const now = services.pipeline.now();
  const scope = { instanceId: instance.id, contactId: contact.id, participantId: participant.id };
  const out: Record<string, unknown> = {};
  if (types.includes('WEBSOCKET')) {
    const expires = now + WEBSOCKET_URL_TTL_MS;
    const token = issueToken(instance.tokenKey, { kind: 'websocket', ...scope, expires });
    out.Websocket = { Url: `${webSocketBase(services, req)}/participant/ws?token=${encodeURIComponent(token)}`, ConnectionExpiry: new Date(expires).toISOString() };
  }
  if (types.includes('CONNECTION_CREDENTIALS')) {
    const expires = now + CONNECTION_TOKEN_TTL_MS;
    out.ConnectionCredentials = { ConnectionToken: issueToken(instance.tokenKey, { kind: 'connection', ...scope, expires }), Expiry: new Date(expires).toISOString() };
  }
  sendJson(res, 200, out);
}
