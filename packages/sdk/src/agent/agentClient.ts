import type { MediaConfig } from '../media.ts';
import { applyAgentDelta, type AgentDelta, type AgentChatItemView, type AgentSnapshot, type ContactView } from '@switchboard/engine';
import { ApiRequestError, Emitter, requestJson, webSocketConstructor, type WebSocketConstructor } from '../http.ts';
import { downloadAttachment, getAttachment, sendAttachment } from '../attachments.ts';

/** What addParticipant and transfer take: a quick connect (by id or ARN), or a number dialled on the number pad. */
export type Endpoint = Pick<QuickConnectEndpoint, 'id'> | Pick<QuickConnectEndpoint, 'endpointARN'> | { type?: 'phone_number'; phoneNumber: string };

/** A quick connect as seed 002 passes it to contact.addParticipant. */
export interface QuickConnectEndpoint {
  id: string;
  endpointARN: string;
  type: 'agent' | 'queue' | 'phone_number';
  name: string;
}

export interface AgentSession {
  token: string;
  expiry: string;
  instanceId: string;
  userId: string;
}

/** Logs an agent in; the session token is scoped to that one agent. */
export async function loginAgent(args: { baseUrl: string; username: string; password: string; instanceId?: string }): Promise<AgentSession> {
  const r = await requestJson<{ Token: string; Expiry: string; InstanceId: string; UserId: string }>(`${args.baseUrl}/agent/login`, {
    Username: args.username, Password: args.password, ...(args.instanceId ? { InstanceId: args.instanceId } : {}),
  });
  return { token: r.Token, expiry: r.Expiry, instanceId: r.InstanceId, userId: r.UserId };
}

/**
 * Ends the session on the server (POST /agent/logout): its token is refused from then on, its CCP
 * sockets are closed, and the agent goes Offline (as the next status while they have contacts). The
 * agent's other sessions go on. Rejects with the server's error (AccessDeniedException if the session
 * had already ended or expired).
 */
export async function logoutAgent(args: { baseUrl: string; session: AgentSession }): Promise<void> {
  await requestJson(`${args.baseUrl}/agent/logout`, {}, { authorization: `Bearer ${args.session.token}` });
}

/** The close code the server ends an agent socket with when its session has ended (logged out): log in again, do not reconnect. */
export const AGENT_SESSION_ENDED_CLOSE = 4001;

type ClientEvents = {
  snapshot: AgentSnapshot;
  chatItem: AgentChatItemView;
  connected: void;
  disconnected: void;
  /** The session was refused (expired or revoked token): log in again. */
  unauthorized: void;
};

/**
 * The agent's connection to Switchboard: a WebSocket that receives the agent's full snapshot on every
 * change and carries requests named as amazon-connect-streams names them. It reconnects on its own.
 */
export class AgentClient {
  private readonly events = new Emitter<ClientEvents>();
  private socket: WebSocket | undefined;
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stopped = false;
  private retries = 0;
  private latest: AgentSnapshot | undefined;
  private readonly WebSocketCtor: WebSocketConstructor;
  /** Participant Service connection tokens of the agent's own participants, by contact and participant (from createTransport). */
  private readonly chatTokens = new Map<string, { token: string; expiry: number }>();

  constructor(private readonly baseUrl: string, private readonly session: AgentSession, options: { WebSocket?: WebSocketConstructor } = {}) {
    this.WebSocketCtor = webSocketConstructor(options.WebSocket);
  }

  get snapshot(): AgentSnapshot | undefined {
    return this.latest;
  }

  onSnapshot(handler: (snapshot: AgentSnapshot) => void) { return this.events.on('snapshot', handler); }
  /** Every chat item of the agent's chats as it comes — the items this agent sees: a customer whisper's messages never come here (their agent whisper's do, with VisibleTo). */
  onChatItem(handler: (item: AgentChatItemView) => void) { return this.events.on('chatItem', handler); }
  onConnected(handler: () => void) { return this.events.on('connected', handler); }
  onDisconnected(handler: () => void) { return this.events.on('disconnected', handler); }
  onUnauthorized(handler: () => void) { return this.events.on('unauthorized', handler); }

  /**
   * Opens the socket and keeps it open, reconnecting with backoff when it drops (a server restart, a
   * network blip). Resolves with the first snapshot; rejects only when the session itself is refused.
   */
  connect(): Promise<AgentSnapshot> {
    this.stopped = false;
    return new Promise((resolve, reject) => {
      this.firstSnapshot = { resolve, reject };
      this.open();
    });
  }

