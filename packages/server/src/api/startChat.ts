import { randomUUID } from 'node:crypto';
import { CHAT_DURATION_MINUTES, type Instance } from '@switchboard/engine';
import { issueToken } from '../auth/tokens.ts';
import { fromRejection, type ApiFlavor } from '../http/errors.ts';
import type { Services } from '../services.ts';

export interface StartChatInput {
  contactFlowId: string;
  displayName: string;
  attributes?: Record<string, string>;
  initialMessage?: { contentType: string; content: string };
  chatDurationMinutes?: number;
  relatedContactId?: string;
}

export interface StartChatResult {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

/**
 * Starts a chat (StartChatContact and the public widget share this) and issues the customer's participant
 * token. With an idempotency `key` (StartChatContact's ClientToken), the answer is recorded with the
 * chat's events; the caller runs this through `services.idempotency.once`.
 */
export async function startChat(services: Services, instance: Instance, input: StartChatInput, flavor: ApiFlavor, key?: string): Promise<StartChatResult> {
  const contactId = randomUUID();
  const participantId = randomUUID();
  const outcome = await services.pipeline.submit({
    type: 'StartChatContact',
    instanceId: instance.id,
    contactId,
    participantId,
    contactFlowId: input.contactFlowId,
    displayName: input.displayName,
    attributes: input.attributes ?? {},
    chatDurationMinutes: input.chatDurationMinutes ?? CHAT_DURATION_MINUTES.default,
    ...(input.initialMessage ? { initialMessage: input.initialMessage } : {}),
    ...(input.relatedContactId ? { relatedContactId: input.relatedContactId } : {}),
  }, {
    key,
    // Made as the command runs: the chat is in memory then, even one the flow refused at once (finished, it leaves later).
    answer: (_events, now): StartChatResult => {
      const token = issueToken(instance.tokenKey, {
        kind: 'participant', instanceId: instance.id, contactId, participantId, expires: instance.contacts.get(contactId)?.expiresAt ?? now + 86_400_000,
      });
      return { ContactId: contactId, ParticipantId: participantId, ParticipantToken: token };
    },
  });
  if (!outcome.ok) throw fromRejection(flavor, outcome.rejection);
  return outcome.answer;
}
