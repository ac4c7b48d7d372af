/**
 * A recorded call in the admin console, in Chromium: a customer calls from the "call us" page (a fake
 * microphone playing a tone), agent1 answers in the CCP and they hear each other; the server records the call
 * (SWITCHBOARD_RECORD_CALLS). The administrator finds the call in Contacts, opens it and loads its recording:
 * the player's source is an object URL of the WAV the server sent, and the browser reads it as audio of the
 * call's length.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { hears, twoMicrophones, until, type TwoMicrophones } from './audioPages.ts';
import { join } from 'node:path';
import { scratch, signInConsole } from './adminPages.ts';

const PASSWORD = 'admin-recording-e2e-password';
const CUSTOMER_HZ = 934;
const AGENT_HZ = 1480;
const skip = browserSkipReason();

describe('a call recording in the admin console', { skip }, () => {
  let rig: TwoMicrophones;
  let agent: Page;
  let customer: Page;

  before(async () => {
    rig = await twoMicrophones('admin-recording', PASSWORD, [AGENT_HZ, CUSTOMER_HZ], [{ width: 1100, height: 720 }, { width: 800, height: 720 }], { SWITCHBOARD_RECORD_CALLS: '1' });
    [agent, customer] = rig.pages;
  });
  after(async () => {
    await rig?.close();
  });

  test('the administrator opens a recorded call and its recording plays from the file the server recorded', async () => {
    const { demo } = rig.server;
    await signInAgent(agent, demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await customer.goto(demo.urls.call);
    await customer.fill('[data-testid=caller-name]', 'Rita Recorded');
    await customer.click('[data-testid=start-call]');
    await agent.waitForSelector('[data-testid=offer] >> text=Rita Recorded');
    await agent.click('[data-testid=accept]');
    await agent.waitForSelector('[data-testid=softphone][data-status=live]');
    await until('the agent hears the customer', async () => (await hears(agent, [CUSTOMER_HZ]))[CUSTOMER_HZ]!);
    await customer.click('[data-testid=hang-up]');
    await customer.waitForSelector('[data-testid=call-ended]');
    await agent.waitForSelector('[data-testid=acw-timer]');
    await agent.click('[data-testid=clear]');

    const admin = await (await agent.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInConsole(admin, rig.server.server.url, 'admin', PASSWORD);
    await admin.click('[data-testid=nav-contacts]');
    await admin.waitForSelector('[data-testid=contacts-table]');
    await admin.selectOption('[data-testid=search-channel]', 'VOICE');
    await admin.click('[data-testid=search-submit]');
    await admin.locator('[data-testid=contact-row] >> text=agent1').waitFor();
    await admin.locator('[data-testid=contact-row] [data-testid=open-contact]').first().click();
    await admin.waitForSelector('[data-testid=recordings]');
    // The recording is listed once media has closed its file: refresh the contact until it is.
    await until('the recording listed', async () => {
      if (await admin.locator('[data-testid=load-recording]').count() > 0) return true;
      await admin.click('[data-testid=refresh-contact]');
      await admin.waitForSelector('[data-testid=recordings]');
      return false;
    }, 30_000);
    await admin.click('[data-testid=load-recording]');
    const audio = admin.locator('[data-testid=recording-audio]');
    await audio.waitFor();
    assert.match((await audio.getAttribute('src'))!, /^blob:/);
    // Playable: the browser has read the WAV's header and knows how long it is.
    await admin.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('[data-testid=recording-audio]');
      return a !== null && a.error === null && a.readyState >= HTMLMediaElement.HAVE_METADATA && a.duration > 0;
    });
    await admin.screenshot({ path: join(scratch, 'admin-contact-recording.png'), fullPage: true });
    await admin.context().close();
  });
});
