/**
 * Generators of WebSocket input for the chat socket (/participant/ws) and the agent socket (/agent/ws):
 * JSON messages of the socket's protocol, mutated (topics and methods like `toString`, `__proto__`;
 * params of wrong types; top-level null, numbers, arrays, strings), sent whole or fragmented, among
 * malformed frames (oversize payloads, invalid UTF-8, RSV bits, reserved opcodes, unmasked frames,
 * fragmented or oversize control frames, bad close codes, lying and truncated lengths).
 */
import fc from 'fast-check';
import { hostileValue, mutation, mutate, PROTO_KEYS, toJson, tree, type Ctx, type J, type Mutation } from './json.ts';
import { buildFrame } from './wire.ts';

/** A message of the socket's protocol: one of its valid shapes, with its topic or method replaced, mutated; or any value. */
export type Message = { sample: number; name: string | null; mutations: Mutation[] } | { value: J };

export const CHAT_SAMPLES: unknown[] = [
  { topic: 'aws/subscribe', content: { topics: ['aws/chat'] } },
  { topic: 'aws/heartbeat' },
  { topic: 'aws/ping' },
  { topic: 'aws/subscribe', content: { topics: [] } },
];

const ids = { contactId: '{contactId}' };
const conn = { ...ids, connectionId: '{participantId}' };
/** The agent socket's methods (agent/requests.ts, agent/voiceRequests.ts), each with valid params. */
export const AGENT_METHODS: Record<string, unknown> = {
  getAgentSnapshot: {}, putAgentState: { state: { name: 'Available' }, enqueueNextState: true }, getQueueMetrics: {},
  acceptContact: ids, rejectContact: ids, clearContact: ids, destroyConnection: conn, getQuickConnects: {},
  addNewConnection: { ...ids, endpoint: { id: '{quickConnectId}', type: 'agent', name: 'Agent2' } },
  transferContact: { ...ids, endpoint: { endpointARN: 'arn:aws:connect:us-east-1:1:instance/{instanceId}/transfer-destination/{quickConnectId}', type: 'queue' } },
  sendMessage: { ...ids, contentType: 'text/plain', content: 'hi' },
  sendEvent: { ...ids, contentType: 'application/vnd.amazonaws.connect.event.message.read', content: '{"messageId":"{messageId}"}' },
  getTranscript: { ...ids, maxResults: 10, scanDirection: 'BACKWARD', sortOrder: 'ASCENDING', nextToken: 'x' },
  createTransport: { ...ids, transportType: 'chat_token', participantId: '{participantId}' },
  holdConnection: conn, resumeConnection: conn, muteParticipant: conn, unmuteParticipant: conn, conferenceConnections: ids,
  toggleActiveConnections: conn, holdAllConnections: ids, sendDigits: { ...conn, digits: '123#' },
  createOutboundContact: { endpoint: { phoneNumber: '+15555550100', type: 'phone_number' }, queueARN: '{queueId}' },
};
export const AGENT_SAMPLES = Object.entries(AGENT_METHODS).map(([method, params]) => ({ event: 'api_request', requestId: 'fuzz', method, params }));

const chatTopics = ['aws/subscribe', 'aws/heartbeat', 'aws/ping', 'aws/chat', 'aws/unsubscribe', 'AWS/SUBSCRIBE', '', ...PROTO_KEYS];
const agentMethods = [...Object.keys(AGENT_METHODS), ...PROTO_KEYS, '__defineGetter__', 'isPrototypeOf', 'propertyIsEnumerable', '', 'GETAGENTSNAPSHOT'];

function message(samples: number, names: string[]): fc.Arbitrary<Message> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ sample: fc.nat(samples - 1), name: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...names) }), mutations: fc.array(mutation, { maxLength: 2 }) }) },
    { weight: 1, arbitrary: hostileValue.map((value): Message => ({ value })) },
  );
}
export const chatMessage = message(CHAT_SAMPLES.length, chatTopics);
export const agentMessage = message(AGENT_SAMPLES.length, agentMethods);

/** The JSON text of a message (`topic` for chat, `method` for agent is replaced by the drawn name). */
export function messageText(m: Message, socket: 'chat' | 'agent', ctx: Ctx): string {
  if ('value' in m) return toJson(m.value, ctx);
  const samples = socket === 'chat' ? CHAT_SAMPLES : AGENT_SAMPLES;
  const sample = { ...(samples[m.sample % samples.length] as Record<string, unknown>) };
  if (m.name !== null) sample[socket === 'chat' ? 'topic' : 'method'] = m.name;
  return toJson(mutate(tree(sample), m.mutations), ctx);
}

