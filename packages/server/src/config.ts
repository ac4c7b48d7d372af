import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from './log.ts';

/** Server settings, from the environment, checked once at start. */
export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  demo: boolean;
  /** The demo's inbound flow is the sales/support menu (else straight to BasicQueue); first start only. */
  demoMenu: boolean;
  /** Base URL clients reach us at, when it is not what the Host header says (behind a proxy). */
  publicUrl: string | undefined;
  widgetChatsPerMinute: number;
  widgetBurst: number;
  /** A PostgreSQL URL: use PostgreSQL instead of the embedded SQLite file. */
  databaseUrl: string | undefined;
  /** Directory of the built web pages. */
  webRoot: string;
  /**
   * How long a finished contact (a chat, or a call's chain) stays in memory after it is archived (ms; default 0: it leaves as soon as
   * the batch that archived it is durable). Reads of it go to the archive either way; a delay keeps
   * recently finished chats in memory (at 500 chats a second, 5 s is ~2,500 chats, ~10 MB) and measured a
   * worse routing tail (bench/RESULTS.md).
   */
  archiveDelayMs: number;
  /**
   * How far V8's old generation may grow past what survived the last full GC before the next one starts
   * (percent; 0 leaves it to V8, which chose about 1.5–2× here). Each full GC marks the whole live heap,
   * and its marking steps and pause hold up requests for tens of ms; at 500 chats/s they came every
   * 5–15 s and each slowed a burst of chats. The default 400 (up to 5×) makes them rarer for the price of
   * memory: a live heap of ~50 MB may grow to ~250 MB first (bench/RESULTS.md, session 5).
   */
  heapGrowthPercent: number;
  /** What one client may hold or send (README, "Limits"); each an environment setting. */
  limits: Limits;
  /** The development phone page and its API (api/devPhone.ts): on in the demo, never in production. */
  devPhone?: boolean;
  /** Call audio; undefined = off (SWITCHBOARD_MEDIA=0, and servers that tests start without asking for it). */
  media?: MediaConfig;
  /** Operability (README, "Operating it"): a bearer token GET /metrics requires (without one it is served to loopback only). */
  metricsToken?: string;
  /** How long a graceful shutdown (SIGTERM) may take before what is left is cut: ms (default 10 s). */
  shutdownTimeoutMs?: number;
  /** LOG_LEVEL (or SWITCHBOARD_LOG_LEVEL); default info. */
  logLevel?: LogLevel;
  /**
   * SWITCHBOARD_ADMIN_ACCESS_KEY_ID and SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY, both or neither. Without the demo
   * they are the account's access key (credentials.ts); with it, the demo instance's key (demo.ts, first start).
   */
  adminAccessKey?: { accessKeyId: string; secretAccessKey: string };
}

/** Call audio: media workers, ICE, recording (README, "Call audio"). */
export interface MediaConfig {
  /** Worker threads hosting bridges (default: one per core). */
  workers: number;
  /** STUN/TURN servers, given to werift and to the browsers' peer connections. */
  iceServers: { urls: string; username?: string; credential?: string }[];
  /** Extra host addresses werift offers as ICE candidates: 127.0.0.1 for hosts with only loopback, or a public address. */
  iceAddresses: string[];
  /** UDP ports for media, split between the workers; undefined = any free port. */
  rtpPorts?: [number, number];
  /** Record every call (a stereo WAV per call beside the attachments). */
  recordCalls: boolean;
  /** A party whose audio stops arriving for this long is lost (their page or phone is gone): ms. */
  lostAfterMs: number;
  /** RTP past werift's per-packet path once a party is connected (default on; SWITCHBOARD_MEDIA_FAST_PATH=0 turns it off). */
  fastPath?: boolean;
  /** The media workers' sockets read and written a frame at a time by the native addon (default on when built; SWITCHBOARD_MEDIA_UDP_BATCH=0 turns it off). */
  udpBatch?: boolean;
}

