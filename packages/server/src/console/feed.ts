import type { WebSocket } from 'ws';
import { PERMISSION, userMay, type Event } from '@switchboard/engine';
import { AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON, authenticateAgent } from '../agent/session.ts';
import { sendFrame } from '../ws/coalesce.ts';
import type { Services } from '../services.ts';
import { liveSnapshot } from './snapshot.ts';

/** The close code of a console socket whose user no longer holds AccessMetrics (do not reconnect). */
export const CONSOLE_NOT_PERMITTED_CLOSE = 4003;
/** Pushes to one instance's dashboards are at most this often. */
export const CONSOLE_PUSH_INTERVAL_MS = 1_000;

interface Watcher {
  ws: WebSocket;
  token: string;
}

/** What the feed needs of the outside world, so its throttling can be checked without waiting. */
export interface FeedClock {
  now(): number;
  schedule(fn: () => void, ms: number): { cancel(): void };
}

const realClock: FeedClock = {
  now: () => Date.now(),
  schedule(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/** Events after which a console's session may have ended: its sockets are checked at once, not at the next push. */
const SESSION_EVENTS = new Set(['AgentSessionEnded', 'UserPasswordUpdated', 'UserDeleted']);

/**
 * The admin console's real-time dashboard feed (/admin/socket). Each console socket gets a snapshot of
 * its instance (snapshot.ts) when it opens, and again after each durable batch of events of that
 * instance — throttled: at most one push per instance per `intervalMs`; changes in between arrive
 * together in the next push. Before every push each socket's session and AccessMetrics are checked
 * again: a signed-out or expired session is closed with 4001, a user who lost AccessMetrics with 4003.
 */
export class ConsoleFeed {
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly lastPush = new Map<string, number>();
  private readonly pending = new Map<string, { cancel(): void }>();

  constructor(private readonly services: Services, private readonly intervalMs = CONSOLE_PUSH_INTERVAL_MS, private readonly clock: FeedClock = realClock) {}

  /** A console socket whose session and permission were checked: it gets a snapshot now. */
  add(instanceId: string, ws: WebSocket, token: string): void {
    const watcher = { ws, token };
    let set = this.watchers.get(instanceId);
    if (!set) this.watchers.set(instanceId, (set = new Set()));
    set.add(watcher);
    ws.on('close', () => {
      set!.delete(watcher);
      if (set!.size === 0 && this.watchers.get(instanceId) === set) {
        this.watchers.delete(instanceId);
        this.pending.get(instanceId)?.cancel();
        this.pending.delete(instanceId);
      }
    });
    if (this.allowed(watcher)) this.sendTo([watcher], instanceId);
  }

  /** How many console sockets watch an instance. */
  count(instanceId: string): number {
    return this.watchers.get(instanceId)?.size ?? 0;
  }

  onEvents(events: readonly Event[]): void {
    const touched = new Set<string>();
    for (const event of events) {
      if (!this.watchers.has(event.instanceId)) continue;
      touched.add(event.instanceId);
      if (SESSION_EVENTS.has(event.type)) for (const w of [...this.watchers.get(event.instanceId) ?? []]) this.allowed(w);
    }
    for (const instanceId of touched) this.schedule(instanceId);
  }

  private schedule(instanceId: string): void {
    if (this.pending.has(instanceId)) return; // the next push will carry this change too
    const wait = Math.max(0, (this.lastPush.get(instanceId) ?? -Infinity) + this.intervalMs - this.clock.now());
    this.pending.set(instanceId, this.clock.schedule(() => {
      this.pending.delete(instanceId);
      const set = this.watchers.get(instanceId);
      if (set) this.sendTo([...set].filter((w) => this.allowed(w)), instanceId);
    }, wait));
  }

  private sendTo(watchers: Watcher[], instanceId: string): void {
    const instance = this.services.state.instances.get(instanceId);
    if (!instance || watchers.length === 0) return;
    this.lastPush.set(instanceId, this.clock.now());
    const frame = JSON.stringify(liveSnapshot(instance, this.services.pipeline.now()));
    for (const w of watchers) sendFrame(w.ws, frame);
  }

  /** Whether the socket's session is still good and its user may see metrics; if not, the socket is closed. */
  private allowed(w: Watcher): boolean {
    if (w.ws.readyState !== w.ws.OPEN) return false;
    const auth = authenticateAgent(this.services, w.token);
    if (!auth) {
      w.ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON);
      return false;
    }
    if (!userMay(auth.instance, auth.user.id, PERMISSION.accessMetrics)) {
      w.ws.close(CONSOLE_NOT_PERMITTED_CLOSE, 'AccessMetrics is not permitted');
      return false;
    }
    return true;
  }
}

const feeds = new WeakMap<Services, ConsoleFeed>();

/** The server's console feed, made (and subscribed to the pipeline) with its first console socket. */
export function consoleFeedOf(services: Services): ConsoleFeed {
  let feed = feeds.get(services);
  if (!feed) {
    const made = (feed = new ConsoleFeed(services));
    feeds.set(services, made);
    services.pipeline.subscribe((events) => made.onEvents(events));
  }
  return feed;
}
