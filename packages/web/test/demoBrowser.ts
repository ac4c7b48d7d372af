/**
 * What the browser tests share: a demo server with Chromium for a describe block, and the steps every
 * chat test takes on the chat page and in the CCP.
 */
import type { Browser, Page } from 'playwright-core';
import { launch, signInAgent } from './browser.ts';
import { startDemoServer, type DemoServer, type ServerProcess } from './serverProcess.ts';

export interface DemoBrowser {
  server: ServerProcess;
  demo: DemoServer['demo'];
  browser: Browser;
  /** Closes the browser, then stops the server and removes its data dir. */
  close(): Promise<void>;
}

/** Starts the real server with a fresh demo instance (agents' password `password`; `env`: more settings) and launches Chromium; on a failure, closes what it made. */
export async function startDemoBrowser(name: string, password: string, env: Record<string, string> = {}): Promise<DemoBrowser> {
  let demoServer: DemoServer | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    await demoServer?.stop();
  };
  try {
    demoServer = await startDemoServer(name, password, env);
    browser = await launch();
    return { server: demoServer.server, demo: demoServer.demo, browser, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A CCP page in a browser context of its own, signed in as the agent with the status. */
export async function signInInNewContext(browser: Browser, ccpUrl: string, username: string, password: string, status: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
  await signInAgent(page, ccpUrl, username, password, status);
  return page;
}

/** The customer opens the chat page and starts a chat under the display name. */
export async function startCustomerChat(customer: Page, chatUrl: string, displayName: string): Promise<void> {
  await customer.goto(chatUrl);
  await customer.fill('[data-testid=display-name]', displayName);
  await customer.click('[data-testid=start-chat]');
}

/** The agent accepts the offer the CCP shows, and the chat's composer appears. */
export async function acceptChat(agent: Page): Promise<void> {
  await agent.waitForSelector('[data-testid=accept]');
  await agent.click('[data-testid=accept]');
  await agent.waitForSelector('[data-testid=composer]');
}
