/**
 * The server under test for a fuzz property: restarted (fresh data directory) when an input killed it,
 * so each input is judged on a live server; with the live values inputs refer to (`{instanceId}`,
 * `{contactId}`, tokens…): a logged-in agent, a chat with a message and a pending attachment upload.
 */
import { randomUUID } from 'node:crypto';
import { ChildServer } from './child.ts';
import { type AgentSession, type Chat, chatSocketTarget, jsonRequest, loginAgent, signedRequest, startChat } from './creds.ts';
import type { Ctx } from './json.ts';
import { exchange, RawWs } from './wire.ts';

export class FuzzTarget {
  server: ChildServer | undefined;
  /** How many servers were started (more than one: an input killed one). */
  starts = 0;
  private agents = new Map<string, AgentSession>();
  private live: Ctx | undefined;
  private socketChat: Chat | undefined;
  private control: RawWs | undefined;
  private accepted: Chat | undefined;
  private requests = 0;

  /** The live server: started, or restarted if it died. */
  async up(): Promise<ChildServer> {
    if (this.server?.alive) return this.server;
    if (this.server) await this.server.stop();
    this.agents.clear();
    this.live = undefined;
    this.socketChat = undefined;
    this.control?.destroy();
    this.control = undefined;
    this.accepted = undefined;
    this.server = await ChildServer.start();
    this.starts++;
    return this.server;
  }

  /** An agent session on the live server (one login per agent and server start: logins are rate-limited). */
  async agent(username = 'agent1'): Promise<AgentSession> {
    const server = await this.up();
    let session = this.agents.get(username);
    if (!session) this.agents.set(username, (session = await loginAgent(server, username)));
    return session;
  }

  /**
   * The target (path and token) of a chat socket for a live participant: the placeholders' chat while its
   * customer is still in it (an agent input may have ended it), else a new chat's.
   */
  async chatSocketPath(): Promise<string> {
    const server = await this.up();
    const ctx = await this.ctx();
    try {
      return await chatSocketTarget(server, String(this.socketChat?.participantToken ?? ctx.participantToken));
    } catch {
      this.socketChat = await this.chat();
      return chatSocketTarget(server, this.socketChat.participantToken);
    }
  }

  /**
   * A new chat that agent1 has accepted (made Available and accepting through a control socket of its
   * own), so agent inputs reach the chat operations (sendMessage, getTranscript, createTransport…).
   * Undefined if the chat was not offered within a second.
   */
  async acceptedChat(): Promise<Chat | undefined> {
    const server = await this.up();
    const agent = await this.agent();
    if (!this.control || this.control.ended) {
      const { ws } = await RawWs.open(server.port, `/agent/ws?token=${encodeURIComponent(agent.token)}`);
      if (!ws) return undefined;
      this.control = ws;
    }
    const control = this.control;
    const request = async (method: string, params: unknown): Promise<boolean> => {
      const requestId = `control-${this.requests++}`;
      control.sendText(JSON.stringify({ event: 'api_request', requestId, method, params }));
      const answer = () => control.texts().find((t) => (t as { requestId?: string })?.requestId === requestId) as { err?: unknown } | undefined;
      await control.until(() => answer() !== undefined, 2000);
      return answer()?.err === null;
    };
    // The previous chat leaves the agent's slots (at most three chats at a time).
    if (this.accepted) {
      await request('destroyConnection', { contactId: this.accepted.contactId });
      await request('clearContact', { contactId: this.accepted.contactId });
      this.accepted = undefined;
    }
    control.frames.length = 0;
    await request('putAgentState', { state: { name: 'Available' } });
    const chat = await this.chat();
    for (let i = 0; i < 40; i++) {
      if (await request('acceptContact', { contactId: chat.contactId })) return (this.accepted = chat);
      await new Promise((r) => setTimeout(r, 25));
    }
    return undefined;
  }

  /**
   * A new chat on the live server. Inputs may have closed the demo queue (its hours, its max contacts) or
   * turned attachments off, so that the flow ends every new chat at once: then that is undone and the
   * chat started again.
   */
  async chat(): Promise<Chat> {
    const server = await this.up();
    try {
      return await startChat(server);
    } catch {
      const d = server.demo;
      const signed = async (method: string, path: string, body: unknown) => exchange(server.port, await signedRequest(server, method, path, JSON.stringify(body)));
      await signed('POST', `/queues/${d.instanceId}/${d.queueId}/max-contacts`, {});
      if (d.hoursOfOperationId) await signed('POST', `/queues/${d.instanceId}/${d.queueId}/hours-of-operation`, { HoursOfOperationId: d.hoursOfOperationId });
      await signed('PUT', `/instance/${d.instanceId}/storage-config`, { ResourceType: 'ATTACHMENTS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'b', BucketPrefix: 'p' } } });
      return startChat(server);
    }
  }

  /** Live values for placeholders, made once per server start; `chat` overrides the chat's. */
  async ctx(chat?: Chat): Promise<Ctx> {
    const server = await this.up();
    if (!this.live) {
      const d = server.demo;
      const agent = await this.agent();
      const first = await this.chat();
      const call = async (op: string, body: unknown) => {
        const e = await exchange(server.port, jsonRequest(server, 'POST', `/participant/${op}`, body, [['X-Amz-Bearer', first.connectionToken]]));
        return e.response?.status === 200 ? JSON.parse(e.response.body.toString('utf8')) : {};
      };
      const message = await call('message', { ContentType: 'text/plain', Content: 'hello from the fuzz suite' });
      const upload = await call('start-attachment-upload', { ContentType: 'text/plain', AttachmentSizeInBytes: 10, AttachmentName: 'a.txt' });
      const list = await exchange(server.port, await signedRequest(server, 'GET', `/quick-connects/${d.instanceId}`, ''));
      const quickConnects = list.response?.status === 200 ? JSON.parse(list.response.body.toString('utf8')).QuickConnectSummaryList : [];
      this.live = {
        instanceId: d.instanceId, instanceArn: d.instanceArn, queueId: d.queueId, contactFlowId: d.contactFlowId, routingProfileId: d.routingProfileId,
        widgetId: d.widgetId, hoursId: d.hoursOfOperationId ?? randomUUID(), accessKeyId: d.accessKeyId, host: `127.0.0.1:${server.port}`, origin: server.url,
        port: server.port, userId: agent.userId, agentToken: agent.token,
        contactId: first.contactId, participantId: first.participantId, participantToken: first.participantToken, connectionToken: first.connectionToken,
        messageId: message.Id ?? randomUUID(), attachmentId: upload.AttachmentId ?? randomUUID(), quickConnectId: quickConnects[0]?.Id ?? randomUUID(),
        statusId: randomUUID(), associationId: randomUUID(),
        uploadToken: upload.UploadMetadata ? (new URL(upload.UploadMetadata.Url as string).searchParams.get('token') ?? '') : '',
      };
    }
    const now = Math.floor(Date.now() / 1000);
    const own: Ctx = chat ? { contactId: chat.contactId, participantId: chat.participantId, participantToken: chat.participantToken, connectionToken: chat.connectionToken } : {};
    return { ...this.live, now, hourAgo: now - 3600, ...own };
  }

  async stop(): Promise<void> {
    this.control?.destroy();
    await this.server?.stop();
  }
}
