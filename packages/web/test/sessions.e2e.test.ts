/**
 * Logging out of the CCP in a real browser, against the real server process: the page goes back to the
 * login, the old token no longer opens the agent socket, and the agent's other session (another
 * browser) stays signed in and sees them Offline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { signInInNewContext, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'sessions-demo-password';
const skip = browserSkipReason();

/** Whether the page can open the agent socket with a token: 'open', or 'refused' (the upgrade answered other than 101). */
function openSocket(page: Page, token: string): Promise<'open' | 'refused'> {
  return page.evaluate((t) => new Promise<'open' | 'refused'>((resolve) => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(t)}`);
    ws.onopen = () => {
      ws.close();
      resolve('open');
    };
    ws.onclose = () => resolve('refused');
  }), token);
}

/** The agent session token the CCP keeps in localStorage, if any. */
const storedToken = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('switchboard.agentSession') ?? 'null') as { token: string } | null)?.token);

describe('logging out of the CCP in a real browser', { skip }, () => {
  let rig: DemoBrowser;

  before(async () => {
    rig = await startDemoBrowser('sessions', PASSWORD);
  });
  after(async () => {
    await rig?.close();
  });

  test('Log out ends the session: the page shows the login, the old token no longer opens the socket, and another session of the agent stays', async () => {
    const ccp = rig.demo.urls.ccp;
    const page = await signInInNewContext(rig.browser, ccp, 'agent1', PASSWORD, 'Available');
    const other = await signInInNewContext(rig.browser, ccp, 'agent1', PASSWORD, 'Available');
    await page.waitForSelector('[data-testid=connection][data-online=true]');
    const token = await storedToken(page);
    assert.ok(token, 'the CCP keeps its session');
    assert.equal(await openSocket(page, token), 'open', 'the token opens the socket before the logout');

    await page.click('[data-testid=log-out]');
    await page.waitForSelector('[data-testid=sign-in]');
    assert.equal(await storedToken(page), undefined, 'the session is no longer kept');
    assert.equal(await openSocket(page, token), 'refused');
    const check = await page.evaluate(async (t) => (await fetch('/agent/session', { headers: { authorization: `Bearer ${t}` } })).status, token);
    assert.equal(check, 403);

    // The agent's other session goes on, and shows them Offline (logging out sets the agent Offline).
    await other.waitForFunction(() => (document.querySelector('[data-testid=status]') as HTMLSelectElement | null)?.selectedOptions[0]?.textContent === 'Offline');
    assert.equal(await other.getAttribute('[data-testid=connection]', 'data-online'), 'true');
    const otherToken = await storedToken(other);
    assert.ok(otherToken && otherToken !== token);
    assert.equal(await openSocket(other, otherToken), 'open');

    // A reload of the logged-out page stays on the login.
    await page.reload();
    await page.waitForSelector('[data-testid=sign-in]');
    await page.context().close();
    await other.context().close();
  });
});
