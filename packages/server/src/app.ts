import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import sirv from 'sirv';
import { emptyState, replay } from '@switchboard/engine';
import type { ServerConfig } from './config.ts';
import type { EventStore } from './store/store.ts';
import { SqliteEventStore } from './store/sqlite.ts';
import { Pipeline } from './pipeline.ts';
import { Hub } from './hub.ts';
import { Timers } from './timers.ts';
import { RateLimiter } from './auth/rateLimit.ts';
import { RequestContext, Router } from './http/router.ts';
import { ApiError, errors, sendError } from './http/errors.ts';
import type { Services } from './services.ts';
import { createParticipantConnection } from './api/participant/connection.ts';
import { sendEvent, sendMessage } from './api/participant/messages.ts';
import { getTranscript } from './api/participant/transcript.ts';
import { disconnectParticipant } from './api/participant/disconnect.ts';
import {
  attachmentCors, completeAttachmentUpload, discardUnfinishedUploads, getAttachment, getAttachmentBytes, putAttachmentBytes,
  startAttachmentUpload, sweepUnfinishedUploads,
} from './api/participant/attachments.ts';
import { associateInstanceStorageConfig, disassociateInstanceStorageConfig } from './api/connect/storage.ts';
import { FileBlobStore } from './store/blobs.ts';
import { createParticipant, describeContact, startChatContact, stopContact, updateContactAttributes } from './api/connect/contacts.ts';
import { widgetPreflight, widgetStartChat } from './api/widget.ts';
import { getCurrentMetricData, getMetricDataV2 } from './api/connect/metrics.ts';
import { putUserStatus } from './api/connect/users.ts';
import { startOutboundVoiceContact } from './api/connect/outboundVoice.ts';
import { describeSimulatedCall, simulateInboundCall, simulatePhoneAction } from './api/phoneSimulator.ts';
import { associateQueueQuickConnects, createQuickConnect, describeQuickConnect, listQuickConnects } from './api/connect/quickConnects.ts';
import { describeInstanceAttribute, updateInstanceAttribute } from './api/connect/instance.ts';
import { createHoursOfOperation, updateQueueHours, updateQueueMaxContacts } from './api/connect/queues.ts';
import { agentLogin } from './agent/login.ts';
import { agentLogout, agentSession } from './agent/session.ts';
import { authorizeAgentSocket, serveAgentSocket } from './ws/agentSocket.ts';
import { coalesceWrites } from './ws/coalesce.ts';
import { authorizeChatSocket, serveChatSocket } from './ws/chatSocket.ts';
import { seedDemo, withUrls, type DemoInfo } from './demo.ts';

/** How long an idle HTTP keep-alive connection stays open. */
export const KEEP_ALIVE_MS = 65_000;

export interface RunningServer {
  server: Server;
  services: Services;
  url: string;
  demo: DemoInfo | undefined;
  close(): Promise<void>;
}

/** Headers the AWS SDK (and chatjs) send to the Participant Service from a browser on another origin. */
const PARTICIPANT_CORS_HEADERS = 'content-type, x-amz-bearer, x-amz-user-agent, x-amz-date, x-amz-content-sha256, authorization, amz-sdk-invocation-id, amz-sdk-request, x-amz-security-token';
/**
 * Response headers the AWS SDK reads that a browser hides from another origin unless exposed: without
 * `x-amzn-ErrorType` chatjs sees every error as just its status code instead of e.g. ValidationException.
 */
const PARTICIPANT_CORS_EXPOSED = 'x-amzn-errortype, x-amzn-requestid';
/** A request target that is only a path of plain segments: `new URL` would give it back unchanged. */
const PLAIN_PATH = /^(\/[\w-]+)*\/?$/;