  private firstSnapshot: { resolve: (s: AgentSnapshot) => void; reject: (e: Error) => void } | undefined;

  private open(): void {
    const url = new URL('/agent/ws', this.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', this.session.token);
    const ws = new this.WebSocketCtor(url.toString());
    this.socket = ws;
    let opened = false;
    ws.onerror = () => undefined; // a close always follows; handled there
    ws.onopen = () => {
      opened = true;
      this.retries = 0;
      this.events.emit('connected', undefined);
    };
    ws.onmessage = (message) => this.onFrame(String(message.data));
    ws.onclose = (event) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error('the connection to Switchboard closed'));
      this.pending.clear();
      if (this.socket !== ws || this.stopped) return;
      if (opened) this.events.emit('disconnected', undefined);
      if (event.code === AGENT_SESSION_ENDED_CLOSE) this.refused(); // logged out (here or elsewhere): no point reconnecting
      else void this.retryOrGiveUp(opened);
    };
  }

  /** A socket that never opened may mean the session was refused, or only that the server is away: ask. */
  private async retryOrGiveUp(wasOpen: boolean): Promise<void> {
    if (!wasOpen && (await this.sessionRefused())) {
      this.refused();
      return;
    }
    const delay = Math.min(10_000, 250 * 2 ** this.retries++);
    setTimeout(() => {
      if (!this.stopped) this.open();
    }, delay);
  }

  /** The session is over (refused, or ended): stop, and tell whoever is waiting to log in again. */
  private refused(): void {
    this.stopped = true;
    this.events.emit('unauthorized', undefined);
    this.firstSnapshot?.reject(new ApiRequestError('AccessDeniedException', 'the agent session was refused; log in again', 403));
    this.firstSnapshot = undefined;
  }

  private async sessionRefused(): Promise<boolean> {
    try {
      const response = await fetch(new URL('/agent/session', this.baseUrl), { headers: { authorization: `Bearer ${this.session.token}` } });
      return response.status === 403;
    } catch {
      return false; // unreachable: not a refusal
    }
  }

  private onFrame(text: string): void {
    const frame = JSON.parse(text) as { event: string; data?: unknown; requestId?: string; err?: string | null };
    if (frame.event === 'agent::update') {
      // The configuration comes with the first snapshot and when it changes; keep the last one seen.
      const data = frame.data as { snapshot: AgentSnapshot['snapshot']; configuration?: AgentSnapshot['configuration'] };
      this.latest = { snapshot: data.snapshot, configuration: data.configuration ?? this.latest!.configuration };
      this.events.emit('snapshot', this.latest);
      this.firstSnapshot?.resolve(this.latest);
      this.firstSnapshot = undefined;
    } else if (frame.event === 'agent::delta') {
      // What changed since the last frame (a socket's first frame is always a full snapshot).
      if (!this.latest) return;
      this.latest = { snapshot: applyAgentDelta(this.latest.snapshot, frame.data as AgentDelta), configuration: this.latest.configuration };
      this.events.emit('snapshot', this.latest);
    } else if (frame.event === 'webSocket::all_message') {
      const data = frame.data as { topic?: string; content?: string };
      if (data.topic === 'aws/chat' && typeof data.content === 'string') this.events.emit('chatItem', JSON.parse(data.content) as AgentChatItemView);
    } else if (frame.event === 'api_response' && typeof frame.requestId === 'string') {
      const waiter = this.pending.get(frame.requestId);
      this.pending.delete(frame.requestId);
      if (!waiter) return;
      if (frame.err) {
        const err = JSON.parse(frame.err) as { type: string; message: string; rule?: string };
        waiter.reject(new ApiRequestError(err.type, err.message, 400, err.rule));
      } else waiter.resolve(frame.data);
    }
  }

  close(): void {
    this.stopped = true;
    this.socket?.close();
  }

  /**
   * Logs out: ends this session on the server (logoutAgent) and closes the socket; this client does not
   * reconnect. Resolves once the session is over — also when the server says it already was (ended
   * elsewhere, or expired). Any other failure (the server unreachable) rejects and leaves the client
   * as it was, still logged in.
   */
  async logout(): Promise<void> {
    // The server closes the socket before it answers: not a drop to reconnect after.
    this.stopped = true;
    try {
      await logoutAgent({ baseUrl: this.baseUrl, session: this.session });
    } catch (error) {
      if (!(error instanceof ApiRequestError && error.statusCode === 403)) {
        this.stopped = false;
        if (!this.socket || this.socket.readyState === this.socket.CLOSED) this.open();
        throw error;
      }
    }
    this.socket?.close();
  }

  /** Sends one request; resolves with its answer, or rejects with the server's typed error. */
  request<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const ws = this.socket;
    if (!ws || ws.readyState !== ws.OPEN) return Promise.reject(new Error('not connected to Switchboard'));
    const requestId = String(this.nextId++);
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ event: 'api_request', requestId, method, params }));
    });
  }

  /** Sets the agent's status by name ("Available", "Offline", …). */
  setStatus(name: string): Promise<void> {
    const state = this.latest?.configuration.agentStates.find((s) => s.name === name);
    return this.request('putAgentState', { state: state ? { agentStateARN: state.agentStateARN } : { name } });
  }

  /**
   * Whether the agent's security profiles grant a permission (Amazon Connect's API name, e.g.
   * "TransferDestinations.View"), as of the last configuration the server sent: a profile changed by an
   * administrator arrives with the next update, without logging in again. False before the first snapshot.
   */
  hasPermission(permission: string): boolean {
    return this.latest?.configuration.permissions?.includes(permission) ?? false;
  }

  accept(contactId: string): Promise<void> { return this.request('acceptContact', { contactId }); }
  reject(contactId: string): Promise<void> { return this.request('rejectContact', { contactId }); }
  clear(contactId: string): Promise<void> { return this.request('clearContact', { contactId }); }
  /** Leaves the contact (ends a two-party chat). */
  leave(contactId: string): Promise<void> { return this.request('destroyConnection', { contactId }); }
  /** Completes a task the agent is on (the CCP's "End task"): it ends, and the agent goes to after contact work. */
  completeTask(contactId: string): Promise<void> { return this.leave(contactId); }

  /** The quick connects this agent may use, in seed 002's endpoint shape. */
  async getQuickConnects(): Promise<QuickConnectEndpoint[]> {
    return (await this.request<{ endpoints: QuickConnectEndpoint[] }>('getQuickConnects')).endpoints;
  }

  /**
   * contact.addParticipant(endpoint): a chat invites another agent or queue (multi-party); a call adds an
   * agent, a queue or a number (`{ phoneNumber }`, the number pad) while the others wait on hold.
   */
  addParticipant(contactId: string, endpoint: Endpoint): Promise<void> {
    return this.request('addNewConnection', { contactId, endpoint });
  }

  /** contact.transfer(endpoint): the agent leaves; the chat or call goes on with the endpoint's agent, queue or number. */
  transfer(contactId: string, endpoint: Endpoint): Promise<void> {
    return this.request('transferContact', { contactId, endpoint });
  }

  // --- calls (seed 000; Streams' connection and contact methods) --------------------------------------

  /** Call audio: whether this server carries it, and the ICE servers a softphone's peer connection uses. */
  getMediaConfig(): Promise<MediaConfig> { return this.request('getMediaConfig'); }

  /** The softphone's SDP offer (candidates gathered) for its audio on a call; resolves with the bridge's answer. */
  async offerMedia(contactId: string, sdp: string): Promise<string> {
    return (await this.request<{ sdp: string }>('offerMedia', { contactId, sdp })).sdp;
  }

  /** agent.connect(Endpoint.byPhoneNumber(number)): call a number. Resolves with the new contact's id. */
  async call(phoneNumber: string, queueARN?: string): Promise<string> {
    return (await this.request<{ contactId: string }>('createOutboundContact', { endpoint: { type: 'phone_number', phoneNumber }, ...(queueARN ? { queueARN } : {}) })).contactId;
  }
  hold(contactId: string, connectionId: string): Promise<void> { return this.request('holdConnection', { contactId, connectionId }); }
  resume(contactId: string, connectionId: string): Promise<void> { return this.request('resumeConnection', { contactId, connectionId }); }
  mute(contactId: string, connectionId: string): Promise<void> { return this.request('muteParticipant', { contactId, connectionId }); }
  unmute(contactId: string, connectionId: string): Promise<void> { return this.request('unmuteParticipant', { contactId, connectionId }); }
  /** Join: take every party off hold. */
  join(contactId: string): Promise<void> { return this.request('conferenceConnections', { contactId }); }
  /** Swap: toggle between the party on hold and the active one (three parties only). */
  swap(contactId: string): Promise<void> { return this.request('toggleActiveConnections', { contactId }); }
  /** Hold all: everyone but yourself on hold. */
  holdAll(contactId: string): Promise<void> { return this.request('holdAllConnections', { contactId }); }
  sendDigits(contactId: string, connectionId: string, digits: string): Promise<void> { return this.request('sendDigits', { contactId, connectionId, digits }); }

  /** Disconnects another participant of a chat the agent is in (any agent may, seed 001). */
  disconnectParticipant(contactId: string, connectionId: string): Promise<void> {
    return this.request('destroyConnection', { contactId, connectionId });
  }

  sendMessage(contactId: string, content: string, contentType = 'text/plain'): Promise<{ Id: string; AbsoluteTime: string }> {
    return this.request('sendMessage', { contactId, content, contentType });
  }

  sendTyping(contactId: string): Promise<unknown> {
    return this.request('sendEvent', { contactId, contentType: 'application/vnd.amazonaws.connect.event.typing' });
  }

  /**
   * Tells the chat the agent received (`delivered`) or read (`read`) a message of someone else: SendEvent
   * with the receipt's content type and `{"messageId"}`. Kept on the message (GetTranscript shows it),
   * except in multi-party chats, where receipts are accepted and dropped (seed 002).
   */
  sendReceipt(contactId: string, messageId: string, receipt: 'delivered' | 'read'): Promise<{ Id: string; AbsoluteTime: string }> {
    return this.request('sendEvent', { contactId, contentType: `application/vnd.amazonaws.connect.event.message.${receipt}`, content: JSON.stringify({ messageId }) });
  }

  /** The chat's whole transcript as this agent sees it, oldest first (the agent must be in the chat; no customer whisper's messages, and the agent whisper's carry VisibleTo). */
  async getTranscript(contactId: string): Promise<AgentChatItemView[]> {
    const items: AgentChatItemView[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.request<{ Transcript: AgentChatItemView[]; NextToken?: string }>('getTranscript', { contactId, scanDirection: 'FORWARD', maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      items.push(...page.Transcript);
      nextToken = page.NextToken;
    } while (nextToken);
    return items;
  }

  contacts(): ContactView[] {
    return this.latest?.snapshot.contacts ?? [];
  }

  /**
   * Streams' createTransport("chat_token"): a Participant Service connection token for the agent's own
   * participant in a chat, kept until a minute before it expires. Attachments go through the
   * Participant Service with it, as they do for agent chatjs sessions.
   */
  async chatToken(contactId: string): Promise<string> {
    // An agent who comes back to a chat (e.g. transferred back) is a new participant, with a new token.
    const connections = this.contacts().find((c) => c.contactId === contactId)?.connections ?? [];
    const own = (connections.find((c) => c.isOwn && c.state.type === 'connected') ?? connections.find((c) => c.isOwn))?.connectionId ?? '';
    const key = `${contactId}/${own}`;
    const cached = this.chatTokens.get(key);
    if (cached && cached.expiry - 60_000 > Date.now()) return cached.token;
    const answer = await this.request<{ chatTokenTransport: { participantToken: string; expiry: string } }>('createTransport', { transportType: 'chat_token', contactId });
    const { participantToken, expiry } = answer.chatTokenTransport;
    this.chatTokens.set(key, { token: participantToken, expiry: Date.parse(expiry) });
    return participantToken;
  }

  /** Sends a file into a chat the agent is in (StartAttachmentUpload, PUT, CompleteAttachmentUpload). */
  async sendAttachment(contactId: string, file: Blob, name?: string): Promise<{ AttachmentId: string }> {
    return sendAttachment(this.baseUrl, await this.chatToken(contactId), file, name);
  }

  /** A short-lived URL to download an attachment of the chat (GetAttachment). */
  async getAttachmentUrl(contactId: string, attachmentId: string): Promise<string> {
    return (await getAttachment(this.baseUrl, await this.chatToken(contactId), attachmentId)).Url;
  }

  /** An attachment's bytes. */
  async downloadAttachment(contactId: string, attachmentId: string): Promise<Blob> {
    return downloadAttachment(this.baseUrl, await this.chatToken(contactId), attachmentId);
  }
}
