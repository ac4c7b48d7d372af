import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import sirv from 'sirv';
import { emptyState, replay } from '@switchboard/engine';
import type { ServerConfig } from './config.ts';
import type { EventStore } from './store/store.ts';
import { SqliteEventStore } from './store/sqlite.ts';
import { Pipeline } from './pipeline.ts';
import { Hub } from './hub.ts';
import { Timers } from './timers.ts';
import { FlowDriver } from './flows/driver.ts';
import { loadLambdaMap } from './flows/lambda.ts';
import { loadBots } from './flows/bots.ts';
import { RateLimiter } from './limits/rateLimit.ts';
import { Router } from './http/router.ts';
import { handleRequest, type RequestHandling } from './http/handle.ts';
import { ApiError, sendError } from './http/errors.ts';
import type { Services } from './services.ts';
import { attachmentCors, discardUnfinishedUploads, sweepUnfinishedUploads } from './api/participant/attachments.ts';
import { FileBlobStore } from './store/blobs.ts';
import { upgradeSocket } from './ws/upgrade.ts';
import { SocketGuard } from './ws/guard.ts';
import { ParticipantRates } from './limits/participant.ts';
import { OpenCounter } from './limits/counter.ts';
import { LoginLimits } from './limits/logins.ts';
import { isRefused, refuseConnection } from './limits/connections.ts';
import { answerClientError } from './http/clientError.ts';
import { startMedia } from './media/start.ts';
import { connectAdminRoutes } from './routes/connectAdmin.ts';
import { connectFlowRoutes } from './routes/connectFlows.ts';
import { connectContactRoutes } from './routes/connectContacts.ts';
import { voiceRoutes } from './routes/voice.ts';
import { participantRoutes } from './routes/participant.ts';
import { agentRoutes } from './routes/agent.ts';
import { connectInstanceRoutes } from './routes/connectInstances.ts'; // Connect admin API: instances, origins, numbers, tags
import { connectSecurityRoutes } from './routes/connectSecurity.ts'; // security profiles, user data, contact search (issue 18, admin-security)
// Admin console (issue 18)
import { adminConsoleRoutes } from './routes/adminConsole.ts';
import { seedDemo, withUrls, type DemoInfo } from './demo.ts';
import { loadAccountCredentials, type AccountCredentials } from './credentials.ts';
import { log } from './log.ts';
import { Ops } from './ops.ts';

/** How long an idle HTTP keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

/** `bytes=a-b` with a ≤ b, `bytes=a-`, or `bytes=-n`: the one-range forms a file server answers. */
function isSimpleRange(range: string): boolean {
  const m = /^bytes=(\d{0,15})-(\d{0,15})$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return false;
  return m[1] === '' || m[2] === '' || Number(m[1]) <= Number(m[2]);
}

export interface RunningServer {
  server: Server;
  services: Services;
  url: string;
  demo: DemoInfo | undefined;
  /** Without the demo: the account's access key (credentials.ts). */
  account: AccountCredentials | undefined;
  close(): Promise<void>;
}

/** The close code every WebSocket gets when the server stops (RFC 6455 "service restart"): clients reconnect. */
export const SERVICE_RESTART_CLOSE = 1012;
/** How long a stopping server waits for its WebSockets to answer the close before it cuts them. */
const SOCKET_CLOSE_WAIT_MS = 1_000;

/** Headers the AWS SDK (and chatjs) send to the Participant Service from a browser on another origin. */
const PARTICIPANT_CORS_HEADERS = 'content-type, x-amz-bearer, x-amz-user-agent, x-amz-date, x-amz-content-sha256, authorization, amz-sdk-invocation-id, amz-sdk-request, x-amz-security-token';
/**
 * Response headers the AWS SDK reads that a browser hides from another origin unless exposed: without
 * `x-amzn-ErrorType` chatjs sees every error as just its status code instead of e.g. ValidationException.
 */
const PARTICIPANT_CORS_EXPOSED = 'x-amzn-errortype, x-amzn-requestid';

