import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ChatSession, type ChatItemView } from '@switchboard/sdk';
import { Transcript, mergeItems } from '../shared/Transcript.tsx';
import { Composer } from '../shared/Composer.tsx';
import { withReceipts } from '../shared/receipts.ts';
import { ReceiptSender } from '../shared/receiptSender.ts';
import { isMultiPartyTranscript } from '../shared/multiParty.ts';
import { usePageVisible } from '../shared/usePageVisible.ts';
import type { StoredChat } from './storage.ts';

const TYPING = 'application/vnd.amazonaws.connect.event.typing';

/** A running (or ended) chat from the customer's side. */
export function ChatView({ chat, onNewChat }: { chat: StoredChat; onNewChat: () => void }) {
  const session = useMemo(() => new ChatSession({ endpoint: location.origin, details: chat.details }), [chat]);
  const [items, setItems] = useState<ChatItemView[]>([]);
  /** Live receipts (MESSAGEMETADATA items) from the others; shown on the messages they name. */
  const [receipts, setReceipts] = useState<ChatItemView[]>([]);
  /** The whole transcript is in: only then can the page tell what it already acknowledged and who is in the chat. */
  const [loaded, setLoaded] = useState(false);
  const [status, setStatus] = useState<'connecting' | 'connected' | 'reconnecting' | 'ended'>('connecting');
  const [typing, setTyping] = useState<{ name: string; until: number }>();
  const [error, setError] = useState<string>();
  const lastTyping = useRef(0);

  useEffect(() => {
    const add = (item: ChatItemView) => setItems((list) => mergeItems(list, [item]));
    const offs = [
      session.onMessage((item) => {
        add(item);
        setTyping(undefined);
      }),
      session.onEvent(add),
      session.onReceipt((receipt) => setReceipts((list) => [...list, receipt])),
      session.onTyping((item) => setTyping({ name: item.DisplayName ?? 'Agent', until: Date.now() + 10_000 })),
      session.onEnded(() => setStatus('ended')),
      session.onConnectionLost(() => setStatus((s) => (s === 'ended' ? s : 'reconnecting'))),
      session.onConnectionEstablished(() => setStatus((s) => (s === 'ended' ? s : 'connected'))),
      session.onConnectionBroken(() => setStatus('ended')),
    ];
    session.connect()
      .then(() => session.getWholeTranscript())
      .then((all) => {
        setItems((list) => mergeItems(list, all));
        setLoaded(true);
        if (all.some((i) => i.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended')) setStatus('ended');
      })
      .catch((e: { statusCode?: number; message: string }) => {
        if (e.statusCode === 403) setStatus('ended');
        else setError(e.message);
      });
    return () => {
      offs.forEach((off) => off());
      session.close();
    };
  }, [session]);

  const shown = useMemo(() => withReceipts(items, receipts), [items, receipts]);
  const multiParty = useMemo(() => isMultiPartyTranscript(items), [items]);
  const visible = usePageVisible();
  const receiptSender = useMemo(() => new ReceiptSender((messageId, kind) => session.sendReceipt(messageId, kind)), [session]);
  useEffect(() => () => receiptSender.stop(), [receiptSender]);
  // Delivered for what came while the page is hidden, read for what it shows (seed 002: none in multi-party chats).
  useEffect(() => {
    if (loaded && status === 'connected' && !multiParty) receiptSender.update(shown, { ownParticipantId: chat.details.participantId, visible });
  }, [receiptSender, shown, visible, loaded, status, multiParty]);

  const typingName = typing && typing.until > Date.now() ? typing.name : undefined;
  return (
    <div class="chat-window card">
      <header class="chat-title">
        <div>
          <strong>Chat with us</strong>
          <div class="small muted" data-testid="chat-status">
            {status === 'connecting' ? 'Connecting…' : status === 'reconnecting' ? 'Reconnecting…' : status === 'ended' ? 'This chat has ended' : `Chatting as ${chat.displayName}`}
          </div>
        </div>
        {status === 'ended'
          ? <button class="primary" data-testid="new-chat" onClick={onNewChat}>Start a new chat</button>
          : <button class="danger" data-testid="end-chat" onClick={() => void session.disconnectParticipant().then(() => setStatus('ended')).catch((e: Error) => setError(e.message))}>End chat</button>}
      </header>
      {error && <div class="error" style="padding: 6px 14px">{error}</div>}
      <Transcript items={shown.filter((i) => i.ContentType !== TYPING)} ownParticipantId={chat.details.participantId} showReceipts={!multiParty} getAttachmentUrl={(id) => session.getAttachmentUrl(id)} />
      <div class="typing">{typingName ? `${typingName} is typing…` : ''}</div>
      {status !== 'ended' && (
        <Composer
          disabled={status === 'connecting'}
          onSend={async (text, contentType) => {
            await session.sendMessage({ message: text, contentType });
          }}
          onAttach={async (file) => {
            await session.sendAttachment(file);
          }}
          onTyping={() => {
            if (Date.now() - lastTyping.current > 10_000) {
              lastTyping.current = Date.now();
              void session.sendEvent({ contentType: TYPING }).catch(() => undefined);
            }
          }}
        />
      )}
    </div>
  );
}
