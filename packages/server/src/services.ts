import type { State } from '@switchboard/engine';
import type { Pipeline } from './pipeline.ts';
import type { Hub } from './hub.ts';
import type { ServerConfig } from './config.ts';
import type { RateLimiter } from './limits/rateLimit.ts';
import type { BlobStore } from './store/blobs.ts';
import type { IdempotencyKeeper } from './idempotency.ts';
import type { IncomingMessage } from 'node:http';
import type { SocketGuard } from './ws/guard.ts';
import type { ParticipantRates } from './limits/participant.ts';
import type { OpenCounter } from './limits/counter.ts';
import type { MediaDriver } from './media/driver.ts';
import type { AccountCredentials } from './credentials.ts';

/** What request handlers share. */
export interface Services {
  state: State;
  pipeline: Pipeline;
  hub: Hub;
  config: ServerConfig;
  widgetLimiter: RateLimiter;
  /** ClientToken idempotency (the pipeline's): a retried request gets the first answer, for 7 days, across restarts. */
  idempotency: IdempotencyKeeper;
  /** The bytes of chat attachments (the events hold what they are). */
  blobs: BlobStore;
  /** Every open WebSocket's limits: idle and subscribe deadlines, unread bytes. */
  sockets: SocketGuard;
  /** Per-participant request rates of the Participant Service. */
  rates: ParticipantRates;
  /** What clients hold open, by key (sockets per participant, contact, agent session; connections per address). */
  open: OpenCounter;
  /** Call audio (bridges in the media package's workers); undefined when SWITCHBOARD_MEDIA=0. */
  media?: MediaDriver;
  /** Without the demo: the account's access key, which may call CreateInstance and every instance of its account (credentials.ts). */
  account?: AccountCredentials;
}

/** A Host header that is a host name or address, with an optional port (nothing that would not parse as a URL's host). */
const HOST_HEADER = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The base URL a client used to reach us (for the URLs we hand back): SWITCHBOARD_PUBLIC_URL if set, else
 * from the Host header — or, when that is not a host at all, the address we listen on.
 */
export function baseUrl(services: Services, req: IncomingMessage): string {
  if (services.config.publicUrl) return services.config.publicUrl;
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  const given = req.headers.host;
  const host = given && HOST_HEADER.test(given) ? given : `${services.config.host}:${services.config.port}`;
  return `${proto}://${host}`;
}

/** The chat WebSocket base: chatjs accepts only wss:// or ws://127.0.0.1:, never ws://localhost. */
export function webSocketBase(services: Services, req: IncomingMessage): string {
  const url = new URL(baseUrl(services, req));
  if (url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.origin;
}
