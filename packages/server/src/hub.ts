import type { WebSocket } from 'ws';
import { agentSnapshot, agentsAffectedBy, chatItemView, transcriptItemOf, type Event, type State } from '@switchboard/engine';
import { chatFrame } from './wire.ts';
import { SharedText, sendFrame } from './ws/coalesce.ts';

interface ChatSocket {
  ws: WebSocket;
  participantId: string;
}

/**
 * Who is listening: customers' chat sockets (by contact) and agents' CCP sockets (by agent). After
 * each durable batch it sends chat items to everyone in the chat and a fresh snapshot to every agent
 * the batch touched.
 */
export class Hub {
  private readonly chats = new Map<string, Set<ChatSocket>>();
  private readonly agents = new Map<string, Set<WebSocket>>();
  /** The configuration each agent socket was last sent. */
  private readonly sentConfig = new WeakMap<WebSocket, string>();

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

  addAgentSocket(instanceId: string, userId: string, ws: WebSocket): void {
    const key = `${instanceId}/${userId}`;
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
    this.sendSnapshot(instanceId, userId);
  }

  onEvents(events: readonly Event[]): void {
    const touched = new Map<string, Set<string>>();
    for (const event of events) {
      const instance = this.state.instances.get(event.instanceId);
      if (!instance) continue;
      const item = transcriptItemOf(event);
      if (item && 'contactId' in event) {
        const contact = instance.contacts.get(event.contactId);
        if (contact) {
          const frame = chatFrame(chatItemView(item, contact.id, contact.initialContactId ?? contact.id));
          this.broadcastChat(contact.id, frame);
          let agentFrame: string | undefined; // the same frame (JSON) as the agent's all_message data
          // Agents in the chat at the time of the item (one who just left still gets their own leaving and the end).
          for (const p of contact.participants.values()) {
            if (p.role === 'AGENT' && p.userId && (p.leftAt === undefined || p.leftAt >= event.at)) {
              this.sendAgentText(instance.id, p.userId, (agentFrame ??= `{"event":"webSocket::all_message","data":${frame}}`));
            }
          }
        }
      }
      for (const userId of agentsAffectedBy(instance, event)) {
        let set = touched.get(instance.id);
        if (!set) touched.set(instance.id, (set = new Set()));
        set.add(userId);
      }
    }
    for (const [instanceId, users] of touched) for (const userId of users) this.sendSnapshot(instanceId, userId);
  }

  /** Sends a frame to every chat socket of a contact except the sender's participant (for typing). */
  broadcastChat(contactId: string, frame: string, exceptParticipantId?: string): void {
    const sockets = this.chats.get(contactId);
    if (!sockets) return;
    const shared = new SharedText(frame); // its bytes are built once for all the chat's sockets
    for (const socket of sockets) {
      if (socket.participantId !== exceptParticipantId) sendFrame(socket.ws, shared);
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

  sendAgent(instanceId: string, userId: string, message: unknown): void {
    if (this.agents.has(`${instanceId}/${userId}`)) this.sendAgentText(instanceId, userId, JSON.stringify(message));
  }

  private sendAgentText(instanceId: string, userId: string, text: string): void {
    const sockets = this.agents.get(`${instanceId}/${userId}`);
    if (sockets) for (const ws of sockets) sendFrame(ws, text);
  }

  sendSnapshot(instanceId: string, userId: string): void {
    const sockets = this.agents.get(`${instanceId}/${userId}`);
    if (!sockets) return;
    const instance = this.state.instances.get(instanceId);
    const user = instance?.users.get(userId);
    if (!instance || !user) return;
    const { snapshot, configuration } = agentSnapshot(instance, user, this.now());
    // The configuration (statuses, routing profile) rarely changes: it goes with a socket's first
    // snapshot and whenever it changes; other snapshots carry only the agent's state and contacts.
    const configText = JSON.stringify(configuration);
    let full: string | undefined, lean: string | undefined;
    for (const ws of sockets) {
      if (ws.readyState !== ws.OPEN) continue;
      if (this.sentConfig.get(ws) !== configText) {
        this.sentConfig.set(ws, configText);
        sendFrame(ws, (full ??= `{"event":"agent::update","data":{"snapshot":${JSON.stringify(snapshot)},"configuration":${configText}}}`));
      } else {
        sendFrame(ws, (lean ??= `{"event":"agent::update","data":{"snapshot":${JSON.stringify(snapshot)}}}`));
      }
    }
  }

  private closing = false;

  closeAll(): void {
    this.closing = true;
    for (const set of this.chats.values()) for (const s of set) s.ws.terminate();
    for (const set of this.agents.values()) for (const ws of set) ws.terminate();
  }
}
