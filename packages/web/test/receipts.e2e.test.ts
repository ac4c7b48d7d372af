/**
 * Read and delivered receipts between the customer chat page and the CCP, in a real browser against the
 * real server process, as Amazon Connect's widget and CCP send them (chatjs, message receipts on): each
 * page sends a delivered receipt for the others' messages as they come and a read receipt once it shows
 * them on a visible page, never twice, and shows "Delivered" / "Read" under its own messages — live and
 * after a reload.
 *
 * Page visibility: Chromium's headless mode keeps every page `visible` whatever the test does (tried on
 * Chromium 156: another tab in front with Page.bringToFront, the window minimised with
 * Browser.setWindowBounds, focus emulation off with Emulation.setFocusEmulationEnabled — visibilityState
 * stays "visible" and no visibilitychange fires). So the tests take over the page's own Page Visibility
 * API before any script runs (addInitScript): `document.visibilityState` / `document.hidden` read a value
 * the test sets, and setting it fires `visibilitychange`, as a browser does when a tab goes to the
 * background and back. The pages read nothing else.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'receipts-demo-password';
const QUESTION = 'Where is my parcel?';
const REPLY = 'Your parcel is on its way';
const LATER = 'It arrives tomorrow';
const FROM_CUSTOMER_HIDDEN_CCP = 'Thanks, and the invoice?';

/**
 * Lets the test hide and show the page (see above); call before the page loads. Starts visible. A string,
 * not a function: tsx would put its own helpers into a function's source, which the page does not have.
 */
const VISIBILITY_SCRIPT = `(() => {
  let state = 'visible';
  Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => state });
  Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => state === 'hidden' });
  window.setVisibility = (s) => {
    state = s;
    document.dispatchEvent(new Event('visibilitychange'));
  };
})();`;
const controllableVisibility = (page: Page) => page.addInitScript({ content: VISIBILITY_SCRIPT });
const setVisibility = (page: Page, state: 'visible' | 'hidden') => page.evaluate(`window.setVisibility(${JSON.stringify(state)})`);

/** "read <messageId>" / "delivered <messageId>" for every receipt the chat page sends (SendEvent). */
function recordChatPageReceipts(page: Page): string[] {
  const sent: string[] = [];
  page.on('request', (request) => {
    if (!request.url().endsWith('/participant/event')) return;
    const body = request.postDataJSON() as { ContentType: string; Content?: string };
    const kind = /\.message\.(read|delivered)$/.exec(body.ContentType)?.[1];
    if (kind) sent.push(`${kind} ${(JSON.parse(body.Content!) as { messageId: string }).messageId}`);
  });
  return sent;
}

