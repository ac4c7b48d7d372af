/**
 * The demo's menu on a call from the web page: the flow speaks the question, the customer presses 2 on
 * the page's keypad (DTMF in the audio path, RFC 4733), the bridge collects the digit and the flow puts
 * the call in the Support queue — the CCP is offered it from Support.
 */
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import type { DemoServer } from './serverProcess.ts';
import { loudness, twoMicrophones, until, type TwoMicrophones } from './audioPages.ts';

const PASSWORD = 'call-menu-e2e-password';
const skip = browserSkipReason();

describe('the demo menu on a web call', { skip }, () => {
  let rig: TwoMicrophones;
  let server: DemoServer;
  let agent: Page;
  let customer: Page;

  before(async () => {
    rig = await twoMicrophones('call-menu', PASSWORD, [1000, 440], [{ width: 1100, height: 720 }, { width: 800, height: 720 }], { SWITCHBOARD_DEMO_MENU: '1' });
    server = rig.server;
    [agent, customer] = rig.pages;
  });
  after(async () => { await rig?.close(); });

  test('the caller hears the menu, presses 2 on the page, and the call is offered from the Support queue', async () => {
    await signInAgent(agent, server.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await customer.goto(server.demo.urls.call);
    await customer.fill('[data-testid=caller-name]', 'Dora Digits');
    await customer.click('[data-testid=start-call]');
    await customer.waitForSelector('[data-testid=in-call]');
    await until('the menu spoken to the caller', async () => (await loudness(customer)) > 0.005, 15_000);
    // A key pressed while the greeting plays is not an answer (the flow is not asking yet); one pressed while
    // the question plays is (the prompt stops at the first digit). The caller presses 2 until the menu takes it.
    await until('the menu takes the 2', async () => {
      await customer.click('[data-testid=key-2]');
      await new Promise((r) => setTimeout(r, 1_500));
      return (await agent.locator('[data-testid=offer] >> text=Dora Digits').count()) > 0;
    }, 30_000);
    await agent.waitForSelector('[data-testid=offer] >> text=Queue: Support');
  });
});
