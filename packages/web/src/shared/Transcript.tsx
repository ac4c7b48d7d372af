import { useEffect, useRef } from 'preact/hooks';
import type { ChatItemView } from '@switchboard/sdk';
import { clock } from './format.ts';
import { renderMarkdown } from './markdown.ts';

const EVENT_TEXT: Record<string, (item: ChatItemView) => string> = {
  // Seed 001: "Chat started with Agent2" when an agent joins.
  'application/vnd.amazonaws.connect.event.participant.joined': (i) => (i.ParticipantRole === 'AGENT' ? `Chat started with ${i.DisplayName ?? 'an agent'}` : `${i.DisplayName ?? 'Someone'} joined the chat`),
  'application/vnd.amazonaws.connect.event.participant.left': (i) => `${i.DisplayName ?? 'Someone'} left the chat`,
  'application/vnd.amazonaws.connect.event.participant.invited': () => 'Another participant has been invited',
  'application/vnd.amazonaws.connect.event.chat.ended': () => 'Chat ended',
  'application/vnd.amazonaws.connect.event.transfer.succeeded': (i) => `Transferring to ${i.DisplayName ?? 'another agent'}…`,
};

/** Merges items by id and keeps them in time order. */
export function mergeItems(existing: readonly ChatItemView[], incoming: readonly ChatItemView[]): ChatItemView[] {
  const byId = new Map(existing.map((i) => [i.Id, i]));
  for (const item of incoming) byId.set(item.Id, item);
  return [...byId.values()].sort((a, b) => a.AbsoluteTime.localeCompare(b.AbsoluteTime));
}

/** A chat transcript as a participant sees it: their own messages on the right. */
export function Transcript({ items, ownParticipantId }: { items: readonly ChatItemView[]; ownParticipantId: string | undefined }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [items.length]);
  return (
    <div class="transcript" data-testid="transcript">
      {items.map((item) => {
        if (item.Type === 'EVENT') {
          const text = EVENT_TEXT[item.ContentType];
          return text ? <div class="event" key={item.Id}>{text(item)}</div> : null;
        }
        const mine = item.ParticipantId !== undefined && item.ParticipantId === ownParticipantId;
        const system = item.ParticipantRole === 'SYSTEM';
        return (
          <div class={`item ${mine ? 'mine' : ''} ${system ? 'system' : ''}`} key={item.Id} data-testid="message" data-role={item.ParticipantRole}>
            <div class="who">{system ? 'System' : item.DisplayName} · {clock(item.AbsoluteTime)}</div>
            {item.ContentType === 'text/markdown'
              ? <div class="bubble md" data-testid="markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(item.Content ?? '') }} />
              : <div class="bubble">{item.Content}</div>}
          </div>
        );
      })}
      <div ref={end} />
    </div>
  );
}
