/**
 * Regression corpus: the exact inputs that took the server down (or got an untyped or internal answer),
 * each with the rule it broke. corpus.test.ts replays every one as its own test, first on every run.
 * Placeholders `{name}` are live values (`{host}`, `{instanceId}`, `{widgetId}`, tokens…).
 * Add a case here for every new finding of the fuzz properties, with its minimal input.
 */

export interface CorpusFrame {
  opcode: number;
  /** Payload as UTF-8 text, or as hex bytes, or `size` spaces. */
  text?: string;
  hex?: string;
  size?: number;
  fin?: boolean;
  rsv?: number;
  masked?: boolean;
}

interface Base {
  /** The rule, as the test's name. */
  rule: string;
  /** Where it came from (issue 14's list, or the fuzz suite) and what the server did. */
  found: string;
}

export type CorpusCase = Base & (
  /** Answered 2xx/3xx or a typed 4xx (with one of `status` if given), unless `reset` (the client resets at once). */
  | { kind: 'http'; request: string; reset?: boolean; status?: number[] }
  /** SigV4-signed; answered with one of `status`, of `errorType` if given, whose message names `mentions` if given. */
  | { kind: 'signed'; method: string; target: string; body: string; status: number[]; errorType?: string; mentions?: string }
  | { kind: 'socket'; socket: 'chat' | 'agent'; frames: CorpusFrame[]; close?: number; heartbeat?: boolean; answers?: { requestId: string; errorType: string }[] }
  | { kind: 'upgrade'; request: string; reset?: boolean }
  /** An attachment of this name and type, uploaded, completed and downloaded: every step 2xx or a typed 4xx. */
  | { kind: 'attachment'; name: string; type: string }
);

