/**
 * Valid credentials for the fuzz suite, so hostile input reaches the handlers and not only the
 * authentication in front of them: SigV4-signed Connect requests (signed as @aws-sdk/client-connect
 * signs them, with the instance's access key), participant and connection tokens (a chat started through
 * the widget endpoint), and agent tokens (POST /agent/login).
 */
import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { DEMO_PASSWORD, type ChildServer } from './child.ts';
import { exchange, type Exchange } from './wire.ts';

/** An HTTP/1.1 request as bytes: request line, headers in order (duplicates allowed), body. */
export function rawRequest(method: string, target: string, headers: [string, string][], body: Buffer | string = ''): Buffer {
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')]);
}

/** A well-formed JSON request (Host, Content-Type, Content-Length) with extra headers. */
export function jsonRequest(server: ChildServer, method: string, target: string, body: unknown, extra: [string, string][] = []): Buffer {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return rawRequest(method, target, [
    ['Host', `127.0.0.1:${server.port}`], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(text))], ...extra,
  ], text);
}

/** The path and query the server will verify a signature against (it parses the target as a URL). */
function signedParts(target: string): { path: string; query: Record<string, string | string[]> } {
  let url: URL;
  try {
    url = new URL(target, 'http://placeholder');
  } catch {
    return { path: target.split('?')[0]!, query: {} };
  }
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0]! : values;
  }
  return { path: url.pathname, query };
}

/**
 * A Connect API request signed with the demo instance's access key (SigV4, service "connect"), as bytes.
 * `body` is sent as is; `extra` headers are added after the signed ones (unsigned).
 */
export async function signedRequest(server: ChildServer, method: string, target: string, body: Buffer | string, extra: [string, string][] = []): Promise<Buffer> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const host = `127.0.0.1:${server.port}`;
  const headers: Record<string, string> = {
    host,
    'content-type': 'application/json',
    'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
  };
  const { path, query } = signedParts(target);
  const request = new HttpRequest({ method, protocol: 'http:', hostname: '127.0.0.1', port: server.port, path, query, headers, body: bytes.length ? bytes : undefined });
  const signer = new SignatureV4({
    credentials: { accessKeyId: server.demo.accessKeyId, secretAccessKey: server.demo.secretAccessKey },
    region: server.demo.region, service: 'connect', sha256: Sha256, uriEscapePath: true, applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: new Date() });
  const out: [string, string][] = Object.entries(signed.headers).map(([k, v]) => [k, String(v)]);
  out.push(['content-length', String(bytes.length)], ...extra);
  return rawRequest(method, target, out, bytes);
}

function json(e: Exchange, what: string): any {
  if (!e.response || e.response.status !== 200) {
    throw new Error(`${what} was answered ${e.response?.status ?? '(nothing)'}: ${e.response?.body.toString('utf8').slice(0, 300) ?? e.error ?? ''}`);
  }
  return JSON.parse(e.response.body.toString('utf8'));
}

export interface AgentSession {
  token: string;
  userId: string;
  username: string;
}

export async function loginAgent(server: ChildServer, username: string): Promise<AgentSession> {
  const e = await exchange(server.port, jsonRequest(server, 'POST', '/agent/login', { Username: username, Password: DEMO_PASSWORD }));
  const body = json(e, `login of ${username}`);
  return { token: body.Token, userId: body.UserId, username };
}

export interface Chat {
  contactId: string;
  participantId: string;
  participantToken: string;
  connectionToken: string;
}

/** A chat started through the public widget endpoint (from the server's own origin), with its connection token. */
export async function startChat(server: ChildServer, displayName = 'Fuzz customer'): Promise<Chat> {
  const started = json(await exchange(server.port, jsonRequest(server, 'POST', `/widget/${server.demo.widgetId}/start-chat`, { DisplayName: displayName }, [['Origin', server.url]])), 'widget start-chat');
  const connection = json(await exchange(server.port, jsonRequest(server, 'POST', '/participant/connection', { Type: ['CONNECTION_CREDENTIALS'] }, [['X-Amz-Bearer', started.ParticipantToken]])), 'CreateParticipantConnection');
  return {
    contactId: started.ContactId, participantId: started.ParticipantId, participantToken: started.ParticipantToken,
    connectionToken: connection.ConnectionCredentials.ConnectionToken,
  };
}

/** A chat socket URL's target (path and query) for a participant, fresh (they are good for 100 s). */
export async function chatSocketTarget(server: ChildServer, participantToken: string): Promise<string> {
  const body = json(await exchange(server.port, jsonRequest(server, 'POST', '/participant/connection', { Type: ['WEBSOCKET'] }, [['X-Amz-Bearer', participantToken]])), 'CreateParticipantConnection');
  const url = new URL(body.Websocket.Url as string);
  return `${url.pathname}${url.search}`;
}
