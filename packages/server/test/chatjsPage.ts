/**
 * The real amazon-connect-chatjs for the browser tests: its version and browser bundle, and a small
 * static server for a test page. The page comes from its own 127.0.0.1 port, so every Participant
 * Service call chatjs makes to Switchboard is cross-origin, as it is for a widget on a customer's site.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { AgentClient } from '@switchboard/sdk';
import { launch } from '../../web/test/browser.ts';
import { startTestServer, type StartedChat, type TestServer } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';
import { AssociateApprovedOriginCommand } from '@aws-sdk/client-connect';

const require = createRequire(import.meta.url);
export const CHATJS_VERSION = (JSON.parse(readFileSync(require.resolve('amazon-connect-chatjs/package.json'), 'utf8')) as { version: string }).version;
const CHATJS_BUNDLE = readFileSync(require.resolve('amazon-connect-chatjs/dist/amazon-connect-chat.js'));

export interface PageServer {
  /** The page's URL (`/` on the server). */
  url: string;
  close(): Promise<void>;
}

/** Serves `html` at / and chatjs's bundle at /amazon-connect-chat.js (the page loads it with a script tag). */
export async function serveChatjsPage(html: string): Promise<PageServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/amazon-connect-chat.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(CHATJS_BUNDLE);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the chatjs browser tests run against. */
export interface ChatjsRig {
  srv: TestServer;
  /** The test page, from its own origin. */
  pageUrl: string;
  browser: Browser;
  /** agent1, connected (CCP socket open). */
  agent: AgentClient;
  /** Closes the agent, the browser, the page server and the test server. */
  close(): Promise<void>;
}

/** Starts a test server, serves the page, launches Chromium and connects agent1; on a failure, closes what it made. */
export async function startChatjsRig(html: string): Promise<ChatjsRig> {
  const made: { srv?: TestServer; pageServer?: PageServer; browser?: Browser; agent?: AgentClient } = {};
  const close = async (): Promise<void> => {
    made.agent?.close();
    await made.browser?.close();
    await made.pageServer?.close();
    await made.srv?.stop();
  };
  try {
    const srv = (made.srv = await startTestServer());
    const pageServer = (made.pageServer = await serveChatjsPage(html));
    // The page is a customer's site on its own origin: the instance approves it, as a real deployment must.
    const connect = demoConnectClient(srv, { maxAttempts: 1 });
    await connect.send(new AssociateApprovedOriginCommand({ InstanceId: srv.demo.instanceId, Origin: new URL(pageServer.url).origin }));
    connect.destroy();
    const browser = (made.browser = await launch());
    const agent = (made.agent = (await connectAgent(srv, 'agent1')).client);
    return { srv, pageUrl: pageServer.url, browser, agent, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Runs the page's startChat (a chatjs CUSTOMER session for the chat, connected) and returns what it returns. */
export function startChatInPage(page: Page, srv: TestServer, chat: StartedChat): Promise<any> {
  return page.evaluate(
    ([endpoint, region, details]) => (window as any).startChat(endpoint, region, details),
    [srv.url, srv.demo.region, { ContactId: chat.ContactId, ParticipantId: chat.ParticipantId, ParticipantToken: chat.ParticipantToken }] as const,
  );
}