/** Bytes that are not UTF-8: a lone continuation byte, overlong forms, surrogates, past U+10FFFF, cut sequences. */
export const INVALID_UTF8 = [[0xff], [0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80]];

export type Fault =
  | { kind: 'binary'; message: Message }
  | { kind: 'ping' | 'pong'; size: number }
  | { kind: 'close'; code: number | null; badReason: boolean }
  | { kind: 'reserved'; opcode: number }
  | { kind: 'rsv'; bits: number }
  | { kind: 'unmasked' }
  | { kind: 'oversize'; size: number }
  | { kind: 'utf8'; which: number; prefix: boolean }
  | { kind: 'continuation' }
  | { kind: 'fragmentedControl' }
  | { kind: 'truncated'; missing: number }
  | { kind: 'hugeLength' }
  | { kind: 'nonMinimal' };

export const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('binary' as const), message: chatMessage }),
  fc.record({ kind: fc.constantFrom('ping' as const, 'pong' as const), size: fc.constantFrom(0, 5, 125, 126, 1000) }),
  fc.record({ kind: fc.constant('close' as const), code: fc.option(fc.constantFrom(0, 999, 1000, 1001, 1003, 1004, 1005, 1006, 1011, 1015, 1016, 2999, 3000, 4000, 4999, 5000, 65535)), badReason: fc.boolean() }),
  fc.record({ kind: fc.constant('reserved' as const), opcode: fc.constantFrom(3, 4, 5, 6, 7, 11, 12, 13, 14, 15) }),
  fc.record({ kind: fc.constant('rsv' as const), bits: fc.integer({ min: 1, max: 7 }) }),
  fc.constant<Fault>({ kind: 'unmasked' }),
  fc.record({ kind: fc.constant('oversize' as const), size: fc.constantFrom(65_537, 70_000, 1_000_000) }),
  fc.record({ kind: fc.constant('utf8' as const), which: fc.nat(INVALID_UTF8.length - 1), prefix: fc.boolean() }),
  fc.constant<Fault>({ kind: 'continuation' }),
  fc.constant<Fault>({ kind: 'fragmentedControl' }),
  fc.record({ kind: fc.constant('truncated' as const), missing: fc.integer({ min: 1, max: 100 }) }),
  fc.constant<Fault>({ kind: 'hugeLength' }),
  fc.constant<Fault>({ kind: 'nonMinimal' }),
);

/** One step of a socket session: a message (whole, or fragmented at `split`), or a faulty frame. */
export type Step = { message: Message; split: number | null } | { fault: Fault };

export function steps(socket: 'chat' | 'agent'): fc.Arbitrary<Step[]> {
  const m = socket === 'chat' ? chatMessage : agentMessage;
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ message: m, split: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(200) }) }) },
    { weight: 2, arbitrary: fault.map((f): Step => ({ fault: f })) },
  );
  return fc.array(step, { minLength: 1, maxLength: 4 });
}