/** The same for the CCP, whose receipts go over its socket (sendEvent requests). */
function recordCcpReceipts(page: Page): string[] {
  const sent: string[] = [];
  page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => {
    const frame = JSON.parse(String(payload)) as { event?: string; method?: string; params?: { contentType?: string; content?: string } };
    const kind = frame.event === 'api_request' && frame.method === 'sendEvent' ? /\.message\.(read|delivered)$/.exec(frame.params?.contentType ?? '')?.[1] : undefined;
    if (kind) sent.push(`${kind} ${(JSON.parse(frame.params!.content!) as { messageId: string }).messageId}`);
  }));
  return sent;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('read and delivered receipts between the chat page and the CCP', { skip: browserSkipReason() }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;
  let customerReceipts: string[];
  let ccpReceipts: string[];

  before(async () => {
    rig = await startDemoBrowser('receipts', PASSWORD);
    customer = await (await rig.browser.newContext()).newPage();
    await controllableVisibility(customer);
    customerReceipts = recordChatPageReceipts(customer);
    agent = await (await rig.browser.newContext({ viewport: { width: 1100, height: 720 } })).newPage();
    await controllableVisibility(agent);
    ccpReceipts = recordCcpReceipts(agent);
    await signInAgent(agent, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
  });

  after(async () => {
    await rig?.close();
  });

  const receiptUnder = (page: Page, text: string) => page.locator('[data-testid=message]', { hasText: text }).locator('[data-testid=receipt]');

  test('the customer\'s message shows no receipt while it waits in the queue, and "Read" on the chat page once the agent opens the chat', async () => {
    await startCustomerChat(customer, rig.demo.urls.chat, 'Ann');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await customer.fill('[data-testid=composer]', QUESTION);
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector(`[data-testid=message] >> text=${QUESTION}`);
    await agent.waitForSelector('[data-testid=offer] >> text=Ann');
    // Offered, not accepted: the agent is not in the chat yet and has read nothing.
    await pause(500);
    assert.equal(await receiptUnder(customer, QUESTION).count(), 0);
    await acceptChat(agent);
    await receiptUnder(customer, QUESTION).filter({ hasText: 'Read' }).waitFor();
    assert.ok(ccpReceipts.some((r) => r.startsWith('read ')), 'the CCP sent a read receipt');
  });

  test('the agent\'s message shows "Read" in the CCP once the chat page shows it, and the receipt draws no bubble of its own', async () => {
    await agent.fill('[data-testid=composer]', REPLY);
    await agent.click('[data-testid=send]');
    await customer.waitForSelector(`[data-testid=message] >> text=${REPLY}`);
    await receiptUnder(agent, REPLY).filter({ hasText: 'Read' }).waitFor();
    assert.equal(await agent.locator('[data-testid=message]', { hasText: REPLY }).count(), 1);
    assert.equal(await customer.locator('[data-testid=message]', { hasText: REPLY }).count(), 1);
    // Nobody marks the other side's messages: the customer sees no mark under the agent's reply.
    assert.equal(await receiptUnder(customer, REPLY).count(), 0);
  });

  test('on a visible page each message of the others gets one receipt, a read (which makes the delivered one pointless), never twice', async () => {
    await pause(500);
    for (const sent of [customerReceipts, ccpReceipts]) {
      assert.ok(sent.length > 0);
      assert.equal(new Set(sent).size, sent.length, `no receipt twice: ${sent.join(', ')}`);
      assert.ok(sent.every((r) => r.startsWith('read ')), `the pages were visible: reads only (${sent.join(', ')})`);
    }
    // The customer page acknowledged (at least) the flow's greeting and the agent's reply.
    assert.ok(customerReceipts.length >= 2, customerReceipts.join(', '));
  });

  test('after the chat page reloads, "Read" is still under the customer\'s message and no receipt is sent again', async () => {
    const before = customerReceipts.length;
    await customer.reload();
    await customer.waitForSelector(`[data-testid=message] >> text=${REPLY}`);
    await receiptUnder(customer, QUESTION).filter({ hasText: 'Read' }).waitFor();
    await pause(1500);
    assert.deepEqual(customerReceipts.slice(before), [], 'the transcript already carries the page\'s receipts');
  });

  test('after the CCP reloads, the agent\'s message still shows "Read" and the CCP sends no receipt again', async () => {
    const before = ccpReceipts.length;
    await agent.reload();
    await agent.waitForSelector(`[data-testid=message] >> text=${QUESTION}`);
    await receiptUnder(agent, REPLY).filter({ hasText: 'Read' }).waitFor();
    await pause(1500);
    assert.deepEqual(ccpReceipts.slice(before), []);
    assert.equal(await agent.locator('[data-testid=message][data-role=CUSTOMER] [data-testid=receipt]').count(), 0, 'no marks under the other side\'s messages');
  });

  test('a hidden chat page sends a delivered receipt for a new message, and the read one only once it is visible again', async () => {
    await setVisibility(customer, 'hidden');
    const before = customerReceipts.length;
    await agent.fill('[data-testid=composer]', LATER);
    await agent.click('[data-testid=send]');
    await receiptUnder(agent, LATER).filter({ hasText: 'Delivered' }).waitFor();
    await pause(1500);
    const whileHidden = customerReceipts.slice(before);
    assert.equal(whileHidden.length, 1, `one receipt while hidden: ${whileHidden.join(', ')}`);
    assert.match(whileHidden[0]!, /^delivered /);
    assert.equal(await receiptUnder(agent, LATER).textContent(), 'Delivered');

    await setVisibility(customer, 'visible');
    await receiptUnder(agent, LATER).filter({ hasText: 'Read' }).waitFor();
    assert.deepEqual(customerReceipts.slice(before), [whileHidden[0]!, whileHidden[0]!.replace('delivered', 'read')]);
  });

  test('a hidden CCP marks the customer\'s new message delivered, and read once the agent looks again', async () => {
    await setVisibility(agent, 'hidden');
    await customer.fill('[data-testid=composer]', FROM_CUSTOMER_HIDDEN_CCP);
    await customer.press('[data-testid=composer]', 'Enter');
    await receiptUnder(customer, FROM_CUSTOMER_HIDDEN_CCP).filter({ hasText: 'Delivered' }).waitFor();
    await pause(1000);
    assert.equal(await receiptUnder(customer, FROM_CUSTOMER_HIDDEN_CCP).textContent(), 'Delivered');
    await setVisibility(agent, 'visible');
    await receiptUnder(customer, FROM_CUSTOMER_HIDDEN_CCP).filter({ hasText: 'Read' }).waitFor();
  });
});
