import type { TranscriptItem } from './contactsApi.ts';
import { whisperNote, words } from './contactFormat.ts';

const EVENT = 'application/vnd.amazonaws.connect.event.';

/** What an event item says: "Ann Agent joined", "Chat ended", "Transfer succeeded". */
export function eventText(item: TranscriptItem): string {
  const who = item.DisplayName ?? words(item.ParticipantRole);
  const kind = item.ContentType.startsWith(EVENT) ? item.ContentType.slice(EVENT.length) : item.ContentType;
  switch (kind) {
    case 'participant.joined': return `${who} joined`;
    case 'participant.left': return `${who} left`;
    case 'participant.invited': return `${who} invited a participant`;
    case 'chat.ended': return 'Chat ended';
    case 'transfer.succeeded': return `Transferred${item.DisplayName ? ` to ${item.DisplayName}` : ''}`;
    case 'transfer.failed': return 'Transfer failed';
    default: return words(kind.replace(/[.-]/g, '_'));
  }
}

/** Events the record leaves out: typing and receipts say nothing after the fact. */
const QUIET = new Set([`${EVENT}typing`, `${EVENT}message.delivered`, `${EVENT}message.read`, `${EVENT}message.metadata`]);

/** HH:MM:SS of an ISO time, in the browser's time zone. */
function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/**
 * A chat's transcript as a record, oldest first: each message with its time, the sender's role and name and
 * its text (shown as text, never as HTML); each event (joins, leaves, transfers, the end) as a line; files by name.
 */
export function Transcript({ items }: { items: readonly TranscriptItem[] }) {
  const shown = items.filter((i) => !QUIET.has(i.ContentType));
  if (shown.length === 0) return <div class="card pad muted" data-testid="transcript-empty">No messages.</div>;
  return (
    <ol class="card admin-transcript" data-testid="transcript">
      {shown.map((item) => {
        const role = item.ParticipantRole ?? 'SYSTEM';
        return (
          <li key={item.Id} class={`line ${item.Type === 'EVENT' ? 'event' : 'said'} role-${role.toLowerCase()}`} data-testid="transcript-line" data-type={item.Type} data-role={role}>
            <time class="muted small" dateTime={item.AbsoluteTime}>{clockTime(item.AbsoluteTime)}</time>
            {item.Type === 'EVENT' ? <span class="event-text">{eventText(item)}</span> : <>
              <span class={`role badge tag role-${role.toLowerCase()}`}>{words(role)}</span>
              <span class="speaker strong">{role === 'SYSTEM' ? '' : item.DisplayName ?? ''}</span>
              {item.Type === 'ATTACHMENT'
                ? <span class="files">{(item.Attachments ?? []).map((a) => <span key={a.AttachmentId} class="file" data-testid="transcript-file">📎 {a.AttachmentName}{a.Status !== 'APPROVED' ? ` (${words(a.Status)})` : ''}</span>)}</span>
                : <span class="text" data-testid="transcript-text">{item.Content ?? ''}</span>}
              {item.VisibleTo && <span class="badge tag muted small" data-testid="transcript-whisper">{whisperNote(item.VisibleTo)}</span>}
            </>}
          </li>
        );
      })}
    </ol>
  );
}
