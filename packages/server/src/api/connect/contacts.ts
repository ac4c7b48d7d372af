import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { issueToken } from '../../auth/tokens.ts';
import { contactRecord } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson } from '../../http/errors.ts';
import { parseJson } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
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
  const key = b.ClientToken ? `StartChatContact/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, () => startChat(services, instance, {
    contactFlowId: idOf(b.ContactFlowId),
    displayName: b.ParticipantDetails.DisplayName,
    ...(b.Attributes ? { attributes: b.Attributes } : {}),
    ...(b.InitialMessage ? { initialMessage: { contentType: b.InitialMessage.ContentType, content: b.InitialMessage.Content } } : {}),
    ...(b.ChatDurationInMinutes !== undefined ? { chatDurationMinutes: b.ChatDurationInMinutes } : {}),
    ...(b.RelatedContactId ? { relatedContactId: b.RelatedContactId } : {}),
  }, 'connect', key)));
}

/** DescribeContact (GET /contacts/{InstanceId}/{ContactId}). */
export async function describeContact(services: Services, { req, res, params }: RouteContext): Promise<void> {
  const { keyInstance } = await authorizeConnect(services, req);
  const instance = instanceFor(services, keyInstance, params.instanceId!);
  await services.pipeline.settled();
  // A finished contact is read from the archive, with its call's chain (a leg shows the caller, kept on the
  // first contact): the record is the same as when it was in memory.
  const contactId = params.contactId!;
  const record = await services.pipeline.archive.withContact(instance.id, contactId, () => {
    const contact = instance.contacts.get(contactId);
    return contact && contactRecord(instance, contact);
  });
  if (!record) throw errors.notFound(`Contact ${params.contactId} not found`, 'Contact', params.contactId);
  sendJson(res, 200, { Contact: record });
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

const UpdateAttributesBody = z.object({
  InitialContactId: Text(256),
  InstanceId: Text(100),
  Attributes: z.record(z.string().max(32767), z.string().max(32767)),
});

/** UpdateContactAttributes (POST /contact/attributes). */
export async function updateContactAttributes(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = UpdateAttributesBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const instance = instanceFor(services, keyInstance, body.data.InstanceId);
  const outcome = await services.pipeline.submit({ type: 'UpdateContactAttributes', instanceId: instance.id, contactId: body.data.InitialContactId, attributes: body.data.Attributes });
  if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
  sendJson(res, 200, {});
}

const CreateParticipantBody = z.object({
  InstanceId: Text(100),
  ContactId: Text(256),
  ClientToken: z.string().max(500).optional(),
  ParticipantDetails: z.object({
    ParticipantRole: z.string().optional(),
    DisplayName: Text(256).optional(),
    ParticipantCapabilities: z.unknown().optional(),
  }),
});

/** CreateParticipant (POST /contact/create-participant): a custom bot joins the chat and gets its own participant token. */
export async function createParticipant(services: Services, { req, res }: RouteContext): Promise<void> {
  const { body: raw, keyInstance } = await authorizeConnect(services, req);
  const body = CreateParticipantBody.safeParse(parseJson(raw, 'connect'));
  if (!body.success) throw fromZod('connect', body.error);
  const b = body.data;
  const instance = instanceFor(services, keyInstance, b.InstanceId);
  if ((b.ParticipantDetails.ParticipantRole ?? 'CUSTOM_BOT') !== 'CUSTOM_BOT') {
    throw errors.validation('connect', 'ParticipantDetails.ParticipantRole: only CUSTOM_BOT participants can be created');
  }
  const key = b.ClientToken ? `CreateParticipant/${instance.id}/${b.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    const participantId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'AddBotParticipant', instanceId: instance.id, contactId: b.ContactId, participantId, displayName: b.ParticipantDetails.DisplayName ?? 'BOT',
    }, {
      key,
      answer: (_events, now) => {
        const expires = instance.contacts.get(b.ContactId)?.expiresAt ?? now + 86_400_000;
        return {
          ParticipantId: participantId,
          ParticipantCredentials: {
            ParticipantToken: issueToken(instance.tokenKey, { kind: 'participant', instanceId: instance.id, contactId: b.ContactId, participantId, expires }),
            Expiry: new Date(expires).toISOString(),
          },
        };
      },
    });
    if (!outcome.ok) throw fromRejection('connect', outcome.rejection);
    return outcome.answer;
  }));
}
