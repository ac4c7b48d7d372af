/** How the Contacts page shows ids, times and durations (times arrive as epoch seconds). */

/** The first block of a contact id: enough to tell contacts apart in a list (the full id is in its title). */
export function shortId(id: string): string {
  return id.split('-')[0] ?? id;
}

/** "7 Dec, 05:51:03" in the browser's time zone; "—" for none. */
export function when(seconds: number | undefined): string {
  if (seconds === undefined) return '—';
  return new Date(seconds * 1000).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** "4:05" or "1:02:03" between two times (seconds). */
export function span(fromSeconds: number, toSeconds: number): string {
  const s = Math.max(0, Math.round(toSeconds - fromSeconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return `${h > 0 ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(sec).padStart(2, '0')}`;
}

/** Names that are not plain words. */
const NAMED: Record<string, string> = { API: 'API', WEBRTC_API: 'WebRTC API', VOICE: 'Voice', CHAT: 'Chat', TASK: 'Task', EMAIL: 'Email' };

/** A machine name as words: "CUSTOMER_DISCONNECT" → "Customer disconnect", "QUEUE_TRANSFER" → "Queue transfer". */
export function words(name: string | undefined): string {
  if (!name) return '—';
  if (name in NAMED) return NAMED[name]!;
  const lower = name.replace(/_/g, ' ').toLowerCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/** "2.1 MB", "640 kB". */
export function bytes(n: number): string {
  return n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1000))} kB`;
}

/** Who alone saw a whisper's message (a transcript item's VisibleTo): "Whisper: seen by the agent only". */
export function whisperNote(to: readonly { ParticipantRole?: string }[]): string {
  const roles = [...new Set(to.map((p) => (p.ParticipantRole ?? 'participant').toLowerCase()))];
  return `Whisper: seen by the ${roles.join(' and ')} only`;
}
