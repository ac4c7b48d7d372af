import { useEffect, useRef, useState } from 'preact/hooks';
import type { AgentChatItemView, AttachmentItemView, ChatItemView } from '@switchboard/sdk';
import { clock } from './format.ts';
import { renderMarkdown } from './markdown.ts';
import { receiptStatus } from './receipts.ts';
import { whisperLabel } from './whisper.ts';

const EVENT_TEXT: Record<string, (item: ChatItemView) => string> = {
  // Seed 001: "Chat started with Agent2" when an agent joins.
  'application/vnd.amazonaws.connect.event.participant.joined': (i) => (i.ParticipantRole === 'AGENT' ? `Chat started with ${i.DisplayName ?? 'an agent'}` : `${i.DisplayName ?? 'Someone'} joined the chat`),
  'application/vnd.amazonaws.connect.event.participant.left': (i) => `${i.DisplayName ?? 'Someone'} left the chat`,
  'application/vnd.amazonaws.connect.event.participant.invited': () => 'Another participant has been invited',
  'application/vnd.amazonaws.connect.event.chat.ended': () => 'Chat ended',
  'application/vnd.amazonaws.connect.event.transfer.succeeded': (i) => `Transferring to ${i.DisplayName ?? 'another agent'}…`,
};

/** Merges items by id and keeps them in time order. */
export function mergeItems<T extends ChatItemView>(existing: readonly T[], incoming: readonly T[]): T[] {
  const byId = new Map(existing.map((i) => [i.Id, i]));
  for (const item of incoming) byId.set(item.Id, item);
  return [...byId.values()].sort((a, b) => a.AbsoluteTime.localeCompare(b.AbsoluteTime));
}

/** Images a browser shows: these get a small thumbnail. */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/jpeg']);

/** A short-lived download URL for an attachment of the chat (GetAttachment). */
export type AttachmentUrlSource = (attachmentId: string) => Promise<string>;

/**
 * A file in the transcript: its name and a download link (the URL is fetched when clicked, since
 * download URLs last minutes); images also show a thumbnail.
 */
function AttachmentChip({ attachment, getUrl }: { attachment: AttachmentItemView; getUrl: AttachmentUrlSource | undefined }) {
  const [thumbnail, setThumbnail] = useState<string>();
  const [error, setError] = useState<string>();
  const approved = attachment.Status === 'APPROVED';
  useEffect(() => {
    if (!approved || !getUrl || !THUMBNAIL_TYPES.has(attachment.ContentType)) return;
    let live = true;
    getUrl(attachment.AttachmentId).then((url) => live && setThumbnail(url), () => undefined);
    return () => {
      live = false;
    };
  }, [attachment.AttachmentId, approved]);
  async function download(e: Event) {
    e.preventDefault();
    if (!getUrl) return;
    setError(undefined);
    try {
      const link = document.createElement('a');
      link.href = await getUrl(attachment.AttachmentId);
      link.download = attachment.AttachmentName;
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return (
    <div class="attachment" data-testid="attachment" data-name={attachment.AttachmentName} data-status={attachment.Status}>
      {thumbnail && <img class="thumbnail" data-testid="attachment-thumbnail" src={thumbnail} alt={attachment.AttachmentName} />}
      <div class="file">
        <svg class="icon" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" aria-hidden="true">
          <path d="M6 2h8l5 5v15H6z" />
          <path d="M14 2v5h5" />
        </svg>
        <span class="name">{attachment.AttachmentName}</span>
        {approved && getUrl
          ? <a href="#" class="download" data-testid="attachment-download" onClick={(e) => void download(e)}>Download</a>
          : <span class="muted small">{attachment.Status === 'REJECTED' ? 'rejected' : 'uploading…'}</span>}
      </div>
      {error && <div class="error small">{error}</div>}
    </div>
  );
}

/**
 * A chat transcript as a participant sees it: their own messages on the right, with "Delivered" / "Read"
 * under them unless `showReceipts` is false (multi-party chats have no receipts, seed 002), and a whisper's
 * message (`VisibleTo`, on the CCP's items only) marked as one.
 */
export function Transcript({ items, ownParticipantId, getAttachmentUrl, showReceipts = true }: {
  items: readonly AgentChatItemView[];
  ownParticipantId: string | undefined;
  getAttachmentUrl?: AttachmentUrlSource;
  showReceipts?: boolean;
}) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [items.length]);
  return (
    <div class="transcript" data-testid="transcript">
      {items.map((item) => {
        if (item.Type === 'EVENT') {
          const text = EVENT_TEXT[item.ContentType];
          return text ? <div class="event" key={item.Id}>{text(item)}</div> : null;
        }
        if (item.Type !== 'MESSAGE' && item.Type !== 'ATTACHMENT') return null;
        const mine = item.ParticipantId !== undefined && item.ParticipantId === ownParticipantId;
        const system = item.ParticipantRole === 'SYSTEM';
        const status = mine && showReceipts ? receiptStatus(item, ownParticipantId) : undefined;
        const whisper = whisperLabel(item, ownParticipantId);
        return (
          <div class={`item ${mine ? 'mine' : ''} ${system ? 'system' : ''}`} key={item.Id} data-testid="message" data-role={item.ParticipantRole}>
            <div class="who">{system ? 'System' : item.DisplayName} · {clock(item.AbsoluteTime)}</div>
            {item.Type === 'ATTACHMENT'
              ? <div class="bubble files">{(item.Attachments ?? []).map((a) => <AttachmentChip key={a.AttachmentId} attachment={a} getUrl={getAttachmentUrl} />)}</div>
              : item.ContentType === 'text/markdown'
                ? <div class="bubble md" data-testid="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(item.Content ?? '') }} />
                : <div class="bubble">{item.Content}</div>}
            {whisper && <div class="whisper-label" data-testid="whisper-label">{whisper}</div>}
            {status && <div class="receipt" data-testid="receipt">{status}</div>}
          </div>
        );
      })}
      <div ref={end} />
    </div>
  );
}
