/**
 * Message formatting (seed 004): bold, italics, bulleted and numbered lists and links, with a preview
 * before sending — and nothing else survives: no HTML, no script, links only http/https/mailto.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'format-e2e-password';
const skip = browserSkipReason();

const MESSAGE = [
  '**Refund steps** for *you*:',
  '- open your orders',
  '- choose the order',
  '1. press Refund',
  '2. confirm',
  '[help page](https://example.com/help) and [mail us](mailto:help@example.com)',
  '[bad link](javascript:alert(1)) <script>window.pwned=1</script> <img src=x onerror="window.pwned=2">',
].join('\n');

describe('message formatting in the CCP and the chat page', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;

  before(async () => {
    rig = await startDemoBrowser('format-e2e', PASSWORD);
    const { browser, demo } = rig;
    agent = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    customer = await browser.newPage({ viewport: { width: 520, height: 720 } });
    await signInAgent(agent, demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await startCustomerChat(customer, demo.urls.chat, 'Fay');
    await acceptChat(agent);
  });
  after(async () => {
    await rig?.close();
  });

  test('the agent sees a preview of a formatted message before sending it', async () => {
    await agent.check('[data-testid=format]');
    await agent.fill('[data-testid=composer]', MESSAGE);
    await agent.waitForSelector('[data-testid=preview] strong >> text=Refund steps');
    await agent.screenshot({ path: join(process.cwd(), '.tmp', 'ccp-format-preview.png') }).catch(() => undefined);
    await agent.click('[data-testid=send]');
  });

  test('the customer sees bold, italics, both kinds of list and safe links; no HTML or script survives', async () => {
    const md = customer.locator('[data-testid=markdown]').last();
    await md.waitFor();
    assert.equal(await md.locator('strong').first().textContent(), 'Refund steps');
    assert.equal(await md.locator('em').first().textContent(), 'you');
    assert.equal(await md.locator('ul > li').count(), 2);
    assert.equal(await md.locator('ol > li').count(), 2);
    const links = await md.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })));
    assert.deepEqual(links.filter((l) => l.href).map((l) => l.href), ['https://example.com/help', 'mailto:help@example.com']);
    assert.ok(links.filter((l) => l.href).every((l) => l.target === '_blank' && l.rel?.includes('noopener')));
    assert.equal(await md.locator('script, img, [onerror]').count(), 0);
    assert.equal(await customer.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
    assert.match((await md.textContent())!, /<script>/, 'the typed HTML shows as text');
    await customer.screenshot({ path: join(process.cwd(), '.tmp', 'chat-formatted.png') }).catch(() => undefined);
  });

  test('the customer can send formatted text too, and the agent sees it formatted', async () => {
    await customer.check('[data-testid=format]');
    await customer.fill('[data-testid=composer]', 'It is order **#4711**');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=markdown] strong >> text=#4711');
  });
});