export async function startServer(config: ServerConfig, store: EventStore = new SqliteEventStore(join(config.dataDir, 'switchboard.db'))): Promise<RunningServer> {
  mkdirSync(config.dataDir, { recursive: true });
  const state = emptyState();
  replay(await store.load(), state);
  const pipeline = new Pipeline(state, store);
  const hub = new Hub(state, () => pipeline.now(), (instanceId, userId, present) => {
    void pipeline.submit({ type: present ? 'AgentConnected' : 'AgentDisconnected', instanceId, userId });
  });
  const services: Services = {
    state, pipeline, hub, config,
    widgetLimiter: new RateLimiter(config.widgetChatsPerMinute, config.widgetBurst),
    idempotency: pipeline.idempotency,
    blobs: await FileBlobStore.open(join(config.dataDir, 'attachments')),
  };
  pipeline.subscribe((events) => hub.onEvents(events));
  pipeline.subscribe((events) => discardUnfinishedUploads(services, events));
  void sweepUnfinishedUploads(services).catch((error) => console.error('switchboard: could not sweep unfinished uploads', error));
  // After the sweep has listed its uploads: finished chats and calls go to the archive and leave memory.
  pipeline.archive.delayMs = config.archiveDelayMs;
  await pipeline.archive.start();
  const timers = new Timers(pipeline);
  timers.start(state);
  // No CCP is connected to a server that just started: agents who were present are away now, and
  // their grace period starts (their pages reconnect within it).
  for (const instance of state.instances.values()) {
    for (const user of instance.users.values()) {
      if (user.presence === 'present') void pipeline.submit({ type: 'AgentDisconnected', instanceId: instance.id, userId: user.id });
    }
  }

  const demo = config.demo ? await seedDemo(services) : undefined;

  const loginLimiter = new RateLimiter(20, 10);
  const router = new Router()
    .on('PUT', '/contact/chat', (c) => startChatContact(services, c))
    .on('POST', '/contact/stop', (c) => stopContact(services, c))
    .on('POST', '/contact/attributes', (c) => updateContactAttributes(services, c))
    .on('POST', '/contact/create-participant', (c) => createParticipant(services, c))
    .on('GET', '/contacts/:instanceId/:contactId', (c) => describeContact(services, c))
    .on('PUT', '/contact/outbound-voice', (c) => startOutboundVoiceContact(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls', (c) => simulateInboundCall(services, c))
    .on('GET', '/phone-simulator/:instanceId/calls/:contactId', (c) => describeSimulatedCall(services, c))
    .on('POST', '/phone-simulator/:instanceId/calls/:contactId/parties/:partyId/:action', (c) => simulatePhoneAction(services, c))
    .on('POST', '/metrics/current/:instanceId', (c) => getCurrentMetricData(services, c))
    .on('POST', '/metrics/data', (c) => getMetricDataV2(services, c))
    .on('PUT', '/users/:instanceId/:userId/status', (c) => putUserStatus(services, c))
    .on('PUT', '/hours-of-operations/:instanceId', (c) => createHoursOfOperation(services, c))
    .on('POST', '/queues/:instanceId/:queueId/hours-of-operation', (c) => updateQueueHours(services, c))
    .on('POST', '/queues/:instanceId/:queueId/max-contacts', (c) => updateQueueMaxContacts(services, c))
    .on('POST', '/queues/:instanceId/:queueId/associate-quick-connects', (c) => associateQueueQuickConnects(services, c))
    .on('PUT', '/quick-connects/:instanceId', (c) => createQuickConnect(services, c))
    .on('GET', '/quick-connects/:instanceId', (c) => listQuickConnects(services, c))
    .on('GET', '/quick-connects/:instanceId/:quickConnectId', (c) => describeQuickConnect(services, c))
    .on('POST', '/instance/:instanceId/attribute/:attributeType', (c) => updateInstanceAttribute(services, c))
    .on('GET', '/instance/:instanceId/attribute/:attributeType', (c) => describeInstanceAttribute(services, c))
    .on('PUT', '/instance/:instanceId/storage-config', (c) => associateInstanceStorageConfig(services, c))
    .on('DELETE', '/instance/:instanceId/storage-config/:associationId', (c) => disassociateInstanceStorageConfig(services, c))
    .on('POST', '/participant/connection', (c) => createParticipantConnection(services, c))
    .on('POST', '/participant/message', (c) => sendMessage(services, c))
    .on('POST', '/participant/event', (c) => sendEvent(services, c))
    .on('POST', '/participant/transcript', (c) => getTranscript(services, c))
    .on('POST', '/participant/disconnect', (c) => disconnectParticipant(services, c))
    .on('POST', '/participant/start-attachment-upload', (c) => startAttachmentUpload(services, c))
    .on('POST', '/participant/complete-attachment-upload', (c) => completeAttachmentUpload(services, c))
    .on('POST', '/participant/attachment', (c) => getAttachment(services, c))
    .on('PUT', '/attachments/:attachmentId', (c) => putAttachmentBytes(services, c))
    .on('GET', '/attachments/:attachmentId', (c) => getAttachmentBytes(services, c))
    .on('OPTIONS', '/widget/:widgetId/start-chat', (c) => widgetPreflight(services, c))
    .on('POST', '/widget/:widgetId/start-chat', (c) => widgetStartChat(services, c))
    .on('POST', '/agent/login', (c) => agentLogin(services, loginLimiter, c))
    .on('GET', '/agent/session', (c) => agentSession(services, c))
    .on('POST', '/agent/logout', (c) => agentLogout(services, c))
    .on('GET', '/health', ({ res }) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok' }));
    });

  const pages = existsSync(config.webRoot)
    ? sirv(config.webRoot, { etag: true, dev: false })
    : (_req: IncomingMessage, res: ServerResponse) => sendError(res, new ApiError(503, 'ServiceUnavailableException', 'the web pages are not built: run npm run build:web'));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = req.url ?? '/';
    let parsed: URL | undefined;
    const url = () => (parsed ??= new URL(target, 'http://placeholder'));
    // A plain path (what API clients send) is its own pathname; anything else is parsed as a URL.
    const pathname = PLAIN_PATH.test(target) ? target : url().pathname;
    if (pathname.startsWith('/participant/')) {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-expose-headers', PARTICIPANT_CORS_EXPOSED);
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-methods': 'POST, GET, PUT', 'access-control-allow-headers': PARTICIPANT_CORS_HEADERS, 'access-control-max-age': '600' }).end();
        return;
      }
    }
    if (pathname.startsWith('/attachments/') && attachmentCors(req, res)) return;
    const match = router.match(req.method ?? 'GET', pathname);
    if (match) {
      try {
        await match.handler(new RequestContext(req, res, match.params, parsed));
      } catch (error) {
        if (!(error instanceof ApiError)) console.error('switchboard: request failed', req.method, pathname, error);
        const flavor = pathname.startsWith('/participant/') || pathname.startsWith('/attachments/') ? 'participant' : 'connect';
        sendError(res, error instanceof ApiError ? error : errors.internal(flavor));
      }
      return;
    }
    if (router.hasPath(pathname)) return sendError(res, new ApiError(405, 'MethodNotAllowedException', `${req.method} is not allowed here`));
    if (pathname === '/') {
      res.writeHead(302, { location: '/ccp/' }).end();
      return;
    }
    if (pathname === '/ccp' || pathname === '/chat') {
      res.writeHead(301, { location: `${pathname}/${url().search}` }).end();
      return;
    }
    pages(req, res, () => sendError(res, new ApiError(404, 'ResourceNotFoundException', `nothing at ${pathname}`)));
  }

  const server = createServer((req, res) => void handle(req, res));
  // Keep idle connections for a minute, as Amazon's endpoints do, instead of Node's 5 s: chat clients send
  // every few seconds, and a new connection costs a handshake (TLS in front of us) and a slower first
  // request (bench/RESULTS.md). Longer than a load balancer's usual 60 s idle timeout, so the balancer
  // closes first; otherwise it may reuse a connection we are closing and answer its client 502.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname === '/participant/ws') {
      const who = authorizeChatSocket(services, url);
      if (!who) return refuse(403, 'Forbidden');
      sockets.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket);
        serveChatSocket(services, ws, who);
      });
    } else if (url.pathname === '/agent/ws') {
      const who = authorizeAgentSocket(services, url);
      if (!who) return refuse(403, 'Forbidden');
      sockets.handleUpgrade(req, socket, head, (ws) => {
        coalesceWrites(ws, socket);
        serveAgentSocket(services, ws, who);
      });
    } else {
      refuse(404, 'Not Found');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    server, services, url, demo: demo && withUrls(demo, services, url),
    async close() {
      timers.stop();
      hub.closeAll();
      // Sockets not (yet) in the hub, e.g. a chat socket that has not subscribed: ws does not close them, and server.close would wait forever.
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      // close() ends idle keep-alive connections at once; one still sending a request (e.g. an upload
      // refused before its body arrived) would hold it until the keep-alive timeout: it gets a second.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const cut = setTimeout(() => server.closeAllConnections(), 1_000);
      await closed;
      clearTimeout(cut);
      await pipeline.settled();
      await store.close();
    },
  };
}
