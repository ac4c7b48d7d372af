import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Instance } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../http/errors.ts';
import { parseJson, readBody } from '../http/body.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { issueToken, peekToken, verifyToken, type TokenClaims } from '../auth/tokens.ts';
import { approvedOrigin, cors, findWidget } from './widget.ts';
import { mediaSettings, offerFor, Sdp } from '../media/signalling.ts';

/**
 * Web calling (Amazon Connect's "call us" in its communications widget, StartWebRTCContact): a customer
 * calls from a web page with no phone number. The widget's approved origins and rate limit apply, as for
 * chats; the call runs the widget's flow with InitiationMethod WEBRTC_API. The page gets a caller token
 * scoped to its one party of its one call, and uses it to send its audio offer and to hang up.
 */
const StartBody = z.object({ DisplayName: z.string().trim().min(1).max(256), Sdp: Sdp });
const OfferBody = z.object({ Sdp: Sdp });
const CALLER_TOKEN_MS = 12 * 60 * 60 * 1000;

/** POST /widget/{widgetId}/start-call → { ContactId, ParticipantId, ParticipantToken, Sdp }: the call starts, and its audio with it. */
export async function widgetStartCall(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { instance, widget } = findWidget(services, params.widgetId!);
  cors(res, approvedOrigin(services, req, widget, instance));
  if (!services.media) throw errors.validation('connect', 'call audio is off on this server (SWITCHBOARD_MEDIA=0)');
  const client = req.socket.remoteAddress ?? 'unknown';
  if (!services.widgetLimiter.take(`${widget.id}/${client}`, services.pipeline.now())) throw errors.throttled('too many calls started from this address; try again in a minute');
  const body = StartBody.safeParse(parseJson(await readBody(req, 'connect', 96 * 1024), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const contactId = randomUUID();
  const partyId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'StartVoiceContact', instanceId: instance.id, contactId, partyId, initiationMethod: 'WEBRTC_API', customerDisplayName: body.data.DisplayName, media: true,
    contactFlowId: widget.contactFlowId, attributes: {},
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  const token = issueToken(instance.tokenKey, { kind: 'caller', instanceId: instance.id, contactId, participantId: partyId, expires: services.pipeline.now() + CALLER_TOKEN_MS });
  let sdp: string;
  try {
    sdp = await offerFor(services, instance, contactId, (p) => p.id === partyId, body.data.Sdp);
  } catch (error) {
    // No audio, no call: the caller is not left in a queue they cannot hear.
    await services.pipeline.submit({ type: 'PhoneAction', instanceId: instance.id, contactId, partyId, action: 'hangup' });
    throw error;
  }
  sendJson(res, 200, { ContactId: contactId, ParticipantId: partyId, ParticipantToken: token, Sdp: sdp });
}

/** GET /widget/{widgetId}/call-config → whether calls carry audio, and the ICE servers for the page. */
export function widgetCallConfig(services: Services, { req, res, params }: RouteContext): void {
  const { instance, widget } = findWidget(services, params.widgetId!);
  // A same-origin GET carries no Origin header; another site's page must be an approved origin.
  if (req.headers.origin !== undefined) cors(res, approvedOrigin(services, req, widget, instance));
  sendJson(res, 200, mediaSettings(services));
}

function caller(services: Services, req: IncomingMessage): { instance: Instance; claims: TokenClaims } {
  const token = req.headers['x-amz-bearer'];
  const claims = typeof token === 'string' ? peekToken(token) : undefined;
  const instance = claims && services.state.instances.get(claims.instanceId);
  const checked = instance && verifyToken(token as string, instance.tokenKey, 'caller', services.pipeline.now());
  if (!instance || !checked) throw errors.accessDenied('a valid caller token (X-Amz-Bearer) is required');
  return { instance, claims: checked };
}

/** POST /web-call/offer (X-Amz-Bearer: caller token) → { Sdp }: audio again for the same call (after a reload or a dropped connection). */
export async function webCallOffer(services: Services, { req, res }: RouteContext): Promise<void> {
  const { instance, claims } = caller(services, req);
  const body = OfferBody.safeParse(parseJson(await readBody(req, 'connect', 96 * 1024), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const sdp = await offerFor(services, instance, claims.contactId!, (p) => p.id === claims.participantId, body.data.Sdp);
  sendJson(res, 200, { Sdp: sdp });
}

/** POST /web-call/hangup (X-Amz-Bearer: caller token): the caller hangs up. */
export async function webCallHangup(services: Services, { req, res }: RouteContext): Promise<void> {
  const { instance, claims } = caller(services, req);
  await readBody(req, 'connect', 1024);
  const outcome = await services.pipeline.submit({ type: 'PhoneAction', instanceId: instance.id, contactId: claims.contactId!, partyId: claims.participantId!, action: 'hangup' });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

/** GET /web-call/state (X-Amz-Bearer: caller token) → { State, Ended }: what the page shows (queued, with an agent, on hold, ended). */
export async function webCallState(services: Services, { req, res }: RouteContext): Promise<void> {
  const { instance, claims } = caller(services, req);
  await services.pipeline.settled();
  const contact = instance.contacts.get(claims.contactId!);
  const party = contact?.call?.parties.find((p) => p.id === claims.participantId);
  const ended = !contact || !party || party.state === 'disconnected' || contact.call?.endedAt !== undefined;
  const withAgent = contact?.call?.parties.some((p) => p.kind === 'agent' && p.state === 'connected') ?? false;
  sendJson(res, 200, { Ended: ended, State: ended ? 'ENDED' : party.state === 'hold' ? 'ON_HOLD' : withAgent ? 'CONNECTED' : contact.status === 'queued' ? 'QUEUED' : 'IN_FLOW' });
}
