import { useRef } from 'preact/hooks';
import { OFFER_TIMEOUT_MS, type AgentChatItemView, type AgentClient, type ContactView } from '@switchboard/sdk';
import { Transcript } from '../shared/Transcript.tsx';
import { Composer } from '../shared/Composer.tsx';
import { Participants } from './Participants.tsx';
import { isMultiPartyContact } from '../shared/multiParty.ts';
import { duration, secondsLeft } from '../shared/format.ts';

interface Props {
  client: AgentClient;
  contact: ContactView;
  items: AgentChatItemView[];
  typing: string | undefined;
  now: number;
  onError: (message: string) => void;
}

/** Seed 004's second timer: time since the last message between customer and agent. */
function lastMessageAt(items: AgentChatItemView[]): number | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if ((item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') && (item.ParticipantRole === 'CUSTOMER' || item.ParticipantRole === 'AGENT')) return Date.parse(item.AbsoluteTime);
  }
  return undefined;
}

export function ContactPanel({ client, contact, items, typing, now, onError }: Props) {
  const lastTyping = useRef(0);
  const act = (action: () => Promise<unknown>) => () => void action().catch((e: Error) => onError(e.message));
  const own = contact.connections.find((c) => c.isOwn)?.connectionId;
  const state = contact.state.type;

  if (state === 'incoming') {
    const left = secondsLeft(contact.offerDeadline ?? now, now, OFFER_TIMEOUT_MS);
    return (
      <section class="panel offer" data-testid="offer">
        <h2>Incoming chat</h2>
        <p class="big">{contact.customerName}</p>
        <p class="muted">Queue: {contact.queue?.name ?? '—'}</p>
        <p class="countdown" data-testid="countdown">{left} s to accept</p>
        <div class="actions">
          <button class="primary" data-testid="accept" onClick={act(() => client.accept(contact.contactId))}>Accept chat</button>
          <button data-testid="reject" onClick={act(() => client.reject(contact.contactId))}>Reject</button>
        </div>
      </section>
    );
  }
  if (state === 'missed') {
    return (
      <section class="panel" data-testid="missed">
        <h2>Missed chat</h2>
        <p>The chat from <b>{contact.customerName}</b> was not accepted within 20 seconds and went back to the queue, {duration(now - contact.state.timestamp)} ago.</p>
        <p class="muted">A missed contact holds one of your slots; no contacts are routed to you until you clear it.</p>
        <button class="primary" data-testid="clear" onClick={act(() => client.clear(contact.contactId))}>Clear contact</button>
      </section>
    );
  }
  const last = lastMessageAt(items);
  const otherAgents = contact.connections.filter((c) => c.type === 'agent' && !c.isOwn && c.state.type === 'connected').length;
  return (
    <section class="panel chat" data-testid="chat">
      <header class="chat-head">
        <div>
          <h2>{contact.customerName}</h2>
          <div class="muted small timers">
            <span title="Time since the contact reached the contact center">Contact {duration(now - contact.initiationTimestamp)}</span>
            {last !== undefined && state === 'connected' && <span title="Time since the last message"> · Last message {duration(now - last)}</span>}
            {state === 'ended' && <span data-testid="acw-timer"> · After contact work {duration(now - contact.state.timestamp)}</span>}
          </div>
        </div>
        {state === 'connected'
          ? <button class="danger" data-testid="end-chat" onClick={act(() => client.leave(contact.contactId))}>{otherAgents > 0 ? 'Leave chat' : 'End chat'}</button>
          : <button class="primary" data-testid="clear" onClick={act(() => client.clear(contact.contactId))}>Clear contact</button>}
      </header>
      {state === 'connected' && <Participants client={client} contact={contact} onError={onError} />}
      <Transcript items={items} ownParticipantId={own} showReceipts={!isMultiPartyContact(contact)} getAttachmentUrl={(attachmentId) => client.getAttachmentUrl(contact.contactId, attachmentId)} />
      <div class="typing">{typing ? `${typing} is typing…` : ''}</div>
      {state === 'connected' && (
        <Composer
          onSend={async (text, contentType) => {
            await client.sendMessage(contact.contactId, text, contentType);
          }}
          onAttach={async (file) => {
            await client.sendAttachment(contact.contactId, file);
          }}
          onTyping={() => {
            // Typing events at most once per 10 seconds, as chatjs sends them.
            if (Date.now() - lastTyping.current > 10_000) {
              lastTyping.current = Date.now();
              void client.sendTyping(contact.contactId).catch(() => undefined);
            }
          }}
        />
      )}
    </section>
  );
}
