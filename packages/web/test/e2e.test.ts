/**
 * The walking skeleton in a real browser: an agent in the CCP and a customer on the chat page, against
 * the real server process (`npm start`'s entry point), including kill -9 and a restart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';
import type { ServerProcess } from './serverProcess.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASSWORD = 'e2e-demo-password';
const skip = browserSkipReason();

/** UPDATE_SCREENSHOTS=1 writes the README's screenshot; otherwise screenshots go to .tmp/. */
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');

describe('one chat contact end to end in a real browser', { skip }, () => {
  let rig: DemoBrowser;
  let server: ServerProcess;
  let agent: Page;
  let customer: Page;
  let demo: DemoBrowser['demo'];

  before(async () => {
    mkdirSync(shots, { recursive: true });
    rig = await startDemoBrowser('e2e', PASSWORD);
    ({ server, demo } = rig);
    agent = await rig.browser.newPage({ viewport: { width: 1100, height: 680 } });
    customer = await rig.browser.newPage({ viewport: { width: 520, height: 680 } });
  });

  after(async () => {
    await rig?.close();
  });

  test('the agent signs in to the CCP and sets their status to Available', async () => {
    await agent.goto(demo.urls.ccp);
    await agent.fill('[data-testid=username]', 'agent1');
    await agent.fill('[data-testid=password]', 'wrong password');
    await agent.click('[data-testid=sign-in]');
    await agent.waitForSelector('[data-testid=login-error]');
    await agent.fill('[data-testid=password]', PASSWORD);
    await agent.click('[data-testid=sign-in]');
    await agent.waitForSelector('[data-testid=status]');
    await agent.selectOption('[data-testid=status]', { label: 'Available' });
    await agent.waitForSelector('text=Waiting for contacts');
  });

  test('the customer starts a chat and says hello; the agent gets a 20-second offer and accepts it', async () => {
    await startCustomerChat(customer, demo.urls.chat, 'Ann');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await customer.fill('[data-testid=composer]', 'hello');
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector('[data-testid=message] >> text=hello');

    await agent.waitForSelector('[data-testid=offer]');
    const countdown = Number((await agent.textContent('[data-testid=countdown]'))!.match(/\d+/)![0]);
    assert.ok(countdown > 0 && countdown <= 20, `countdown shows ${countdown} s`);
    assert.match((await agent.textContent('[data-testid=offer]'))!, /Ann/);
    await agent.click('[data-testid=accept]');
    // The agent sees everything said before they joined: the flow's greeting and the customer's hello.
    await agent.waitForSelector('[data-testid=message] >> text=hello');
    await agent.waitForSelector('[data-testid=message][data-role=SYSTEM]');
  });

  test('the agent replies and the customer sees the reply', async () => {
    await agent.fill('[data-testid=composer]', 'Hi Ann, how can I help?');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Hi Ann, how can I help?');
    await customer.fill('[data-testid=composer]', 'My order has not arrived.');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=My order has not arrived.');
    await agent.screenshot({ path: join(shots, 'ccp.png') });
    await customer.screenshot({ path: join(shots, 'chat.png') });
  });

  test('after kill -9 and a restart, the transcript and the agent are intact and both pages resume', async () => {
    await server.kill9();
    await server.start();
    await agent.reload();
    await customer.reload();
    for (const page of [agent, customer]) {
      await page.waitForSelector('[data-testid=message] >> text=hello');
      await page.waitForSelector('[data-testid=message] >> text=Hi Ann, how can I help?');
      await page.waitForSelector('[data-testid=message] >> text=My order has not arrived.');
    }
    assert.equal(await agent.locator('[data-testid=status] option:checked').textContent(), 'Available');
    // The chat goes on after the restart.
    await customer.fill('[data-testid=composer]', 'Still there?');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=Still there?');
  });

  test('when the server restarts under open pages, both reconnect by themselves and the chat goes on', async () => {
    await server.kill9();
    await agent.waitForSelector('[data-testid=connection][data-online=false]');
    await customer.waitForSelector('[data-testid=chat-status] >> text=Reconnecting');
    await server.start();
    await agent.waitForSelector('[data-testid=connection][data-online=true]');
    await customer.waitForSelector('[data-testid=chat-status] >> text=Chatting as Ann');
    await agent.fill('[data-testid=composer]', 'Sorry, we had a blip.');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Sorry, we had a blip.');
    await customer.fill('[data-testid=composer]', 'No problem.');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=No problem.');
  });

  test('the customer ends the chat; the agent goes to after contact work and clears the contact', async () => {
    await customer.click('[data-testid=end-chat]');
    await customer.waitForSelector('[data-testid=new-chat]');
    await agent.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent.waitForSelector('[data-testid=acw-timer]');
    await agent.screenshot({ path: join(shots, 'ccp-acw.png') });
    await agent.click('[data-testid=clear]');
    await agent.waitForSelector('text=Waiting for contacts');
  });

  test('the agent can end a chat too, and the customer sees it end', async () => {
    await customer.click('[data-testid=new-chat]');
    await customer.fill('[data-testid=display-name]', 'Ben');
    await customer.click('[data-testid=start-chat]');
    await agent.waitForSelector('[data-testid=offer] >> text=Ben');
    await agent.click('[data-testid=accept]');
    await agent.waitForSelector('[data-testid=end-chat]');
    await agent.click('[data-testid=end-chat]');
    await customer.waitForSelector('[data-testid=chat-status] >> text=This chat has ended');
    await agent.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent.click('[data-testid=clear]');
    await agent.waitForSelector('text=Waiting for contacts');
  });
});
