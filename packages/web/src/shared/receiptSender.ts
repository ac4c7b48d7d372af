import type { ChatItemView } from '@switchboard/sdk';
import { receiptsToSend, type ReceiptKind, type ReceiptToSend } from './receiptsToSend.ts';

/** Sends one receipt (ChatSession.sendReceipt, or AgentClient.sendReceipt for one contact). */
export type SendReceipt = (messageId: string, kind: ReceiptKind) => Promise<unknown>;

/**
 * One participant's receipts in one chat. `update` is called whenever the messages or the page's
 * visibility change; it works out what is owed (receiptsToSend) and sends it, one request at a time, so
 * a long transcript opened at once does not fire a burst of parallel SendEvents (chatjs batches for the
 * same reason). While a delivered receipt still waits in the queue, a read receipt for the same message
 * takes its place (chatjs: a read suppresses the delivered). What is queued, in flight or answered is
 * remembered, so nothing is sent twice; a receipt the server did not take is forgotten again, so the next
 * update retries it (not in a loop: only when something changes).
 */
export class ReceiptSender {
  /** The strongest receipt per message that is queued, in flight or answered. */
  private readonly planned = new Map<string, ReceiptKind>();
  /** The strongest receipt per message the server answered. */
  private readonly answered = new Map<string, ReceiptKind>();
  private readonly queue: ReceiptToSend[] = [];
  private sending = false;
  private stopped = false;

  constructor(private readonly send: SendReceipt) {}

  update(items: readonly ChatItemView[], context: { ownParticipantId: string | undefined; visible: boolean }): void {
    if (this.stopped) return;
    for (const receipt of receiptsToSend(items, { ...context, sent: this.planned })) {
      this.planned.set(receipt.messageId, receipt.kind);
      const waiting = this.queue.findIndex((q) => q.messageId === receipt.messageId);
      if (waiting >= 0) this.queue[waiting] = receipt;
      else this.queue.push(receipt);
    }
    void this.drain();
  }

  /** Stops sending (the chat was closed or ended); what is still queued is dropped. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
        try {
          await this.send(next.messageId, next.kind);
          if (this.answered.get(next.messageId) !== 'read') this.answered.set(next.messageId, next.kind);
        } catch {
          // Not taken (offline, the chat just ended…): back to what the server has, unless a stronger
          // receipt was planned meanwhile.
          if (this.planned.get(next.messageId) === next.kind) {
            const answered = this.answered.get(next.messageId);
            if (answered) this.planned.set(next.messageId, answered);
            else this.planned.delete(next.messageId);
          }
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
