/**
 * Generators of raw HTTP requests: every route of app.ts and routes/*.ts (read from their source, so new routes are
 * fuzzed too) with any method, route parameters replaced by live ids, hostile strings, malformed
 * percent-escapes or long random text; odd targets (`//`, `..`, absolute forms), odd query strings,
 * header sets (Host, Content-Length, Transfer-Encoding, tokens, huge and many headers) and bodies (each
 * operation's valid shape, mutated; or not JSON at all).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { bodyBytes, bodyPlan, fill, type BodyPlan, type Ctx } from './json.ts';
import { rawRequest } from './creds.ts';
import type { AnswerExpectation } from './check.ts';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
/** The files that declare routes: app.ts and the route tables in routes/ (whatever their names). */
const ROUTE_FILES = [join(SRC, 'app.ts'), ...readdirSync(join(SRC, 'routes')).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, 'routes', f))];

export interface Route {
  method: string;
  pattern: string;
}

/** The routes those files declare (`.on('METHOD', '/path/:param', …)`). */
export const ROUTES: Route[] = ROUTE_FILES.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\.on\('([A-Z]+)', '([^']+)'/g)].map((m) => ({ method: m[1]!, pattern: m[2]! })));
if (ROUTES.length < 30) throw new Error(`only ${ROUTES.length} routes found in app.ts and routes/: has the router's form changed?`);

