/**
 * The development phone in real browsers: the CCP's dialler rings it, it answers with its (fake)
 * microphone and the agent and the phone hear each other; then the phone calls the contact center.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import type { DemoServer } from './serverProcess.ts';
import { hears, twoMicrophones, until, type TwoMicrophones } from './audioPages.ts';

const PASSWORD = 'dev-phone-e2e-password';
const PHONE_HZ = 934;
const AGENT_HZ = 1480;
const NUMBER = '+12065550142';
const skip = browserSkipReason();
const root = join(import.meta.dirname, '..', '..', '..');
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');

describe('the development phone', { skip }, () => {
  let rig: TwoMicrophones;
  let server: DemoServer;
  let agent: Page;
  let phone: Page;

  before(async () => {
    rig = await twoMicrophones('dev-phone', PASSWORD, [AGENT_HZ, PHONE_HZ], [{ width: 1100, height: 720 }, { width: 420, height: 720 }]);
    server = rig.server;
    [agent, phone] = rig.pages;
  });
  after(async () => {
    await rig?.close();
  });

  test('the CCP dials the phone\'s number: it rings, answers, and the two hear each other', async () => {
    const url = new URL(server.demo.urls.phone);
    url.searchParams.set('number', NUMBER);
    await phone.goto(url.toString());
    await phone.waitForSelector('text=Development phone');
    await signInAgent(agent, server.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await agent.fill('[data-testid=outbound-number]', NUMBER);
    await agent.click('[data-testid=outbound-call]');
    await phone.waitForSelector('[data-testid=ringing]');
    await phone.click('[data-testid=answer]');
    await phone.waitForSelector('[data-testid=in-call][data-state=connected]');
    await agent.waitForSelector(`[data-testid=connection][data-name="${NUMBER}"][data-state=connected]`);
    await until('the phone hears the agent', async () => (await hears(phone, [AGENT_HZ]))[AGENT_HZ]!);
    await until('the agent hears the phone', async () => (await hears(agent, [PHONE_HZ]))[PHONE_HZ]!);
    assert.deepEqual(await hears(phone, [PHONE_HZ, AGENT_HZ]), { [PHONE_HZ]: false, [AGENT_HZ]: true });
    await phone.screenshot({ path: join(shots, 'dev-phone.png') });
  });

  test('the agent ends the call: the phone hangs up too', async () => {
    await agent.click('[data-testid=end-call]');
    await phone.waitForSelector('[data-testid=dial-in]');
    await agent.click('[data-testid=clear]');
  });

  test('the phone calls the contact center: the CCP is offered the call from its number', async () => {
    await phone.click('[data-testid=dial-in]');
    await agent.waitForSelector(`[data-testid=offer] >> text=${NUMBER}`);
    await agent.click('[data-testid=accept]');
    await agent.waitForSelector('[data-testid=softphone][data-status=live]');
    await until('the agent hears the phone', async () => (await hears(agent, [PHONE_HZ]))[PHONE_HZ]!);
    await phone.click('[data-testid=hang-up]');
    await agent.waitForSelector('[data-testid=acw-timer]');
  });
});
