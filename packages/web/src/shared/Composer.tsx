import { useRef, useState } from 'preact/hooks';
import { ATTACHMENT_CONTENT_TYPES } from '@switchboard/sdk';
import { renderMarkdown } from './markdown.ts';

/** What the file picker offers: the supported types and their extensions (the server checks again). */
const ACCEPT = [...ATTACHMENT_CONTENT_TYPES].flatMap(([type, extensions]) => [type, ...extensions]).join(',');

interface ComposerProps {
  onSend: (text: string, contentType: 'text/plain' | 'text/markdown') => Promise<void>;
  /** Sends a file; without it there is no Attach button. */
  onAttach?: (file: File) => Promise<void>;
  onTyping?: () => void;
  disabled?: boolean;
}

/**
 * The message box: Enter sends, Shift+Enter makes a new line. With "Format" on, the message is sent as
 * text/markdown and a preview shows exactly what the other side will see (seed 004). The paperclip
 * sends a file; a refused one (type, size, attachments off) says why.
 */
export function Composer({ onSend, onAttach, onTyping, disabled }: ComposerProps) {
  const [text, setText] = useState('');
  const [formatted, setFormatted] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState<string>();
  const picker = useRef<HTMLInputElement>(null);
  async function attach(file: File) {
    setUploading(file.name);
    setError(undefined);
    try {
      await onAttach!(file);
    } catch (e) {
      setError(`Could not send ${file.name}: ${(e as Error).message}`);
    } finally {
      setUploading(undefined);
      if (picker.current) picker.current.value = '';
    }
  }
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
      {error && <div class="error" style="padding: 0 10px" data-testid="composer-error">{error}</div>}
      {uploading && <div class="muted small" style="padding: 0 10px" data-testid="uploading">Sending {uploading}…</div>}
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
        {onAttach && (
          <>
            <input
              ref={picker} type="file" hidden data-testid="attach-input" accept={ACCEPT} disabled={disabled || uploading !== undefined}
              onChange={(e) => {
                const file = (e.target as HTMLInputElement).files?.[0];
                if (file) void attach(file);
              }}
            />
            <button
              class="attach" data-testid="attach" title="Attach a file (PDF, Word, Excel, PowerPoint, text, CSV, image, WAV or MP4; up to 20 MB)"
              aria-label="Attach a file" disabled={disabled || uploading !== undefined} onClick={() => picker.current?.click()}
            >
              <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true">
                <path transform="rotate(40 12 12)" d="M16 6v9a4 4 0 0 1-8 0V5a2.5 2.5 0 0 1 5 0v10a1 1 0 0 1-2 0V7" />
              </svg>
            </button>
          </>
        )}
        <label class="format" title="Bold **text**, italics *text*, lists with - or 1., links [text](https://…)">
          <input type="checkbox" data-testid="format" checked={formatted} onChange={(e) => setFormatted((e.target as HTMLInputElement).checked)} />
          Format
        </label>
        <button class="primary" data-testid="send" disabled={disabled || busy || !text.trim()} onClick={() => void send()}>Send</button>
      </div>
    </div>
  );
}