/** A step's bytes; `truncated`: the frame is cut short (the connection is then half-closed, not probed). */
export function stepBytes(step: Step, socket: 'chat' | 'agent', ctx: Ctx): { bytes: Buffer; truncated: boolean } {
  const one = (bytes: Buffer) => ({ bytes, truncated: false });
  if ('message' in step) {
    const text = Buffer.from(messageText(step.message, socket, ctx), 'utf8');
    if (step.split === null || text.length < 2) return one(buildFrame({ opcode: 1, payload: text }));
    const at = 1 + (step.split % (text.length - 1));
    return one(Buffer.concat([buildFrame({ opcode: 1, fin: false, payload: text.subarray(0, at) }), buildFrame({ opcode: 0, payload: text.subarray(at) })]));
  }
  const f = step.fault;
  const hello = socket === 'chat' ? '{"topic":"aws/heartbeat"}' : '{"event":"api_request","requestId":"f","method":"getAgentSnapshot","params":{}}';
  switch (f.kind) {
    case 'binary': return one(buildFrame({ opcode: 2, payload: messageText(f.message, socket, ctx) }));
    case 'ping': return one(buildFrame({ opcode: 9, payload: Buffer.alloc(f.size, 0x61) }));
    case 'pong': return one(buildFrame({ opcode: 10, payload: Buffer.alloc(f.size, 0x61) }));
    case 'close': {
      if (f.code === null) return one(buildFrame({ opcode: 8 }));
      const payload = Buffer.alloc(2);
      payload.writeUInt16BE(f.code);
      return one(buildFrame({ opcode: 8, payload: Buffer.concat([payload, f.badReason ? Buffer.from([0xff, 0xfe]) : Buffer.from('bye')]) }));
    }
    case 'reserved': return one(buildFrame({ opcode: f.opcode, payload: hello }));
    case 'rsv': return one(buildFrame({ opcode: 1, rsv: f.bits, payload: hello }));
    case 'unmasked': return one(buildFrame({ opcode: 1, masked: false, payload: hello }));
    case 'oversize': return one(buildFrame({ opcode: 1, payload: Buffer.alloc(f.size, 0x20) }));
    case 'utf8': {
      const bad = Buffer.from(INVALID_UTF8[f.which % INVALID_UTF8.length]!);
      return one(buildFrame({ opcode: 1, payload: f.prefix ? Buffer.concat([Buffer.from('{"topic":"'), bad, Buffer.from('"}')]) : bad }));
    }
    case 'continuation': return one(buildFrame({ opcode: 0, payload: hello }));
    case 'fragmentedControl': return one(Buffer.concat([buildFrame({ opcode: 9, fin: false, payload: 'a' }), buildFrame({ opcode: 0, payload: 'b' })]));
    case 'truncated': {
      const payload = Buffer.from(hello);
      return { bytes: buildFrame({ opcode: 1, payload, declaredLength: payload.length + f.missing }), truncated: true };
    }
    case 'hugeLength': return { bytes: buildFrame({ opcode: 1, payload: hello, declaredLength: 2n ** 63n - 1n, lengthForm: 64 }), truncated: true };
    case 'nonMinimal': return one(buildFrame({ opcode: 1, payload: hello, lengthForm: 64 }));
  }
}

/** A WebSocket upgrade request's variations. */
export interface UpgradePlan {
  socket: 'chat' | 'agent' | 'other';
  token: 'valid' | 'missing' | 'garbage' | 'other-kind' | { raw: string };
  path: string | null;
  method: string;
  drop: ('key' | 'version' | 'upgrade' | 'connection' | 'host')[];
  extra: string[];
  /** Frames sent in the same packet as the request (the upgrade's "head"). */
  head: boolean;
  reset: boolean;
}

export const UPGRADE_HEADERS = [
  'Sec-WebSocket-Version: 8', 'Sec-WebSocket-Version: 99999999999', 'Sec-WebSocket-Key: short', 'Sec-WebSocket-Key: ', 'Sec-WebSocket-Protocol: a, a',
  'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits', 'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99',
  'Sec-WebSocket-Extensions: %ZZ;;;', 'Origin: http://evil.example', 'Content-Length: 5', 'Transfer-Encoding: chunked', 'Upgrade: h2c', `X-Pad: ${'p'.repeat(9000)}`,
];

export const upgradePlan: fc.Arbitrary<UpgradePlan> = fc.record({
  socket: fc.constantFrom('chat' as const, 'agent' as const, 'other' as const),
  token: fc.oneof(
    { weight: 3, arbitrary: fc.constant('valid' as const) },
    { weight: 3, arbitrary: fc.constantFrom('missing' as const, 'garbage' as const, 'other-kind' as const) },
    { weight: 2, arbitrary: fc.constantFrom('%ZZ', '%', 'sb1.%E0%A4.x', '{agentToken}%', '{participantToken}&token=x', 'sb1.bnVsbA.x', '').map((raw) => ({ raw })) },
  ),
  path: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('//', '//x', '//[', '/participant/ws/', '/participant/%ZZ', '/agent//ws', 'http://[/', '/participant/ws#', '*') }),
  method: fc.constantFrom('GET', 'GET', 'GET', 'POST', 'PUT', 'OPTIONS'),
  drop: fc.subarray(['key', 'version', 'upgrade', 'connection', 'host'] as ('key' | 'version' | 'upgrade' | 'connection' | 'host')[], { maxLength: 2 }),
  extra: fc.subarray(UPGRADE_HEADERS, { maxLength: 2 }),
  head: fc.boolean(),
  reset: fc.nat(5).map((n) => n === 0),
});
