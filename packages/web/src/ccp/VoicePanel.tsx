import { useEffect, useState } from 'preact/hooks';
import { OFFER_TIMEOUT_MS, PERMISSION, type AgentClient, type ConnectionView, type ContactView, type QuickConnectEndpoint } from '@switchboard/sdk';
import { duration, secondsLeft } from '../shared/format.ts';

interface Props {
  client: AgentClient;
  contact: ContactView;
  now: number;
  onError: (message: string) => void;
}

const STATE_TEXT: Record<ConnectionView['state']['type'], string> = {
  connecting: 'dialling…', connected: 'connected', hold: 'on hold', disconnected: 'left',
};

/**
 * A call on the CCP (seed 000): the connections this agent may see, with hold/resume, mute and
 * disconnect on each; Join, Swap, Hold all; adding a participant or transferring by quick connect or
 * number pad; leaving. The server enforces the three-party/multi-party rules and says which one refused.
 */
export function VoicePanel({ client, contact, now, onError }: Props) {
  const [quickConnects, setQuickConnects] = useState<QuickConnectEndpoint[]>([]);
  const [mode, setMode] = useState<'add' | 'transfer' | 'keypad' | undefined>();
  const [number, setNumber] = useState('');
  // What the agent's security profiles allow: quick connects (TransferDestinations.View), numbers (OutboundCallAccess).
  const mayQuickConnect = client.hasPermission(PERMISSION.quickConnectsView);
  const mayCallOut = client.hasPermission(PERMISSION.outboundCall);
  useEffect(() => {
    if (!mayQuickConnect) {
      setQuickConnects([]);
      return;
    }
    client.getQuickConnects().then(setQuickConnects).catch((e: Error) => onError(e.message));
  }, [client, mayQuickConnect]);
  const act = (action: () => Promise<unknown>, close = false) => () => void action().then(() => { if (close) setMode(undefined); }).catch((e: Error) => onError(e.message));
  const id = contact.contactId;
  const state = contact.state.type;
  const own = contact.connections.find((c) => c.isOwn);

  if (state === 'incoming' || state === 'missed') {
    const left = secondsLeft(contact.offerDeadline ?? now, now, OFFER_TIMEOUT_MS);
    return (
      <section class="panel offer" data-testid={state === 'incoming' ? 'offer' : 'missed'}>
        <h2>{state === 'incoming' ? 'Incoming call' : 'Missed call'}</h2>
        <p class="big">{contact.customerName}</p>
        <p class="muted">Queue: {contact.queue?.name ?? '—'}{contact.initiationMethod === 'transfer' ? ' · transferred / consulted' : ''}</p>
        {state === 'incoming'
          ? <>
              <p class="countdown" data-testid="countdown">{left} s to accept</p>
              <div class="actions">
                <button class="primary" data-testid="accept" onClick={act(() => client.accept(id))}>Accept call</button>
                <button data-testid="reject" onClick={act(() => client.reject(id))}>Reject</button>
              </div>
            </>
          : <button class="primary" data-testid="clear" onClick={act(() => client.clear(id))}>Clear contact</button>}
      </section>
    );
  }
  const others = contact.connections.filter((c) => !c.isOwn && c.state.type !== 'disconnected');
  const live = state === 'connected' && own?.state.type !== 'disconnected';
  const dial = (to: { id: string } | { phoneNumber: string }) => mode === 'transfer' ? client.transfer(id, to) : client.addParticipant(id, to);
  return (
    <section class="panel voice" data-testid="call">
      <header class="chat-head">
        <div>
          <h2>{contact.customerName}</h2>
          <div class="muted small timers">
            <span>{contact.initiationMethod} call · {duration(now - contact.initiationTimestamp)}</span>
            <span> · {contact.contactFeatures.multiPartyConferenceEnabled ? 'multi-party' : 'three-party'}</span>
            {state === 'ended' && <span data-testid="acw-timer"> · After contact work {duration(now - contact.state.timestamp)}</span>}
          </div>
        </div>
        {live
          ? <button class="danger" data-testid="end-call" onClick={act(() => client.leave(id))}>{others.length > 1 ? 'Leave call' : 'End call'}</button>
          : <button class="primary" data-testid="clear" onClick={act(() => client.clear(id))}>Clear contact</button>}
      </header>
      {live && (
        <>
          <ul class="connections" data-testid="connections">
            {own && (
              <li data-testid="connection" data-own="true" data-state={own.state.type}>
                <span class="who">You</span>
                <span class="muted small">{STATE_TEXT[own.state.type]}{own.mute ? ' · muted' : ''}</span>
                <span class="spacer" />
                {own.state.type === 'hold' && <button data-testid="resume" onClick={act(() => client.resume(id, own.connectionId))}>Resume</button>}
                {own.mute
                  ? <button data-testid="unmute" onClick={act(() => client.unmute(id, own.connectionId))}>Unmute</button>
                  : <button data-testid="mute" onClick={act(() => client.mute(id, own.connectionId))}>Mute</button>}
              </li>
            )}
            {others.map((c) => (
              <li key={c.connectionId} data-testid="connection" data-state={c.state.type} data-name={c.endpoint.name}>
                <span class="who">{c.endpoint.name}</span>
                <span class="muted small">{c.type === 'inbound' ? 'caller' : c.endpoint.type === 'agent' ? 'agent' : 'external'} · {STATE_TEXT[c.state.type]}{c.mute ? ' · muted' : ''}</span>
                <span class="spacer" />
                {c.state.type === 'connected' && <button data-testid="hold" onClick={act(() => client.hold(id, c.connectionId))}>Hold</button>}
                {c.state.type === 'hold' && <button data-testid="resume" onClick={act(() => client.resume(id, c.connectionId))}>Resume</button>}
                {/* Seed 000: in three-party calls each agent mutes only themselves; in multi-party calls any participant. */}
                {contact.contactFeatures.multiPartyConferenceEnabled && c.state.type !== 'connecting' && !c.mute && <button data-testid="mute" onClick={act(() => client.mute(id, c.connectionId))}>Mute</button>}
                <button class="danger" title={`Disconnect ${c.endpoint.name}`} data-testid="disconnect" onClick={act(() => client.disconnectParticipant(id, c.connectionId))}>×</button>
              </li>
            ))}
          </ul>
          <div class="call-actions">
            <button data-testid="join" onClick={act(() => client.join(id))}>Join</button>
            <button data-testid="swap" onClick={act(() => client.swap(id))}>Swap</button>
            <button data-testid="hold-all" onClick={act(() => client.holdAll(id))}>Hold all</button>
            {(mayQuickConnect || mayCallOut) && <>
              <button data-testid="add-participant" onClick={() => setMode(mode === 'add' ? undefined : 'add')}>Add participant</button>
              <button data-testid="transfer" onClick={() => setMode(mode === 'transfer' ? undefined : 'transfer')}>Transfer</button>
            </>}
            <button data-testid="keypad" onClick={() => setMode(mode === 'keypad' ? undefined : 'keypad')}>Keypad</button>
          </div>
          {(mode === 'add' || mode === 'transfer') && (
            <div class="quick-connects" data-testid="quick-connects">
              <div class="muted small">{mode === 'add' ? 'Add to this call (the others wait on hold until you Join):' : 'Transfer this call to:'}</div>
              {mayQuickConnect && quickConnects.map((q) => (
                <button key={q.id} data-testid="quick-connect" onClick={act(() => dial({ id: q.id }), true)}>{q.name} <span class="muted small">{q.type}</span></button>
              ))}
              {mayCallOut && <form class="dial" onSubmit={(e) => { e.preventDefault(); act(() => dial({ phoneNumber: number.trim() }), true)(); }}>
                <input data-testid="dial-number" placeholder="+12065550100" value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
                <button class="primary" data-testid="dial">{mode === 'add' ? 'Call' : 'Transfer'}</button>
              </form>}
            </div>
          )}
          {mode === 'keypad' && (
            <div class="keypad" data-testid="keypad-pad">
              {['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((d) => {
                const target = others.find((c) => c.endpoint.type === 'phone_number' && c.state.type === 'connected');
                return <button key={d} disabled={!target} onClick={target ? act(() => client.sendDigits(id, target.connectionId, d)) : undefined}>{d}</button>;
              })}
            </div>
          )}
        </>
      )}
    </section>
  );
}

/** Calling out from the CCP: a number, then agent.connect (InitiationMethod OUTBOUND). */
export function Dialer({ client, onError }: { client: AgentClient; onError: (m: string) => void }) {
  const [number, setNumber] = useState('');
  return (
    <form class="dialer" data-testid="dialer" onSubmit={(e) => { e.preventDefault(); void client.call(number.trim()).then(() => setNumber('')).catch((err: Error) => onError(err.message)); }}>
      <h3>Call a number</h3>
      <input data-testid="outbound-number" placeholder="+12065550100" value={number} onInput={(e) => setNumber((e.target as HTMLInputElement).value)} />
      <button class="primary" data-testid="outbound-call">Call</button>
    </form>
  );
}
