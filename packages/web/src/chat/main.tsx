import { render } from 'preact';
import { useState } from 'preact/hooks';
import { startChatFromWidget } from '@switchboard/sdk';
import { ChatView } from './ChatView.tsx';
import { forgetChat, loadChat, saveChat, type StoredChat } from './storage.ts';
import '../shared/styles.css';
import './chat.css';

const widgetId = new URLSearchParams(location.search).get('widget') ?? '';

function StartForm({ onStarted }: { onStarted: (chat: StoredChat) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function start(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const details = await startChatFromWidget({ baseUrl: location.origin, widgetId, displayName: name.trim() });
      onStarted({ details, displayName: name.trim() });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="card start" onSubmit={start}>
      <h1>Chat with us</h1>
      <p class="muted">We usually answer within a few minutes.</p>
      <label>Your name<input data-testid="display-name" value={name} maxLength={256} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      {error && <div class="error" data-testid="start-error">{error}</div>}
      <button class="primary" data-testid="start-chat" disabled={busy || !name.trim()}>Start chat</button>
    </form>
  );
}

function App() {
  const [chat, setChat] = useState<StoredChat | undefined>(loadChat(widgetId));
  if (!widgetId) return <p class="card start error">This chat link is missing its widget id (?widget=…).</p>;
  if (!chat) return <StartForm onStarted={(c) => { saveChat(widgetId, c); setChat(c); }} />;
  return <ChatView chat={chat} onNewChat={() => { forgetChat(widgetId); setChat(undefined); }} />;
}

render(<App />, document.getElementById('app')!);