const GET = (target: string, headers = '') => `GET ${target} HTTP/1.1\r\nHost: {host}\r\n${headers}\r\n`;
/** A request with a body (Content-Length counted on the body as written, placeholders and all: keep them out of bodies). */
const WITH_BODY = (method: string, target: string, headers: string, body: string) =>
  `${method} ${target} HTTP/1.1\r\n${headers}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const UPGRADE = 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
const api = (method: string, requestId = 'r1') => JSON.stringify({ event: 'api_request', requestId, method, params: {} });

/** A protocol violation on a socket must close it with the code RFC 6455 gives it, not kill the server. */
function protocolCases(socket: 'chat' | 'agent'): CorpusCase[] {
  const found = `issue 14 F3: ws emits 'error' on the ${socket} socket with no listener → "Unhandled 'error' event", the process exits`;
  return [
    { kind: 'socket', socket, frames: [{ opcode: 1, size: 70_000 }], close: 1009, found, rule: `a ${socket}-socket frame over the 64 KiB payload limit closes the socket with 1009, the server stays up` },
    { kind: 'socket', socket, frames: [{ opcode: 1, hex: 'ff' }], close: 1007, found, rule: `invalid UTF-8 in a ${socket}-socket text frame closes the socket with 1007, the server stays up` },
    { kind: 'socket', socket, frames: [{ opcode: 1, rsv: 4, text: '{}' }], close: 1002, found, rule: `a ${socket}-socket frame with RSV1 set (no extension negotiated) closes the socket with 1002, the server stays up` },
    { kind: 'socket', socket, frames: [{ opcode: 1, masked: false, text: '{}' }], close: 1002, found, rule: `an unmasked client frame on a ${socket} socket closes it with 1002, the server stays up` },
  ];
}

export const CORPUS: CorpusCase[] = [
  // F1: a malformed percent-escape in a route parameter (decodeURIComponent in Router.match throws URIError; void handle() → unhandled rejection).
  { kind: 'http', request: GET('/attachments/%ZZ'), status: [400], found: 'issue 14 F1: URIError: URI malformed at Router.match (router.ts:71), the process exits', rule: 'a malformed percent-escape in a route parameter (GET /attachments/%ZZ) is answered 400, the server stays up' },
  { kind: 'http', request: WITH_BODY('PUT', '/attachments/%ZZ', 'Host: {host}\r\nContent-Type: text/plain\r\n', 'hi'), status: [400], found: 'issue 14 F1', rule: 'a malformed percent-escape in an upload URL (PUT /attachments/%ZZ) is answered 400, the server stays up' },
  { kind: 'http', request: GET('/attachments/%E0%A4'), status: [400], found: 'issue 14 F1 (fuzz: any escape that decodes to invalid UTF-8)', rule: 'a percent-escape that is not UTF-8 in a route parameter (%E0%A4) is answered 400, the server stays up' },
  { kind: 'signed', method: 'GET', target: '/quick-connects/{instanceId}/%ZZ', body: '', status: [400], found: 'issue 14 F1', rule: 'a malformed percent-escape in DescribeQuickConnect\'s QuickConnectId is answered 400, the server stays up' },
  { kind: 'signed', method: 'GET', target: '/instance/{instanceId}/attribute/%ZZ', body: '', status: [400], found: 'issue 14 F1', rule: 'a malformed percent-escape in DescribeInstanceAttribute\'s AttributeType is answered 400, the server stays up' },
  { kind: 'signed', method: 'POST', target: '/queues/%/{queueId}/associate-quick-connects', body: '{"QuickConnectIds":["x"]}', status: [400], found: 'fuzz (signed Connect property): the same URIError from a lone "%"', rule: 'a lone "%" as a route parameter of a signed Connect request is answered 400, the server stays up' },

  // F2: request targets that new URL() refuses (app.ts handle(): TypeError: Invalid URL, unhandled rejection).
  { kind: 'http', request: GET('//'), status: [400, 404], found: 'issue 14 F2: TypeError: Invalid URL (input "//") at app.ts handle(), the process exits', rule: 'a request target "//" is answered with a typed 4xx, the server stays up' },
  { kind: 'http', request: GET('//a:99999'), status: [400, 404], found: 'fuzz: TypeError: Invalid URL (a port out of range after "//")', rule: 'a request target "//a:99999" is answered with a typed 4xx, the server stays up' },
  { kind: 'http', request: GET('http://[/'), status: [400, 404], found: 'fuzz: TypeError: Invalid URL for an absolute-form target with a bad host', rule: 'an absolute-form request target with a bad host ("http://[/") is answered with a typed 4xx, the server stays up' },
  { kind: 'upgrade', request: GET('//', UPGRADE), found: 'issue 14 F2: TypeError: Invalid URL in the upgrade handler (app.ts:192), uncaught, the process exits', rule: 'a WebSocket upgrade to "//" is refused with a 4xx, the server stays up' },

  // F3: WebSocket protocol errors.
  ...protocolCases('chat'),
  ...protocolCases('agent'),
  { kind: 'socket', socket: 'chat', frames: [{ opcode: 3, text: '{}' }], close: 1002, found: 'fuzz: issue 14 F3 for a reserved opcode', rule: 'a chat-socket frame with a reserved opcode closes the socket with 1002, the server stays up' },
  { kind: 'socket', socket: 'chat', frames: [{ opcode: 8, hex: '03ec' }], close: 1002, found: 'fuzz: issue 14 F3 for a close frame with code 1004', rule: 'a chat-socket close frame with an invalid code (1004) is answered with a 1002 close, the server stays up' },
  { kind: 'socket', socket: 'chat', frames: [{ opcode: 9, fin: false, text: 'a' }], close: 1002, found: 'fuzz: issue 14 F3 for a fragmented control frame', rule: 'a fragmented ping on a chat socket closes it with 1002, the server stays up' },

  // F4: the chat socket's JSON null.
  { kind: 'socket', socket: 'chat', frames: [{ opcode: 1, text: 'null' }], heartbeat: true, found: "issue 14 F4: TypeError: Cannot read properties of null (reading 'topic') at chatSocket.ts:31, thrown from ws's message listener, the process exits", rule: 'the text frame null on a chat socket is ignored (or the socket closed properly), the server stays up' },

  // F8: names of Object.prototype members taken for agent methods and metric names.
  ...['toString', '__proto__', 'constructor', 'hasOwnProperty'].map((method): CorpusCase => ({
    kind: 'socket', socket: 'agent', frames: [{ opcode: 1, text: api(method) }], answers: [{ requestId: 'r1', errorType: 'InvalidRequestException' }],
    found: 'issue 14 F8: `method in Requests` is true for it, then Requests[method].safeParse is not a function → InternalServiceException', rule: `the agent method "${method}" is refused as an unknown method (InvalidRequestException), not an internal error`,
  })),
  ...['toString', '__proto__'].map((name): CorpusCase => ({
    kind: 'signed', method: 'POST', target: '/metrics/current/{instanceId}', body: JSON.stringify({ Filters: { Queues: ['{queueId}'] }, CurrentMetrics: [{ Name: name, Unit: 'COUNT' }] }), status: [400], errorType: 'InvalidRequestException', mentions: name,
    found: 'issue 14 F8: `Name in CURRENT_METRICS` is true for it; the metric is accepted', rule: `GetCurrentMetricData refuses the metric name "${name}" (400 InvalidRequestException)`,
  })),
  ...['constructor', 'hasOwnProperty'].map((name): CorpusCase => ({
    kind: 'signed', method: 'POST', target: '/metrics/data', status: [400], errorType: 'InvalidRequestException', mentions: name,
    body: `{"ResourceArn":"{instanceArn}","StartTime":{hourAgo},"EndTime":{now},"Filters":[{"FilterKey":"QUEUE","FilterValues":["{queueId}"]}],"Metrics":[{"Name":"${name}"}]}`,
    found: 'issue 14 F8: `Name in HISTORICAL_METRICS` is true for it; the metric is accepted (200, MetricResults [])', rule: `GetMetricDataV2 refuses the metric name "${name}" (400 InvalidRequestException)`,
  })),

  // New findings of the fuzz suite (not in issue 14's list).
  {
    kind: 'socket', socket: 'agent', frames: [{ opcode: 1, text: 'null' }], answers: [{ requestId: '', errorType: 'InvalidRequestException' }],
    found: "fuzz (agent socket): TypeError: Cannot read properties of null (reading 'requestId') at agentSocket.ts:54 → api_response InternalServiceException (and a logged stack)",
    rule: 'the text frame null on an agent socket is answered with a validation error, not an internal error',
  },
  {
    kind: 'upgrade', request: GET('/nowhere', UPGRADE), reset: true,
    found: "fuzz (upgrades): a refused upgrade's socket has no 'error' listener (Node removes its own on 'upgrade'); refuse() writes to a socket the client reset → Unhandled 'error' event (write/read ECONNRESET), the process exits",
    rule: 'a client that resets the connection right after a refused WebSocket upgrade does not take the server down',
  },
  {
    kind: 'upgrade', request: GET('/participant/ws?token=sb1.x.y', UPGRADE), reset: true,
    found: 'fuzz (upgrades): the same crash from a chat-socket upgrade refused 403 (bad token)',
    rule: 'a client that resets the connection right after a chat-socket upgrade refused for its token does not take the server down',
  },
  {
    kind: 'http', request: GET('/ccp/', 'Range: bytes=5-2\r\n'),
    found: 'fuzz: sirv answers a backwards Range with fs.createReadStream({ start: 5, end: 2 }) → RangeError ERR_OUT_OF_RANGE thrown from pages() in handle(), outside its try → unhandled rejection, the process exits (the web pages must be built)',
    rule: 'a backwards byte range (Range: bytes=5-2) on a static page is answered, the server stays up',
  },
  {
    kind: 'http', request: WITH_BODY('POST', '/participant/connection', 'Host: [\r\nX-Amz-Bearer: {participantToken}\r\nContent-Type: application/json\r\n', '{"Type":["WEBSOCKET"]}'),
    found: 'fuzz (participant property): webSocketBase() does new URL(`http://${Host}`) → TypeError: Invalid URL (services.ts:32) → 500 InternalServerException',
    rule: 'CreateParticipantConnection with a malformed Host header is answered 2xx or a typed 4xx, not 500',
  },
  {
    kind: 'http', request: WITH_BODY('POST', '/widget/{widgetId}/start-chat', 'Host: [\r\nOrigin: http://example.com\r\nContent-Type: application/json\r\n', '{}'),
    found: 'fuzz: approvedOrigin() does new URL(baseUrl()) from the Host header → TypeError: Invalid URL (widget.ts:31) → 500 InternalServiceException',
    rule: 'the widget start-chat with a malformed Host header is answered a typed 4xx, not 500',
  },
  {
    kind: 'http', request: `POST /participant/message HTTP/1.1\r\nHost: {host}\r\nX-Amz-Bearer: {connectionToken}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${'ffff\r\n' + ' '.repeat(0xffff) + '\r\n'}${('ffff\r\n' + ' '.repeat(0xffff) + '\r\n').repeat(16)}0\r\n\r\n`, status: [400, 413],
    found: 'fuzz (participant property): readBody() destroys the request as soon as a chunked body passes 1 MB, so the 400 it then sends never leaves: the client sees ECONNRESET without an answer (a Content-Length over the limit is answered 400)',
    rule: 'a chunked JSON body over the 1 MB limit is answered 400 (or 413), not cut off without an answer',
  },
  {
    kind: 'http', request: `POST /participant/connection HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\r\n{"a":"${'x'.repeat(1_100_000)}"}`, status: [400, 403],
    found: 'fuzz (participant property, under load): a request with no Content-Length followed by a megabyte of JSON: the JSON is read as the next request, Node\'s parser refuses it and destroys the socket at once, and the client, still sending, gets a reset that throws away the answer it had not read yet (EPIPE, no answer)',
    rule: 'bytes after a request that do not parse as HTTP end the connection with a lingering close: the client still reads the answer to its request',
  },
  {
    kind: 'attachment', name: 'a\ud800b.txt', type: 'text/plain',
    found: 'fuzz (attachment round trip): a name with a lone surrogate is accepted and stored; every download then throws URIError in contentDisposition (encodeURIComponent, attachments.ts:264) → 500 InternalServerException, the file can never be fetched',
    rule: 'an attachment whose name holds a lone surrogate is refused or downloadable, never a 500',
  },
];
