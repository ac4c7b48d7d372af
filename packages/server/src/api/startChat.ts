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

/** Starts a chat (StartChatContact and the public widget share this) and issues the customer's participant token. */
export async function startChat(services: Services, instance: Instance, input: StartChatInput, flavor: ApiFlavor): Promise<StartChatResult> {
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
  });
  if (!outcome.ok) throw fromRejection(flavor, outcome.rejection);
  // A chat the flow refused at once (queue closed or full) is already finished, and may have left memory.
  const contact = instance.contacts.get(contactId) ?? (await services.pipeline.archive.read(instance.id, contactId));
  const token = issueToken(instance.tokenKey, {
    kind: 'participant', instanceId: instance.id, contactId, participantId, expires: contact?.expiresAt ?? services.pipeline.now() + 86_400_000,
  });
  return { ContactId: contactId, ParticipantId: participantId, ParticipantToken: token };
}
