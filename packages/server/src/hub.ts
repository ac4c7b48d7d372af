import type { WebSocket } from 'ws';
import { agentChatItemView, agentDelta, agentSnapshot, agentsAffectedBy, chatItemView, contactsChangedBy, seenBy, transcriptItemOf, type Event, type MessageReceiptRecorded, type State } from '@switchboard/engine';
import { chatFrame, receiptItem } from './wire.ts';
import { SharedText, sendFrame } from './ws/coalesce.ts';
import { AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON } from './agent/session.ts';

interface ChatSocket {
  ws: WebSocket;
  participantId: string;
}

/** The contacts a batch changed in one instance, or 'all'. */
type Changed = Set<string> | 'all';

/**
 * Who is listening: customers' chat sockets (by contact) and agents' CCP sockets (by agent). After
 * each durable batch it sends chat items to everyone in the chat, and every agent the batch touched
 * what changed on their CCP: an `agent::delta` with their status and the contacts the batch changed
 * (a socket's first frame, or any change to the instance itself, is a full `agent::update` snapshot).
 */
export class Hub {
  private readonly chats = new Map<string, Set<ChatSocket>>();
  private readonly agents = new Map<string, Set<WebSocket>>();
  /** The configuration each agent socket was last sent. */
  private readonly sentConfig = new WeakMap<WebSocket, string>();
  /** The agent session (login) each agent socket was opened with: a logout closes that session's sockets only. */
  private readonly sessionOf = new WeakMap<WebSocket, string>();
  /** The contacts each agent socket's CCP shows now (after its last snapshot and deltas). */
  private readonly shown = new WeakMap<WebSocket, ReadonlySet<string>>();

  constructor(
    private readonly state: State,
    private readonly now: () => number,
    /** Told when an agent's first CCP socket opens (true) and when their last one closes (false). */
    private readonly onPresence: (instanceId: string, userId: string, present: boolean) => void = () => undefined,
  ) {}

  addChatSocket(contactId: string, participantId: string, ws: WebSocket): void {
    const entry = { ws, participantId };
    let set = this.chats.get(contactId);
    if (!set) this.chats.set(contactId, (set = new Set()));
    set.add(entry);
    ws.on('close', () => {
      set!.delete(entry);
      if (set!.size === 0) this.chats.delete(contactId);
    });
  }

  addAgentSocket(instanceId: string, userId: string, ws: WebSocket, sessionId: string): void {
    const key = `${instanceId}/${userId}`;
    this.sessionOf.set(ws, sessionId);
    let set = this.agents.get(key);
    if (!set) {
      this.agents.set(key, (set = new Set()));
      this.onPresence(instanceId, userId, true);
    }
    set.add(ws);
    ws.on('close', () => {
      set!.delete(ws);
      if (set!.size === 0 && this.agents.get(key) === set) {
        this.agents.delete(key);
        if (!this.closing) this.onPresence(instanceId, userId, false);
      }
    });
    this.sendUpdate(instanceId, userId, 'all');
  }