export async function startServer(config: ServerConfig, store: EventStore = new SqliteEventStore(join(config.dataDir, 'switchboard.db'))): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const state = emptyState();
  replay(await store.load(), state);
  // Without the demo, the account's access key (credentials.ts); a credentials file that cannot be read stops the start here.
  let account: AccountCredentials | undefined;
  try {
    account = config.demo ? undefined : loadAccountCredentials(config, state);
  } catch (error) {
    await store.close();
    throw error;
  }
  const pipeline = new Pipeline(state, store);
  const hub = new Hub(state, () => pipeline.now(), (instanceId, userId, present) => {
    void pipeline.submit({ type: present ? 'AgentConnected' : 'AgentDisconnected', instanceId, userId });
  });
  const services: Services = {
    state, pipeline, hub, config,
    widgetLimiter: new RateLimiter(config.widgetChatsPerMinute, config.widgetBurst),
    idempotency: pipeline.idempotency,
    blobs: await FileBlobStore.open(join(config.dataDir, 'attachments')),
    sockets: new SocketGuard({
      maxBufferedBytes: config.limits.socketMaxBufferedBytes,
      pauseBufferedBytes: Math.min(64 * 1024, config.limits.socketMaxBufferedBytes),
      idleTimeoutMs: config.limits.socketIdleTimeoutMs,
      subscribeTimeoutMs: config.limits.subscribeTimeoutMs,
    }),
    rates: new ParticipantRates(config.limits),
    open: new OpenCounter(),
  };
  pipeline.subscribe((events) => hub.onEvents(events));
  if (config.media) {
    services.media = await startMedia(services, config.media);
    const media = services.media;
    pipeline.subscribe((events) => media.onEvents(events));
  }
  const ops = new Ops(services, store);
  pipeline.observer = ops.pipelineObserver();
  pipeline.subscribe((events) => discardUnfinishedUploads(services, events));
  void sweepUnfinishedUploads(services).catch((error) => log().error({ err: error }, 'could not sweep unfinished uploads'));
  // After the sweep has listed its uploads: finished chats and calls go to the archive and leave memory.
  pipeline.archive.delayMs = config.archiveDelayMs;
  await pipeline.archive.start();
  const timers = new Timers(pipeline);
  timers.start(state);
  // Flow runs waiting on a Lambda: invoked through the instance's mapping (README: Flows, Lambda functions).
  const flowDriver = new FlowDriver(
    pipeline,
    loadLambdaMap(process.env.SWITCHBOARD_LAMBDAS ?? join(config.dataDir, 'lambdas.json')),
    loadBots(process.env.SWITCHBOARD_BOTS ?? join(config.dataDir, 'bots.json')),
  );
  flowDriver.start(state);
  // No CCP is connected to a server that just started: agents who were present are away now, and
  // their grace period starts (their pages reconnect within it).
  for (const instance of state.instances.values()) {
    for (const user of instance.users.values()) {
      if (user.presence === 'present') void pipeline.submit({ type: 'AgentDisconnected', instanceId: instance.id, userId: user.id });
    }
  }

  const demo = config.demo ? await seedDemo(services) : undefined;
  if (account) services.account = account;

  const loginLimits = new LoginLimits(config.limits);
  const router = ops.routes(new Router());
  connectAdminRoutes(router, services);
  connectFlowRoutes(router, services);
  connectContactRoutes(router, services);
  voiceRoutes(router, services);
  participantRoutes(router, services);
  agentRoutes(router, services, loginLimits);
  connectInstanceRoutes(router, services); // Connect admin API: instances, origins, numbers, tags
  connectSecurityRoutes(router, services); // security profiles, user data, contact search (issue 18, admin-security)
  // Admin console (issue 18)
  adminConsoleRoutes(router, services);

  const pages = existsSync(config.webRoot)
    ? sirv(config.webRoot, { etag: true, dev: false })
    : (_req: IncomingMessage, res: ServerResponse) => sendError(res, new ApiError(503, 'ServiceUnavailableException', 'the web pages are not built: run npm run build:web'));

  const handling: RequestHandling = {
    router,
    before(req, res, pathname) {
      if (pathname.startsWith('/participant/')) {
        res.setHeader('access-control-allow-origin', '*');
        res.setHeader('access-control-expose-headers', PARTICIPANT_CORS_EXPOSED);
        if (req.method === 'OPTIONS') {
          res.writeHead(204, { 'access-control-allow-methods': 'POST, GET, PUT', 'access-control-allow-headers': PARTICIPANT_CORS_HEADERS, 'access-control-max-age': '600' }).end();
          return true;
        }
      }
      return pathname.startsWith('/attachments/') && attachmentCors(req, res);
    },
    fallback(req, res, pathname, url) {
      if (pathname === '/') {
        res.writeHead(302, { location: '/ccp/' }).end();
        return;
      }
      if (pathname === '/ccp' || pathname === '/chat' || pathname === '/call' || pathname === '/phone') {
        res.writeHead(301, { location: `${pathname}/${url().search}` }).end();
        return;
      }
      // Admin console (issue 18)
      if (pathname === '/admin') {
        res.writeHead(301, { location: `${pathname}/${url().search}` }).end();
        return;
      }
      // A Range the page server cannot serve (backwards, several, not bytes) is ignored, as RFC 9110 allows:
      // sirv would pass a backwards one to fs.createReadStream, which throws.
      if (req.headers.range !== undefined && !isSimpleRange(req.headers.range)) delete req.headers.range;
      pages(req, res, () => sendError(res, new ApiError(404, 'ResourceNotFoundException', `nothing at ${pathname.slice(0, 200)}`)));
    },
  };

  // Timeouts are checked this often (Node's default, 30 s, would let a 20 s headers timeout run to 50 s).
  const connectionsCheckingInterval = Math.max(50, Math.min(5_000, config.limits.headersTimeoutMs / 4));
  const server = createServer({ connectionsCheckingInterval }, (req, res) => {
    if (isRefused(req.socket)) return res.destroy();
    const seen = ops.admit(req, res);
    if (seen) void handleRequest(handling, req, res, seen);
  });
  // Keep idle connections for a minute, as Amazon's endpoints do, instead of Node's 5 s: chat clients send
  // every few seconds, and a new connection costs a handshake (TLS in front of us) and a slower first
  // request (bench/RESULTS.md). Longer than a load balancer's usual 60 s idle timeout, so the balancer
  // closes first; otherwise it may reuse a connection we are closing and answer its client 502.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Half-sent requests are dropped: headers must arrive within headersTimeout, the whole request within
  // requestTimeout (Node answers 408 and closes).
  server.headersTimeout = config.limits.headersTimeoutMs;
  server.requestTimeout = config.limits.requestTimeoutMs;
  // A client address holds at most so many connections; past it new ones get a typed 429 and are closed.
  // Bytes that do not parse as HTTP: answered, then a lingering close (http/clientError.ts).
  server.on('clientError', answerClientError);
  server.on('connection', (socket) => {
    const key = [{ key: `address/${socket.remoteAddress ?? 'unknown'}`, max: config.limits.connectionsPerAddress }];
    if (services.open.take(key)) socket.once('close', () => services.open.release(key));
    else refuseConnection(socket);
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if (isRefused(socket)) socket.destroy();
    else if (ops.phase === 'stopping') ops.refuseUpgrade(socket);
    else upgradeSocket(services, sockets, req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  ops.phase = 'ready';
  let closing: Promise<void> | undefined;

  return {
    server, services, url, demo: demo && withUrls(demo, services, url), account: services.account,
    /**
     * A graceful shutdown (README, "Operating it"), within SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: no new
     * connections, new requests on open ones answered 503 with Retry-After, requests being served
     * finish and their commands become durable, WebSockets are closed with 1012 (service restart) so
     * clients reconnect, then call audio and the store close.
     */
    close() {
      return (closing ??= (async () => {
        ops.phase = 'stopping';
        const deadline = Date.now() + (config.shutdownTimeoutMs ?? 10_000);
        const left = () => Math.max(0, deadline - Date.now());
        timers.stop();
        flowDriver.stop();
        services.sockets.stop();
        // close() stops listening and ends idle keep-alive connections at once.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        await ops.drained(deadline);
        server.closeIdleConnections();
        // Sockets not (yet) in the hub, e.g. a chat socket that has not subscribed, are in `sockets.clients` too.
        hub.closeAll(SERVICE_RESTART_CLOSE, 'service restart');
        for (const ws of sockets.clients) if (ws.readyState === ws.OPEN) ws.close(SERVICE_RESTART_CLOSE, 'service restart');
        await allClosed([...sockets.clients], Math.min(SOCKET_CLOSE_WAIT_MS, left()));
        for (const ws of sockets.clients) ws.terminate();
        sockets.close();
        // A connection still sending a request (e.g. an upload refused before its body arrived) would hold
        // close() until the keep-alive timeout: it gets a second at most.
        const cut = setTimeout(() => server.closeAllConnections(), Math.min(1_000, left()));
        await closed;
        clearTimeout(cut);
        await pipeline.settled();
        await services.media?.close();
        await store.close();
      })());
    },
  };
}

/** Resolves when every socket has closed, or after `ms`. */
function allClosed(list: WebSocket[], ms: number): Promise<void> {
  const open = list.filter((ws) => ws.readyState !== ws.CLOSED);
  if (open.length === 0 || ms === 0) return Promise.resolve();
  return new Promise((resolve) => {
    let left = open.length;
    const timer = setTimeout(resolve, ms);
    for (const ws of open) ws.once('close', () => {
      if (--left === 0) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
