import { randomUUID, timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Event } from '@switchboard/engine';
import type { Services } from './services.ts';
import type { EventStore } from './store/store.ts';
import type { PipelineObserver } from './pipeline.ts';
import type { RequestSeen } from './http/handle.ts';
import type { Router } from './http/router.ts';
import { log } from './log.ts';

/**
 * Operability (README, "Operating it"): GET /health (live), GET /ready (store reachable, started, not
 * stopping), GET /metrics (Prometheus), a request id and a debug log line for every request, and the
 * stopping phase of a graceful shutdown, when new requests are answered 503 with Retry-After.
 */

/** Seconds a client is told to wait (Retry-After) when it reaches a server that is stopping. */
export const STOPPING_RETRY_AFTER_S = 5;
/** How long /ready waits for the store to answer a trivial query. */
export const READY_STORE_TIMEOUT_MS = 2_000;

/** Node's own metrics (event loop delay, heap, GC, handles): one set for the process, however many servers it runs (tests run several). */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Answered while stopping too: the process is alive (/health), says why it is not ready (/ready), and can be watched (/metrics). */
const OPS_PATHS = new Set(['/health', '/ready', '/metrics']);

export type Phase = 'starting' | 'ready' | 'stopping';

export class Ops {
  phase: Phase = 'starting';
  /** HTTP requests being served now (a shutdown waits for them). */
  private inFlight = 0;
  private idle: (() => void)[] = [];
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status_class'>;
  private readonly duration: Histogram<'route'>;
  private readonly commands: Counter<'type' | 'outcome'>;
  private readonly batches: Counter;
  private readonly batchEvents: Histogram;
  private readonly commitSeconds: Histogram;
  private readonly offers: Counter;
  private readonly metricsToken: Buffer | undefined;

