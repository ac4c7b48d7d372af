import type { ChatItemView } from '@switchboard/engine';
import { Emitter, requestJson, webSocketConstructor, type WebSocketConstructor } from '../http.ts';
import { downloadAttachment, getAttachment, sendAttachment } from '../attachments.ts';

export const CONTENT_TYPE = {
  textPlain: 'text/plain',
  textMarkdown: 'text/markdown',
  typing: 'application/vnd.amazonaws.connect.event.typing',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
  participantJoined: 'application/vnd.amazonaws.connect.event.participant.joined',
  participantLeft: 'application/vnd.amazonaws.connect.event.participant.left',
  messageDelivered: 'application/vnd.amazonaws.connect.event.message.delivered',
  messageRead: 'application/vnd.amazonaws.connect.event.message.read',
} as const;

/** The `Type` of a live read or delivered receipt (chatjs's onReadReceipt / onDeliveredReceipt). */
export const MESSAGE_METADATA = 'MESSAGEMETADATA';

export interface ChatDetails {
  contactId: string;
  participantId: string;
  participantToken: string;
}

export interface ChatSessionOptions {
  /** Base URL of the Participant Service (Switchboard's own URL). */
  endpoint: string;
  details: ChatDetails;
  WebSocket?: WebSocketConstructor;
  /** Heartbeat period; chatjs uses 10 s. */
  heartbeatMs?: number;
}

export interface TranscriptArgs {
  maxResults?: number;
  scanDirection?: 'FORWARD' | 'BACKWARD';
  sortOrder?: 'ASCENDING' | 'DESCENDING';
  nextToken?: string;
  startPosition?: { id?: string; absoluteTime?: string; mostRecent?: number };
}

interface ConnectionDetails {
  Websocket?: { Url: string; ConnectionExpiry: string };
  ConnectionCredentials?: { ConnectionToken: string; Expiry: string };
}

type SessionEvents = {
  message: ChatItemView;
  typing: ChatItemView;
  receipt: ChatItemView;
  event: ChatItemView;
  ended: ChatItemView;
  connectionEstablished: void;
  connectionLost: void;
  connectionBroken: Error;
};

/**
 * A customer's chat session, the way amazon-connect-chatjs runs one: CreateParticipantConnection with
 * the participant token, then every call with the connection token, and the chat WebSocket with
 * subscribe, heartbeat and ping. It reconnects (fresh connection details) when the socket drops.
 */
export class ChatSession {
  private readonly events = new Emitter<SessionEvents>();
  private connectionToken: string | undefined;
  private socket: WebSocket | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private stopped = false;
  private ended = false;
  private retries = 0;
  /** The socket dropped since the last subscription: the next one catches up from the transcript. */
  private lost = false;
  /** Ids of the transcript items already dispatched (newest last, bounded), so a catch-up repeats none. */
  private readonly seen = new Set<string>();
  private readonly WebSocketCtor: WebSocketConstructor;

  constructor(private readonly options: ChatSessionOptions) {
    this.WebSocketCtor = webSocketConstructor(options.WebSocket);
  }

  get details(): ChatDetails {
    return this.options.details;
  }

  /** Messages of the chat as the customer sees it: the customer whisper's, never the agent whisper's (the server sends them to their side only). */
  onMessage(handler: (item: ChatItemView) => void) { return this.events.on('message', handler); }
  onTyping(handler: (item: ChatItemView) => void) { return this.events.on('typing', handler); }
  /**
   * Someone's read or delivered receipt, live: a MESSAGEMETADATA item whose `MessageMetadata.MessageId`
   * names the message and whose `Receipts[0]` says who and when. It is not an item of the transcript of
   * its own (GetTranscript shows receipts on the message), so it never comes through onEvent.
   */
  onReceipt(handler: (item: ChatItemView) => void) { return this.events.on('receipt', handler); }
  onEvent(handler: (item: ChatItemView) => void) { return this.events.on('event', handler); }
  onEnded(handler: (item: ChatItemView) => void) { return this.events.on('ended', handler); }
  onConnectionEstablished(handler: () => void) { return this.events.on('connectionEstablished', handler); }
  onConnectionLost(handler: () => void) { return this.events.on('connectionLost', handler); }
  onConnectionBroken(handler: (error: Error) => void) { return this.events.on('connectionBroken', handler); }