export const routeKey = (r: Route) => `${r.method} ${r.pattern}`;
export const paramsOf = (pattern: string) => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** A valid request body of each operation (placeholders `{name}` are live values). */
export const SAMPLES: Record<string, unknown> = {
  'PUT /contact/chat': {
    InstanceId: '{instanceId}', ContactFlowId: '{contactFlowId}', ParticipantDetails: { DisplayName: 'Fuzz' }, Attributes: { a: 'b' },
    InitialMessage: { ContentType: 'text/plain', Content: 'hello' }, ClientToken: 'ct-1', ChatDurationInMinutes: 60, SupportedMessagingContentTypes: ['text/plain'],
  },
  'POST /contact/stop': { ContactId: '{contactId}', InstanceId: '{instanceId}', DisconnectReason: { Code: 'CUSTOMER_DISCONNECT' } },
  'POST /contact/attributes': { InitialContactId: '{contactId}', InstanceId: '{instanceId}', Attributes: { a: 'b' } },
  'POST /contact/create-participant': { InstanceId: '{instanceId}', ContactId: '{contactId}', ClientToken: 'cp-1', ParticipantDetails: { ParticipantRole: 'CUSTOM_BOT', DisplayName: 'bot' } },
  'PUT /contact/outbound-voice': { DestinationPhoneNumber: '+15555550100', ContactFlowId: '{contactFlowId}', InstanceId: '{instanceId}', QueueId: '{queueId}', Attributes: { a: 'b' }, RingTimeoutInSeconds: 30 },
  'PUT /contact/task': {
    InstanceId: '{instanceId}', ContactFlowId: '{contactFlowId}', Name: 'Fuzz task', Description: 'd', Attributes: { a: 'b' }, ClientToken: 'task-1',
    References: { link: { Type: 'URL', Value: 'https://example.com/x' }, n: { Type: 'NUMBER', Value: '1' } },
  },
  'POST /phone-simulator/:instanceId/calls': { From: '+15555550101', ContactFlowId: '{contactFlowId}', Attributes: { a: 'b' } },
  'POST /metrics/current/:instanceId': { Filters: { Queues: ['{queueId}'], Channels: ['CHAT', 'VOICE'] }, Groupings: ['QUEUE', 'CHANNEL'], CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, { Name: 'OLDEST_CONTACT_AGE' }], MaxResults: 10 },
  'POST /metrics/data': {
    ResourceArn: '{instanceArn}', StartTime: '{hourAgo}', EndTime: '{now}', Interval: { TimeZone: 'UTC', IntervalPeriod: 'FIFTEEN_MIN' },
    Filters: [{ FilterKey: 'QUEUE', FilterValues: ['{queueId}'] }], Groupings: ['QUEUE', 'AGENT'], Metrics: [{ Name: 'CONTACTS_HANDLED' }, { Name: 'AVG_HANDLE_TIME' }],
  },
  'PUT /users/:instanceId/:userId/status': { AgentStatusId: '{statusId}' },
  'PUT /hours-of-operations/:instanceId': { Name: 'Fuzz hours', TimeZone: 'Europe/Paris', Config: [{ Day: 'MONDAY', StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 30 } }] },
  'POST /queues/:instanceId/:queueId/hours-of-operation': { HoursOfOperationId: '{hoursId}' },
  'POST /queues/:instanceId/:queueId/max-contacts': { MaxContacts: 50 },
  'POST /queues/:instanceId/:queueId/associate-quick-connects': { QuickConnectIds: ['{quickConnectId}'] },
  'PUT /quick-connects/:instanceId': { Name: 'Fuzz qc', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: '{queueId}', ContactFlowId: '{contactFlowId}' } } },
  'PUT /contact-flows/:instanceId': { Name: 'Fuzz flow', Type: 'CONTACT_FLOW', Content: '{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"DisconnectParticipant","Transitions":{}}]}', Status: 'PUBLISHED', Tags: { a: 'b' } },
  'POST /contact-flows/:instanceId/:contactFlowId/content': { Content: '{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"DisconnectParticipant","Transitions":{}}]}' },
  'POST /contact-flows/:instanceId/:contactFlowId/name': { Name: 'Fuzz renamed', Description: 'd' },
  'POST /contact-flows/:instanceId/:contactFlowId/metadata': { Name: 'Fuzz renamed', ContactFlowState: 'ACTIVE' },
  'PUT /contact-flow-modules/:instanceId': { Name: 'Fuzz module', Content: '{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"EndFlowModuleExecution","Transitions":{}}]}', ClientToken: 'fm-1', Settings: '{}' },
  'POST /contact-flow-modules/:instanceId/:moduleId/content': { Content: '{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"EndFlowModuleExecution","Transitions":{}}]}' },
  'POST /contact-flow-modules/:instanceId/:moduleId/metadata': { Name: 'Fuzz module 2', State: 'ARCHIVED' },
  'PUT /prompts/:instanceId': { Name: 'Fuzz prompt', Switchboard: { Text: 'Hello' } },
  'POST /instance/:instanceId/attribute/:attributeType': { Value: 'true' },
  'PUT /instance/:instanceId/storage-config': { ResourceType: 'ATTACHMENTS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'b', BucketPrefix: 'p' } } },
  'POST /participant/connection': { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true },
  'POST /participant/message': { ContentType: 'text/plain', Content: 'hello', ClientToken: 'm-1' },
  'POST /participant/event': { ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: '{"messageId":"{messageId}"}' },
  'POST /participant/transcript': { ContactId: '{contactId}', MaxResults: 10, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: { MostRecent: 5 } },
  'POST /participant/disconnect': { ClientToken: 'd-1' },
  'POST /participant/start-attachment-upload': { ContentType: 'text/plain', AttachmentSizeInBytes: 10, AttachmentName: 'a.txt', ClientToken: 'u-1' },
  'POST /participant/complete-attachment-upload': { AttachmentIds: ['{attachmentId}'], ClientToken: 'c-1' },
  'POST /participant/attachment': { AttachmentId: '{attachmentId}', UrlExpiryInSeconds: 60 },
  'POST /widget/:widgetId/start-chat': { DisplayName: 'Fuzz', Attributes: { a: 'b' } },
  'POST /agent/login': { Username: 'agent1', Password: 'not-the-password', InstanceId: '{instanceId}' },
};

