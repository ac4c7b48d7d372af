import type { ChatItemView } from '@switchboard/sdk';

export type ReceiptKind = 'delivered' | 'read';

/** One receipt to send: SendEvent `…message.<kind>` with `{"messageId"}`. */
export interface ReceiptToSend {
  messageId: string;
  kind: ReceiptKind;
}

/** A read receipt says more than a delivered one: the message was received too. */
function strongest(a: ReceiptKind | undefined, b: ReceiptKind | undefined): ReceiptKind | undefined {
  return a === 'read' || b === 'read' ? 'read' : a ?? b;
}

/** This participant's own receipt as the transcript keeps it on the message (after a reload, from GetTranscript). */
function receiptInTranscript(item: ChatItemView, participantId: string): ReceiptKind | undefined {
  const mine = item.MessageMetadata?.Receipts.find((r) => r.RecipientParticipantId === participantId);
  if (mine?.ReadTimestamp !== undefined) return 'read';
  if (mine?.DeliveredTimestamp !== undefined) return 'delivered';
  return undefined;
}

/**
 * Which receipts this participant owes for the messages it has, the way chatjs (message receipts on)
 * sends them:
 * - only for MESSAGE and ATTACHMENT items of someone else (agent, bot, the flow's system prompts) — never
 *   for one's own (the server refuses those), nor for events;
 * - `read` for every such message while the page shows it (`visible`), else `delivered`;
 * - never a kind already sent (`sent`: what this page sent or has queued) or already on the message in
 *   the transcript for this participant; and a read covers a delivered (chatjs's throttle drops the
 *   delivered receipt of a message it sends a read receipt for), so after a read nothing more is owed.
 * Without a participant id nothing can be told apart, so nothing is owed.
 */
export function receiptsToSend(
  items: readonly ChatItemView[],
  { ownParticipantId, visible, sent }: { ownParticipantId: string | undefined; visible: boolean; sent: ReadonlyMap<string, ReceiptKind> },
): ReceiptToSend[] {
  if (ownParticipantId === undefined) return [];
  const kind: ReceiptKind = visible ? 'read' : 'delivered';
  const owed: ReceiptToSend[] = [];
  for (const item of items) {
    if (item.Type !== 'MESSAGE' && item.Type !== 'ATTACHMENT') continue;
    if (item.ParticipantId === ownParticipantId) continue;
    const known = strongest(sent.get(item.Id), receiptInTranscript(item, ownParticipantId));
    if (known === 'read' || known === kind) continue;
    owed.push({ messageId: item.Id, kind });
  }
  return owed;
}
