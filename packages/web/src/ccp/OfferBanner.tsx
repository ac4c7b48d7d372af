import { OFFER_TIMEOUT_MS, type AgentClient, type ContactView } from '@switchboard/sdk';
import { secondsLeft } from '../shared/format.ts';

/**
 * Incoming contacts the agent is not looking at: a banner each, with its countdown and Accept, so an
 * offer is never hidden behind the chat the agent is typing in (seed 004: "a banner displays the name
 * of the contact and a button for you to connect to the chat").
 */
export function OfferBanner({ client, offers, now, onError, onShow }: {
  client: AgentClient; offers: ContactView[]; now: number; onError: (m: string) => void; onShow: (id: string) => void;
}) {
  if (offers.length === 0) return null;
  return (
    <div class="offers">
      {offers.map((c) => (
        <div class="offer-banner" data-testid="offer-banner" key={c.contactId}>
          {c.type === 'task'
            ? <span>Incoming task <b>{c.name}</b>{c.description ? <span class="muted"> — {c.description.length > 80 ? `${c.description.slice(0, 80)}…` : c.description}</span> : null}</span>
            : <span>Incoming {c.type === 'voice' ? 'call' : 'chat'} from <b>{c.customerName}</b></span>}
          <span class="muted">{secondsLeft(c.offerDeadline ?? now, now, OFFER_TIMEOUT_MS)} s to accept</span>
          <span class="spacer" />
          <button class="primary" data-testid="banner-accept" onClick={() => { onShow(c.contactId); void client.accept(c.contactId).catch((e: Error) => onError(e.message)); }}>{c.type === 'voice' ? 'Accept call' : c.type === 'task' ? 'Accept task' : 'Accept chat'}</button>
          <button onClick={() => void client.reject(c.contactId).catch((e: Error) => onError(e.message))}>Reject</button>
        </div>
      ))}
    </div>
  );
}
