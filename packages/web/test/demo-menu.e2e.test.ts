/**
 * The demo's menu in a real browser (SWITCHBOARD_DEMO_MENU=1, the default outside tests): the chat page
 * shows the question, the customer types 2, the chat goes to Support and the agent gets it with what the
 * flow said.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'menu-e2e-password';
const QUESTION = 'Press 1 or type 1 for sales, 2 for support.';
const skip = browserSkipReason();

describe('the demo menu on the chat page', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;

  before(async () => {
    rig = await startDemoBrowser('menu-e2e', PASSWORD, { SWITCHBOARD_DEMO_MENU: '1' });
    agent = await rig.browser.newPage({ viewport: { width: 1100, height: 720 } });
    customer = await rig.browser.newPage({ viewport: { width: 520, height: 720 } });
    await signInAgent(agent, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
  });
  after(async () => {
    await rig?.close();
  });

  test('the customer is greeted and asked; typing 2 sends the chat to Support, and the agent sees what the flow said', async () => {
    await startCustomerChat(customer, rig.demo.urls.chat, 'Menu Mia');
    await customer.waitForSelector(`[data-testid=message] >> text=${QUESTION}`);
    assert.equal(await customer.locator('[data-testid=message] >> text=Thanks for contacting us.').count(), 1);
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await customer.fill('[data-testid=composer]', '2');
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector('[data-testid=message] >> text=Connecting you to Support. An agent will be with you shortly.');
    await acceptChat(agent);
    await agent.waitForSelector('[data-testid=message] >> text=Connecting you to Support. An agent will be with you shortly.');
    await agent.fill('[data-testid=composer]', 'Support here, how can I help?');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Support here, how can I help?');
  });

  test('the CCP\'s queue panel shows the demo\'s three queues', async () => {
    for (const name of ['BasicQueue', 'Sales', 'Support']) await agent.waitForSelector(`[data-testid=queue-row] >> text=${name}`);
  });
});
