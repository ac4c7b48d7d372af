/**
 * The CCP loses its connection to the server mid-chat (a network drop, or the server closing a socket
 * whose client fell behind): what the customer wrote meanwhile is not sent again live, so the CCP fetches
 * its chats' transcripts anew once it is back, and shows it. Real browser, real server process.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebSocketRoute } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'reconnect-demo-password';
const skip = browserSkipReason();

describe('the CCP after a lost connection, in a real browser', { skip }, () => {
  let rig: DemoBrowser;

  before(async () => {
    rig = await startDemoBrowser('reconnect', PASSWORD);
  });
  after(async () => {
    await rig?.close();
  });

  test('a message the customer sends while the CCP is offline shows in the CCP once it reconnects', async () => {
    // The CCP's socket goes through the test, which can cut it and keep it from coming back for a while.
    const agent = await (await rig.browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
    let allowed = true;
    const live: WebSocketRoute[] = [];
    await agent.routeWebSocket(/\/agent\/ws/, (ws) => {
      if (!allowed) return void ws.close({ code: 1001, reason: 'the network is down' });
      ws.connectToServer();
      live.push(ws);
    });
    await signInAgent(agent, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    const customer = await (await rig.browser.newContext()).newPage();
    await startCustomerChat(customer, rig.demo.urls.chat, 'Olga');
    await acceptChat(agent);
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');

    // The agent's connection drops and stays down: the CCP shows that it is reconnecting.
    allowed = false;
    for (const ws of live.splice(0)) await ws.close({ code: 1001, reason: 'the network is down' });
    await agent.waitForSelector('[data-testid=connection][data-online=false]', { timeout: 15_000 });
    await customer.fill('[data-testid=composer]', 'Are you still there?');
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector('text=Are you still there?');

    allowed = true;
    await agent.waitForSelector('[data-testid=connection][data-online=true]', { timeout: 20_000 });
    await agent.waitForSelector('text=Are you still there?', { timeout: 10_000 });
    assert.equal(await agent.locator('text=Are you still there?').count(), 1, 'shown once');
    await agent.context().close();
    await customer.context().close();
  });
});
