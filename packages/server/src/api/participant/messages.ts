import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT, isMultiPartyChat, type ChatItemView, type Contact, type Participant } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson, type ApiFlavor } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import { remember, type Services } from '../../services.ts';
import { chatFrame, type MessageMetadataItemView } from '../../wire.ts';
import { authorizeParticipant } from './auth.ts';

const SendMessageBody = z.object({
  ContentType: z.string().min(1).max(255),
  Content: z.string(),
  ClientToken: z.string().max(500).optional(),
});

/** SendMessage: answered only after the message is durable; a retried ClientToken gets the first answer. */
export async function sendMessage(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = SendMessageBody.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { instance, contact, participant } = await authorizeParticipant(services, req, 'connection');
  const idem = body.data.ClientToken ? `SendMessage/${participant.id}/${body.data.ClientToken}` : undefined;
  if (idem && services.idempotency.has(idem)) return sendJson(res, 200, services.idempotency.get(idem));
  const messageId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'SendMessage', instanceId: instance.id, contactId: contact.id, participantId: participant.id, messageId,
    contentType: body.data.ContentType, content: body.data.Content,
  });
  if (!outcome.ok) throw fromRejection('participant', outcome.rejection);
  const sent = outcome.events.find((e) => e.type === 'MessageSent');
  const answer = { Id: messageId, AbsoluteTime: new Date(sent?.at ?? services.pipeline.now()).toISOString() };
  if (idem) remember(services, idem, answer);
  sendJson(res, 200, answer);
}

const SendEventBody = z.object({
  ContentType: z.string().min(1).max(255),
  Content: z.string().max(1024).optional(),
  ClientToken: z.string().max(500).optional(),
});

/** Events a participant may send. Typing and receipts are passed on live and not kept in the transcript. */
const PASSED_ON = new Set<string>([EVENT.typing, EVENT.delivered, EVENT.read]);
const ACCEPTED_AND_IGNORED = new Set<string>(['application/vnd.amazonaws.connect.event.connection.acknowledged']);
const MESSAGE_METADATA = 'application/vnd.amazonaws.connect.event.message.metadata';

/**
 * A receipt's Content is JSON naming the message, `{"messageId":"…"}` (what chatjs sends). Returns the
 * id, or why the content is not a receipt.
 */
export function receiptMessageId(content: string | undefined): { messageId: string } | { problem: string } {
  if (content === undefined) return { problem: 'a message receipt needs Content {"messageId":"…"}' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return { problem: 'the Content of a message receipt must be JSON {"messageId":"…"}' };
  }
  const messageId = typeof parsed === 'object' && parsed !== null ? (parsed as { messageId?: unknown }).messageId : undefined;
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 256) return { problem: 'the Content of a message receipt must name a messageId' };
  return { messageId };
}

/**
 * Passes a live event to everyone else in the chat without storing it, and returns its id and time.
 * Typing goes out as an EVENT item; a delivered/read receipt goes out as a MESSAGEMETADATA item whose
 * `MessageMetadata.Receipts[0]` holds the time and the receiving participant (what chatjs's
 * onDeliveredReceipt / onReadReceipt need). Unsupported types (acknowledgements) are answered and dropped.
 * A receipt whose Content names no messageId is refused (as `flavor`'s validation exception).
 */
export function relayLiveEvent(
  services: Services, contact: Contact, participant: Participant, type: string, content: string | undefined, flavor: ApiFlavor = 'connect',
): { id: string; at: string } {
  const id = randomUUID();
  const at = new Date(services.pipeline.now()).toISOString();
  if (!PASSED_ON.has(type)) return { id, at };
  const ids = { ContactId: contact.id, InitialContactId: contact.initialContactId ?? contact.id };
  let item: ChatItemView | MessageMetadataItemView;
  if (type === EVENT.typing) {
    item = {
      AbsoluteTime: at, ContentType: type, Id: id, Type: 'EVENT',
      ParticipantId: participant.id, DisplayName: participant.displayName, ParticipantRole: participant.role, ...ids,
      ...(content !== undefined ? { Content: content } : {}),
    };
  } else {
    const receipt = receiptMessageId(content);
    if ('problem' in receipt) throw errors.validation(flavor, receipt.problem);
    const when = type === EVENT.read ? { ReadTimestamp: at } : { DeliveredTimestamp: at };
    item = {
      AbsoluteTime: at, ContentType: MESSAGE_METADATA, Id: id, Type: 'MESSAGEMETADATA',
      MessageMetadata: { MessageId: receipt.messageId, Receipts: [{ ...when, RecipientParticipantId: participant.id }] }, ...ids,
    };
    // Seed 002: read and delivered receipts are not supported in multi-party chats — accepted, not sent.
    if (isMultiPartyChat(contact)) return { id, at };
  }
  const frame = chatFrame(item);
  services.hub.broadcastChat(contact.id, frame, participant.id);
  for (const p of contact.participants.values()) {
    if (p.role === 'AGENT' && p.userId && p.state === 'connected' && p.id !== participant.id) {
      services.hub.sendAgent(contact.instanceId, p.userId, { event: 'webSocket::all_message', data: JSON.parse(frame) });
    }
  }
  return { id, at };
}

export function isSendableEvent(type: string): boolean {
  return PASSED_ON.has(type) || ACCEPTED_AND_IGNORED.has(type);
}

export async function sendEvent(services: Services, { req, res }: RouteContext): Promise<void> {
  const body = SendEventBody.safeParse(parseJson(await readBody(req, 'participant'), 'participant'));
  if (!body.success) throw fromZod('participant', body.error);
  const { contact, participant } = await authorizeParticipant(services, req, 'connection');
  const type = body.data.ContentType;
  if (!isSendableEvent(type)) throw errors.validation('participant', `ContentType ${type} is not an event a participant can send`);
  if (participant.state !== 'connected' || contact.status === 'ended') throw errors.accessDenied('the participant is no longer in this chat');
  const { id, at } = relayLiveEvent(services, contact, participant, type, body.data.Content, 'participant');
  sendJson(res, 200, { Id: id, AbsoluteTime: at });
}
