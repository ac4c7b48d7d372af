import { useEffect, useState } from 'preact/hooks';
import type { AdminSession } from './api.ts';

/** What /admin/socket pushes (server: console/snapshot.ts). */
export interface LiveSnapshot {
  type: 'snapshot';
  at: number;
  queues: { id: string; name: string; status: string; inQueue: number; oldestSince: number | null; oldestAge: number; agentsOnline: number; agentsAvailable: number; agentsOnContact: number }[];
  agents: { id: string; username: string; name: string; status: string; statusType: string; statusSince: number; present: boolean; contacts: { channel: string; state: string }[] }[];
}

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'ended';

/** Close codes after which reconnecting would not help: the session ended (4001) or AccessMetrics is not held (4003). */
const FINAL_CLOSES = new Set([4001, 4003]);

/**
 * The dashboard's live data: a WebSocket to /admin/socket with the session's token, the latest snapshot
 * and the local time it arrived (ages tick from it, whatever the server's clock says). Reconnects after
 * a drop, a little later each time.
 */
export function useLive(session: AdminSession): { snapshot: LiveSnapshot | undefined; receivedAt: number; state: LiveState; closeReason: string | undefined } {
  const [snapshot, setSnapshot] = useState<LiveSnapshot>();
  const [receivedAt, setReceivedAt] = useState(0);
  const [state, setState] = useState<LiveState>('connecting');
  const [closeReason, setCloseReason] = useState<string>();
  useEffect(() => {
    let ws: WebSocket | undefined;
    let stopped = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const open = () => {
      const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
      ws = new WebSocket(`${scheme}://${location.host}/admin/socket?token=${encodeURIComponent(session.token)}`);
      ws.onmessage = (e) => {
        const frame = JSON.parse(String(e.data)) as LiveSnapshot;
        if (frame.type !== 'snapshot') return;
        attempts = 0;
        setSnapshot(frame);
        setReceivedAt(Date.now());
        setState('live');
      };
      ws.onclose = (e) => {
        if (stopped) return;
        if (FINAL_CLOSES.has(e.code)) {
          setState('ended');
          setCloseReason(e.reason || 'the session ended');
          return;
        }
        setState('reconnecting');
        retry = setTimeout(open, Math.min(10_000, 1_000 * 2 ** attempts++));
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(retry);
      ws?.close();
    };
  }, [session.token]);
  return { snapshot, receivedAt, state, closeReason };
}

/** Re-renders every second (for ages that tick between pushes). */
export function useTick(ms = 1_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** 0:07, 12:30, 1:02:03. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}