/** Path segments that have broken routers, decoders and lookups. */
export const HOSTILE_SEGMENTS = [
  '%ZZ', '%', '%E0%A4', '%ed%a0%80', '%C0%AF', '%00', '%FF', '%u0041', 'a%', '%%', '..', '.', '%2e%2e', '%2F', '%252F', '%5C',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'null', 'undefined', 'NaN', '-1', '1e400', '0x10', '%20',
  'arn:aws:connect:us-east-1:1:instance%2F{instanceId}', '{instanceArn}',
];

/** The live value a parameter of this name usually has. */
const LIVE: Record<string, string[]> = {
  instanceId: ['{instanceId}'], queueId: ['{queueId}'], contactId: ['{contactId}'], userId: ['{userId}'], widgetId: ['{widgetId}'],
  attributeType: ['MULTI_PARTY_CHAT_CONFERENCE', 'INBOUND_CALLS'], action: ['answer', 'decline', 'hangup', 'unmute'],
  // No live value for contactFlowId / moduleId / promptId: changing the demo's flow would end the chats the other properties start.
  quickConnectId: ['{quickConnectId}'], attachmentId: ['{attachmentId}'], associationId: ['{associationId}'], partyId: ['{participantId}'],
};

/** Percent-encodes every byte outside the unreserved set (works for lone surrogates too). */
export function pctEncode(s: string): string {
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Null mostly; `arb`'s value once in `every` times. */
export function rarely<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

export type Seg = { live: number } | { hostile: string } | { encoded: string } | { raw: string } | { long: number };

export const segment: fc.Arbitrary<Seg> = fc.oneof(
  { weight: 4, arbitrary: fc.nat(3).map((live): Seg => ({ live })) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS).map((hostile): Seg => ({ hostile })) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((encoded): Seg => ({ encoded })) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...'/%?#.:;@&=+$,[]\\"\'<>^`{|}\u0080\u00ff aZ09'), maxLength: 12 }).map((raw): Seg => ({ raw })) },
  { weight: 1, arbitrary: fc.constantFrom(300, 5000, 70_000).map((long): Seg => ({ long })) },
);

function segText(seg: Seg, param: string): string {
  if ('live' in seg) {
    const live = LIVE[param] ?? ['{contactId}'];
    return live[seg.live % live.length]!;
  }
  if ('hostile' in seg) return seg.hostile;
  if ('encoded' in seg) return pctEncode(seg.encoded);
  if ('raw' in seg) return seg.raw;
  return 'a'.repeat(seg.long);
}

export const SPECIAL_TARGETS = [
  '//', '///', '//x', '//[', '//a:99999', '//%ZZ', '//@', '/..', '/../../etc/passwd', '*', 'http://x/health', 'http://[/', 'http://a:b@c/health',
  '/%', '/%ZZ', '/health?%', '/health#x', '/health/', '/HEALTH', '/ccp', '/chat', '/', '/ccp/', '/chat/', '/ccp/index.html', '/chat/%ZZ',
  '/ccp/%ed%a0%80', '/ccp/..%2F..%2Fetc%2Fpasswd', '/participant/', '/participant/%ZZ', '/attachments/', '/participant/ws', '/agent/ws', '/nothing/here',
  '/participant/ws?token=%ZZ', '/agent/ws?token={agentToken}', '/%2e%2e/health', '/.well-known/x', '/ccp/.env', '\\health',
];

export const QUERIES = [
  'a=%ZZ', 'token=%', '&&&', '=', 'a', 'maxResults=1e300', 'maxResults=-1', 'maxResults=abc', 'maxResults=0', 'nextToken=99999999999999999999',
  'nextToken=-1', 'nextToken=1e21', 'contactFlowTypes=CONTACT_FLOW&contactFlowTypes=__proto__', 'state=ARCHIVED', 'QuickConnectTypes=USER&QuickConnectTypes=__proto__', 'QuickConnectTypes=toString', 'resourceType=ATTACHMENTS',
  'resourceType=%ZZ', 'resourceType=__proto__', 'token={participantToken}', 'token=sb1.%ZZ', 'token=sb1.e30.e30', '__proto__=1', '%', 'token=', 'token={agentToken}&token=x', 'token={uploadToken}',
];

