import { useEffect, useState } from 'preact/hooks';
import { PERMISSION, type AgentClient, type ContactView, type QuickConnectEndpoint } from '@switchboard/sdk';

/**
 * Who is in the chat (seed 001: every agent sees all parties and can disconnect any of them), and the
 * quick connects to add someone (multi-party) or to transfer the chat.
 */
export function Participants({ client, contact, onError }: { client: AgentClient; contact: ContactView; onError: (m: string) => void }) {
  const [quickConnects, setQuickConnects] = useState<QuickConnectEndpoint[]>([]);
  const [mode, setMode] = useState<'add' | 'transfer' | undefined>();
  // Quick connects need Quick connects - View (TransferDestinations.View): without it the agent sees neither them
  // nor Add participant / Transfer; a profile changed by an administrator shows with the next update.
  const mayQuickConnect = client.hasPermission(PERMISSION.quickConnectsView);
  useEffect(() => {
    if (!mayQuickConnect) {
      setQuickConnects([]);
      setMode(undefined);
      return;
    }
    client.getQuickConnects().then(setQuickConnects).catch((e: Error) => onError(e.message));
  }, [client, mayQuickConnect]);
  const act = (action: Promise<unknown>) => void action.then(() => setMode(undefined)).catch((e: Error) => onError(e.message));
  const live = contact.connections.filter((c) => c.state.type !== 'disconnected');
  const chatQuickConnects = quickConnects.filter((q) => q.type !== 'phone_number');
  return (
    <div class="participants" data-testid="participants">
      <ul>
        {live.map((c) => (
          <li key={c.connectionId} data-testid="participant" data-state={c.state.type}>
            <span class="who">{c.endpoint.name}{c.isOwn ? ' (you)' : ''}</span>
            <span class="muted small">{c.type === 'inbound' ? 'customer' : c.state.type === 'connecting' ? 'invited…' : 'agent'}</span>
            {!c.isOwn && c.state.type === 'connected' && (
              <button class="link danger" title={`Disconnect ${c.endpoint.name}`} data-testid="disconnect-participant" onClick={() => act(client.disconnectParticipant(contact.contactId, c.connectionId))}>×</button>
            )}
          </li>
        ))}
      </ul>
      {mayQuickConnect && <div class="participant-actions">
        {contact.contactFeatures.multiPartyConferenceEnabled && (
          <button data-testid="add-participant" onClick={() => setMode(mode === 'add' ? undefined : 'add')}>Add participant</button>
        )}
        <button data-testid="transfer" onClick={() => setMode(mode === 'transfer' ? undefined : 'transfer')}>Transfer</button>
      </div>}
      {mode && mayQuickConnect && (
        <div class="quick-connects" data-testid="quick-connects">
          <div class="muted small">{mode === 'add' ? 'Add to this chat:' : 'Transfer this chat to:'}</div>
          {chatQuickConnects.length === 0 && <div class="muted small">No quick connects on your queues.</div>}
          {chatQuickConnects.map((q) => (
            <button key={q.id} data-testid="quick-connect" onClick={() => act(mode === 'add' ? client.addParticipant(contact.contactId, { id: q.id }) : client.transfer(contact.contactId, { id: q.id }))}>
              {q.name} <span class="muted small">{q.type}</span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