  /** Connects (or reconnects): new connection details, then the socket, subscribed to aws/chat. */
  async connect(): Promise<void> {
    this.stopped = false;
    const details = await requestJson<ConnectionDetails>(`${this.options.endpoint}/participant/connection`,
      { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }, { 'x-amz-bearer': this.options.details.participantToken });
    this.connectionToken = details.ConnectionCredentials!.ConnectionToken;
    await this.openSocket(details.Websocket!.Url);
  }

  private openSocket(url: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new this.WebSocketCtor(url);
      this.socket = ws;
      let subscribed = false;
      ws.onerror = () => undefined; // a close always follows; handled there
      ws.onopen = () => {
        ws.send(JSON.stringify({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } }));
        ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        clearInterval(this.heartbeat);
        this.heartbeat = setInterval(() => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ topic: 'aws/heartbeat' }));
        }, this.options.heartbeatMs ?? 10_000);
      };
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as { topic?: string; content?: unknown };
        if (frame.topic === 'aws/subscribe') {
          const ok = (frame.content as { status?: string } | undefined)?.status === 'success';
          if (ok && !subscribed) {
            subscribed = true;
            this.retries = 0;
            this.events.emit('connectionEstablished', undefined);
            if (this.lost) {
              this.lost = false;
              void this.catchUp().catch(() => undefined); // a later reconnect tries again
            }
            resolve();
          } else if (!ok) {
            reject(new Error('subscription to aws/chat failed'));
          }
        } else if (frame.topic === 'aws/chat' && typeof frame.content === 'string') {
          this.dispatch(JSON.parse(frame.content) as ChatItemView);
        }
      };
      ws.onclose = () => {
        clearInterval(this.heartbeat);
        if (!subscribed) reject(new Error('the chat socket closed before it was subscribed'));
        if (this.socket === ws && !this.stopped && !this.ended) {
          this.lost = true;
          this.events.emit('connectionLost', undefined);
          void this.reconnect();
        }
      };
    });
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped && !this.ended) {
      const delay = Math.min(30_000, 500 * 2 ** this.retries++);
      await new Promise((r) => setTimeout(r, delay));
      try {
        await this.connect();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 403) {
          // The participant is gone (the chat ended while we were away): that is the end, as chatjs treats it.
          this.ended = true;
          this.events.emit('connectionBroken', error as Error);
          return;
        }
      }
    }
  }

  /**
   * After a reconnect: what was said while the socket was down (or while the server had closed it as too
   * slow) comes from the transcript, newest pages first back to the last item seen, and is dispatched in
   * order as if it had arrived live. Nothing is dispatched twice.
   */
  private async catchUp(): Promise<void> {
    if (this.seen.size === 0) return;
    const missed: ChatItemView[] = [];
    let nextToken: string | undefined;
    let reachedSeen = false;
    do {
      const page = await this.getTranscript({ scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      const items = [...page.Transcript].reverse(); // newest first
      for (const item of items) {
        if (this.seen.has(item.Id)) {
          reachedSeen = true;
          break;
        }
        missed.push(item);
      }
      nextToken = page.NextToken;
    } while (!reachedSeen && nextToken);
    for (const item of missed.reverse()) this.dispatch(item);
  }

  private dispatch(item: ChatItemView): void {
    if (item.ContactId !== this.options.details.contactId && item.InitialContactId !== this.options.details.contactId) return;
    if (item.Type !== MESSAGE_METADATA && item.ContentType !== CONTENT_TYPE.typing) {
      if (this.seen.has(item.Id)) return;
      this.seen.add(item.Id);
      if (this.seen.size > 1_000) this.seen.delete(this.seen.values().next().value!);
    }
    if (item.ContentType === CONTENT_TYPE.typing) this.events.emit('typing', item);
    else if (item.Type === MESSAGE_METADATA) this.events.emit('receipt', item);
    else if (item.ContentType === CONTENT_TYPE.chatEnded) {
      this.ended = true;
      this.events.emit('event', item);
      this.events.emit('ended', item);
    } else if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') this.events.emit('message', item);
    else this.events.emit('event', item);
  }

  private bearer(): Record<string, string> {
    if (!this.connectionToken) throw new Error('call connect() first');
    return { 'x-amz-bearer': this.connectionToken };
  }

  sendMessage(args: { message: string; contentType?: string }): Promise<{ Id: string; AbsoluteTime: string }> {
    return requestJson(`${this.options.endpoint}/participant/message`, { ContentType: args.contentType ?? CONTENT_TYPE.textPlain, Content: args.message }, this.bearer());
  }

  sendEvent(args: { contentType: string; content?: string }): Promise<{ Id: string; AbsoluteTime: string }> {
    return requestJson(`${this.options.endpoint}/participant/event`, { ContentType: args.contentType, ...(args.content !== undefined ? { Content: args.content } : {}) }, this.bearer());
  }

  /**
   * Tells the chat this participant received (`delivered`) or read (`read`) someone else's message:
   * SendEvent with the receipt's content type and `{"messageId"}`, as chatjs sends them. The server keeps
   * each participant's first of each on the message; in a multi-party chat it accepts and drops them.
   */
  sendReceipt(messageId: string, receipt: 'delivered' | 'read'): Promise<{ Id: string; AbsoluteTime: string }> {
    return this.sendEvent({ contentType: receipt === 'read' ? CONTENT_TYPE.messageRead : CONTENT_TYPE.messageDelivered, content: JSON.stringify({ messageId }) });
  }

  getTranscript(args: TranscriptArgs = {}): Promise<{ InitialContactId: string; Transcript: ChatItemView[]; NextToken?: string }> {
    const body: Record<string, unknown> = {};
    if (args.maxResults !== undefined) body.MaxResults = args.maxResults;
    if (args.scanDirection) body.ScanDirection = args.scanDirection;
    if (args.sortOrder) body.SortOrder = args.sortOrder;
    if (args.nextToken) body.NextToken = args.nextToken;
    if (args.startPosition) {
      body.StartPosition = {
        ...(args.startPosition.id ? { Id: args.startPosition.id } : {}),
        ...(args.startPosition.absoluteTime ? { AbsoluteTime: args.startPosition.absoluteTime } : {}),
        ...(args.startPosition.mostRecent !== undefined ? { MostRecent: args.startPosition.mostRecent } : {}),
      };
    }
    return requestJson(`${this.options.endpoint}/participant/transcript`, body, this.bearer());
  }

  /** Every item of the transcript, oldest first. */
  async getWholeTranscript(): Promise<ChatItemView[]> {
    const items: ChatItemView[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.getTranscript({ scanDirection: 'FORWARD', maxResults: 100, ...(nextToken ? { nextToken } : {}) });
      items.push(...page.Transcript);
      nextToken = page.NextToken;
    } while (nextToken);
    return items;
  }

  /**
   * Sends a file into the chat (chatjs sendAttachment: StartAttachmentUpload, PUT, CompleteAttachmentUpload).
   * It shows in the transcript as an ATTACHMENT item once the upload is complete. A refused file (type,
   * size, attachments off) rejects with the server's ValidationException.
   */
  sendAttachment(file: Blob, name?: string): Promise<{ AttachmentId: string }> {
    return sendAttachment(this.options.endpoint, this.bearer()['x-amz-bearer']!, file, name);
  }

  /** A short-lived URL to download an attachment of this chat (GetAttachment). */
  async getAttachmentUrl(attachmentId: string): Promise<string> {
    return (await getAttachment(this.options.endpoint, this.bearer()['x-amz-bearer']!, attachmentId)).Url;
  }

  /** An attachment's bytes (chatjs downloadAttachment: GetAttachment, then fetch). */
  downloadAttachment(attachmentId: string): Promise<Blob> {
    return downloadAttachment(this.options.endpoint, this.bearer()['x-amz-bearer']!, attachmentId);
  }

  /** Leaves the chat; for the customer that ends it for everyone. */
  async disconnectParticipant(): Promise<void> {
    await requestJson(`${this.options.endpoint}/participant/disconnect`, {}, this.bearer());
  }

  /** Closes the socket without leaving the chat (e.g. the page is going away). */
  close(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    this.socket?.close();
  }
}
