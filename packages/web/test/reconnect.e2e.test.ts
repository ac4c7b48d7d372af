/**
 * A page loses its socket mid-chat (a network drop, or the server closing a socket whose client fell
 * behind): what was written meanwhile is not sent again live, so the page catches up from the transcript
 * once it is back — the CCP fetches its chats' transcripts anew, the chat page's ChatSession pages back
 * to the last item it saw. Real browser, real server process; each page's socket is routed through the
 * test, which cuts it and holds it down.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page, WebSocketRoute } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'reconnect-demo-password';
const skip = browserSkipReason();

/** Routes a page's WebSockets matching `url` through the test: `cut()` closes them and refuses new ones until `restore()`. */
async function cuttable(page: Page, url: RegExp): Promise<{ cut(): Promise<void>; restore(): void }> {
  let allowed = true;
  const live: WebSocketRoute[] = [];
  await page.routeWebSocket(url, (ws) => {
    if (!allowed) return void ws.close({ code: 1001, reason: 'the network is down' });
    ws.connectToServer();
    live.push(ws);
  });
  return {
    async cut() {
      allowed = false;
      for (const ws of live.splice(0)) await ws.close({ code: 1001, reason: 'the network is down' });
    },
    restore() {
      allowed = true;
    },
  };
}

describe('pages after a lost connection, in a real browser', { skip }, () => {
  let rig: DemoBrowser;

  before(async () => {
    rig = await startDemoBrowser('reconnect', PASSWORD);
  });
  after(async () => {
    await rig?.close();
  });

  /** An agent's CCP and a customer's chat page in a chat the agent accepted; `which` page's socket can be cut. */
  async function chat(username: string, name: string, which: 'agent' | 'customer') {
    const agent = await (await rig.browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
    const customer = await (await rig.browser.newContext()).newPage();
    const link = which === 'agent' ? await cuttable(agent, /\/agent\/ws/) : await cuttable(customer, /\/participant\/ws/);
    await signInAgent(agent, rig.demo.urls.ccp, username, PASSWORD, 'Available');
    await startCustomerChat(customer, rig.demo.urls.chat, name);
    await acceptChat(agent);
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    return { agent, customer, link, async close() {
      await agent.context().close();
      await customer.context().close();
    } };
  }

  test('a message the customer sends while the CCP is offline shows in the CCP once it reconnects', async () => {
    const { agent, customer, link, close } = await chat('agent1', 'Olga', 'agent');
    await link.cut();
    await agent.waitForSelector('[data-testid=connection][data-online=false]', { timeout: 15_000 });
    await customer.fill('[data-testid=composer]', 'Are you still there?');
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector('text=Are you still there?');
    link.restore();
    await agent.waitForSelector('[data-testid=connection][data-online=true]', { timeout: 20_000 });
    await agent.waitForSelector('text=Are you still there?', { timeout: 10_000 });
    assert.equal(await agent.locator('text=Are you still there?').count(), 1, 'shown once');
    await close();
  });

  test('a message the agent sends while the chat page is offline shows on the chat page once it reconnects', async () => {
    const { agent, customer, link, close } = await chat('agent2', 'Pia', 'customer');
    await link.cut();
    await agent.fill('[data-testid=composer]', 'Your order has shipped.');
    await agent.click('[data-testid=send]');
    await agent.waitForSelector('text=Your order has shipped.');
    // Held down long enough that the message is sent while the page has no socket.
    await customer.waitForTimeout(500);
    assert.equal(await customer.locator('text=Your order has shipped.').count(), 0, 'not delivered while the socket is down');
    await customer.waitForSelector('text=Reconnecting…', { timeout: 10_000 });
    link.restore();
    await customer.waitForSelector('text=Chatting as Pia', { timeout: 30_000 });
    await customer.waitForSelector('text=Your order has shipped.', { timeout: 30_000 });
    assert.equal(await customer.locator('text=Your order has shipped.').count(), 1, 'shown once');
    await close();
  });
});