  onEvents(events: readonly Event[]): void {
    const touched = new Map<string, Set<string>>();
    const changed = new Map<string, Changed>();
    for (const event of events) {
      // A deleted instance (Connect admin API): its agents' CCP sockets and its chats' sockets close.
      if (event.type === 'InstanceDeleted') this.closeInstance(event.instanceId, event.contactIds);
      const instance = this.state.instances.get(event.instanceId);
      if (!instance) continue;
      if (event.type === 'AgentSessionEnded') this.closeAgentSession(instance.id, event.userId, event.sessionId);
      // A new password or a deleted user ends every session of the user (Connect admin API).
      if (event.type === 'UserPasswordUpdated' || event.type === 'UserDeleted') this.closeAgentSessions(instance.id, event.userId);
      const contacts = contactsChangedBy(instance, event);
      const sofar = changed.get(instance.id) ?? new Set<string>();
      if (contacts === 'all' || sofar === 'all') changed.set(instance.id, 'all');
      else {
        for (const contactId of contacts) sofar.add(contactId);
        changed.set(instance.id, sofar);
      }
      const item = transcriptItemOf(event);
      if (item && 'contactId' in event) {
        const contact = instance.contacts.get(event.contactId);
        if (contact) {
          const frame = chatFrame(chatItemView(item, contact.id, contact.initialContactId ?? contact.id));
          // A whisper's message goes to the one participant it is for (item.visibleTo); everything else to the whole chat.
          this.broadcastChat(contact.id, frame, undefined, item.visibleTo);
          // The agent's all_message data: the same frame (JSON), but a whisper's message also says who alone
          // sees it (VisibleTo, on the CCP's socket only: the customer's chat frames keep chatjs's shape).
          let agentFrame: string | undefined;
          // Agents in the chat at the time of the item (one who just left still gets their own leaving and the end).
          for (const p of contact.participants.values()) {
            if (p.role === 'AGENT' && p.userId && (p.leftAt === undefined || p.leftAt >= event.at) && seenBy(item, p.id)) {
              agentFrame ??= `{"event":"webSocket::all_message","data":${item.visibleTo === undefined ? frame : chatFrame(agentChatItemView(item, contact))}}`;
              this.sendAgentText(instance.id, p.userId, agentFrame);
            }
          }
        }
      }
      if (event.type === 'MessageReceiptRecorded') this.passOnReceipt(event);
      for (const userId of agentsAffectedBy(instance, event)) {
        let set = touched.get(instance.id);
        if (!set) touched.set(instance.id, (set = new Set()));
        set.add(userId);
      }
    }
    for (const [instanceId, contacts] of changed) {
      // A change to the instance (a queue renamed, a status added…) may show on every CCP: all get a full snapshot.
      if (contacts === 'all') {
        for (const key of this.agents.keys()) if (key.startsWith(`${instanceId}/`)) this.sendUpdate(instanceId, key.slice(instanceId.length + 1), 'all');
        touched.delete(instanceId);
      }
    }
    for (const [instanceId, users] of touched) for (const userId of users) this.sendUpdate(instanceId, userId, changed.get(instanceId) ?? new Set());
  }

  /**
   * A recorded receipt goes to everyone else in the chat (the customer's chat sockets, the agents' CCPs):
   * the sender already knows.
   */
  private passOnReceipt(event: MessageReceiptRecorded): void {
    const contact = this.state.instances.get(event.instanceId)?.contacts.get(event.contactId);
    if (!contact) return;
    const frame = chatFrame(receiptItem(event, contact));
    // Only to those who see the message (a receipt for a whisper's message says nothing to the other side).
    const seen = contact.transcript.findLast((i) => i.id === event.messageId)?.visibleTo;
    this.broadcastChat(contact.id, frame, event.participantId, seen);
    for (const p of contact.participants.values()) {
      if (p.role === 'AGENT' && p.userId && p.state === 'connected' && p.id !== event.participantId && (seen === undefined || seen.includes(p.id))) {
        this.sendAgentText(contact.instanceId, p.userId, `{"event":"webSocket::all_message","data":${frame}}`);
      }
    }
  }

  /**
   * Sends a frame to every chat socket of a contact except the sender's participant (for typing); with
   * `onlyTo`, to those participants' sockets only (a whisper's message).
   */
  broadcastChat(contactId: string, frame: string, exceptParticipantId?: string, onlyTo?: readonly string[]): void {
    const sockets = this.chats.get(contactId);
    if (!sockets) return;
    const shared = new SharedText(frame); // its bytes are built once for all the chat's sockets
    for (const socket of sockets) {
      if (socket.participantId !== exceptParticipantId && (onlyTo === undefined || onlyTo.includes(socket.participantId))) sendFrame(socket.ws, shared);
    }
  }

  /** How many subscribed chat sockets a contact has (a participant may briefly hold two while chatjs refreshes). */
  chatSocketCount(contactId: string): number {
    return this.chats.get(contactId)?.size ?? 0;
  }

  /**
   * Closes every chat socket of a contact, as the service does when it drops connections (e.g. a
   * restart behind a load balancer); chatjs then fetches new connection details and reconnects.
   * Returns how many were closed.
   */
  closeChatSockets(contactId: string, code = 1001, reason = 'Going away'): number {
    const sockets = [...(this.chats.get(contactId) ?? [])];
    for (const socket of sockets) socket.ws.close(code, reason);
    return sockets.length;
  }

