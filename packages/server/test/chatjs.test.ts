/**
 * The real amazon-connect-chatjs (customer sessions) in a real browser against a real Switchboard
 * server. The page comes from a small static server on another 127.0.0.1 port, so every Participant
 * Service call chatjs makes is cross-origin, as it is for a widget embedded on a customer's site.
 * The agent side is driven with the sdk's AgentClient.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request, Route, WebSocket as PageSocket } from 'playwright-core';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { AgentClient, ChatItemView } from '@switchboard/sdk';
import { browserSkipReason } from '../../web/test/browser.ts';
import { CHATJS_VERSION, startChatInPage, startChatjsRig, type ChatjsRig } from './chatjsPage.ts';
import { contactOf, startWidgetChat, waitFor, type StartedChat, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

const EVENT = {
  typing: 'application/vnd.amazonaws.connect.event.typing',
  delivered: 'application/vnd.amazonaws.connect.event.message.delivered',
  read: 'application/vnd.amazonaws.connect.event.message.read',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
  joined: 'application/vnd.amazonaws.connect.event.participant.joined',
} as const;

/** Bounded waits: generous, since a browser is involved; they never measure anything. */
const WAIT = 10_000;

/**
 * The test page: chatjs's browser bundle, plus a helper that creates a CUSTOMER session, records
 * every event chatjs fires in `window.events` (data copied as JSON), and connects.
 */
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>chatjs</title>
<script src="/amazon-connect-chat.js"></script>
<script>
window.events = [];
window.startChat = async function (endpoint, region, chatDetails) {
  // Before the first ChatSession.create for this region: chatjs caches its client per region.
  connect.ChatSession.setGlobalConfig({ endpoint, region, features: { messageReceipts: { shouldSendMessageReceipts: true, throttleTime: 100 } } });
  const session = connect.ChatSession.create({ chatDetails, type: 'CUSTOMER', options: { region }, disableCSM: true });
  window.session = session;
  const record = (name) => (event) => {
    let data = null;
    try { data = JSON.parse(JSON.stringify(event && event.data !== undefined ? event.data : null)); } catch (e) { data = String(e); }
    window.events.push({ name, data });
  };
  session.onMessage(record('message'));
  session.onTyping(record('typing'));
  session.onReadReceipt(record('read'));
  session.onDeliveredReceipt(record('delivered'));
  session.onConnectionEstablished(record('established'));
  session.onConnectionLost(record('lost'));
  session.onConnectionBroken(record('broken'));
  session.onEnded(record('ended'));
  try {
    const result = await session.connect();
    return { connectSuccess: result.connectSuccess, connectCalled: result.connectCalled };
  } catch (failure) {
    return JSON.parse(JSON.stringify(failure));
  }
};
// chatjs answers with plain objects ({type, message, statusCode}) or strings on failure.
window.settle = async function (promise) {
  try {
    const response = await promise;
    return { ok: true, data: JSON.parse(JSON.stringify(response && response.data !== undefined ? response.data : response ?? null)) };
  } catch (error) {
    return { ok: false, error: typeof error === 'object' && error !== null ? JSON.parse(JSON.stringify(error)) : String(error) };
  }
};
</script></head><body>chatjs test page</body></html>`;


interface PageEvent {
  name: string;
  data: any;
}

interface Settled<T = any> {
  ok: boolean;
  data?: T;
  error?: any;
}

/** One socket chatjs opened, with the frames seen on it and when (in `order`) it was subscribed and closed. */
interface SocketLog {
  url: string;
  sent: any[];
  received: any[];
  closed: boolean;
  subscribedAt?: number;
  closedAt?: number;
}

/** Orders what the browser reports (a counter, not a clock). */
let order = 0;

/** A chatjs customer in a browser page, with what the page did on the network. */
class Customer {
  readonly connectionRequests: Request[] = [];
  readonly sockets: SocketLog[] = [];
  readonly pageErrors: string[] = [];

  constructor(readonly page: Page, readonly chat: StartedChat) {
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/participant/connection') this.connectionRequests.push(request);
    });
    page.on('websocket', (ws: PageSocket) => {
      const log: SocketLog = { url: ws.url(), sent: [], received: [], closed: false };
      this.sockets.push(log);
      const parse = (payload: string | Buffer) => {
        try {
          return JSON.parse(payload.toString());
        } catch {
          return payload.toString();
        }
      };
      ws.on('framesent', (frame) => log.sent.push(parse(frame.payload)));
      ws.on('framereceived', (frame) => {
        const f = parse(frame.payload);
        log.received.push(f);
        if (f?.topic === 'aws/subscribe' && f.content?.status === 'success' && log.subscribedAt === undefined) log.subscribedAt = ++order;
      });
      ws.on('close', () => {
        log.closed = true;
        log.closedAt = ++order;
      });
    });
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
  }

  get contactId(): string {
    return this.chat.ContactId;
  }

  events(): Promise<PageEvent[]> {
    return this.page.evaluate(() => (window as any).events as PageEvent[]);
  }

  async eventsNamed(name: string): Promise<PageEvent[]> {
    return (await this.events()).filter((e) => e.name === name);
  }

  /** Waits for a chatjs event with this name whose data matches, and returns it. */
  waitForEvent(name: string, match: (data: any) => boolean = () => true, what = `chatjs ${name}`): Promise<PageEvent> {
    return waitFor(async () => (await this.events()).find((e) => e.name === name && match(e.data)), WAIT, what);
  }

  /** Calls a method of the chatjs session in the page and reports how its promise settled. */
  call<T = any>(method: string, args?: unknown): Promise<Settled<T>> {
    return this.page.evaluate(([m, a]) => (window as any).settle((window as any).session[m as string](a)), [method, args] as const);
  }

  /** Sockets whose subscribe chatjs sent and the server acknowledged with success. */
  subscribedSockets(): SocketLog[] {
    return this.sockets.filter((s) => s.received.some((f) => f?.topic === 'aws/subscribe' && f.content?.status === 'success'));
  }
}

describe(`amazon-connect-chatjs ${CHATJS_VERSION} (customer) in Chromium against Switchboard`, { skip: browserSkipReason() }, () => {
  let rig: ChatjsRig | undefined;
  let srv: TestServer;
  let pageUrl: string;
  let browser: Browser;
  let agent: AgentClient;
  const customers: Customer[] = [];

  before(async () => {
    rig = await startChatjsRig(PAGE);
    ({ srv, pageUrl, browser, agent } = rig);
  });

  after(async () => {
    await rig?.close();
  });

  // Every test leaves no chat going and the agent Offline with nothing to clear, so the next test's chat is the only one routed.
  afterEach(async () => {
    for (const customer of customers.splice(0)) {
      await customer.page.close();
      if (contactOf(srv, customer.contactId).status !== 'ended') {
        await srv.services.pipeline.submit({ type: 'StopContact', instanceId: srv.demo.instanceId, contactId: customer.contactId });
      }
    }
    await agent.setStatus('Offline');
    for (const contact of agent.contacts()) {
      await waitFor(() => agent.contacts().find((c) => c.contactId === contact.contactId)?.state.type === 'ended', WAIT, 'the contact ended at the agent');
      await agent.clear(contact.contactId);
    }
    await waitFor(() => agent.snapshot?.snapshot.state.name === 'Offline' && agent.contacts().length === 0, WAIT, 'the agent Offline and idle');
  });

  /** Opens a fresh page for a chat (with Playwright's controllable clock if asked) and runs chatjs's connect() in it. */
  async function connectPage(chat: StartedChat, options: { clock?: boolean } = {}): Promise<{ c: Customer; result: any }> {
    const page = await browser.newPage();
    const c = new Customer(page, chat);
    customers.push(c);
    if (options.clock) await page.clock.install();
    await page.goto(pageUrl);
    const result = await startChatInPage(page, srv, chat);
    return { c, result };
  }

  /** Starts a chat through the widget and connects chatjs to it in a fresh page. */
  async function customer(name = 'Chad', options: { clock?: boolean } = {}): Promise<Customer> {
    const { c, result } = await connectPage(await startWidgetChat(srv, name), options);
    assert.deepEqual(result, { connectSuccess: true, connectCalled: true });
    // Connected for real once the socket is subscribed at the server.
    await waitFor(() => srv.services.hub.chatSocketCount(c.contactId) > 0, WAIT, 'the chatjs socket subscribed');
    return c;
  }

  /** The agent takes this customer's chat: Available, the offer, accept; then Offline so no other chat is routed to them. */
  async function agentTakes(c: Customer): Promise<void> {
    await agent.setStatus('Available');
    await waitFor(() => agent.contacts().find((x) => x.contactId === c.contactId)?.state.type === 'incoming', WAIT, 'the offer to the agent');
    await agent.accept(c.contactId);
    await waitFor(() => agent.contacts().find((x) => x.contactId === c.contactId)?.state.type === 'connected', WAIT, 'the agent connected');
    await agent.setStatus('Offline');
  }

  /** Chat items the agent's CCP socket receives for a contact from now on. */
  function agentItems(contactId: string): { items: ChatItemView[]; stop: () => void } {
    const items: ChatItemView[] = [];
    const stop = agent.onChatItem((item) => {
      if (item.ContactId === contactId) items.push(item);
    });
    return { items, stop };
  }

  test('connect() calls CreateParticipantConnection once, opens and subscribes one socket, and fires onConnectionEstablished', async () => {
    const c = await customer('Connie');
    await c.waitForEvent('established');
    assert.equal(c.connectionRequests.length, 1);
    const body = c.connectionRequests[0]!.postDataJSON();
    assert.deepEqual(body, { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    assert.equal(c.connectionRequests[0]!.headers()['x-amz-bearer'], c.chat.ParticipantToken);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the subscribe ack');
    const socket = c.sockets[0]!;
    assert.match(socket.url, /^ws:\/\/127\.0\.0\.1:\d+\/participant\/ws\?token=/);
    assert.deepEqual(socket.sent[0], { topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    // chatjs's heartbeats are answered (it would reconnect otherwise).
    await waitFor(() => socket.received.some((f) => f?.topic === 'aws/heartbeat') && socket.received.some((f) => f?.topic === 'aws/ping' && f.statusCode === 200), WAIT, 'the heartbeat answers');
    assert.deepEqual(c.pageErrors, []);
  });

  test('connect() to a chat that has ended fails with AccessDeniedException (403) and opens no socket', async () => {
    const chat = await startWidgetChat(srv, 'Late');
    await srv.services.pipeline.submit({ type: 'StopContact', instanceId: srv.demo.instanceId, contactId: chat.ContactId });
    const { c, result } = await connectPage(chat);
    assert.equal(result.connectSuccess, false);
    assert.equal(result._debug._debug.type, 'AccessDeniedException');
    assert.equal(result._debug._debug.statusCode, 403);
    assert.equal(c.sockets.length, 0);
  });

  test('sendMessage with text/plain and text/markdown returns an Id and AbsoluteTime, and both are in the transcript', async () => {
    const c = await customer('Mark');
    const plain = await c.call('sendMessage', { contentType: 'text/plain', message: 'plain hello' });
    assert.equal(plain.ok, true, JSON.stringify(plain.error));
    assert.equal(typeof plain.data.Id, 'string');
    assert.ok(!Number.isNaN(Date.parse(plain.data.AbsoluteTime)));
    const markdown = await c.call('sendMessage', { contentType: 'text/markdown', message: '**bold** hello' });
    assert.equal(markdown.ok, true, JSON.stringify(markdown.error));
    assert.notEqual(markdown.data.Id, plain.data.Id);

    const transcript = contactOf(srv, c.contactId).transcript;
    const p = transcript.find((i) => i.id === plain.data.Id);
    const m = transcript.find((i) => i.id === markdown.data.Id);
    assert.equal(p?.contentType, 'text/plain');
    assert.equal(p?.content, 'plain hello');
    assert.equal(m?.contentType, 'text/markdown');
    assert.equal(m?.content, '**bold** hello');
    assert.equal(p?.role, 'CUSTOMER');
  });

  test('a refused sendMessage rejects in chatjs with the exception name and HTTP status (ValidationException, 400)', async () => {
    const c = await customer('Olga');
    const tooLong = await c.call('sendMessage', { contentType: 'text/plain', message: 'x'.repeat(16 * 1024 + 1) });
    assert.equal(tooLong.ok, false);
    assert.equal(tooLong.error.type, 'ValidationException');
    assert.equal(tooLong.error.statusCode, 400);
  });

  test('messages from the agent arrive in onMessage with the agent role, name and both contact ids', async () => {
    const c = await customer('Mia');
    await agentTakes(c);
    const joined = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.joined && d.ParticipantRole === 'AGENT', 'the agent joining');
    assert.equal(joined.data.ContactId, c.contactId);
    const reply = await agent.sendMessage(c.contactId, 'Hello Mia, agent here');
    const got = await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the agent message');
    assert.equal(got.data.Content, 'Hello Mia, agent here');
    assert.equal(got.data.ContentType, 'text/plain');
    assert.equal(got.data.Type, 'MESSAGE');
    assert.equal(got.data.ParticipantRole, 'AGENT');
    assert.equal(typeof got.data.DisplayName, 'string');
    assert.equal(got.data.ContactId, c.contactId);
    assert.equal(got.data.InitialContactId, c.contactId);
    assert.ok(!Number.isNaN(Date.parse(got.data.AbsoluteTime)));
    const markdown = await agent.sendMessage(c.contactId, '*emphasis*', 'text/markdown');
    const gotMarkdown = await c.waitForEvent('message', (d) => d?.Id === markdown.Id, 'the agent markdown message');
    assert.equal(gotMarkdown.data.ContentType, 'text/markdown');
    // And the customer's own message reaches the agent.
    const seen = agentItems(c.contactId);
    try {
      const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'thanks' });
      assert.equal(sent.ok, true);
      const atAgent = await waitFor(() => seen.items.find((i) => i.Id === sent.data.Id), WAIT, 'the customer message at the agent');
      assert.equal(atAgent.ParticipantRole, 'CUSTOMER');
      assert.equal(atAgent.Content, 'thanks');
    } finally {
      seen.stop();
    }
  });

  test('typing: chatjs sendEvent(typing) reaches the agent, and the agent typing fires chatjs onTyping', async () => {
    const c = await customer('Tina');
    await agentTakes(c);
    const seen = agentItems(c.contactId);
    try {
      const sent = await c.call('sendEvent', { contentType: EVENT.typing });
      assert.equal(sent.ok, true, JSON.stringify(sent.error));
      assert.equal(typeof sent.data.Id, 'string');
      const typing = await waitFor(() => seen.items.find((i) => i.ContentType === EVENT.typing), WAIT, 'typing at the agent');
      assert.equal(typing.ParticipantRole, 'CUSTOMER');
      assert.equal(typing.ParticipantId, c.chat.ParticipantId);
      assert.equal(typing.Type, 'EVENT');
    } finally {
      seen.stop();
    }
    await agent.sendTyping(c.contactId);
    const typing = await c.waitForEvent('typing', (d) => d?.ParticipantRole === 'AGENT', 'onTyping for the agent');
    assert.equal(typing.data.ContentType, EVENT.typing);
    assert.equal(typing.data.ContactId, c.contactId);
    // Typing is live only: neither shows up in onMessage nor in the transcript.
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.ContentType === EVENT.typing).length, 0);
    assert.equal(contactOf(srv, c.contactId).transcript.filter((i) => i.contentType === EVENT.typing).length, 0);
  });

  test('getTranscript with chatjs defaults returns the newest items oldest first, in the Item shape chatjs reads', async () => {
    const c = await customer('Greta');
    for (let i = 1; i <= 3; i++) assert.equal((await c.call('sendMessage', { contentType: 'text/plain', message: `m${i}` })).ok, true);
    const requests: Request[] = [];
    c.page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/participant/transcript')) requests.push(r);
    });
    const page = await c.call('getTranscript', {});
    assert.equal(page.ok, true, JSON.stringify(page.error));
    assert.deepEqual(requests[0]!.postDataJSON(), { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: {} });
    assert.equal(page.data.InitialContactId, c.contactId);
    assert.equal(page.data.NextToken, undefined);
    const items: any[] = page.data.Transcript;
    const all = contactOf(srv, c.contactId).transcript;
    assert.equal(items.length, Math.min(15, all.length));
    assert.deepEqual(items.map((i) => i.Id), all.slice(-15).map((i) => i.id));
    const times = items.map((i) => Date.parse(i.AbsoluteTime));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    const m3 = items.find((i) => i.Content === 'm3');
    assert.deepEqual(Object.keys(m3).sort(), ['AbsoluteTime', 'ContactId', 'Content', 'ContentType', 'DisplayName', 'Id', 'InitialContactId', 'ParticipantId', 'ParticipantRole', 'Type']);
    assert.equal(m3.ParticipantId, c.chat.ParticipantId);
    assert.match(m3.AbsoluteTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(items.some((i) => i.ParticipantRole === 'SYSTEM' && i.Type === 'MESSAGE'), 'the flow greeting');
  });

  test('getTranscript paging with NextToken, FORWARD and BACKWARD, covers the transcript once each way', async () => {
    const c = await customer('Paige');
    for (let i = 1; i <= 5; i++) assert.equal((await c.call('sendMessage', { contentType: 'text/plain', message: `p${i}` })).ok, true);
    const all = contactOf(srv, c.contactId).transcript.map((i) => i.id);
    assert.ok(all.length >= 6);

    const collect = async (scanDirection: 'FORWARD' | 'BACKWARD') => {
      const ids: string[] = [];
      let nextToken: string | undefined;
      let pages = 0;
      do {
        const page = await c.call('getTranscript', { scanDirection, sortOrder: 'ASCENDING', maxResults: 2, ...(nextToken ? { nextToken } : {}) });
        assert.equal(page.ok, true, JSON.stringify(page.error));
        assert.ok(page.data.Transcript.length <= 2);
        ids.push(...page.data.Transcript.map((i: any) => i.Id));
        nextToken = page.data.NextToken;
        assert.ok(++pages <= all.length, 'paging ends');
      } while (nextToken);
      return ids;
    };
    assert.deepEqual(await collect('FORWARD'), all);
    // BACKWARD pages run newest to oldest; each page itself is ascending.
    const backward = await collect('BACKWARD');
    assert.deepEqual([...backward].sort(), [...all].sort());
    assert.deepEqual(backward.slice(0, 2), all.slice(-2));
    // DESCENDING sorts within the page.
    const newest = await c.call('getTranscript', { sortOrder: 'DESCENDING', maxResults: 3 });
    assert.deepEqual(newest.data.Transcript.map((i: any) => i.Id), all.slice(-3).reverse());
  });

  test('receipts: chatjs delivered/read events reach the agent as MESSAGEMETADATA, and the agent receipts fire onDeliveredReceipt/onReadReceipt', async () => {
    const c = await customer('Rita');
    await agentTakes(c);
    const seen = agentItems(c.contactId);
    try {
      // The customer acknowledges an agent message: delivered, then read.
      const reply = await agent.sendMessage(c.contactId, 'did you get this?');
      await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the agent message');
      const delivered = await c.call('sendEvent', { contentType: EVENT.delivered, content: JSON.stringify({ messageId: reply.Id }) });
      assert.equal(delivered.ok, true, JSON.stringify(delivered.error));
      const deliveredAtAgent = await waitFor(() => seen.items.find((i) => i.Type === 'MESSAGEMETADATA' && (i as any).MessageMetadata?.Receipts?.[0]?.DeliveredTimestamp), WAIT, 'the delivered receipt at the agent');
      const dm = (deliveredAtAgent as any).MessageMetadata;
      assert.equal(dm.MessageId, reply.Id);
      assert.equal(dm.Receipts.length, 1);
      assert.equal(dm.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
      assert.ok(!Number.isNaN(Date.parse(dm.Receipts[0].DeliveredTimestamp)));
      assert.equal(deliveredAtAgent.ContactId, c.contactId);
      assert.equal(deliveredAtAgent.InitialContactId, c.contactId);

      const read = await c.call('sendEvent', { contentType: EVENT.read, content: JSON.stringify({ messageId: reply.Id }) });
      assert.equal(read.ok, true, JSON.stringify(read.error));
      const readAtAgent = await waitFor(() => seen.items.find((i) => i.Type === 'MESSAGEMETADATA' && (i as any).MessageMetadata?.Receipts?.[0]?.ReadTimestamp), WAIT, 'the read receipt at the agent');
      assert.equal((readAtAgent as any).MessageMetadata.MessageId, reply.Id);
      assert.equal((readAtAgent as any).MessageMetadata.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
    } finally {
      seen.stop();
    }
    // The customer's own receipts are not shown back to the customer.
    assert.deepEqual(await c.eventsNamed('read'), []);
    assert.deepEqual(await c.eventsNamed('delivered'), []);

    // The agent acknowledges a customer message: chatjs fires onDeliveredReceipt, then onReadReceipt.
    const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'please confirm' });
    assert.equal(sent.ok, true);
    await agent.request('sendEvent', { contactId: c.contactId, contentType: EVENT.delivered, content: JSON.stringify({ messageId: sent.data.Id }) });
    const delivered = await c.waitForEvent('delivered', (d) => d?.MessageMetadata?.MessageId === sent.data.Id, 'onDeliveredReceipt');
    assert.equal(delivered.data.Type, 'MESSAGEMETADATA');
    assert.ok(delivered.data.MessageMetadata.Receipts[0].DeliveredTimestamp);
    assert.notEqual(delivered.data.MessageMetadata.Receipts[0].RecipientParticipantId, c.chat.ParticipantId);
    await agent.request('sendEvent', { contactId: c.contactId, contentType: EVENT.read, content: JSON.stringify({ messageId: sent.data.Id }) });
    const read = await c.waitForEvent('read', (d) => d?.MessageMetadata?.MessageId === sent.data.Id, 'onReadReceipt');
    assert.ok(read.data.MessageMetadata.Receipts[0].ReadTimestamp);
    // Receipts are not messages.
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.Type === 'MESSAGEMETADATA').length, 0);
  });

  test('a receipt without a messageId is refused with ValidationException', async () => {
    const c = await customer('Vera');
    // chatjs itself drops receipts without a messageId, so this goes to the server directly, as chatjs would send it.
    const token = await c.page.evaluate(() => (window as any).session.controller.connectionHelper.getConnectionToken() as string);
    for (const content of [undefined, 'not json', '{}', '{"messageId":""}', '{"messageId":42}']) {
      const r = await fetch(`${srv.url}/participant/event`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-amz-bearer': token },
        body: JSON.stringify({ ContentType: EVENT.read, ...(content !== undefined ? { Content: content } : {}) }),
      });
      assert.equal(r.status, 400, `Content ${content}`);
      assert.equal(r.headers.get('x-amzn-errortype'), 'ValidationException');
    }
  });

  test('disconnectParticipant ends the chat and chatjs fires onEnded', async () => {
    const c = await customer('Dora');
    const left = await c.page.evaluate(() => (window as any).settle((window as any).session.disconnectParticipant()));
    assert.equal(left.ok, true, JSON.stringify(left.error));
    const ended = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.chatEnded, 'the chat.ended item');
    assert.equal(ended.data.ContactId, c.contactId);
    await c.waitForEvent('ended');
    assert.equal(contactOf(srv, c.contactId).status, 'ended');
    // chatjs closes its socket itself once the chat has ended.
    await waitFor(() => c.sockets.every((s) => s.closed), WAIT, 'the socket closed by chatjs');
  });

  test('the agent leaving ends the chat and chatjs fires onEnded', async () => {
    const c = await customer('Edna');
    await agentTakes(c);
    await agent.leave(c.contactId);
    await c.waitForEvent('ended');
    assert.equal(contactOf(srv, c.contactId).status, 'ended');
    assert.equal(contactOf(srv, c.contactId).disconnectReason, 'AGENT_DISCONNECT');
    // After the end chatjs refuses to send, locally.
    const after = await c.call('sendMessage', { contentType: 'text/plain', message: 'hello?' });
    assert.equal(after.ok, false);
  });

  test('when the server drops the socket, chatjs fetches new connection details, opens a new socket and keeps receiving', async () => {
    const c = await customer('Rhea');
    await agentTakes(c);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    assert.equal(c.connectionRequests.length, 1);

    assert.equal(srv.services.hub.closeChatSockets(c.contactId), 1);
    await waitFor(() => c.sockets[0]!.closed, WAIT, 'the first socket closed');
    await waitFor(() => c.connectionRequests.length === 2, WAIT, 'a fresh CreateParticipantConnection');
    assert.deepEqual(c.connectionRequests[1]!.postDataJSON(), { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    await waitFor(() => c.subscribedSockets().length === 2 && !c.sockets[1]!.closed, WAIT, 'a second socket subscribed');
    assert.notEqual(c.sockets[1]!.url, c.sockets[0]!.url, 'a new socket URL');
    await waitFor(() => srv.services.hub.chatSocketCount(c.contactId) === 1, WAIT, 'the new socket at the server');

    const reply = await agent.sendMessage(c.contactId, 'still there?');
    const got = await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the message on the new socket');
    assert.equal(got.data.Content, 'still there?');
    // chatjs uses the new connection token for its calls.
    const sent = await c.call('sendMessage', { contentType: 'text/plain', message: 'yes' });
    assert.equal(sent.ok, true, JSON.stringify(sent.error));
    assert.equal((await c.eventsNamed('ended')).length, 0);
  });

  test('after 59 minutes chatjs refreshes its socket: a second socket for the same participant is subscribed before the first closes, and messages keep arriving', async () => {
    const c = await customer('Flo', { clock: true });
    await agentTakes(c);
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    // chatjs gives every socket a 3540 s lifetime, whatever ConnectionExpiry says; jump past it.
    await c.page.clock.fastForward(3540 * 1000);
    await waitFor(() => c.sockets.length === 2 && c.sockets[1]!.subscribedAt !== undefined && c.sockets[0]!.closed, WAIT, 'the refresh');
    assert.equal(c.connectionRequests.length, 2, 'fresh connection details for the new socket');
    assert.notEqual(c.sockets[1]!.url, c.sockets[0]!.url);
    assert.ok(c.sockets[1]!.subscribedAt! < c.sockets[0]!.closedAt!, 'the new socket was subscribed while the old one was still open');
    assert.equal(c.sockets[1]!.closed, false);
    await waitFor(() => srv.services.hub.chatSocketCount(c.contactId) === 1, WAIT, 'one socket left at the server');

    const reply = await agent.sendMessage(c.contactId, 'an hour later');
    await c.waitForEvent('message', (d) => d?.Id === reply.Id, 'the message after the refresh');
    assert.equal((await c.eventsNamed('message')).filter((e) => e.data?.Id === reply.Id).length, 1);
    // A refresh is not a lost connection.
    assert.deepEqual(await c.eventsNamed('lost'), []);
  });

  test('in a one-hour chat the connection token Expiry is a day away, so chatjs has no token refresh due in its last minute (a capped Expiry made it loop)', async () => {
    const connect = demoConnectClient(srv);
    let chat: StartedChat;
    try {
      const started = await connect.send(new StartChatContactCommand({
        InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Hour' }, ChatDurationInMinutes: 60,
      }));
      chat = { ContactId: started.ContactId!, ParticipantId: started.ParticipantId!, ParticipantToken: started.ParticipantToken! };
    } finally {
      connect.destroy();
    }
    const { c, result } = await connectPage(chat, { clock: true });
    assert.deepEqual(result, { connectSuccess: true, connectCalled: true });
    await waitFor(() => c.subscribedSockets().length === 1, WAIT, 'the first socket');
    // chatjs fetches a new token at Expiry − 60 s, then schedules the next fetch from the new Expiry.
    const msToRefresh = () => c.page.evaluate(() => (window as any).session.controller.connectionHelper.getTimeToConnectionTokenExpiry() as number);
    assert.ok((await msToRefresh()) > 60 * 60 * 1000, 'no token refresh due during the chat');
    // Into the chat's last minute; chatjs's socket refresh (3540 s) comes due, and nothing else.
    await c.page.clock.fastForward(3540 * 1000);
    await waitFor(() => c.sockets.length === 2 && c.sockets[1]!.subscribedAt !== undefined, WAIT, 'the socket refresh');
    assert.equal(c.connectionRequests.length, 2, 'CreateParticipantConnection for connect() and for the socket refresh only');
    assert.ok((await msToRefresh()) > 0, 'the next token refresh is still ahead');
  });

  test('a 403 from CreateParticipantConnection while reconnecting (the chat ended meanwhile) makes chatjs fire onEnded', async () => {
    const c = await customer('Nora');
    await agentTakes(c);
    // Hold chatjs's next CreateParticipantConnection until the chat has ended, so the end is not seen on any socket.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    await c.page.route(`${srv.url}/participant/connection`, async (route: Route) => {
      if (route.request().method() !== 'POST') return route.continue();
      held++;
      await gate;
      await route.continue();
    });
    assert.equal(srv.services.hub.closeChatSockets(c.contactId), 1);
    await waitFor(() => held === 1, WAIT, 'the reconnect held');
    await agent.leave(c.contactId);
    await waitFor(() => contactOf(srv, c.contactId).status === 'ended', WAIT, 'the chat ended');
    assert.equal((await c.eventsNamed('ended')).length, 0, 'the end was not seen yet');
    release();
    const response = await waitFor(async () => {
      const last = c.connectionRequests.at(-1);
      return last ? await last.response() : undefined;
    }, WAIT, 'the CreateParticipantConnection answer');
    assert.equal(response.status(), 403);
    await c.waitForEvent('ended', () => true, 'onEnded after the 403');
    // chatjs synthesises the ended event (DUMMY_ENDED_EVENT) and passes it to onMessage as well.
    const ended = await c.waitForEvent('message', (d) => d?.ContentType === EVENT.chatEnded, 'the synthesised chat.ended');
    assert.equal(ended.data.Id, '');
  });
});
