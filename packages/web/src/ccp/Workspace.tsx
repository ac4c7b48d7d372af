import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AgentClient, PERMISSION, type AgentSession, type AgentChatItemView, type AgentSnapshot } from '@switchboard/sdk';
import { mergeItems } from '../shared/Transcript.tsx';
import { MESSAGE_METADATA, withReceipt } from '../shared/receipts.ts';
import { useNow } from '../shared/format.ts';
import { ReceiptSender } from '../shared/receiptSender.ts';
import { isMultiPartyContact } from '../shared/multiParty.ts';
import { usePageVisible } from '../shared/usePageVisible.ts';
import { ContactList } from './ContactList.tsx';
import { ContactPanel } from './ContactPanel.tsx';
import { TaskPanel } from './TaskPanel.tsx';
import { OfferBanner } from './OfferBanner.tsx';
import { QueuePanel } from './QueuePanel.tsx';
import { Dialer, VoicePanel } from './VoicePanel.tsx';
import { Softphone } from './Softphone.tsx';

const TYPING_SHOWN_MS = 10_000;

/** The signed-in CCP: status, the agent's contacts, and the selected contact. State comes only from server snapshots. */
export function Workspace({ session, onSignOut }: { session: AgentSession; onSignOut: () => void }) {
  const client = useMemo(() => new AgentClient(location.origin, session), [session]);
  const [snapshot, setSnapshot] = useState<AgentSnapshot>();
  const [skew, setSkew] = useState(0);
  const [online, setOnline] = useState(false);
  const [transcripts, setTranscripts] = useState<Record<string, AgentChatItemView[]>>({});
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [selected, setSelected] = useState<string>();
  const [error, setError] = useState<string>();
  /** Contacts whose whole transcript was fetched (or is being fetched); live items alone are not the whole story. */
  const fetched = useRef(new Set<string>());
  useNow(250); // re-render four times a second
  const now = Date.now() + skew;

  useEffect(() => {
    const offs = [
      client.onSnapshot((s) => {
        setSkew(s.snapshot.snapshotTimestamp - Date.now());
        setSnapshot(s);
      }),
      client.onChatItem((item) => {
        if (item.ContentType === 'application/vnd.amazonaws.connect.event.typing') {
          setTyping((t) => ({ ...t, [item.ContactId]: { name: item.DisplayName ?? 'Customer', until: Date.now() + TYPING_SHOWN_MS } }));
          return;
        }
        // A receipt is not an item of its own: it marks the message it names as delivered or read.
        if (item.Type === MESSAGE_METADATA) {
          setTranscripts((t) => ({ ...t, [item.ContactId]: [...withReceipt(t[item.ContactId] ?? [], item)] }));
          return;
        }
        if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') setTyping((t) => ({ ...t, [item.ContactId]: { name: '', until: 0 } }));
        setTranscripts((t) => ({ ...t, [item.ContactId]: mergeItems(t[item.ContactId] ?? [], [item]) }));
      }),
      client.onConnected(() => setOnline(true)),
      // What was said while the CCP was away (or while the server had closed its socket as too slow) is
      // not sent again live: every chat's transcript is fetched anew with the snapshot that follows.
      client.onDisconnected(() => {
        setOnline(false);
        fetched.current.clear();
      }),
      client.onUnauthorized(onSignOut),
    ];
    client.connect().catch((e: Error) => setError(e.message));
    return () => {
      offs.forEach((off) => off());
      client.close();
    };
  }, [client]);

  const [loggingOut, setLoggingOut] = useState(false);
  /** Ends the session on the server (its token is refused from then on), then back to the login. */
  async function logOut(): Promise<void> {
    setLoggingOut(true);
    try {
      await client.logout();
      onSignOut();
    } catch (err) {
      // The server could not be reached: still logged in there, so stay (the agent can try again).
      setError(`Could not log out: ${(err as Error).message}`);
      setLoggingOut(false);
    }
  }

  const contacts = snapshot?.snapshot.contacts ?? [];

  // Once the agent is in a chat, fetch its whole transcript (what the customer, the flow or others wrote before).
  useEffect(() => {
    for (const c of contacts) {
      if (c.type === 'chat' && (c.state.type === 'connected' || c.state.type === 'ended') && !fetched.current.has(c.contactId)) {
        fetched.current.add(c.contactId);
        client.getTranscript(c.contactId)
          .then((items) => setTranscripts((t) => ({ ...t, [c.contactId]: mergeItems(t[c.contactId] ?? [], items) })))
          .catch((e: Error) => {
            fetched.current.delete(c.contactId);
            setError(e.message);
          });
      }
    }
    if (!contacts.some((c) => c.contactId === selected)) setSelected(contacts[0]?.contactId);
  }, [snapshot]);

  // Receipts for the others' messages, as chatjs sends them in Amazon Connect's CCP: delivered as they
  // come in every chat the agent is in, read for the chat on screen (selected, and the page visible).
  // One sender per chat and participant of the agent's, kept across selections so nothing is sent twice.
  const visible = usePageVisible();
  const receiptSenders = useRef(new Map<string, ReceiptSender>());
  useEffect(() => {
    const inChat = new Set<string>();
    for (const c of contacts) {
      if (c.type !== 'chat' || c.state.type !== 'connected') continue;
      const own = c.connections.find((x) => x.isOwn && x.state.type === 'connected')?.connectionId;
      if (!own) continue;
      // An agent who comes back to a chat (transferred back) is a new participant: their receipts start afresh.
      const key = `${c.contactId}/${own}`;
      inChat.add(key);
      let sender = receiptSenders.current.get(key);
      if (!sender) receiptSenders.current.set(key, (sender = new ReceiptSender((messageId, kind) => client.sendReceipt(c.contactId, messageId, kind))));
      if (isMultiPartyContact(c)) continue; // seed 002
      sender.update(transcripts[c.contactId] ?? [], { ownParticipantId: own, visible: visible && c.contactId === selected });
    }
    for (const [key, sender] of receiptSenders.current) {
      if (inChat.has(key)) continue;
      sender.stop();
      receiptSenders.current.delete(key);
    }
  }, [snapshot, transcripts, selected, visible]);
  useEffect(() => () => {
    for (const sender of receiptSenders.current.values()) sender.stop();
    receiptSenders.current.clear();
  }, [client]);

  if (!snapshot) {
    return <div class="center muted">{error ? <span class="error">{error}</span> : 'Connecting…'}</div>;
  }
  const { state } = snapshot.snapshot;
  const config = snapshot.configuration;
  const current = contacts.find((c) => c.contactId === selected);
  /** The call the agent is on (one at a time): the softphone carries its audio. */
  const onCall = contacts.find((c) => c.type === 'voice' && c.state.type === 'connected' && c.connections.some((k) => k.isOwn && k.state.type !== 'disconnected'));
  const typingNow = current && typing[current.contactId] && typing[current.contactId]!.until > Date.now() ? typing[current.contactId]!.name : undefined;

  return (
    <div class="ccp">
      <header class="topbar">
        <strong>Switchboard</strong>
        <span class="muted">{config.name}</span>
        <span class={`dot ${online ? 'on' : 'off'}`} data-testid="connection" data-online={String(online)} title={online ? 'Connected' : 'Reconnecting…'} />
        {!online && <span class="muted small">Reconnecting…</span>}
        <span class="spacer" />
        <label class="status">
          <span class="sr-only">Status</span>
          <select
            data-testid="status"
            class={state.type}
            value={state.agentStateARN}
            onChange={(e) => {
              const arn = (e.target as HTMLSelectElement).value;
              // On contacts, a new status waits until the last one is cleared (Streams' enqueueNextState).
              client.request('putAgentState', { state: { agentStateARN: arn }, enqueueNextState: contacts.length > 0 }).catch((err: Error) => setError(err.message));
            }}
          >
            {config.agentStates.map((s) => <option value={s.agentStateARN} key={s.agentStateARN}>{s.name}</option>)}
          </select>
        </label>
        {snapshot.snapshot.nextState && (
          <span class="next-state" data-testid="next-state">
            Next: {snapshot.snapshot.nextState.name}
            <button class="link" title="Keep the current status" onClick={() => void client.request('putAgentState', { state: { agentStateARN: state.agentStateARN } }).catch((err: Error) => setError(err.message))}>cancel</button>
          </span>
        )}
        <button data-testid="log-out" disabled={loggingOut} onClick={() => void logOut()}>Log out</button>
      </header>
      {error && <div class="banner error" onClick={() => setError(undefined)}>{error} (click to dismiss)</div>}
      {onCall && <Softphone key={onCall.contactId} client={client} contactId={onCall.contactId} />}
      <OfferBanner client={client} offers={contacts.filter((c) => c.state.type === 'incoming' && c.contactId !== selected)} now={now} onError={setError} onShow={setSelected} />
      <main class="layout">
        <aside class="card side">
          <h3>Contacts</h3>
          <ContactList contacts={contacts} selected={selected} onSelect={setSelected} now={now} />
          <QueuePanel client={client} refreshKey={snapshot.snapshot.snapshotTimestamp} />
          {config.routingProfile.channelConcurrencyMap.VOICE !== undefined && client.hasPermission(PERMISSION.outboundCall) && <Dialer client={client} onError={setError} />}
        </aside>
        <div class="card main">
          {current?.type === 'voice'
            ? <VoicePanel key={current.contactId} client={client} contact={current} now={now} onError={setError} />
            : current?.type === 'task'
            ? <TaskPanel key={current.contactId} client={client} contact={current} now={now} onError={setError} />
            : current
            ? <ContactPanel key={current.contactId} client={client} contact={current} items={transcripts[current.contactId] ?? []} typing={typingNow} now={now} onError={setError} />
            : <div class="center muted">{state.type === 'routable' ? 'Waiting for contacts…' : `You are ${state.name}. Set your status to Available to receive chats.`}</div>}
        </div>
      </main>
    </div>
  );
}
