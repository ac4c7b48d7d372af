import { useState } from 'preact/hooks';
import { renderMarkdown } from './markdown.ts';

/**
 * The message box: Enter sends, Shift+Enter makes a new line. With "Format" on, the message is sent as
 * text/markdown and a preview shows exactly what the other side will see (seed 004).
 */
export function Composer({ onSend, onTyping, disabled }: { onSend: (text: string, contentType: 'text/plain' | 'text/markdown') => Promise<void>; onTyping?: () => void; disabled?: boolean }) {
  const [text, setText] = useState('');
  const [formatted, setFormatted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function send() {
    const message = text.trim();
    if (!message || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onSend(message, formatted ? 'text/markdown' : 'text/plain');
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
      {formatted && text.trim() && (
        <div class="preview" data-testid="preview">
          <div class="muted small">Preview</div>
          <div class="bubble md" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />
        </div>
      )}
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
        <label class="format" title="Bold **text**, italics *text*, lists with - or 1., links [text](https://…)">
          <input type="checkbox" data-testid="format" checked={formatted} onChange={(e) => setFormatted((e.target as HTMLInputElement).checked)} />
          Format
        </label>
        <button class="primary" data-testid="send" disabled={disabled || busy || !text.trim()} onClick={() => void send()}>Send</button>
      </div>
    </div>
  );
}
