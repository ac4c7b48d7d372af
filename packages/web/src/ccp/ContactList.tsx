import { OFFER_TIMEOUT_MS, type ContactView } from '@switchboard/sdk';
import { duration, secondsLeft } from '../shared/format.ts';

export const STATE_LABEL: Record<ContactView['state']['type'], string> = {
  incoming: 'Incoming',
  connected: 'Connected',
  missed: 'Missed',
  ended: 'After contact work',
};

/** One tab per contact the agent holds; incoming ones count down their 20 seconds. */
export function ContactList({ contacts, selected, onSelect, now }: { contacts: ContactView[]; selected: string | undefined; onSelect: (id: string) => void; now: number }) {
  if (contacts.length === 0) return <p class="muted empty">No contacts. Set your status to Available to receive chats.</p>;
  return (
    <ul class="contacts" data-testid="contact-list">
      {contacts.map((c) => (
        <li key={c.contactId}>
          <button class={`contact-tab ${c.contactId === selected ? 'selected' : ''}`} data-testid="contact-tab" data-state={c.state.type} onClick={() => onSelect(c.contactId)}>
            <span class="name">{c.customerName}</span>
            <span class={`badge ${c.state.type}`}>{STATE_LABEL[c.state.type]}</span>
            <span class="muted small">
              {c.state.type === 'incoming' && c.offerDeadline !== undefined
                ? `${secondsLeft(c.offerDeadline, now, OFFER_TIMEOUT_MS)} s to accept`
                : c.state.type === 'ended' ? `ACW ${duration(now - c.state.timestamp)}` : duration(now - c.state.timestamp)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
