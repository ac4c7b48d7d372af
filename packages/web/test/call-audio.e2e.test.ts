/**
 * A call with sound, in real browsers: a customer calls from the "call us" page (web calling) with a fake
 * microphone playing 934 Hz; agent1 answers in the CCP with a fake microphone playing 1480 Hz. What each
 * page hears is measured in the page (Web Audio on the call's remote stream): exactly whom the rules allow.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import type { DemoServer } from './serverProcess.ts';
import { hears, loudness, twoMicrophones, until, type TwoMicrophones } from './audioPages.ts';

const PASSWORD = 'call-audio-e2e-password';
// Off the hold music's notes (C, Am, F, G in several octaves: A4 = 440 Hz is in it), so music is not mistaken for a party.
const CUSTOMER_HZ = 934;
const AGENT_HZ = 1480;
const skip = browserSkipReason();
const root = join(import.meta.dirname, '..', '..', '..');
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');

describe('a call with sound between the call-us page and the CCP', { skip }, () => {
  let rig: TwoMicrophones;
  let server: DemoServer;
  let agent: Page;
  let customer: Page;

  before(async () => {
    rig = await twoMicrophones('call-audio', PASSWORD, [AGENT_HZ, CUSTOMER_HZ], [{ width: 1100, height: 720 }, { width: 800, height: 720 }]);
    server = rig.server;
    [agent, customer] = rig.pages;
  });
  after(async () => {
    await rig?.close();
  });

  test('the customer calls from the web page and waits in the queue with music', async () => {
    await signInAgent(agent, server.demo.urls.ccp, 'agent1', PASSWORD, 'Offline');
    await customer.goto(server.demo.urls.call);
    await customer.fill('[data-testid=caller-name]', 'Wendy Web');
    await customer.click('[data-testid=start-call]');
    await customer.waitForSelector('[data-testid=in-call][data-state=QUEUED]');
    // The demo's customer queue flow first speaks the caller's place in the queue (speech has energy at any
    // frequency, the parties' tones included), then plays music: what the caller comes to hear is music, with
    // neither party's tone in it. A leak of a party's audio would last, and this would time out.
    await until('queue music, without the parties\' tones, on the call page', async () =>
      (await loudness(customer)) > 0.005 && Object.values(await hears(customer, [CUSTOMER_HZ, AGENT_HZ])).every((heard) => !heard), 20_000);
  });

  test('agent1 answers: each hears the other and not themselves', async () => {
    await agent.selectOption('[data-testid=status]', { label: 'Available' });
    await agent.waitForSelector('[data-testid=offer] >> text=Wendy Web');
    await agent.click('[data-testid=accept]');
    await agent.waitForSelector('[data-testid=softphone][data-status=live]');
    await customer.waitForSelector('[data-testid=in-call][data-state=CONNECTED]');
    await until('the customer hears the agent', async () => (await hears(customer, [AGENT_HZ]))[AGENT_HZ]!);
    await until('the agent hears the customer', async () => (await hears(agent, [CUSTOMER_HZ]))[CUSTOMER_HZ]!);
    assert.deepEqual(await hears(customer, [CUSTOMER_HZ, AGENT_HZ]), { [CUSTOMER_HZ]: false, [AGENT_HZ]: true });
    assert.deepEqual(await hears(agent, [CUSTOMER_HZ, AGENT_HZ]), { [CUSTOMER_HZ]: true, [AGENT_HZ]: false });
    await agent.screenshot({ path: join(shots, 'ccp-call-audio.png') });
  });

  test('a held customer hears hold music, not the agent; the agent hears nobody', async () => {
    await agent.locator('[data-testid=connection][data-name="Wendy Web"] [data-testid=hold]').click();
    await customer.waitForSelector('[data-testid=in-call][data-state=ON_HOLD]');
    await until('the hold takes effect', async () => !(await hears(customer, [AGENT_HZ]))[AGENT_HZ] && !(await hears(agent, [CUSTOMER_HZ]))[CUSTOMER_HZ]);
    assert.ok((await loudness(customer)) > 0.005, 'the held customer hears hold music');
    await agent.locator('[data-testid=connection][data-name="Wendy Web"] [data-testid=resume]').click();
    await until('they hear each other again', async () => (await hears(customer, [AGENT_HZ]))[AGENT_HZ]! && (await hears(agent, [CUSTOMER_HZ]))[CUSTOMER_HZ]!);
  });

  test('the CCP gets its audio back after a reload mid-call, and the call goes on', async () => {
    await agent.reload();
    await agent.waitForSelector('[data-testid=softphone][data-status=live]');
    await until('the agent hears the customer after the reload', async () => (await hears(agent, [CUSTOMER_HZ]))[CUSTOMER_HZ]!);
    await until('the customer hears the agent after the reload', async () => (await hears(customer, [AGENT_HZ]))[AGENT_HZ]!);
  });

  test('the customer hangs up: the CCP goes to after contact work and the softphone stops', async () => {
    await customer.click('[data-testid=hang-up]');
    await customer.waitForSelector('[data-testid=call-ended]');
    await agent.waitForSelector('[data-testid=acw-timer]');
    assert.equal(await agent.locator('[data-testid=softphone]').count(), 0);
    await agent.click('[data-testid=clear]');
  });
});
