/**
 * A chatjs customer in Chromium for the chatjs browser tests: the test page (chatjs's bundle and a
 * CUSTOMER session that records every event chatjs fires), the Customer that reads those events and
 * what the page did on the network, and the hooks that give a suite its server, browser and agent.
 */
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page, Request, WebSocket as PageSocket } from 'playwright-core';
import type { AgentClient, ChatItemView } from '@switchboard/sdk';
import { startChatInPage, startChatjsRig, type ChatjsRig } from './chatjsPage.ts';
import { anyContactOf, startWidgetChat, waitFor, type StartedChat, type TestServer } from './harness.ts';

export const EVENT = {
  typing: 'application/vnd.amazonaws.connect.event.typing',
  delivered: 'application/vnd.amazonaws.connect.event.message.delivered',
  read: 'application/vnd.amazonaws.connect.event.message.read',
  chatEnded: 'application/vnd.amazonaws.connect.event.chat.ended',
  joined: 'application/vnd.amazonaws.connect.event.participant.joined',
} as const;

/** Bounded waits: generous, since a browser is involved; they never measure anything. */
export const WAIT = 10_000;

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
export class Customer {
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

/** What the tests of a chatjs customer suite call. */
export interface CustomerSuite {
  connectPage(chat: StartedChat, options?: { clock?: boolean }): Promise<{ c: Customer; result: any }>;
  customer(name?: string, options?: { clock?: boolean }): Promise<Customer>;
  agentTakes(c: Customer): Promise<void>;
  agentItems(contactId: string): { items: ChatItemView[]; stop: () => void };
}

/**
 * Registers the suite's hooks in the calling describe: before all, a test server, the page's server,
 * Chromium and agent1 (the rig, handed to `onStart`); after each test, its pages closed, its chats
 * ended and the agent Offline with nothing to clear; after all, everything closed.
 */
export function customerSuite(onStart: (rig: ChatjsRig) => void): CustomerSuite {
  let rig: ChatjsRig | undefined;
  let srv: TestServer;
  let pageUrl: string;
  let browser: Browser;
  let agent: AgentClient;
  const customers: Customer[] = [];

  before(async () => {
    rig = await startChatjsRig(PAGE);
    ({ srv, pageUrl, browser, agent } = rig);
    onStart(rig);
  });

  after(async () => {
    await rig?.close();
  });

  // Every test leaves no chat going and the agent Offline with nothing to clear, so the next test's chat is the only one routed.
  afterEach(async () => {
    for (const customer of customers.splice(0)) {
      await customer.page.close();
      if ((await anyContactOf(srv, customer.contactId)).status !== 'ended') {
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

  return { connectPage, customer, agentTakes, agentItems };
}