  constructor(services: Services, private readonly store: EventStore) {
    const registry = this.registry;
    const { hub, state } = services;
    this.metricsToken = services.config.metricsToken === undefined ? undefined : digest(services.config.metricsToken);
    this.requests = new Counter({ name: 'switchboard_http_requests_total', help: 'HTTP requests answered, by method, route pattern and status class', labelNames: ['method', 'route', 'status_class'], registers: [registry] });
    this.duration = new Histogram({
      name: 'switchboard_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern', labelNames: ['route'], registers: [registry],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    });
    const ops = this;
    new Gauge({ name: 'switchboard_http_requests_in_flight', help: 'HTTP requests being served now', registers: [registry], collect() { this.set(ops.inFlight); } });
    new Gauge({
      name: 'switchboard_open_sockets', help: 'Open WebSockets by kind: chat (subscribed Participant Service sockets) and agent (CCP sockets)', labelNames: ['kind'], registers: [registry],
      collect() {
        const counts = hub.socketCounts();
        this.set({ kind: 'chat' }, counts.chat);
        this.set({ kind: 'agent' }, counts.agent);
      },
    });
    this.commands = new Counter({ name: 'switchboard_commands_total', help: 'Commands run, by type and outcome (accepted or rejected by the rules)', labelNames: ['type', 'outcome'], registers: [registry] });
    this.batches = new Counter({ name: 'switchboard_commits_total', help: 'Batches of events made durable (group commits)', registers: [registry] });
    this.batchEvents = new Histogram({ name: 'switchboard_commit_batch_events', help: 'Events per durable batch', registers: [registry], buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] });
    this.commitSeconds = new Histogram({
      name: 'switchboard_commit_duration_seconds', help: 'Time to make a batch durable (the store write and its sync)', registers: [registry],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    });
    this.offers = new Counter({ name: 'switchboard_offers_total', help: 'Contacts offered to agents', registers: [registry] });
    new Gauge({
      name: 'switchboard_contacts_queued', help: 'Contacts waiting in a queue now, by channel', labelNames: ['channel'], registers: [registry],
      collect() {
        const queued: Record<string, number> = { CHAT: 0, VOICE: 0, TASK: 0 };
        for (const instance of state.instances.values()) {
          for (const contact of instance.contacts.values()) if (contact.status === 'queued') queued[contact.channel] = (queued[contact.channel] ?? 0) + 1;
        }
        for (const [channel, n] of Object.entries(queued)) this.set({ channel }, n);
      },
    });
    if (services.media) {
      const media = services.media;
      new Gauge({ name: 'switchboard_media_calls', help: 'Calls with media (a bridge in a media worker) now', registers: [registry], collect() { this.set(media.counts().calls); } });
      new Gauge({ name: 'switchboard_media_endpoints', help: 'Media endpoints (parties\' audio legs) on the bridges now', registers: [registry], collect() { this.set(media.counts().endpoints); } });
    }
    new Gauge({ name: 'switchboard_ready', help: '1 when the server is ready for traffic (started, not stopping)', registers: [registry], collect() { this.set(ops.phase === 'ready' ? 1 : 0); } });
  }

  /** The pipeline's observer: commands by type, commits, their size and latency, offers. */
  pipelineObserver(): PipelineObserver {
    return {
      command: (type, accepted) => this.commands.inc({ type, outcome: accepted ? 'accepted' : 'rejected' }),
      durable: (events: readonly Event[], seconds) => {
        this.batches.inc();
        this.batchEvents.observe(events.length);
        this.commitSeconds.observe(seconds);
        let offers = 0;
        for (const event of events) if (event.type === 'ContactOffered') offers++;
        if (offers > 0) this.offers.inc(offers);
      },
    };
  }

  /** GET /health, /ready, /metrics: no credentials needed for the first two, and none of them tells internals. */
  routes(router: Router): Router {
    return router
      .on('GET', '/health', ({ res }) => send(res, 200, { status: 'ok' }))
      .on('GET', '/ready', async ({ res }) => {
        const reason = await this.notReady();
        send(res, reason ? 503 : 200, reason ? { status: 'unavailable', reason } : { status: 'ready' });
      })
      .on('GET', '/metrics', async ({ req, res }) => {
        if (!this.mayScrape(req)) return send(res, 403, { message: 'metrics are served to loopback, or with SWITCHBOARD_METRICS_TOKEN as a bearer token' });
        const text = (await processMetrics().metrics()) + '\n' + (await this.registry.metrics());
        res.writeHead(200, { 'content-type': this.registry.contentType, 'cache-control': 'no-store' }).end(text);
      });
  }

  /** Why the server is not ready, or undefined when it is. */
  private async notReady(): Promise<string | undefined> {
    if (this.phase === 'starting') return 'starting';
    if (this.phase === 'stopping') return 'shutting down';
    if (!this.store.ping) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.ping(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), READY_STORE_TIMEOUT_MS))),
      ]);
      return undefined;
    } catch (error) {
      log().warn({ err: error }, 'the store does not answer (GET /ready)');
      return 'store unreachable';
    } finally {
      clearTimeout(timer);
    }
  }

  private mayScrape(req: IncomingMessage): boolean {
    if (this.metricsToken) {
      const given = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      return given !== undefined && timingSafeEqual(digest(given), this.metricsToken);
    }
    return LOOPBACK.has(req.socket.remoteAddress ?? '');
  }

  /**
   * Every HTTP request, before it is handled: it gets a request id (x-amzn-RequestId, as AWS answers;
   * the SDKs read it as $metadata.requestId) and, once answered, a debug log line and its metrics.
   * While stopping it is answered 503 with Retry-After and the connection closes (undefined: do not
   * handle it), except /health, /ready and /metrics.
   */
  admit(req: IncomingMessage, res: ServerResponse): RequestSeen | undefined {
    const reqId = randomUUID();
    res.setHeader('x-amzn-RequestId', reqId);
    if (this.phase === 'stopping' && !OPS_PATHS.has(req.url ?? '')) {
      const body = JSON.stringify({ message: 'the server is shutting down; retry' });
      res.shouldKeepAlive = false;
      res.writeHead(503, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'retry-after': String(STOPPING_RETRY_AFTER_S), 'x-amzn-ErrorType': 'ServiceUnavailableException', connection: 'close' }).end(body);
      this.count(req.method, 'stopping', 503, 0);
      return undefined;
    }
    const seen: RequestSeen = { route: 'unmatched' };
    const started = performance.now();
    this.inFlight++;
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.headersSent ? res.statusCode : 0;
      this.count(req.method, seen.route, status, seconds);
      const logger = log();
      if (logger.isLevelEnabled('debug')) logger.debug({ reqId, method: req.method, route: seen.route, status, ms: Math.round(seconds * 10_000) / 10 }, 'request');
      if (--this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
    return seen;
  }

  private count(method: string | undefined, route: string, status: number, seconds: number): void {
    const m = method && METHODS.has(method) ? method : 'OTHER';
    this.requests.inc({ method: m, route, status_class: status === 0 ? 'none' : `${Math.floor(status / 100)}xx` });
    if (route !== 'stopping') this.duration.observe({ route }, seconds);
  }

  /** A WebSocket upgrade while stopping: 503 with Retry-After, and the connection closes. */
  refuseUpgrade(socket: Duplex): void {
    const body = JSON.stringify({ message: 'the server is shutting down; retry' });
    socket.on('error', () => undefined);
    socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: ${STOPPING_RETRY_AFTER_S}\r\nContent-Type: application/json\r\nx-amzn-ErrorType: ServiceUnavailableException\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }

  /** Resolves when no HTTP request is being served, or at `deadline` (epoch ms), whichever comes first. */
  drained(deadline: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' }).end(text);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
