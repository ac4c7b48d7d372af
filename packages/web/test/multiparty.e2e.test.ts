/**
 * Multi-party chat in real browsers (seeds 001 and 002): one customer and three agents in one chat —
 * invite by agent and by queue, join, disconnect another agent, transfer, and the customer leaving ends
 * the chat for everyone.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { signInInNewContext, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'multiparty-e2e-password';
const skip = browserSkipReason();

describe('multi-party chat in the CCP', { skip }, () => {
  let rig: DemoBrowser;
  let browser: Browser;
  let customer: Page;
  const agents: Page[] = [];
  let demo: DemoBrowser['demo'];
  /** Every read/delivered SendEvent the chat page sends. */
  let customerReceipts = 0;

  const signIn = (username: string, status: string): Promise<Page> => signInInNewContext(browser, demo.urls.ccp, username, PASSWORD, status);

  async function quickConnect(page: Page, mode: 'add-participant' | 'transfer', name: string): Promise<void> {
    await page.click(`[data-testid=${mode}]`);
    await page.click(`[data-testid=quick-connect] >> text=${name}`);
  }

  before(async () => {
    rig = await startDemoBrowser('multiparty-e2e', PASSWORD);
    ({ browser, demo } = rig);
    customer = await (await browser.newContext({ viewport: { width: 520, height: 720 } })).newPage();
    customer.on('request', (request) => {
      if (request.url().endsWith('/participant/event') && /\.message\.(read|delivered)"/.test(request.postData() ?? '')) customerReceipts++;
    });
  });
  after(async () => {
    await rig?.close();
  });

  test('agent1 accepts a chat; agents 2 and 3 are signed in too', async () => {
    agents.push(await signIn('agent1', 'Available'));
    agents.push(await signIn('agent2', 'Offline'));
    agents.push(await signIn('agent3', 'Offline'));
    await startCustomerChat(customer, demo.urls.chat, 'Ann');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await customer.fill('[data-testid=composer]', 'I need help with a refund');
    await customer.press('[data-testid=composer]', 'Enter');
    await agents[0]!.waitForSelector('[data-testid=offer] >> text=Ann');
    await agents[0]!.click('[data-testid=accept]');
    await agents[0]!.waitForSelector('[data-testid=message] >> text=I need help with a refund');
    // Two people so far: receipts go both ways (hidden again once the chat is multi-party, below).
    await customer.waitForSelector('[data-testid=message]:has-text("I need help with a refund") [data-testid=receipt]:has-text("Read")');
    await agents[1]!.selectOption('[data-testid=status]', { label: 'Available' });
    await agents[2]!.selectOption('[data-testid=status]', { label: 'Available' });
  });

  test('adding an agent with a quick connect: the flow prompt, "another participant has been invited", a 20-second offer, "chat started with"', async () => {
    const [agent1, agent2] = [agents[0]!, agents[1]!];
    await quickConnect(agent1, 'add-participant', 'Agent2');
    await agent1.waitForSelector('[data-testid=message] >> text=Inviting new agent…');
    await agent1.waitForSelector('text=Another participant has been invited');
    await agent1.waitForSelector('[data-testid=participant][data-state=connecting] >> text=Agent2');
    await agent2.waitForSelector('[data-testid=offer] >> text=Ann');
    await agent2.click('[data-testid=accept]');
    // Agent2 sees the whole transcript, and Agent1's join as well as their own.
    await agent2.waitForSelector('[data-testid=message] >> text=I need help with a refund');
    await agent1.waitForSelector('text=Chat started with Agent2');
    await customer.waitForSelector('text=Chat started with Agent2');
  });

  test('every agent sees all participants; adding through the queue quick connect brings in the next agent of the queue', async () => {
    const [agent1, agent2, agent3] = [agents[0]!, agents[1]!, agents[2]!];
    for (const page of [agent1, agent2]) {
      await page.waitForSelector('[data-testid=participant] >> text=Ann');
      await page.waitForSelector('[data-testid=participant] >> text=Agent1');
      await page.waitForSelector('[data-testid=participant] >> text=Agent2');
    }
    await quickConnect(agent2, 'add-participant', 'BasicQueue');
    await agent3.waitForSelector('[data-testid=offer] >> text=Ann');
    await agent3.click('[data-testid=accept]');
    await agent1.waitForSelector('text=Chat started with Agent3');
    await agent3.fill('[data-testid=composer]', 'Agent3 here, I handle refunds.');
    await agent3.click('[data-testid=send]');
    for (const page of [agent1, agent2, customer]) await page.waitForSelector('[data-testid=message] >> text=Agent3 here, I handle refunds.');
    await agent1.waitForFunction(() => document.querySelectorAll('[data-testid=participant][data-state=connected]').length === 4);
    assert.equal(await agent1.locator('[data-testid=participant][data-state=connecting]').count(), 0, 'no invitation is left pending');
    await agent1.screenshot({ path: join(process.cwd(), '.tmp', 'ccp-multiparty.png') }).catch(() => undefined);
  });

  test('seed 002: in a multi-party chat no page shows "Delivered" or "Read" (not even for what was read before), and the chat page sends no receipts', async () => {
    const [agent1, agent2, agent3] = [agents[0]!, agents[1]!, agents[2]!];
    assert.ok(customerReceipts > 0, 'the chat page sent receipts while the chat had two people');
    const before = customerReceipts;
    await agent1.fill('[data-testid=composer]', 'One moment, checking with the team');
    await agent1.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=One moment, checking with the team');
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(customerReceipts, before);
    for (const page of [customer, agent1, agent2, agent3]) assert.equal(await page.locator('[data-testid=receipt]').count(), 0);
  });

  test('an agent can disconnect another agent; that agent goes to after contact work and the chat goes on', async () => {
    const [agent1, agent2, agent3] = [agents[0]!, agents[1]!, agents[2]!];
    await agent2.click('[data-testid=participant]:has-text("Agent3") [data-testid=disconnect-participant]');
    await agent3.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent1.waitForSelector('text=Agent3 left the chat');
    await customer.fill('[data-testid=composer]', 'Still here');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent1.waitForSelector('[data-testid=message] >> text=Still here');
    await agent3.click('[data-testid=clear]');
  });

  test('the customer leaving ends the chat for every agent', async () => {
    const [agent1, agent2] = [agents[0]!, agents[1]!];
    await customer.click('[data-testid=end-chat]');
    await agent1.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent2.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent1.click('[data-testid=clear]');
    await agent2.click('[data-testid=clear]');
  });

  test('transferring a chat disconnects every agent in it, and the chat continues with the new agent', async () => {
    const [agent1, agent2, agent3] = [agents[0]!, agents[1]!, agents[2]!];
    await agent2.selectOption('[data-testid=status]', { label: 'Offline' });
    await agent3.selectOption('[data-testid=status]', { label: 'Offline' });
    await customer.click('[data-testid=new-chat]');
    await customer.fill('[data-testid=display-name]', 'Bo');
    await customer.click('[data-testid=start-chat]');
    await agent1.waitForSelector('[data-testid=offer] >> text=Bo');
    await agent1.click('[data-testid=accept]');
    await agent3.selectOption('[data-testid=status]', { label: 'Available' });
    await quickConnect(agent1, 'transfer', 'Agent3');
    await agent1.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent3.waitForSelector('[data-testid=offer] >> text=Bo');
    await agent3.click('[data-testid=accept]');
    await agent3.fill('[data-testid=composer]', 'Hi Bo, I took over.');
    await agent3.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Hi Bo, I took over.');
  });
});