/** Per-client limits: what a single client (an address, a token, a participant, an agent session) may hold or send. */
export interface Limits {
  /** Open TCP connections (HTTP and WebSocket) from one client address; past it new ones are refused. */
  connectionsPerAddress: number;
  /** Chat WebSockets open at once for one participant (chatjs briefly holds two while it refreshes). */
  chatSocketsPerParticipant: number;
  /** Chat WebSockets open at once in one contact, all participants together. */
  chatSocketsPerContact: number;
  /** Agent WebSockets open at once for one agent session (one login; each CCP tab opens one). */
  agentSocketsPerSession: number;
  /** A new chat socket must subscribe within this long (ms). */
  subscribeTimeoutMs: number;
  /** A WebSocket with no frame and no pong for this long is closed; a ping goes out at half of it (ms). */
  socketIdleTimeoutMs: number;
  /** Unsent bytes one WebSocket may have waiting before it is closed as too slow. */
  socketMaxBufferedBytes: number;
  /** How long a client may take to send a request's headers (ms). */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request, body included (ms). */
  requestTimeoutMs: number;
  /** SendMessage per participant: a sustained rate (per second) and a burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** SendEvent (typing, receipts) per participant. */
  eventsPerSecond: number;
  eventBurst: number;
  /** CreateParticipantConnection per participant, per minute, and a burst. */
  connectionsPerMinute: number;
  connectionBurst: number;
  /** Attachment uploads started and not yet completed, per participant. */
  pendingUploadsPerParticipant: number;
  /** Wrong passwords for one account from one address before that pair waits (refilled per minute). */
  loginFailuresPerAccount: number;
  /** Wrong passwords from one address, all accounts together, before the address waits (refilled per minute). */
  loginFailuresPerAddress: number;
}

const Env = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  SWITCHBOARD_DATA_DIR: z.string().min(1).default('./data'),
  SWITCHBOARD_DEMO: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_DEMO_MENU: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_PUBLIC_URL: z.url().optional(),
  SWITCHBOARD_WIDGET_CHATS_PER_MINUTE: z.coerce.number().positive().default(30),
  SWITCHBOARD_WIDGET_BURST: z.coerce.number().positive().default(10),
  SWITCHBOARD_WEB_ROOT: z.string().optional(),
  SWITCHBOARD_ARCHIVE_DELAY_MS: z.coerce.number().int().min(0).max(86_400_000).default(0),
  SWITCHBOARD_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(400),
  SWITCHBOARD_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  SWITCHBOARD_CONNECTIONS_PER_ADDRESS: count(1_000),
  SWITCHBOARD_CHAT_SOCKETS_PER_PARTICIPANT: count(3),
  SWITCHBOARD_CHAT_SOCKETS_PER_CONTACT: count(20),
  SWITCHBOARD_AGENT_SOCKETS_PER_SESSION: count(5),
  SWITCHBOARD_SUBSCRIBE_TIMEOUT_MS: count(15_000),
  SWITCHBOARD_SOCKET_IDLE_TIMEOUT_MS: count(60_000),
  SWITCHBOARD_SOCKET_MAX_BUFFERED_BYTES: count(4 * 1024 * 1024),
  SWITCHBOARD_HEADERS_TIMEOUT_MS: count(20_000),
  SWITCHBOARD_REQUEST_TIMEOUT_MS: count(120_000),
  SWITCHBOARD_MESSAGES_PER_SECOND: count(10),
  SWITCHBOARD_MESSAGE_BURST: count(20),
  SWITCHBOARD_EVENTS_PER_SECOND: count(20),
  SWITCHBOARD_EVENT_BURST: count(50),
  SWITCHBOARD_CONNECTIONS_PER_MINUTE: count(30),
  SWITCHBOARD_CONNECTION_BURST: count(10),
  SWITCHBOARD_PENDING_UPLOADS_PER_PARTICIPANT: count(5),
  SWITCHBOARD_LOGIN_FAILURES_PER_ACCOUNT: count(5),
  SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS: count(50),
  SWITCHBOARD_MEDIA: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_DEV_PHONE: z.enum(['0', '1']).optional(),
  SWITCHBOARD_MEDIA_FAST_PATH: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_MEDIA_UDP_BATCH: z.enum(['0', '1']).default('1'),
  SWITCHBOARD_MEDIA_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  SWITCHBOARD_ICE_SERVERS: z.string().max(4096).default(''),
  SWITCHBOARD_ICE_ADDRESSES: z.string().max(1024).default('127.0.0.1'),
  SWITCHBOARD_RTP_PORTS: z.string().regex(/^\d{4,5}-\d{4,5}$/, 'must be like 10000-20000').optional(),
  SWITCHBOARD_RECORD_CALLS: z.enum(['0', '1']).optional(),
  // The account's access key without the demo (checked below: accountKey); the demo reads them as they are (demo.ts).
  SWITCHBOARD_ADMIN_ACCESS_KEY_ID: z.string().optional(),
  SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: z.string().optional(),
  SWITCHBOARD_MEDIA_LOST_AFTER_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
  // Operability (ops.ts, log.ts)
  SWITCHBOARD_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(512).optional(),
  SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
  SWITCHBOARD_LOG_LEVEL: z.enum(LOG_LEVELS).optional(),
});