  /**
   * Closes the sockets of one ended agent session (4001 "agent session ended": log in again, do not
   * reconnect); the agent's other sessions keep theirs. If none is left, the agent's CCP is gone, as
   * when any last socket closes (presence).
   */
  private closeAgentSessions(instanceId: string, userId: string): void {
    for (const ws of this.agents.get(`${instanceId}/${userId}`) ?? []) ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON);
  }

  /** An instance was deleted: every CCP socket of its agents ends its session (4001), its chats' sockets close as the chats end (1000). */
  private closeInstance(instanceId: string, contactIds: readonly string[]): void {
    for (const [key, sockets] of this.agents) if (key.startsWith(`${instanceId}/`)) for (const ws of sockets) ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON);
    for (const contactId of contactIds) this.closeChatSockets(contactId, 1000, 'instance deleted');
  }

  private closeAgentSession(instanceId: string, userId: string, sessionId: string): void {
    for (const ws of this.agents.get(`${instanceId}/${userId}`) ?? []) {
      if (this.sessionOf.get(ws) === sessionId) ws.close(AGENT_SESSION_ENDED_CLOSE, AGENT_SESSION_ENDED_REASON);
    }
  }

  sendAgent(instanceId: string, userId: string, message: unknown): void {
    if (this.agents.has(`${instanceId}/${userId}`)) this.sendAgentText(instanceId, userId, JSON.stringify(message));
  }

  private sendAgentText(instanceId: string, userId: string, text: string): void {
    const sockets = this.agents.get(`${instanceId}/${userId}`);
    if (sockets) for (const ws of sockets) sendFrame(ws, text);
  }

  /**
   * Sends one agent's sockets what changed on their CCP: a delta with the `changed` contacts they hold and
   * the ones they no longer hold, or a full snapshot (`'all'`, a socket's first frame, or a new configuration).
   */
  private sendUpdate(instanceId: string, userId: string, changed: Changed): void {
    const sockets = this.agents.get(`${instanceId}/${userId}`);
    if (!sockets) return;
    const instance = this.state.instances.get(instanceId);
    const user = instance?.users.get(userId);
    if (!instance || !user) return;
    const now = this.now();
    const shownNow: ReadonlySet<string> = new Set(user.contacts.keys());
    let full: { snapshot: string; configuration: string } | undefined;
    let delta: string | undefined;
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      const shown = this.shown.get(ws);
      if (changed !== 'all' && shown) {
        // Sockets of one agent show the same contacts once each has had its first snapshot.
        delta ??= `{"event":"agent::delta","data":${JSON.stringify(agentDelta(instance, user, now, changed, shown))}}`;
        sendFrame(ws, delta);
        this.shown.set(ws, shownNow);
        continue;
      }
      if (!full) {
        const { snapshot, configuration } = agentSnapshot(instance, user, now);
        full = { snapshot: JSON.stringify(snapshot), configuration: JSON.stringify(configuration) };
      }
      // The configuration (statuses, routing profile) rarely changes: it goes with a socket's first
      // snapshot and whenever it changes.
      if (this.sentConfig.get(ws) !== full.configuration) {
        this.sentConfig.set(ws, full.configuration);
        sendFrame(ws, `{"event":"agent::update","data":{"snapshot":${full.snapshot},"configuration":${full.configuration}}}`);
      } else {
        sendFrame(ws, `{"event":"agent::update","data":{"snapshot":${full.snapshot}}}`);
      }
      this.shown.set(ws, shownNow);
    }
  }

  private closing = false;

  /** Open sockets the hub serves, by kind (subscribed chat sockets, agent CCP sockets): for /metrics. */
  socketCounts(): { chat: number; agent: number } {
    let chat = 0, agent = 0;
    for (const set of this.chats.values()) chat += set.size;
    for (const set of this.agents.values()) agent += set.size;
    return { chat, agent };
  }

  /**
   * The server is stopping: no presence changes from here on. With a close code (1012, service restart)
   * every socket is asked to close, and clients reconnect (to this server once it is back, or another);
   * without one they are cut.
   */
  closeAll(code?: number, reason?: string): void {
    this.closing = true;
    const end = (ws: WebSocket) => (code === undefined ? ws.terminate() : ws.readyState === ws.OPEN && ws.close(code, reason));
    for (const set of this.chats.values()) for (const s of set) end(s.ws);
    for (const set of this.agents.values()) for (const ws of set) end(ws);
  }
}
