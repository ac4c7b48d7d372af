/**
 * The admin console in Chromium: the demo's administrator signs in, creates a queue and a user through
 * the forms and sees them listed; a refused change shows its exception and message; an agent-profile
 * user sees no admin pages and the API refuses their token; the console fits a 700 px window.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';
import { scratch, shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'admin-e2e-password';
const skip = browserSkipReason();

describe('the admin console', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;

  before(async () => {
    rig = await startDemoBrowser('admin-e2e', PASSWORD);
    admin = await (await rig.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });
  after(async () => {
    await rig?.close();
  });

  test('the demo administrator signs in and sees every page', async () => {
    await signInConsole(admin, rig.server.url, 'admin', PASSWORD);
    const nav = await admin.locator('nav a').allTextContents();
    assert.deepEqual(nav, ['Dashboard', 'Reports', 'Contacts', 'Users', 'Security profiles', 'Queues', 'Routing profiles', 'Agent statuses', 'Hours of operation', 'Quick connects', 'Flows', 'Phone numbers', 'Instance settings']);
  });

  test('a queue created through the form is listed, renamed and disabled', async () => {
    await admin.click('[data-testid=nav-queues]');
    await admin.waitForSelector('[data-testid=queue-row] >> text=BasicQueue');
    await admin.click('[data-testid=new-queue]');
    await admin.fill('[data-testid=queue-name]', 'Billing');
    await admin.fill('[data-testid=queue-description]', 'Invoices and refunds');
    await admin.click('[data-testid=queue-form-submit]');
    await admin.waitForSelector('[data-testid=done] >> text=Queue Billing created.');
    await admin.waitForSelector('[data-testid=queue-row] >> text=Billing');
    // Rename it, then disable it: the row says so.
    await admin.locator('[data-testid=queue-row]', { hasText: 'Billing' }).locator('[data-testid=rename]').click();
    await admin.fill('[data-testid=rename-input]', 'Billing and refunds');
    await admin.click('[data-testid=rename-save]');
    const row = admin.locator('[data-testid=queue-row]', { hasText: 'Billing and refunds' });
    await row.waitFor();
    await row.locator('[data-testid=toggle-status]').click();
    await row.locator('text=Disabled').waitFor();
  });

  test('a user created through the form is listed with their security profile; a duplicate shows its exception', async () => {
    await admin.click('[data-testid=nav-users]');
    await admin.waitForSelector('[data-testid=user-row] >> text=agent1');
    await admin.click('[data-testid=new-user]');
    await admin.fill('[data-testid=user-username]', 'maria');
    await admin.fill('[data-testid=user-password]', 'Maria-pass-123');
    await admin.fill('[data-testid=user-first]', 'Maria');
    await admin.fill('[data-testid=user-last]', 'Lopez');
    await admin.check('[data-testid=security-CallCenterManager]');
    await admin.click('[data-testid=user-form-submit]');
    await admin.waitForSelector('[data-testid=done] >> text=User maria created.');
    const row = admin.locator('[data-testid=user-row]', { hasText: 'maria' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /CallCenterManager/);
    assert.match((await row.textContent()) ?? '', /Basic Routing Profile/);
    // The same username again: refused, and the page says why in the API's own words.
    await admin.click('[data-testid=new-user]');
    await admin.fill('[data-testid=user-username]', 'maria');
    await admin.fill('[data-testid=user-password]', 'Maria-pass-123');
    await admin.click('[data-testid=user-form-submit]');
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^DuplicateResourceException: /);
    await admin.click('[data-testid=user-form] >> text=Cancel');
    await admin.screenshot({ path: join(shots, 'admin-users.png') });
  });

  test('a user with only the Agent profile sees no admin pages, and the API refuses their token', async () => {
    const agent = await (await rig.browser.newContext({ viewport: { width: 1000, height: 700 } })).newPage();
    try {
      await signInConsole(agent, rig.server.url, 'agent1', PASSWORD);
      await agent.waitForSelector('[data-testid=no-access]');
      assert.equal(await agent.locator('nav a').count(), 0);
      const answer = await agent.evaluate(async (instanceId) => {
        const token = (JSON.parse(localStorage.getItem('switchboard.adminSession')!) as { token: string }).token;
        const r = await fetch(`/queues-summary/${instanceId}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: r.status, type: r.headers.get('x-amzn-errortype') };
      }, rig.demo.instanceId);
      assert.deepEqual(answer, { status: 403, type: 'AccessDeniedException' });
    } finally {
      await agent.context().close();
    }
  });

  test('a manager (CallCenterManager) sees the pages but no delete button for users', async () => {
    const manager = await (await rig.browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
    try {
      await signInConsole(manager, rig.server.url, 'maria', 'Maria-pass-123');
      await manager.click('[data-testid=nav-users]');
      await manager.waitForSelector('[data-testid=user-row] >> text=agent1');
      assert.equal(await manager.locator('[data-testid=delete-user]').count(), 0);
      assert.ok(await manager.locator('[data-testid=new-user]').count() === 1);
    } finally {
      await manager.context().close();
    }
  });

  test('at 700 px the pages fit the window: the page list becomes tabs, nothing scrolls sideways', async () => {
    await admin.setViewportSize({ width: 700, height: 800 });
    for (const page of ['users', 'queues', 'routing-profiles', 'hours']) {
      await admin.click(`[data-testid=nav-${page}]`);
      await admin.waitForSelector(`[data-testid=page-${page}] table tbody tr`);
      const width = await admin.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 700, `${page} is ${width} px wide`);
      await admin.screenshot({ path: join(scratch, `admin-700-${page}.png`) });
    }
    await admin.setViewportSize({ width: 1280, height: 800 });
  });
});