/**
 * SWITCHBOARD_ICE_SERVERS: a JSON array of RTCIceServer objects ([{"urls":"turn:…","username":"…","credential":"…"}]),
 * or a comma-separated list of stun:/turn: URLs.
 */
export function parseIceServers(text: string): MediaConfig['iceServers'] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const Server = z.object({ urls: z.string().regex(/^(stun|turns?):/), username: z.string().optional(), credential: z.string().optional() });
  if (trimmed.startsWith('[')) {
    let raw: unknown;
    try { raw = JSON.parse(trimmed); } catch { throw new Error('bad setting SWITCHBOARD_ICE_SERVERS: not valid JSON'); }
    const parsed = z.array(Server).safeParse(raw);
    if (!parsed.success) throw new Error(`bad setting SWITCHBOARD_ICE_SERVERS: ${parsed.error.issues[0]!.message}`);
    return parsed.data;
  }
  return trimmed.split(',').map((url) => {
    const parsed = Server.safeParse({ urls: url.trim() });
    if (!parsed.success) throw new Error(`bad setting SWITCHBOARD_ICE_SERVERS: ${url.trim()} is not a stun: or turn: URL`);
    return parsed.data;
  });
}

function portRange(text: string): [number, number] {
  const [low, high] = text.split('-').map(Number) as [number, number];
  if (low < 1024 || high > 65535 || high - low < 10) throw new Error('bad setting SWITCHBOARD_RTP_PORTS: give at least 10 ports between 1024 and 65535, low-high');
  return [low, high];
}

/**
 * The account's access key from the environment (SWITCHBOARD_DEMO=0): both parts or neither; a key id as AWS
 * spells one (16–128 letters and digits), a secret of 16–256 characters without spaces (it goes in an ini file's line).
 */
function accountKey(accessKeyId: string | undefined, secretAccessKey: string | undefined): ServerConfig['adminAccessKey'] {
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error('bad setting SWITCHBOARD_ADMIN_ACCESS_KEY_ID: give it and SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY together, or neither');
  }
  if (!/^[A-Za-z0-9]{16,128}$/.test(accessKeyId)) throw new Error('bad setting SWITCHBOARD_ADMIN_ACCESS_KEY_ID: must be 16–128 letters and digits, like AKIAIOSFODNN7EXAMPLE');
  if (!/^\S{16,256}$/.test(secretAccessKey)) throw new Error('bad setting SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: must be 16–256 characters, no spaces');
  return { accessKeyId, secretAccessKey };
}

/** A positive whole number setting with a default. */
function count(fallback: number) {
  return z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(fallback);
}

