/**
 * The customer ChatSession and receipts, without a server: fetch and the WebSocket are stand-ins that
 * record what the session sends and let the test push chat frames (the wire against the real server is
 * tested in packages/server/test and the browser tests of packages/web).
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ChatSession, type ChatItemView } from '../src/customer/index.ts';

/** An in-memory socket: opens on the next tick and answers the subscribe frame with success. */
class FakeSocket {
  static last: FakeSocket | undefined;
  readonly OPEN = 1;
  readonly CLOSED = 3;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    setTimeout(() => {
      this.readyState = this.OPEN;
      this.onopen?.();
    }, 0);
  }
  send(data: string): void {
    if ((JSON.parse(data) as { topic: string }).topic === 'aws/subscribe') this.push({ topic: 'aws/subscribe', content: { status: 'success' } });
  }
  push(frame: unknown): void {
    setTimeout(() => this.onmessage?.({ data: JSON.stringify(frame) }), 0);
  }
  close(): void {
    this.readyState = this.CLOSED;
  }
}

const CONTACT = 'contact-1';
const requests: { url: string; body: Record<string, unknown> }[] = [];
const realFetch = globalThis.fetch;

beforeEach(() => {
  requests.length = 0;
  globalThis.fetch = (async (url: string, init: { body: string }) => {
    requests.push({ url, body: JSON.parse(init.body) as Record<string, unknown> });
    const answer = url.endsWith('/participant/connection')
      ? { Websocket: { Url: 'ws://127.0.0.1:1/chat', ConnectionExpiry: '' }, ConnectionCredentials: { ConnectionToken: 'conn-token', Expiry: '' } }
      : { Id: 'event-1', AbsoluteTime: new Date().toISOString() };
    return new Response(JSON.stringify(answer), { status: 200 });
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
});

async function connected(): Promise<ChatSession> {
  const session = new ChatSession({ endpoint: 'http://sb.test', details: { contactId: CONTACT, participantId: 'customer-1', participantToken: 'pt' }, WebSocket: FakeSocket as never });
  await session.connect();
  return session;
}

const item = (over: Partial<ChatItemView>): ChatItemView => ({ AbsoluteTime: new Date().toISOString(), ContentType: 'text/plain', Id: 'x', Type: 'MESSAGE', ContactId: CONTACT, InitialContactId: CONTACT, ...over });

test('a live MESSAGEMETADATA item comes to onReceipt only, never as an event or a message', async () => {
  const session = await connected();
  const seen: string[] = [];
  session.onReceipt((i) => seen.push(`receipt ${i.MessageMetadata!.MessageId}`));
  session.onEvent((i) => seen.push(`event ${i.Id}`));
  session.onMessage((i) => seen.push(`message ${i.Id}`));
  const receipt = item({
    Id: 'r1', Type: 'MESSAGEMETADATA', ContentType: 'application/vnd.amazonaws.connect.event.message.metadata',
    MessageMetadata: { MessageId: 'm1', Receipts: [{ ReadTimestamp: new Date().toISOString(), RecipientParticipantId: 'agent-1' }] },
  });
  FakeSocket.last!.push({ topic: 'aws/chat', content: JSON.stringify(receipt) });
  FakeSocket.last!.push({ topic: 'aws/chat', content: JSON.stringify(item({ Id: 'm2' })) });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(seen, ['receipt m1', 'message m2']);
  session.close();
});

test('sendReceipt is SendEvent with the read or delivered content type and {"messageId"}', async () => {
  const session = await connected();
  await session.sendReceipt('m1', 'delivered');
  await session.sendReceipt('m1', 'read');
  const events = requests.filter((r) => r.url === 'http://sb.test/participant/event').map((r) => r.body);
  assert.deepEqual(events, [
    { ContentType: 'application/vnd.amazonaws.connect.event.message.delivered', Content: '{"messageId":"m1"}' },
    { ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: '{"messageId":"m1"}' },
  ]);
  session.close();
});
