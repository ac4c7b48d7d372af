import { useState } from 'preact/hooks';

/** The message box: Enter sends, Shift+Enter makes a new line. */
export function Composer({ onSend, onTyping, disabled }: { onSend: (text: string) => Promise<void>; onTyping?: () => void; disabled?: boolean }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function send() {
    const message = text.trim();
    if (!message || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSend(message);
      setText('');
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      {error && <div class="error" style="padding: 0 10px">{error}</div>}
      <div class="composer">
        <textarea
          data-testid="composer"
          placeholder="Type a message"
          value={text}
          disabled={disabled}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            onTyping?.();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button class="primary" data-testid="send" disabled={disabled || busy || !text.trim()} onClick={() => void send()}>Send</button>
      </div>
    </div>
  );
}