export type Framing =
  | { kind: 'length' }
  | { kind: 'none' }
  | { kind: 'short'; by: number }
  | { kind: 'long'; by: number }
  | { kind: 'value'; value: string }
  | { kind: 'dup'; second: string }
  | { kind: 'chunked'; size: string | null; ext: boolean; end: boolean; split: number }
  | { kind: 'te'; value: string };

export const framing: fc.Arbitrary<Framing> = fc.oneof(
  { weight: 30, arbitrary: fc.constant<Framing>({ kind: 'length' }) },
  { weight: 1, arbitrary: fc.constant<Framing>({ kind: 'none' }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((by): Framing => ({ kind: 'short', by })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((by): Framing => ({ kind: 'long', by })) },
  { weight: 1, arbitrary: fc.constantFrom('-1', 'abc', ' 5', '+5', '0x10', '1e3', '99999999999', '18446744073709551616', '', '1, 1').map((value): Framing => ({ kind: 'value', value })) },
  { weight: 1, arbitrary: fc.constantFrom('0', '1', 'same').map((second): Framing => ({ kind: 'dup', second })) },
  { weight: 2, arbitrary: fc.record({ size: rarely(fc.constantFrom('zz', '-1', 'ffffffffffffffffff', '0x1', ' 1', '1;', ''), 2), ext: fc.boolean(), end: fc.boolean(), split: fc.integer({ min: 1, max: 64 }) }).map((c): Framing => ({ kind: 'chunked', ...c })) },
  { weight: 1, arbitrary: fc.constantFrom('gzip', 'chunked, gzip', 'identity', 'chunked, chunked', 'xchunked').map((value): Framing => ({ kind: 'te', value })) },
);

const b64 = (s: string) => Buffer.from(s).toString('base64url');
export const EXTRA_HEADERS: [string, string][] = [
  ['X-Amz-Bearer', 'garbage'], ['X-Amz-Bearer', 'sb1.e30.x'], ['X-Amz-Bearer', `sb1.${b64('{"instanceId":"__proto__","kind":"connection","expires":1e300}')}.x`],
  ['X-Amz-Bearer', `sb1.${b64('{"instanceId":"{instanceId}","kind":"connection","contactId":"__proto__","participantId":"x","expires":1e300}')}.AAAA`],
  ['X-Amz-Bearer', `sb1.${b64('null')}.x`], ['X-Amz-Bearer', '{participantToken}'], ['X-Amz-Bearer', '{connectionToken}'], ['X-Amz-Bearer', '{agentToken}'], ['X-Amz-Bearer', ''],
  ['Authorization', 'Bearer {agentToken}'], ['Authorization', 'Bearer x'], ['Authorization', 'Bearer '], ['Authorization', 'Basic YTpi'],
  ['Authorization', `AWS4-HMAC-SHA256 Credential={accessKeyId}/20200101/us-east-1/connect/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`],
  ['Authorization', `AWS4-HMAC-SHA256 Credential=AKIA/20200101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=${'a'.repeat(64)}`],
  ['X-Amz-Date', '20200101T000000Z'], ['X-Amz-Date', '99999999T999999Z'], ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD'],
  ['Origin', '{origin}'], ['Origin', 'null'], ['Origin', 'http://evil.example'], ['Origin', '%ZZ'],
  ['Expect', '100-continue'], ['Connection', 'close'], ['Connection', 'keep-alive'], ['X-Forwarded-Proto', 'https'], ['X-Forwarded-Proto', 'gopher'],
  ['Accept-Encoding', 'gzip, br'], ['Range', 'bytes=5-2'], ['Range', 'bytes=0-'], ['Range', 'bytes=99999-'], ['Range', 'bytes=-5'], ['If-None-Match', '*'],
  ['Content-Encoding', 'gzip'], ['Content-Type', 'text/plain'], ['Content-Type', 'application/json; charset=utf-16'], ['Cookie', 'a=b'],
];

export interface HeaderPlan {
  /** null: no Host header. */
  host: string | null;
  dupHost: boolean;
  extra: number[];
  /** One header this many bytes long. */
  pad: number | null;
  /** This many more small headers. */
  many: number | null;
}

export const BAD_HOSTS = ['[', '[::1', 'a b', 'x:99999', '', '..', 'localhost:-1', 'ä', '127.0.0.1:0', 'exa_mple.com', '%ZZ', 'a@b', '[::1]:8080'];

export const headerPlan: fc.Arbitrary<HeaderPlan> = fc.record({
  host: fc.oneof({ weight: 8, arbitrary: fc.constant('{host}') }, { weight: 1, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom(...BAD_HOSTS) }),
  dupHost: fc.nat(9).map((n) => n === 0),
  extra: fc.array(fc.nat(EXTRA_HEADERS.length - 1), { maxLength: 3 }),
  pad: rarely(fc.constantFrom(1000, 8000, 20_000), 12),
  many: rarely(fc.constantFrom(100, 2500), 20),
});

export interface HttpPlan {
  route: number;
  /** null: the route's own method. */
  method: string | null;
  segs: Seg[];
  /** A target instead of the route's (index into SPECIAL_TARGETS). */
  special: number | null;
  query: string | null;
  body: BodyPlan;
  framing: Framing;
  headers: HeaderPlan;
  /** The client resets the connection right after sending. */
  reset: boolean;
}

export const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'get', 'FOO', 'M-SEARCH'];

export function httpPlan(routes: number[] = ROUTES.map((_, i) => i), opts: { special?: boolean } = {}): fc.Arbitrary<HttpPlan> {
  return fc.record({
    route: fc.constantFrom(...routes),
    method: rarely(fc.constantFrom(...METHODS), 5),
    segs: fc.array(segment, { minLength: 5, maxLength: 5 }),
    special: opts.special === false ? fc.constant(null) : rarely(fc.nat(SPECIAL_TARGETS.length - 1), 4),
    query: rarely(fc.oneof(fc.constantFrom(...QUERIES), fc.string({ unit: 'binary', maxLength: 20 }).map(pctEncode), fc.constantFrom(5000, 70_000).map((n) => `a=${'x'.repeat(n)}`)), 4),
    body: bodyPlan,
    framing,
    headers: headerPlan,
    reset: fc.nat(19).map((n) => n === 0),
  });
}

/** The request target (path and query) of a plan, placeholders filled. */
export function targetOf(plan: HttpPlan, ctx: Ctx): string {
  const route = ROUTES[plan.route]!;
  let i = 0;
  const path = plan.special !== null ? SPECIAL_TARGETS[plan.special]! : route.pattern.replace(/:(\w+)/g, (_, name: string) => segText(plan.segs[i++ % plan.segs.length]!, name));
  const query = plan.query === null ? '' : `${path.includes('?') ? '&' : '?'}${plan.query}`;
  return sparingTheInstance(plan.method ?? route.method, fill(path + query, ctx), ctx);
}

export interface Rendered {
  bytes: Buffer;
  method: string;
  target: string;
  expect: AnswerExpectation;
  /** A HEAD request: its answer has no body. */
  head: boolean;
}

/** The headers a plan adds to a request (its Host, extras, padding), placeholders filled. */
export function planHeaders(plan: HttpPlan, ctx: Ctx): [string, string][] {
  const h: [string, string][] = [];
  if (plan.headers.host !== null) h.push(['Host', fill(plan.headers.host, ctx)]);
  if (plan.headers.dupHost) h.push(['Host', 'other.example']);
  for (const i of plan.headers.extra) h.push([EXTRA_HEADERS[i]![0], fill(EXTRA_HEADERS[i]![1], ctx)]);
  if (plan.headers.pad !== null) h.push(['X-Pad', 'p'.repeat(plan.headers.pad)]);
  if (plan.headers.many !== null) for (let n = 0; n < plan.headers.many; n++) h.push([`X-Many-${n}`, String(n)]);
  return h;
}

/** Frames `body` as the plan says: which length headers go out, the bytes after the head, and whether the request ends early. */
export function frameBody(f: Framing, body: Buffer): { headers: [string, string][]; bytes: Buffer; incomplete: boolean } {
  switch (f.kind) {
    case 'length': return { headers: [['Content-Length', String(body.length)]], bytes: body, incomplete: false };
    case 'none': return { headers: [], bytes: body, incomplete: false };
    case 'short': return { headers: [['Content-Length', String(Math.max(0, body.length - f.by))]], bytes: body, incomplete: false };
    case 'long': return { headers: [['Content-Length', String(body.length + f.by)]], bytes: body, incomplete: true };
    case 'value': return { headers: [['Content-Length', f.value]], bytes: body, incomplete: Number(f.value) > body.length || Number.isNaN(Number(f.value)) };
    case 'dup': return { headers: [['Content-Length', String(body.length)], ['Content-Length', f.second === 'same' ? String(body.length) : f.second]], bytes: body, incomplete: true };
    case 'te': return { headers: [['Transfer-Encoding', f.value], ['Content-Length', String(body.length)]], bytes: body, incomplete: true };
    case 'chunked': {
      const parts: Buffer[] = [];
      for (let at = 0; at < body.length; at += f.split) {
        const chunk = body.subarray(at, at + f.split);
        const size = at === 0 && f.size !== null ? f.size : chunk.length.toString(16);
        parts.push(Buffer.from(`${size}${f.ext ? ';name=value' : ''}\r\n`), chunk, Buffer.from('\r\n'));
      }
      if (f.end) parts.push(Buffer.from('0\r\n\r\n'));
      return { headers: [['Transfer-Encoding', 'chunked']], bytes: Buffer.concat(parts), incomplete: !f.end || f.size !== null };
    }
  }
}

/**
 * DeleteInstance of the fuzzed instance itself is a correct answer that would end the run (every later
 * request would meet a missing instance): such a target names another, unknown instance instead.
 */
function sparingTheInstance(method: string, target: string, ctx: Ctx): string {
  const m = /^\/+instance\/+([^/?#]*)\/*(?:[?#]|$)/.exec(target);
  if (!m || method.toUpperCase() !== 'DELETE') return target;
  let id = m[1]!;
  try { id = decodeURIComponent(id); } catch { return target; }
  return id.trim() === String(ctx.instanceId) ? target.replace(m[1]!, 'not-the-fuzzed-instance') : target;
}

/** A plan as request bytes, without credentials of its own (the plan's extra headers may carry some). */
export function renderHttp(plan: HttpPlan, ctx: Ctx): Rendered {
  const route = ROUTES[plan.route]!;
  const method = plan.method ?? route.method;
  const target = targetOf(plan, ctx);
  const body = bodyBytes(plan.body, SAMPLES[routeKey(route)], ctx);
  const framed = frameBody(plan.framing, body);
  const headers = [...planHeaders(plan, ctx), ['Content-Type', 'application/json'] as [string, string], ...framed.headers];
  const bytes = rawRequest(method, target, headers, framed.bytes);
  return {
    bytes, method, target, head: method === 'HEAD',
    expect: { incomplete: framed.incomplete, range: plan.headers.extra.some((i) => EXTRA_HEADERS[i]![0] === 'Range'), reset: plan.reset },
  };
}
