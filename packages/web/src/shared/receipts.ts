import type { ChatItemView } from '@switchboard/sdk';

/** A MESSAGEMETADATA item: one receipt passed on live (its `Receipts[0]`). */
export { MESSAGE_METADATA } from '@switchboard/sdk';

/**
 * Folds a live receipt (a MESSAGEMETADATA item) into the message it names, as GetTranscript would show
 * it: one entry per recipient, keeping each one's first delivered and first read time. Returns the items
 * unchanged when the message is not among them (it will come with the transcript, receipts included).
 */
export function withReceipt<T extends ChatItemView>(items: readonly T[], receipt: ChatItemView): readonly T[] {
  const metadata = receipt.MessageMetadata;
  const incoming = metadata?.Receipts[0];
  const k = metadata ? items.findIndex((i) => i.Id === metadata.MessageId) : -1;
  if (!metadata || !incoming || k < 0) return items;
  const item = items[k]!;
  const receipts = [...(item.MessageMetadata?.Receipts ?? [])];
  const j = receipts.findIndex((r) => r.RecipientParticipantId === incoming.RecipientParticipantId);
  const known = j >= 0 ? receipts[j]! : { RecipientParticipantId: incoming.RecipientParticipantId };
  const merged = {
    ...known,
    ...(known.DeliveredTimestamp === undefined && incoming.DeliveredTimestamp !== undefined ? { DeliveredTimestamp: incoming.DeliveredTimestamp } : {}),
    ...(known.ReadTimestamp === undefined && incoming.ReadTimestamp !== undefined ? { ReadTimestamp: incoming.ReadTimestamp } : {}),
  };
  if (j >= 0) receipts[j] = merged;
  else receipts.push(merged);
  const next = [...items];
  next[k] = { ...item, MessageMetadata: { MessageId: item.Id, Receipts: receipts } };
  return next;
}

/**
 * What the sender of a message sees under it: "Read" once anyone else read it, else "Delivered" once
 * anyone else received it (chatjs's own order: a read receipt wins over a delivered one).
 */
export function receiptStatus(item: ChatItemView, ownParticipantId: string | undefined): 'Read' | 'Delivered' | undefined {
  const others = (item.MessageMetadata?.Receipts ?? []).filter((r) => r.RecipientParticipantId !== ownParticipantId);
  if (others.some((r) => r.ReadTimestamp !== undefined)) return 'Read';
  if (others.some((r) => r.DeliveredTimestamp !== undefined)) return 'Delivered';
  return undefined;
}

/** Every live receipt folded in, in any order: a receipt that came before its message still counts once the message is there. */
export function withReceipts(items: readonly ChatItemView[], receipts: readonly ChatItemView[]): readonly ChatItemView[] {
  return receipts.reduce(withReceipt, items);
}
