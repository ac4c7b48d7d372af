import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Instance } from '@switchboard/engine';
import { ApiError, errors, fromRejection, fromZod, sendJson } from '../http/errors.ts';
import { parseJson, readBody } from '../http/body.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { flowForCall } from './phoneSimulator.ts';
import { mediaSettings, offerFor, Sdp } from '../media/signalling.ts';

/**
 * The development phone (issue 16): a browser page that stands in for a telephone with a number, so a
 * PHONE_NUMBER quick connect or the CCP's dialler rings something with a microphone, and someone can
 * call the contact center from a number — in development and tests, with no telephone network. It is
 * on only where SWITCHBOARD_DEV_PHONE=1 (the demo's default) and is labelled a development phone
 * everywhere; anyone who can reach the server can use it, so it must stay off in production.
 */
const Number = z.string().regex(/^\+[1-9]\d{1,14}$/, 'an E.164 number such as +12065550199');
/** `To`: the number dialled; a number the instance has claimed runs the flow associated with it. */
const DialBody = z.object({ From: Number, Sdp: Sdp, To: Number.optional() });
const AnswerBody = z.object({ Sdp: Sdp });
const ACTIONS = ['answer', 'decline', 'hangup'] as const;

function phoneInstance(services: Services, instanceId: string): Instance {
  if (!services.config.devPhone) throw new ApiError(404, 'ResourceNotFoundException', 'the development phone is off on this server (SWITCHBOARD_DEV_PHONE=1 turns it on)');
  const instance = services.state.instances.get(instanceId);
  if (!instance) throw errors.notFound(`no instance ${instanceId}`, 'Instance', instanceId);
  return instance;
}

/** GET /dev-phone/{InstanceId}/calls?number=+1… — the calls this number is on (ringing, connected, on hold). */
export async function devPhoneCalls(services: Services, { res, params, url }: RouteContext): Promise<void> {
  const instance = phoneInstance(services, params.instanceId!);
  const number = Number.safeParse(url.searchParams.get('number') ?? '');
  if (!number.success) throw fromZod('connect', number.error);
  await services.pipeline.settled();
  const calls = [];
  for (const contact of instance.contacts.values()) {
    const call = contact.call;
    if (!call || call.endedAt !== undefined) continue;
    for (const party of call.parties) {
      if (party.kind === 'agent' || party.phoneNumber !== number.data || party.state === 'disconnected') continue;
      calls.push({
        ContactId: call.id, PartyId: party.id, State: party.state, Direction: party.kind === 'customer' && contact.initiationMethod === 'INBOUND' ? 'OUTGOING' : 'INCOMING',
        Since: party.since,
      });
    }
  }
  sendJson(res, 200, { Calls: calls });
}

/** POST /dev-phone/{InstanceId}/dial — the phone calls the contact center (the instance's inbound flow) and brings its audio. */
export async function devPhoneDial(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const instance = phoneInstance(services, params.instanceId!);
  const body = DialBody.safeParse(parseJson(await readBody(req, 'connect'), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const contactId = randomUUID();
  const partyId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'StartVoiceContact', instanceId: instance.id, contactId, partyId, customerPhoneNumber: body.data.From, contactFlowId: flowForCall(instance, undefined, body.data.To), attributes: {}, media: true,
    ...(body.data.To !== undefined ? { systemPhoneNumber: body.data.To } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  const sdp = await offerFor(services, instance, contactId, (p) => p.id === partyId, body.data.Sdp);
  sendJson(res, 200, { ContactId: contactId, PartyId: partyId, Sdp: sdp });
}

/** POST /dev-phone/{InstanceId}/calls/{ContactId}/parties/{PartyId}/{answer|decline|hangup} — answer carries the phone's offer. */
export async function devPhoneAction(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const instance = phoneInstance(services, params.instanceId!);
  const action = params.action as (typeof ACTIONS)[number];
  if (!ACTIONS.includes(action)) throw errors.validation('connect', `action must be one of ${ACTIONS.join(', ')}`);
  const raw = await readBody(req, 'connect');
  const body = action === 'answer' ? AnswerBody.safeParse(parseJson(raw, 'connect')) : undefined;
  if (body && !body.success) throw fromZod('connect', body.error);
  const outcome = await services.pipeline.submit({ type: 'PhoneAction', instanceId: instance.id, contactId: params.contactId!, partyId: params.partyId!, action });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  if (!body) return sendJson(res, 200, {});
  const sdp = await offerFor(services, instance, params.contactId!, (p) => p.id === params.partyId && p.kind !== 'agent', body.data.Sdp);
  sendJson(res, 200, { Sdp: sdp });
}

/** POST /dev-phone/{InstanceId}/calls/{ContactId}/media/{PartyId} — a new offer for a call the phone is on (after a reload). */
export async function devPhoneMedia(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const instance = phoneInstance(services, params.instanceId!);
  const body = AnswerBody.safeParse(parseJson(await readBody(req, 'connect'), 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const sdp = await offerFor(services, instance, params.contactId!, (p) => p.id === params.partyId && p.kind !== 'agent', body.data.Sdp);
  sendJson(res, 200, { Sdp: sdp });
}

/** GET /dev-phone/{InstanceId}/config — whether calls carry audio, and the ICE servers for the page's peer connection. */
export async function devPhoneConfig(services: Services, { res, params }: RouteContext): Promise<void> {
  phoneInstance(services, params.instanceId!);
  sendJson(res, 200, mediaSettings(services));
}
