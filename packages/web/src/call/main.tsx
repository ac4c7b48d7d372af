import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { connectAudio, levelMeter, type AudioLink, type MediaConfig } from '@switchboard/sdk';
import '../shared/styles.css';
import './call.css';

/**
 * The "call us" page (web calling): a customer calls the contact center from the browser, no phone
 * number needed. The call runs the widget's flow (InitiationMethod WEBRTC_API) and queues like any call;
 * the keypad sends DTMF in the audio path for menus. A reload during the call brings the audio back.
 */
declare global {
  interface Window { switchboardAudio?: AudioLink }
}

const widgetId = new URLSearchParams(location.search).get('widget') ?? '';
const SAVED = 'switchboard.webcall';
type CallState = 'IN_FLOW' | 'QUEUED' | 'CONNECTED' | 'ON_HOLD' | 'ENDED';
const STATE_TEXT: Record<CallState, string> = {
  IN_FLOW: 'Connected to the contact center', QUEUED: 'Waiting for the next agent…', CONNECTED: 'Talking with an agent', ON_HOLD: 'On hold', ENDED: 'Call ended',
};

async function post<T>(path: string, body: unknown, token?: string): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { 'x-amz-bearer': token } : {}) }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({})) as T & { message?: string; Message?: string };
  if (!res.ok) throw new Error(json.message ?? json.Message ?? `HTTP ${res.status}`);
  return json;
}

function CallUs() {
  const [name, setName] = useState('');
  const [config, setConfig] = useState<MediaConfig>();
  const [token, setToken] = useState<string | undefined>(() => sessionStorage.getItem(SAVED) ?? undefined);
  const [state, setState] = useState<CallState>();
  const [error, setError] = useState<string>();
  const [muted, setMuted] = useState(false);
  const [level, setLevel] = useState(0);
  const link = useRef<{ audio: AudioLink; stop(): void }>();
  const output = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    fetch(`/widget/${encodeURIComponent(widgetId)}/call-config`).then((r) => r.json()).then(setConfig, (e: Error) => setError(e.message));
  }, []);

  async function audio(offer: (sdp: string) => Promise<string>): Promise<void> {
    if (!config?.enabled) throw new Error('calls are not available right now');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      throw new Error((e as DOMException).name === 'NotAllowedError' ? 'Allow the microphone to call us (the icon in the address bar), then try again.' : 'No microphone found.');
    }
    const meter = levelMeter(stream);
    const timer = setInterval(() => setLevel(meter.level()), 100);
    try {
      const a = await connectAudio({ stream, iceServers: config.iceServers, offer, output: output.current ?? undefined });
      window.switchboardAudio = a;
      link.current = { audio: a, stop() { clearInterval(timer); meter.stop(); a.close(); for (const t of stream.getTracks()) t.stop(); } };
    } catch (e) {
      clearInterval(timer); meter.stop(); for (const t of stream.getTracks()) t.stop();
      throw e;
    }
  }

  // A call in progress (after a reload): audio again, then follow its state until it ends.
  useEffect(() => {
    if (!token || !config) return;
    let stop = false;
    if (!link.current) audio((sdp) => post<{ Sdp: string }>('/web-call/offer', { Sdp: sdp }, token).then((r) => r.Sdp)).catch((e: Error) => { setError(e.message); end(); });
    const poll = async () => {
      while (!stop) {
        const res = await fetch('/web-call/state', { headers: { 'x-amz-bearer': token } }).catch(() => undefined);
        if (res?.status === 403) { end(); return; }
        const body = res?.ok ? await res.json() as { State: CallState } : undefined;
        if (body) {
          setState(body.State);
          if (body.State === 'ENDED') { end(); return; }
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    };
    void poll();
    return () => { stop = true; };
  }, [token, config]);

  function end() {
    link.current?.stop();
    link.current = undefined;
    sessionStorage.removeItem(SAVED);
    setToken(undefined);
    setMuted(false);
  }

  const act = (work: () => Promise<unknown>) => () => { setError(undefined); work().catch((e: Error) => setError(e.message)); };

  return (
    <main class="call-us card" data-testid="call-us">
      <h1>Call us</h1>
      {!token ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          act(async () => {
            let started: { ParticipantToken: string } | undefined;
            await audio(async (sdp) => {
              const r = await post<{ ParticipantToken: string; Sdp: string }>(`/widget/${encodeURIComponent(widgetId)}/start-call`, { DisplayName: name.trim(), Sdp: sdp });
              started = r;
              return r.Sdp;
            });
            if (started) { sessionStorage.setItem(SAVED, started.ParticipantToken); setToken(started.ParticipantToken); setState('IN_FLOW'); }
          })();
        }}>
          {state === 'ENDED' && <p class="muted" data-testid="call-ended">Call ended. Thank you for calling.</p>}
          <label>Your name<input data-testid="caller-name" required maxLength={256} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
          <button class="primary" data-testid="start-call" disabled={!config?.enabled || !name.trim()}>Call</button>
          {config && !config.enabled && <p class="error">Calls are not available right now.</p>}
        </form>
      ) : (
        <section data-testid="in-call" data-state={state}>
          <p class="big" data-testid="call-state">{state ? STATE_TEXT[state] : 'Connecting…'}</p>
          <span class="level" title="Your microphone"><span style={{ width: `${Math.round(level * 100)}%` }} /></span>
          <div class="keypad">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((d) => (
              <button key={d} data-testid={`key-${d}`} onClick={act(async () => link.current?.audio.sendDigits(d))}>{d}</button>
            ))}
          </div>
          <div class="actions">
            <button data-testid="mute" onClick={() => {
              const next = !muted;
              for (const sender of link.current?.audio.pc.getSenders() ?? []) if (sender.track) sender.track.enabled = !next;
              setMuted(next);
            }}>{muted ? 'Unmute' : 'Mute'}</button>
            <button class="danger" data-testid="hang-up" onClick={act(async () => {
              const t = token;
              end();
              setState('ENDED');
              await post('/web-call/hangup', {}, t);
            })}>Hang up</button>
          </div>
        </section>
      )}
      {error && <p class="error" data-testid="call-error">{error}</p>}
      <audio ref={output} autoPlay />
    </main>
  );
}

render(<CallUs />, document.getElementById('app')!);
