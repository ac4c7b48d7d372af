/**
 * Test harness: a real Switchboard server on 127.0.0.1 (port 0) over a fresh temporary data directory,
 * with the demo instance seeded, plus small raw HTTP / WebSocket helpers.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { applyAgentDelta } from '@switchboard/engine';
import { configFromEnv, startServer, type DemoInfo, type EventStore, type RunningServer } from '../src/index.ts';

export const DEMO_PASSWORD = 'demo-pass-123';

export interface TestServer extends RunningServer {
  demo: DemoInfo;
  dir: string;
  /** Closes the server; removes the data directory unless `keepDir`. Safe to call twice. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Reuse this data directory (a restart); otherwise a fresh one is made. */
  dir?: string;
  /** Extra environment for configFromEnv (e.g. a low widget rate limit). */
  env?: Record<string, string>;
  /** The store to use instead of SQLite in the data directory (e.g. PostgreSQL). */
  store?: EventStore;
}

export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'switchboard-test-')));
  process.env.SWITCHBOARD_DEMO_PASSWORD = DEMO_PASSWORD;
  const config = configFromEnv({
    HOST: '127.0.0.1',
    PORT: '0',
    SWITCHBOARD_DATA_DIR: dir,
    SWITCHBOARD_DEMO: '1',
    SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: '100000',
    SWITCHBOARD_WIDGET_BURST: '100000',
    // Call audio (media workers) only where a test asks for it.
    SWITCHBOARD_MEDIA: '0',
    // The demo's inbound flow straight to BasicQueue (a chat queued at once); menu tests ask for the menu.
    SWITCHBOARD_DEMO_MENU: '0',
    ...options.env,
  }, '/nonexistent-web-root');
  const running = await startServer(config, options.store);
  if (!running.demo) throw new Error('the demo instance was not seeded');
  let stopped = false;
  return {
    ...running,
    demo: running.demo,
    dir,
    async stop(opts = {}) {
      if (!stopped) {
        stopped = true;
        await running.close();
      }
      if (!opts.keepDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `predicate` until it returns a truthy value (returned), or fails after `timeoutMs`. */
export async function waitFor<T>(predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 3000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets queued I/O callbacks and immediates run (no timing involved). */
export async function ticks(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
}

export function contactCount(srv: TestServer): number {
  return srv.services.state.instances.get(srv.demo.instanceId)!.contacts.size;
}

export function contactOf(srv: TestServer, contactId: string) {
  const contact = srv.services.state.instances.get(srv.demo.instanceId)!.contacts.get(contactId);
  if (!contact) throw new Error(`no contact ${contactId}`);
  return contact;
}

/**
 * A contact whether it is still in memory or already archived: a finished chat (ended, every agent
 * cleared it) leaves memory SWITCHBOARD_ARCHIVE_DELAY_MS after it is archived.
 */
export async function anyContactOf(srv: TestServer, contactId: string) {
  const contact = await srv.services.pipeline.archive.read(srv.demo.instanceId, contactId);
  if (!contact) throw new Error(`no contact ${contactId}`);
  return contact;
}

export function userIdOf(srv: TestServer, username: string): string {
  for (const user of srv.services.state.instances.get(srv.demo.instanceId)!.users.values()) if (user.username === username) return user.id;
  throw new Error(`no user ${username}`);
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export async function postJson<T = any>(url: string, body: unknown, headers: Record<string, string> = {}, raw?: string): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

export interface StartedChat {
  ContactId: string;
  ParticipantId: string;
  ParticipantToken: string;
}

/** Starts a chat through the public widget endpoint, from the server's own origin. */
export async function startWidgetChat(srv: TestServer, displayName = 'Customer'): Promise<StartedChat> {
  const r = await postJson<StartedChat>(`${srv.url}/widget/${srv.demo.widgetId}/start-chat`, { DisplayName: displayName }, { origin: srv.url });
  if (r.status !== 200) throw new Error(`widget start-chat answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface ConnectionDetails {
  Websocket: { Url: string; ConnectionExpiry: string };
  ConnectionCredentials: { ConnectionToken: string; Expiry: string };
}

/** CreateParticipantConnection with both types, as chatjs sends it. */
export async function createConnection(srv: TestServer, participantToken: string): Promise<ConnectionDetails> {
  const r = await postJson<ConnectionDetails>(`${srv.url}/participant/connection`, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] }, { 'x-amz-bearer': participantToken });
  if (r.status !== 200) throw new Error(`CreateParticipantConnection answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A Participant Service call (POST /participant/<op>) with a bearer token. */
export function participant<T = any>(srv: TestServer, op: string, bearer: string, body: unknown = {}): Promise<JsonResponse<T>> {
  return postJson<T>(`${srv.url}/participant/${op}`, body, { 'x-amz-bearer': bearer });
}

/** A WebSocket that records every text frame it receives, parsed. */
export class RecordingSocket {
  readonly frames: any[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.frames.push(JSON.parse(data.toString()));
    });
  }

  static open(url: string): Promise<RecordingSocket> {
    const ws = new WebSocket(url);
    const socket = new RecordingSocket(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  send(frame: unknown): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** Waits for a received frame matching `match` (searching from the start), and returns it. */
  next(match: (frame: any) => boolean, timeoutMs = 3000, what = 'a frame'): Promise<any> {
    return waitFor(() => this.frames.find(match), timeoutMs, what);
  }

  /** Chat items received on aws/chat frames, parsed from their string content. */
  chatItems(): any[] {
    return this.frames.filter((f) => f.topic === 'aws/chat').map((f) => JSON.parse(f.content));
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

/** Opens a chat socket and subscribes to aws/chat, waiting for the ack. */
export async function openChatSocket(url: string): Promise<RecordingSocket> {
  const socket = await RecordingSocket.open(url);
  socket.send({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
  await socket.next((f) => f.topic === 'aws/subscribe', 3000, 'the subscribe ack');
  return socket;
}

/** What a WebSocket upgrade is answered with when it is refused: the HTTP status. */
export function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('error', (error) => reject(error));
  });
}

/** A raw agent CCP socket: login, then api_request / api_response over /agent/ws. */
export class RawAgent {
  private nextId = 1;
  private constructor(readonly socket: RecordingSocket, readonly userId: string) {}

  static async login(srv: TestServer, username: string): Promise<RawAgent> {
    const r = await postJson<{ Token: string; UserId: string }>(`${srv.url}/agent/login`, { Username: username, Password: DEMO_PASSWORD });
    if (r.status !== 200) throw new Error(`login answered ${r.status}`);
    const socket = await RecordingSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(r.body.Token)}`);
    await socket.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
    return new RawAgent(socket, r.body.UserId);
  }

  async request(method: string, params: Record<string, unknown> = {}): Promise<any> {
    const requestId = `r${this.nextId++}`;
    this.socket.send({ event: 'api_request', requestId, method, params });
    const answer = await this.socket.next((f) => f.event === 'api_response' && f.requestId === requestId, 3000, `the answer to ${method}`);
    if (answer.err) throw Object.assign(new Error(JSON.parse(answer.err).message), { type: JSON.parse(answer.err).type });
    return answer.data;
  }

  /** The CCP as the socket shows it now: the last full snapshot with every delta since applied. */
  latestSnapshot(): any {
    const frames = this.socket.frames;
    let i = frames.length - 1;
    while (i >= 0 && frames[i].event !== 'agent::update') i--;
    if (i < 0) return undefined;
    let snapshot = frames[i].data.snapshot;
    for (let j = i + 1; j < frames.length; j++) if (frames[j].event === 'agent::delta') snapshot = applyAgentDelta(snapshot, frames[j].data);
    return { ...frames[i].data, snapshot };
  }

  /** The latest snapshot's view of a contact. */
  contact(contactId: string): any {
    return this.latestSnapshot()?.snapshot.contacts.find((c: any) => c.contactId === contactId);
  }
}

/**
 * The sdk takes a browser-style WebSocket. `ws` throws 'error' events nobody listens to, so this one
 * listens; the close that follows is what the sdk acts on, as in a browser.
 */
class QuietWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    this.on('error', () => undefined);
  }
}
export const NodeWebSocket = QuietWebSocket as unknown as typeof globalThis.WebSocket;

/**
 * Status changes for the demo's agents through their own clients: `setStatus` waits until the engine
 * has it; `only` makes the named agents Available and every other one Offline.
 */
export function statusControl<Name extends string>(server: () => TestServer, names: readonly Name[], client: (name: Name) => { setStatus(status: string): Promise<unknown> }) {
  const instance = () => server().services.state.instances.get(server().demo.instanceId)!;
  const user = (name: Name) => instance().users.get(userIdOf(server(), name))!;
  async function setStatus(name: Name, status: string): Promise<void> {
    const id = [...instance().agentStatuses.values()].find((s) => s.name === status)!.id;
    if (user(name).statusId === id) return;
    await client(name).setStatus(status);
    await waitFor(() => user(name).statusId === id, 3000, `${name} ${status}`);
  }
  async function only(...available: Name[]): Promise<void> {
    for (const name of names) if (!available.includes(name)) await setStatus(name, 'Offline');
    for (const name of available) await setStatus(name, 'Available');
  }
  return { setStatus, only, user };
}
