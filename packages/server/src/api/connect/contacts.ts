import { z } from 'zod';
import { contactRecord } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { remember, type Services } from '../../services.ts';
import { startChat } from '../startChat.ts';
import { authorizeConnect, instanceFor } from './auth.ts';
import { idOf } from './ids.ts';

const Text = (max: number) => z.string().min(1).max(max);

const StartChatContactBody = z.object({
  InstanceId: Text(100),
  ContactFlowId: Text(500),
  ParticipantDetails: z.object({ DisplayName: Text(256) }),
  Attributes: z.record(z.string().min(1).max(32767), z.string().max(32767)).optional(),
  InitialMessage: z.object({ ContentType: Text(100), Content: Text(16384) }).optional(),
  ClientToken: z.string().max(500).optional(),
  ChatDurationInMinutes: z.number().int().optional(),
  SupportedMessagingContentTypes: z.array(z.string()).optional(),
  RelatedContactId: Text(256).optional(),
  ParticipantConfiguration: z.unknown().optional(),
  PersistentChat: z.unknown().optional(),
  SegmentAttributes: z.unknown().optional(),
  CustomerId: z.string().optional(),
  DisconnectOnCustomerExit: z.unknown().optional(),
});

/** StartChatContact (PUT /contact/chat). */
export async function startChatContact(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = StartChatContactBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const b = body.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  const idem = b.ClientToken ? `StartChatContact/${instance.id}/${b.ClientToken}` : undefined;
  if (idem && services.idempotency.has(idem)) return sendJson(res, 200, services.idempotency.get(idem));
  const result = await startChat(services, instance, {
    contactFlowId: idOf(b.ContactFlowId),
    displayName: b.ParticipantDetails.DisplayName,
    ...(b.Attributes ? { attributes: b.Attributes } : {}),
    ...(b.InitialMessage ? { initialMessage: { contentType: b.InitialMessage.ContentType, content: b.InitialMessage.Content } } : {}),
    ...(b.ChatDurationInMinutes !== undefined ? { chatDurationMinutes: b.ChatDurationInMinutes } : {}),
    ...(b.RelatedContactId ? { relatedContactId: b.RelatedContactId } : {}),
  }, 'connect');
  if (idem) remember(services, idem, result);
  sendJson(res, 200, result);
}

/** DescribeContact (GET /contacts/{InstanceId}/{ContactId}). */
export async function describeContact(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  const contact = instance.contacts.get(params.contactId!);
  if (!contact) throw errors.notFound(`Contact ${params.contactId} not found`, 'Contact', params.contactId);
  sendJson(res, 200, { Contact: contactRecord(instance, contact) });
}

const StopContactBody = z.object({
  ContactId: Text(256),
  InstanceId: Text(100),
  DisconnectReason: z.object({ Code: z.string().max(256).optional() }).optional(),
});

/** StopContact (POST /contact/stop). */
export async function stopContact(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = StopContactBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const instance = instanceFor(services, keyInstance, body.data.InstanceId);
  const outcome = await services.pipeline.submit({ type: 'StopContact', instanceId: instance.id, contactId: body.data.ContactId });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}
