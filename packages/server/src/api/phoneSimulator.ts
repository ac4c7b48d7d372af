import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SAMPLE_INBOUND_FLOW, callFlowMedia, flowForNumber, callOf, flowMedia, hearingMatrix, type Contact, type Instance, type VoiceCall } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../http/errors.ts';
import { parseJson } from '../http/body.ts';
import type { RouteContext } from '../http/router.ts';
import type { Services } from '../services.ts';
import { authorizeConnect, instanceFor } from './connect/auth.ts';
import { idOf } from './connect/ids.ts';
import { offerFor, Sdp } from '../media/signalling.ts';

/**
 * The phone simulator: the test driver for voice until real audio lands. It plays the telephone
 * network's side — a caller dialling in, a dialled party answering or declining, anyone hanging up or
 * unmuting themselves — and shows a call as the media layer will see it (parties, who hears whom,
 * digits sent). It is signed with the instance's access keys like the Connect API, and it is never
 * presented to users as a real phone.
 */
const StartCallBody = z.object({
  From: z.string().min(1).max(32),
  ContactFlowId: z.string().min(1).max(500).optional(),
  Attributes: z.record(z.string().min(1).max(32767), z.string().max(32767)).optional(),
  /** The number dialled ($.SystemEndpoint.Address). */
  To: z.string().min(1).max(32).optional(),
  /** The simulator plays the media layer's part for flows: prompts wait until reported played (/flow/played). */
  Media: z.boolean().optional(),
});
const DigitsBody = z.object({ Digits: z.string().regex(/^[0-9*#]{0,40}$/), Reason: z.enum(['maxDigits', 'terminator', 'timeout', 'stopped']).optional() });
const ACTIONS = ['answer', 'decline', 'hangup', 'unmute'] as const;

/**
 * The flow a simulated call runs when none is named: the instance's first inbound (CONTACT_FLOW) flow of
 * its own making, else the sample inbound flow every new instance holds.
 */
export function defaultFlow(instance: Instance): string {
  const inbound = [...instance.flows.values()].filter((f) => f.type === 'CONTACT_FLOW');
  const flow = inbound.find((f) => f.id !== SAMPLE_INBOUND_FLOW.id) ?? inbound[0];
  if (!flow) throw errors.validation('connect', 'ContactFlowId: the instance has no inbound flow; name one');
  return flow.id;
}

/**
 * The flow a call runs: the one named, else — when the call is to a number the instance has claimed and
 * associated with a flow (AssociatePhoneNumberContactFlow) — that number's flow, else defaultFlow.
 */
export function flowForCall(instance: Instance, named: string | undefined, to: string | undefined): string {
  if (named !== undefined) return named;
  return (to !== undefined ? flowForNumber(instance, to) : undefined) ?? defaultFlow(instance);
}

/** POST /phone-simulator/{InstanceId}/calls — a caller dials in. */
export async function simulateInboundCall(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const body = StartCallBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const contactId = randomUUID();
  const partyId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'StartVoiceContact', instanceId: instance.id, contactId, partyId, customerPhoneNumber: body.data.From,
    contactFlowId: flowForCall(instance, body.data.ContactFlowId ? idOf(body.data.ContactFlowId) : undefined, body.data.To), attributes: body.data.Attributes ?? {},
    ...(body.data.Media ?? services.media !== undefined ? { media: true } : {}), ...(body.data.To !== undefined ? { systemPhoneNumber: body.data.To } : {}),
  });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, { ContactId: contactId, PartyId: partyId });
}

/** GET /phone-simulator/{InstanceId}/calls/{ContactId} — the call as the media layer sees it. */
export async function describeSimulatedCall(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const contactId = params.contactId!;
  // A finished call is read from the archive, with its whole chain (the call is kept on its first contact).
  const view = await services.pipeline.archive.withContact(instance.id, contactId, () => {
    const contact = instance.contacts.get(contactId);
    const call = contact ? callOf(instance, contact) : undefined;
    return call && { ...callView(call, instance.contacts.get(call.id)), Flows: callFlows(instance, call) };
  });
  if (!view) throw errors.notFound(`no call with contact ${params.contactId}`, 'Contact', params.contactId);
  sendJson(res, 200, { Call: view });
}

/** The call as the media layer sees it: parties, who hears whom, digits sent, and what its flow plays and waits for. */
function callView(call: VoiceCall, first: Contact | undefined): Record<string, unknown> {
  const flow = first ? flowMedia(first) : { playbacks: [], collections: [] };
  const waiting = first?.flowRun?.waiting;
  return {
    ...(waiting ? { Flow: { Waiting: waiting.kind, WaitId: waiting.id, Playing: flow.playbacks.map((p) => ({ Id: p.id, To: p.to, Audio: p.audio })), Collecting: flow.collections.map((c) => ({ Id: c.id, PartyId: c.partyId, MaxDigits: c.maxDigits })) } } : {}),
    Id: call.id, Mode: call.mode, Ended: call.endedAt !== undefined, Contacts: call.chain,
    Parties: call.parties.map((p) => ({
      Id: p.id, Kind: p.kind, State: p.state, Muted: p.muted, DisplayName: p.displayName, ContactId: p.legContactId,
      ...(p.phoneNumber ? { PhoneNumber: p.phoneNumber } : {}), ...(p.userId ? { UserId: p.userId } : {}),
    })),
    Hearing: hearingMatrix(call),
    Digits: call.digits.map((d) => ({ PartyId: d.partyId, Digits: d.digits })),
  };
}

/** Every flow running on the call — on its first contact or a leg — with the party it speaks to and what it plays. */
function callFlows(instance: Instance, call: VoiceCall): Record<string, unknown>[] {
  const flows: Record<string, unknown>[] = [];
  for (const contactId of call.chain) {
    const contact = instance.contacts.get(contactId);
    const run = contact?.flowRun;
    if (!contact || !run || contact.status === 'ended') continue;
    const media = flowMedia(contact, call);
    flows.push({
      ContactId: contact.id, FlowId: run.rootFlowId, FlowType: run.flowType, Waiting: run.waiting?.kind ?? null,
      Playing: media.playbacks.map((p) => ({ Id: p.id, To: p.to, Audio: p.audio })), Collecting: media.collections.map((c) => ({ Id: c.id, PartyId: c.partyId, MaxDigits: c.maxDigits })),
    });
  }
  return flows;
}

/** POST /phone-simulator/{InstanceId}/calls/{ContactId}/parties/{PartyId}/{action} — answer, decline, hangup, unmute. */
export async function simulatePhoneAction(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const action = params.action as (typeof ACTIONS)[number];
  if (!ACTIONS.includes(action)) throw errors.validation('connect', `action must be one of ${ACTIONS.join(', ')}`);
  const outcome = await services.pipeline.submit({ type: 'PhoneAction', instanceId: instance.id, contactId: params.contactId!, partyId: params.partyId!, action });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

const MediaBody = z.object({ Sdp: Sdp });

/**
 * POST /phone-simulator/{InstanceId}/calls/{ContactId}/media/{PartyId} — the simulated caller or dialled
 * party brings audio: its SDP offer (non-trickle) for the call's bridge; the answer comes back. Tests
 * attach a werift peer or a browser page this way, so simulated parties carry real audio.
 */
export async function simulatePartyMedia(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const body = MediaBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const sdp = await offerFor(services, instance, params.contactId!, (party) => party.id === params.partyId && party.kind !== 'agent', body.data.Sdp);
  sendJson(res, 200, { Sdp: sdp });
}

/** GET /phone-simulator/{InstanceId}/calls/{ContactId}/meter — what each party sent into the bridge and heard from it, over the last second. */
export async function simulatedCallMeter(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const contact = instance.contacts.get(params.contactId!);
  const call = contact && callOf(instance, contact);
  if (!call) throw errors.notFound(`no call with contact ${params.contactId}`, 'Contact', params.contactId);
  const meter = await services.media?.meter(call.id);
  sendJson(res, 200, { Parties: meter ?? {} });
}

/** The call's first contact, whose flow run the caller talks to. */
function firstContact(instance: Instance, contactId: string): Contact {
  const contact = instance.contacts.get(contactId);
  const call = contact ? callOf(instance, contact) : undefined;
  const first = call ? instance.contacts.get(call.id) : undefined;
  if (!first) throw errors.notFound(`no call with contact ${contactId}`, 'Contact', contactId);
  return first;
}

/**
 * POST /phone-simulator/{InstanceId}/calls/{ContactId}/digits {Digits, Reason?} — the caller presses keys
 * while the flow collects digits (GetParticipantInput): what media reports as FlowDigitsReceived.
 */
export async function simulateDigits(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const body = DigitsBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const first = firstContact(instance, params.contactId!);
  // The flow collecting may run on the first contact or on a leg (a disconnect flow after a transfer).
  const collecting = callFlowMedia(instance, first).collections[0];
  const waiting = collecting ? first.call?.chain.map((id) => instance.contacts.get(id)).find((c) => c?.flowRun?.waiting?.id === collecting.id) : undefined;
  const wait = waiting?.flowRun?.waiting;
  if (!waiting || !wait || wait.kind !== 'input' || wait.channel !== 'VOICE') throw errors.validation('connect', 'the call\'s flow is not collecting digits');
  const digits = body.data.Digits;
  const reason = body.data.Reason ?? (digits === '' ? 'timeout' : wait.terminator && digits.endsWith(wait.terminator) ? 'terminator' : 'maxDigits');
  const outcome = await services.pipeline.submit({ type: 'FlowDigitsReceived', instanceId: instance.id, contactId: waiting.id, collectionId: wait.id, digits, reason });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

const PlayedBody = z.object({ PartyId: z.string().min(1).max(100).optional() });

/**
 * POST /phone-simulator/{InstanceId}/calls/{ContactId}/flow/played {PartyId?} — the prompt a flow plays
 * finished (for calls started with Media): the one played to PartyId, else the first one playing (the
 * engine finds the contact of the call whose flow waits on it).
 */
export async function simulatePromptPlayed(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  const body = PlayedBody.safeParse(raw.length > 0 ? parseJson(raw, 'connect') : {});
  if (!body.success) throw fromZod('connect', body.error);
  const first = firstContact(instance, params.contactId!);
  const playing = callFlowMedia(instance, first).playbacks.find((p) => body.data.PartyId === undefined || p.to === body.data.PartyId);
  if (!playing) throw errors.validation('connect', body.data.PartyId ? `no flow plays a prompt to ${body.data.PartyId}` : 'the call\'s flow is not playing a prompt');
  const outcome = await services.pipeline.submit({ type: 'FlowPromptPlayed', instanceId: instance.id, contactId: first.id, playbackId: playing.id });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
