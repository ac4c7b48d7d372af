import { requestJson } from '../http.ts';
import type { ChatDetails } from './chatSession.ts';

/** Starts a chat through the instance's public chat widget (no keys needed; the page's origin must be approved). */
export async function startChatFromWidget(args: { baseUrl: string; widgetId: string; displayName: string; attributes?: Record<string, string> }): Promise<ChatDetails> {
  const r = await requestJson<{ ContactId: string; ParticipantId: string; ParticipantToken: string }>(
    `${args.baseUrl}/widget/${encodeURIComponent(args.widgetId)}/start-chat`,
    { DisplayName: args.displayName, ...(args.attributes ? { Attributes: args.attributes } : {}) },
  );
  return { contactId: r.ContactId, participantId: r.ParticipantId, participantToken: r.ParticipantToken };
}
