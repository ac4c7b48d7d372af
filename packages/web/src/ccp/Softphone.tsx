import { useEffect, useRef, useState } from 'preact/hooks';
import { connectAudio, levelMeter, type AgentClient, type AudioLink } from '@switchboard/sdk';

const DEVICE_KEY = 'switchboard.microphone';

type Status = 'starting' | 'asking' | 'live' | 'reconnecting' | 'blocked' | 'no-microphone' | 'lost' | 'off' | 'failed';

const STATUS_TEXT: Record<Status, string> = {
  starting: 'Connecting audio…',
  asking: 'Allow the microphone to talk: the browser is asking.',
  live: 'Audio connected',
  reconnecting: 'Audio dropped — reconnecting…',
  blocked: 'Microphone blocked: allow this site to use the microphone (the icon in the address bar), then reload.',
  'no-microphone': 'No microphone found: plug one in and choose it here.',
  lost: 'Microphone lost (unplugged?): choose another one here.',
  off: 'Call audio is off on this server.',
  failed: 'Audio could not connect.',
};

/** The test hook: the live link, for reading getStats in browser tests. */
declare global {
  interface Window { switchboardAudio?: AudioLink }
}

/**
 * The CCP's softphone: while the agent is on a call, their microphone goes to the call's bridge and the
 * call's audio plays here. Microphone choice (remembered), a live level meter, a clear message when the
 * microphone is blocked or lost, and a new connection when it drops — or after a reload mid-call, since
 * the CCP offers again for the call it finds itself on (the call goes on meanwhile).
 */
export function Softphone({ client, contactId }: { client: AgentClient; contactId: string }) {
  const [status, setStatus] = useState<Status>('starting');
  const [detail, setDetail] = useState('');
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(DEVICE_KEY) ?? '');
  const [attempt, setAttempt] = useState(0);
  const [level, setLevel] = useState(0);
  const output = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    let cancelled = false;
    let link: AudioLink | undefined;
    let stream: MediaStream | undefined;
    let meter: ReturnType<typeof levelMeter> | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const again = (next: Status) => {
      if (cancelled) return;
      setStatus(next);
      retry = setTimeout(() => setAttempt((n) => n + 1), 1_000);
    };
    void (async () => {
      const config = await client.getMediaConfig();
      if (cancelled) return;
      if (!config.enabled) { setStatus('off'); return; }
      setStatus('asking');
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true });
      } catch (error) {
        const name = (error as DOMException).name;
        if (name === 'OverconstrainedError' && deviceId) { localStorage.removeItem(DEVICE_KEY); setDeviceId(''); return; }
        setStatus(name === 'NotAllowedError' || name === 'SecurityError' ? 'blocked' : 'no-microphone');
        setDetail((error as Error).message);
        return;
      }
      if (cancelled) { for (const t of stream.getTracks()) t.stop(); return; }
      setStatus('starting');
      setDevices((await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput'));
      const track = stream.getAudioTracks()[0]!;
      track.addEventListener('ended', () => { if (!cancelled) setStatus('lost'); });
      meter = levelMeter(stream);
      timer = setInterval(() => setLevel(meter!.level()), 100);
      link = await connectAudio({
        stream, iceServers: config.iceServers, output: output.current ?? undefined,
        offer: (sdp) => client.offerMedia(contactId, sdp),
        onLost: () => again('reconnecting'),
      });
      if (cancelled) { link.close(); return; }
      window.switchboardAudio = link;
      setStatus('live');
    })().catch((error: Error) => {
      setDetail(error.message);
      again('failed');
    });
    return () => {
      cancelled = true;
      clearTimeout(retry);
      clearInterval(timer);
      meter?.stop();
      link?.close();
      if (window.switchboardAudio === link) delete window.switchboardAudio;
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [client, contactId, deviceId, attempt]);

  const problem = status !== 'live' && status !== 'starting' && status !== 'asking';
  return (
    <div class={`softphone${problem ? ' problem' : ''}`} data-testid="softphone" data-status={status} role="status">
      <svg class="mic" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
        <rect x="5.5" y="1.5" width="5" height="8" rx="2.5" fill="none" stroke="currentColor" stroke-width="1.4" />
        <path d="M3.5 7.5a4.5 4.5 0 0 0 9 0M8 12v2.5" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round" />
      </svg>
      <span class="level" title="Your microphone level"><span style={{ width: `${Math.round(level * 100)}%` }} data-testid="mic-level" /></span>
      <span class="small" title={detail}>{STATUS_TEXT[status]}</span>
      {devices.length > 1 && (
        <select aria-label="Microphone" data-testid="microphone" value={deviceId} onChange={(e) => {
          const id = (e.target as HTMLSelectElement).value;
          localStorage.setItem(DEVICE_KEY, id);
          setDeviceId(id);
        }}>
          <option value="">Default microphone</option>
          {devices.map((d) => <option key={d.deviceId} value={d.deviceId}>{d.label || 'Microphone'}</option>)}
        </select>
      )}
      <audio ref={output} autoPlay data-testid="call-audio" />
    </div>
  );
}