export function configFromEnv(env: NodeJS.ProcessEnv, defaultWebRoot: string): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bad setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const e = parsed.data;
  const adminAccessKey = e.SWITCHBOARD_DEMO === '0' ? accountKey(e.SWITCHBOARD_ADMIN_ACCESS_KEY_ID || undefined, e.SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY || undefined) : undefined;
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.SWITCHBOARD_DATA_DIR),
    demo: e.SWITCHBOARD_DEMO === '1',
    demoMenu: e.SWITCHBOARD_DEMO_MENU === '1',
    publicUrl: e.SWITCHBOARD_PUBLIC_URL?.replace(/\/$/, ''),
    widgetChatsPerMinute: e.SWITCHBOARD_WIDGET_CHATS_PER_MINUTE,
    widgetBurst: e.SWITCHBOARD_WIDGET_BURST,
    webRoot: e.SWITCHBOARD_WEB_ROOT ?? defaultWebRoot,
    databaseUrl: e.SWITCHBOARD_DATABASE_URL,
    archiveDelayMs: e.SWITCHBOARD_ARCHIVE_DELAY_MS,
    heapGrowthPercent: e.SWITCHBOARD_HEAP_GROWTH_PERCENT,
    limits: {
      connectionsPerAddress: e.SWITCHBOARD_CONNECTIONS_PER_ADDRESS,
      chatSocketsPerParticipant: e.SWITCHBOARD_CHAT_SOCKETS_PER_PARTICIPANT,
      chatSocketsPerContact: e.SWITCHBOARD_CHAT_SOCKETS_PER_CONTACT,
      agentSocketsPerSession: e.SWITCHBOARD_AGENT_SOCKETS_PER_SESSION,
      subscribeTimeoutMs: e.SWITCHBOARD_SUBSCRIBE_TIMEOUT_MS,
      socketIdleTimeoutMs: e.SWITCHBOARD_SOCKET_IDLE_TIMEOUT_MS,
      socketMaxBufferedBytes: e.SWITCHBOARD_SOCKET_MAX_BUFFERED_BYTES,
      headersTimeoutMs: e.SWITCHBOARD_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.SWITCHBOARD_REQUEST_TIMEOUT_MS,
      messagesPerSecond: e.SWITCHBOARD_MESSAGES_PER_SECOND,
      messageBurst: e.SWITCHBOARD_MESSAGE_BURST,
      eventsPerSecond: e.SWITCHBOARD_EVENTS_PER_SECOND,
      eventBurst: e.SWITCHBOARD_EVENT_BURST,
      connectionsPerMinute: e.SWITCHBOARD_CONNECTIONS_PER_MINUTE,
      connectionBurst: e.SWITCHBOARD_CONNECTION_BURST,
      pendingUploadsPerParticipant: e.SWITCHBOARD_PENDING_UPLOADS_PER_PARTICIPANT,
      loginFailuresPerAccount: e.SWITCHBOARD_LOGIN_FAILURES_PER_ACCOUNT,
      loginFailuresPerAddress: e.SWITCHBOARD_LOGIN_FAILURES_PER_ADDRESS,
    },
    devPhone: (e.SWITCHBOARD_DEV_PHONE ?? e.SWITCHBOARD_DEMO) === '1',
    ...(e.SWITCHBOARD_METRICS_TOKEN ? { metricsToken: e.SWITCHBOARD_METRICS_TOKEN } : {}),
    shutdownTimeoutMs: e.SWITCHBOARD_SHUTDOWN_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL ?? e.SWITCHBOARD_LOG_LEVEL ?? 'info',
    ...(adminAccessKey ? { adminAccessKey } : {}),
    ...(e.SWITCHBOARD_MEDIA === '1' ? {
      media: {
        workers: e.SWITCHBOARD_MEDIA_WORKERS ?? availableParallelism(),
        iceServers: parseIceServers(e.SWITCHBOARD_ICE_SERVERS),
        iceAddresses: e.SWITCHBOARD_ICE_ADDRESSES.split(',').map((a) => a.trim()).filter((a) => a !== ''),
        ...(e.SWITCHBOARD_RTP_PORTS ? { rtpPorts: portRange(e.SWITCHBOARD_RTP_PORTS) } : {}),
        // On by default in the demo (issue 16: "or on by default in the demo"); otherwise the flow decides.
        recordCalls: (e.SWITCHBOARD_RECORD_CALLS ?? e.SWITCHBOARD_DEMO) === '1',
        lostAfterMs: e.SWITCHBOARD_MEDIA_LOST_AFTER_MS,
        fastPath: e.SWITCHBOARD_MEDIA_FAST_PATH === '1',
        udpBatch: e.SWITCHBOARD_MEDIA_UDP_BATCH === '1',
      },
    } : {}),
  };
}
