import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { connectAudio, levelMeter, type AudioLink, type MediaConfig } from '@switchboard/sdk';
import '../shared/styles.css';
import './phone.css';

/**
 * The development phone: a telephone with a number, in a browser tab, for development and tests. It rings
 * when the CCP dials its number (or a PHONE_NUMBER quick connect points at it), and it can call the contact
 * center. Audio goes over WebRTC to the call's bridge; the keypad sends DTMF in the audio path (RFC 4733),
 * as a phone does. It is not a telephone network, and says so.
 */
interface PhoneCall { ContactId: string; PartyId: string; State: 'connecting' | 'connected' | 'hold'; Direction: 'INCOMING' | 'OUTGOING' }

declare global {
  interface Window { switchboardAudio?: AudioLink }
}

const params = new URLSearchParams(location.search);
const instanceId = params.get('instance') ?? '';
const api = (path: string) => `/dev-phone/${encodeURIComponent(instanceId)}${path}`;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(api(path), { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const json = await res.json().catch(() => ({})) as T & { message?: string; Message?: string };
  if (!res.ok) throw new Error(json.message ?? json.Message ?? `HTTP ${res.status}`);
  return json;
}

function Phone() {
  const [number, setNumber] = useState(() => params.get('number') ?? localStorage.getItem('switchboard.devphone') ?? '+12065550199');
  const [config, setConfig] = useState<MediaConfig>();
  const [calls, setCalls] = useState<PhoneCall[]>([]);
  const [error, setError] = useState<string>();
  const [level, setLevel] = useState(0);
  const [keyed, setKeyed] = useState('');
  const link = useRef<{ contactId: string; partyId: string; audio: AudioLink; stream: MediaStream; stop(): void }>();
  const output = useRef<HTMLAudioElement>(null);
  /** An answer or a dial is under way: the poll must not offer for the same call meanwhile. */
  const busy = useRef(false);

  useEffect(() => { call<MediaConfig>('GET', '/config').then(setConfig, (e: Error) => setError(e.message)); }, []);
  useEffect(() => { localStorage.setItem('switchboard.devphone', number); }, [number]);
  // The phone's calls, every half second (a development tool: polling keeps it simple).
  useEffect(() => {
    let stop = false;
    const poll = async () => {
      while (!stop) {
        try {
          const { Calls } = await call<{ Calls: PhoneCall[] }>('GET', `/calls?number=${encodeURIComponent(number)}`);
          setCalls(Calls);
          const mine = link.current;
          if (mine && !Calls.some((c) => c.ContactId === mine.contactId && c.PartyId === mine.partyId)) hangUpLocally();
          else if (!mine && !busy.current) {
            // After a reload mid-call: bring audio back to the call this number is on.
            const live = Calls.find((c) => c.State !== 'connecting');
            if (live) await connect(live.ContactId, live.PartyId, (sdp) => call<{ Sdp: string }>('POST', `/calls/${live.ContactId}/media/${live.PartyId}`, { Sdp: sdp }).then((r) => r.Sdp));
          }
        } catch (e) { setError((e as Error).message); }
        await new Promise((r) => setTimeout(r, 500));
      }
    };
    void poll();
    return () => { stop = true; };
  }, [number, config]);

  function hangUpLocally() {
    link.current?.stop();
    link.current = undefined;
    setKeyed('');
  }

  async function connect(contactId: string, partyId: string, offer: (sdp: string) => Promise<string>): Promise<void> {
    if (!config?.enabled) throw new Error('call audio is off on this server');
    if (busy.current) return;
    busy.current = true;
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const meter = levelMeter(stream);
      const timer = setInterval(() => setLevel(meter.level()), 100);
      const audio = await connectAudio({ stream, iceServers: config.iceServers, offer, output: output.current ?? undefined }).catch((e: unknown) => {
        clearInterval(timer); meter.stop(); for (const t of stream.getTracks()) t.stop();
        throw e;
      });
      window.switchboardAudio = audio;
      link.current = { contactId, partyId, audio, stream, stop() { clearInterval(timer); meter.stop(); audio.close(); for (const t of stream.getTracks()) t.stop(); } };
    } finally {
      busy.current = false;
    }
  }

  const act = (work: () => Promise<unknown>) => () => { setError(undefined); work().catch((e: Error) => setError(e.message)); };
  const ringing = calls.find((c) => c.State === 'connecting' && c.Direction === 'INCOMING');
  const active = calls.find((c) => c.State !== 'connecting' || c.Direction === 'OUTGOING');

  return (
    <main class="phone card" data-testid="dev-phone">
      <p class="dev-label">Development phone — not a telephone network</p>
      <label>This phone's number<input data-testid="phone-number" value={number} onChange={(e) => setNumber((e.target as HTMLInputElement).value.trim())} /></label>
      {!instanceId && <p class="error">Open this page with ?instance=… (the demo prints the address).</p>}
      {config && !config.enabled && <p class="error">Call audio is off on this server.</p>}
      {ringing && !active && (
        <section class="ringing" data-testid="ringing">
          <p class="big">Incoming call…</p>
          <button class="primary" data-testid="answer" onClick={act(async () => {
            await connect(ringing.ContactId, ringing.PartyId, (sdp) => call<{ Sdp: string }>('POST', `/calls/${ringing.ContactId}/parties/${ringing.PartyId}/answer`, { Sdp: sdp }).then((r) => r.Sdp));
          })}>Answer</button>
          <button data-testid="decline" onClick={act(() => call('POST', `/calls/${ringing.ContactId}/parties/${ringing.PartyId}/decline`, {}))}>Decline</button>
        </section>
      )}
      {active && (
        <section class="in-call" data-testid="in-call" data-state={active.State}>
          <p class="big">{active.State === 'hold' ? 'On hold' : active.State === 'connecting' ? 'Calling…' : 'In call'}</p>
          <span class="level"><span style={{ width: `${Math.round(level * 100)}%` }} /></span>
          <div class="keypad">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((d) => (
              <button key={d} data-testid={`key-${d}`} onClick={act(async () => { link.current?.audio.sendDigits(d); setKeyed((k) => k + d); })}>{d}</button>
            ))}
          </div>
          {keyed && <p class="muted small" data-testid="keyed">Sent: {keyed}</p>}
          <button class="danger" data-testid="hang-up" onClick={act(async () => {
            hangUpLocally();
            await call('POST', `/calls/${active.ContactId}/parties/${active.PartyId}/hangup`, {});
          })}>Hang up</button>
        </section>
      )}
      {!ringing && !active && (
        <button class="primary" data-testid="dial-in" disabled={!config?.enabled} onClick={act(async () => {
          let placed: { ContactId: string; PartyId: string } | undefined;
          await connect('', '', async (sdp) => {
            const r = await call<{ ContactId: string; PartyId: string; Sdp: string }>('POST', '/dial', { From: number, Sdp: sdp });
            placed = r;
            return r.Sdp;
          });
          if (placed && link.current) Object.assign(link.current, { contactId: placed.ContactId, partyId: placed.PartyId });
        })}>Call the contact center</button>
      )}
      {error && <p class="error" data-testid="phone-error">{error}</p>}
      <audio ref={output} autoPlay />
    </main>
  );
}

render(<Phone />, document.getElementById('app')!);
