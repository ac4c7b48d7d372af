/**
 * The admin console's real-time dashboard in Chromium: while a chat waits in BasicQueue the queue's
 * count goes up, and down again when an agent becomes Available and is offered it; agents' statuses
 * show as they change in the CCP. A user without AccessMetrics has no dashboard.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { acceptChat, signInInNewContext, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';
import { shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'dashboard-e2e-password';
const skip = browserSkipReason();

describe('the admin console dashboard', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  const inQueue = (name: string) => admin.locator(`[data-testid=live-queue][data-queue="${name}"] [data-testid=in-queue]`);
  const agentRow = (username: string) => admin.locator(`[data-testid=live-agent][data-agent="${username}"]`);

  before(async () => {
    rig = await startDemoBrowser('dashboard-e2e', PASSWORD);
    admin = await (await rig.browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  });
  after(async () => {
    await rig?.close();
  });

  test('the queue count changes while a chat is queued, and agents show their status', async () => {
    await signInConsole(admin, rig.server.url, 'admin', PASSWORD);
    await admin.click('[data-testid=nav-dashboard]');
    await admin.waitForSelector('[data-testid=live-state].live');
    assert.equal(await inQueue('BasicQueue').textContent(), '0');

    // agent1 on a break: the chat has nobody to go to and waits.
    const agent1 = await signInInNewContext(rig.browser, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Break');
    await agentRow('agent1').locator('text=Break').waitFor();

    const started = await fetch(`${rig.server.url}/widget/${(rig.demo as unknown as { widgetId: string }).widgetId}/start-chat`, {
      method: 'POST', headers: { 'content-type': 'application/json', origin: rig.server.url }, body: JSON.stringify({ DisplayName: 'Waiting customer' }),
    });
    assert.equal(started.status, 200);
    await admin.waitForFunction(() => document.querySelector('[data-testid=live-queue][data-queue="BasicQueue"] [data-testid=in-queue]')?.textContent === '1');
    await admin.waitForFunction(() => document.querySelector('[data-testid=total-waiting]')?.textContent === '1');
    await admin.screenshot({ path: join(shots, 'admin-dashboard.png') });

    // agent2 becomes Available: the chat is offered to them (it waits in the queue until taken), they accept, it leaves the queue.
    const agent2 = await signInInNewContext(rig.browser, rig.demo.urls.ccp, 'agent2', PASSWORD, 'Available');
    await agentRow('agent2').locator('text=chat · offered').waitFor();
    await acceptChat(agent2);
    await admin.waitForFunction(() => document.querySelector('[data-testid=live-queue][data-queue="BasicQueue"] [data-testid=in-queue]')?.textContent === '0');
    await agentRow('agent2').locator('text=chat · on contact').waitFor();
    await agent1.context().close();
    await agent2.context().close();
  });

  test('a user without AccessMetrics (CallCenterManager has it, an Agent does not) gets no dashboard', async () => {
    const agent = await (await rig.browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
    try {
      await signInConsole(agent, rig.server.url, 'agent3', PASSWORD);
      await agent.waitForSelector('[data-testid=no-access]');
      assert.equal(await agent.locator('[data-testid=nav-dashboard]').count(), 0);
      // The socket itself refuses them too.
      const refused = await agent.evaluate(() => new Promise<boolean>((resolve) => {
        const token = (JSON.parse(localStorage.getItem('switchboard.adminSession')!) as { token: string }).token;
        const ws = new WebSocket(`ws://${location.host}/admin/socket?token=${encodeURIComponent(token)}`);
        ws.onopen = () => resolve(false);
        ws.onerror = () => resolve(true);
      }));
      assert.equal(refused, true);
    } finally {
      await agent.context().close();
    }
  });

  test('signing out of the console ends the session: its token is refused', async () => {
    const token = await admin.evaluate(() => (JSON.parse(localStorage.getItem('switchboard.adminSession')!) as { token: string }).token);
    await admin.click('[data-testid=sign-out]');
    await admin.waitForSelector('[data-testid=sign-in]');
    const r = await fetch(`${rig.server.url}/admin/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });
});
