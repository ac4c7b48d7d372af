import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EVENT, type ChatItemView, type Contact, type Participant } from '@switchboard/engine';
import { errors, fromRejection, fromZod, sendJson, type ApiFlavor } from '../../http/errors.ts';
import { parseJson, readBody } from '../../http/body.ts';
import type { RouteContext } from '../../http/router.ts';
import type { Services } from '../../services.ts';
import { chatFrame } from '../../wire.ts';
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
  const key = body.data.ClientToken ? `SendMessage/${participant.id}/${body.data.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    // Per-participant rate (a retry answered from its ClientToken costs nothing and is not counted).
    services.rates.message(participant.id, services.pipeline.now());
    const messageId = randomUUID();
    const outcome = await services.pipeline.submit({
      type: 'SendMessage', instanceId: instance.id, contactId: contact.id, participantId: participant.id, messageId,
      contentType: body.data.ContentType, content: body.data.Content,
    }, {
      key,
      answer: (events, now) => {
        const sent = events.find((e) => e.type === 'MessageSent');
        return { Id: messageId, AbsoluteTime: new Date(sent?.at ?? now).toISOString() };
      },
    });
    if (!outcome.ok) throw fromRejection('participant', outcome.rejection);
    return outcome.answer;
  }));
}

const SendEventBody = z.object({
  ContentType: z.string().min(1).max(255),
  Content: z.string().max(1024).optional(),
  ClientToken: z.string().max(500).optional(),
});

/**
 * Events a participant may send. Typing is passed on live and not kept; delivered/read receipts are kept
 * on the message they name (engine: chat/receipts.ts) and passed on once durable.
 */
const PASSED_ON = new Set<string>([EVENT.typing, EVENT.delivered, EVENT.read]);
const ACCEPTED_AND_IGNORED = new Set<string>(['application/vnd.amazonaws.connect.event.connection.acknowledged']);

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
 * A participant's SendEvent (the Participant Service's, or an agent's over the CCP socket); returns its
 * id and time. Typing is passed at once to everyone else in the chat as an EVENT item, and not stored.
 * A delivered/read receipt is a command: it is answered once its event is durable, and the hub then
 * passes it on as a MESSAGEMETADATA item (see wire.ts receiptItem). A receipt that is accepted but
 * records nothing (a repeat, or any receipt in a multi-party chat, seed 002) is answered the same way and
 * passed on to nobody. A receipt whose Content names no messageId, or names what is not a message of this
 * chat or the sender's own message, is refused (as `flavor`'s validation exception) and changes nothing.
 * Unsupported types (acknowledgements) are answered and dropped. A receipt's answer is recorded with it
 * under `key` (idempotency.ts), when the caller runs it through `services.idempotency.once`.
 */
export async function sendChatEvent(
  services: Services, contact: Contact, participant: Participant, type: string, content: string | undefined, flavor: ApiFlavor = 'connect',
  key?: string,
): Promise<{ Id: string; AbsoluteTime: string }> {
  if (isReceipt(type)) {
    const receipt = receiptMessageId(content);
    if ('problem' in receipt) throw errors.validation(flavor, receipt.problem);
    const outcome = await services.pipeline.submit({
      type: 'RecordMessageReceipt', instanceId: contact.instanceId, contactId: contact.id, participantId: participant.id,
      messageId: receipt.messageId, receipt: type === EVENT.read ? 'read' : 'delivered',
    }, {
      key,
      answer: (events, now) => {
        const recorded = events.find((e) => e.type === 'MessageReceiptRecorded');
        if (recorded) return { Id: recorded.receiptId, AbsoluteTime: new Date(recorded.at).toISOString() };
        return { Id: randomUUID(), AbsoluteTime: new Date(now).toISOString() };
      },
    });
    if (!outcome.ok) throw fromRejection(flavor, outcome.rejection);
    return outcome.answer;
  }
  const id = randomUUID();
  const at = new Date(services.pipeline.now()).toISOString();
  if (type !== EVENT.typing) return { Id: id, AbsoluteTime: at };
  const item: ChatItemView = {
    AbsoluteTime: at, ContentType: type, Id: id, Type: 'EVENT',
    ParticipantId: participant.id, DisplayName: participant.displayName, ParticipantRole: participant.role,
    ContactId: contact.id, InitialContactId: contact.initialContactId ?? contact.id,
    ...(content !== undefined ? { Content: content } : {}),
  };
  const frame = chatFrame(item);
  services.hub.broadcastChat(contact.id, frame, participant.id);
  for (const p of contact.participants.values()) {
    if (p.role === 'AGENT' && p.userId && p.state === 'connected' && p.id !== participant.id) {
      services.hub.sendAgent(contact.instanceId, p.userId, { event: 'webSocket::all_message', data: JSON.parse(frame) });
    }
  }
  return { Id: id, AbsoluteTime: at };
}

function isReceipt(type: string): boolean {
  return type === EVENT.delivered || type === EVENT.read;
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
  // A receipt with a ClientToken is answered once (a retry after the chat ended too); typing and
  // acknowledgements store nothing, and a retry is sent again.
  const key = body.data.ClientToken && isReceipt(type) ? `SendEvent/${participant.id}/${body.data.ClientToken}` : undefined;
  sendJson(res, 200, await services.idempotency.once(key, async () => {
    if (participant.state !== 'connected' || contact.status === 'ended') throw errors.accessDenied('the participant is no longer in this chat');
    services.rates.event(participant.id, services.pipeline.now());
    return sendChatEvent(services, contact, participant, type, body.data.Content, 'participant', key);
  }));
}
