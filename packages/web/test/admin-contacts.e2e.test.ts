/**
 * The admin console's Contacts page in Chromium: a customer's chat waits in BasicQueue, an agent takes it and
 * they talk; a follow-up task names the chat. The administrator finds the chat by time range, channel and queue,
 * opens it and sees its record, its transcript line by line and its linked contacts (the task), opens the task
 * from there and goes back to the results. An agent-only user has no Contacts page, and the console's contact
 * routes refuse their token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ConnectClient, StartChatContactCommand, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { Page } from 'playwright-core';
import { browserSkipReason } from './browser.ts';
import { acceptChat, signInInNewContext, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';
import { scratch, shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'contacts-e2e-password';
const skip = browserSkipReason();

describe('the admin console Contacts page', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  let connect: ConnectClient;
  let chatId: string;
  let taskId: string;

  before(async () => {
    rig = await startDemoBrowser('contacts-e2e', PASSWORD);
    const { demo } = rig;
    connect = new ConnectClient({ endpoint: rig.server.url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
    admin = await (await rig.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  });
  after(async () => {
    connect?.destroy();
    await rig?.close();
  });

  test('a chat an agent took is found by time range, channel and queue, and opens on its record, transcript and linked contacts', async () => {
    // The customer writes while the chat waits in BasicQueue; agent1 takes it and answers.
    const customer = await (await rig.browser.newContext({ viewport: { width: 900, height: 720 } })).newPage();
    await startCustomerChat(customer, rig.demo.urls.chat, 'Grace Customer');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await customer.fill('[data-testid=composer]', 'My parcel is late.');
    await customer.press('[data-testid=composer]', 'Enter');
    await customer.waitForSelector('[data-testid=message] >> text=My parcel is late.');
    chatId = await customer.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('switchboard.chat.'))!;
      return (JSON.parse(localStorage.getItem(key)!) as { details: { contactId: string } }).details.contactId;
    });
    const agent = await signInInNewContext(rig.browser, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await acceptChat(agent);
    await agent.fill('[data-testid=composer]', 'Sorry to hear that, Grace. Let me check.');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Sorry to hear that, Grace. Let me check.');
    await customer.fill('[data-testid=composer]', 'Thank you!');
    await customer.press('[data-testid=composer]', 'Enter');
    await agent.waitForSelector('[data-testid=message] >> text=Thank you!');
    await customer.click('[data-testid=end-chat]');
    await agent.waitForSelector('[data-testid=acw-timer]'); // the end is durable: the agent is in after contact work
    // A follow-up task that names the chat.
    taskId = (await connect.send(new StartTaskContactCommand({
      InstanceId: rig.demo.instanceId, ContactFlowId: (rig.demo as unknown as { contactFlowId: string }).contactFlowId, Name: 'Follow up on the late parcel', RelatedContactId: chatId,
    }))).ContactId!;

    await signInConsole(admin, rig.server.url, 'admin', PASSWORD);
    await admin.click('[data-testid=nav-contacts]');
    await admin.waitForSelector('[data-testid=contacts-table]');
    await admin.selectOption('[data-testid=search-range]', 'hour');
    await admin.selectOption('[data-testid=search-channel]', 'CHAT');
    await admin.selectOption('[data-testid=search-queue]', { label: 'BasicQueue' });
    await admin.click('[data-testid=search-submit]');
    const row = admin.locator(`[data-testid=contact-row][data-contact-id="${chatId}"]`);
    await row.waitFor();
    await admin.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid=contact-row]')).every((r) => r.children[1]?.textContent === 'Chat'));
    assert.equal(await admin.locator(`[data-testid=contact-row][data-contact-id="${taskId}"]`).count(), 0, 'the task is not a chat');
    await row.locator('text=agent1').waitFor();
    await row.locator('[data-testid=disconnect-reason] >> text=Customer disconnect').waitFor();
    await admin.screenshot({ path: join(scratch, 'admin-contacts-search.png') });

    await row.locator('[data-testid=open-contact]').click();
    await admin.waitForSelector('[data-testid=contact-view] [data-testid=contact-record]');
    assert.equal(await admin.textContent('[data-testid=contact-id]'), chatId);
    await admin.locator('[data-testid=contact-record] >> text=BasicQueue').waitFor();
    // The transcript, line by line in order: the flow's greeting, the customer, the agent joining, the agent, the customer, the customer leaving.
    await admin.waitForSelector('[data-testid=transcript]');
    const said = await admin.$$eval('[data-testid=transcript-line][data-type=MESSAGE]', (lines) => lines.map((l) => [l.getAttribute('data-role'), l.querySelector('[data-testid=transcript-text]')?.textContent]));
    assert.deepEqual(said.slice(1), [['CUSTOMER', 'My parcel is late.'], ['AGENT', 'Sorry to hear that, Grace. Let me check.'], ['CUSTOMER', 'Thank you!']]);
    assert.equal(said[0]![0], 'SYSTEM');
    const events = await admin.$$eval('[data-testid=transcript-line][data-type=EVENT]', (lines) => lines.map((l) => l.textContent ?? ''));
    assert.ok(events.some((e) => /joined/.test(e)) && events.some((e) => /left/.test(e)), JSON.stringify(events));
    // Its linked contacts: the chat itself and the task that names it.
    const legs = admin.locator('[data-testid=leg-row]');
    await admin.waitForFunction(() => document.querySelectorAll('[data-testid=leg-row]').length === 2);
    assert.equal(await legs.nth(0).getAttribute('data-contact-id'), chatId);
    assert.equal(await legs.nth(0).locator('[data-testid=leg-relation]').textContent(), 'This contact');
    assert.equal(await legs.nth(1).getAttribute('data-contact-id'), taskId);
    assert.equal(await legs.nth(1).locator('[data-testid=leg-relation]').textContent(), 'Names this as related');
    await admin.screenshot({ path: join(shots, 'admin-contact.png'), fullPage: true });

    // The task opens from there; its record links back to the chat; back to the results, which are as they were.
    await legs.nth(1).locator('[data-testid=contact-link]').click();
    await admin.waitForFunction((id) => document.querySelector('[data-testid=contact-id]')?.textContent === id, taskId);
    await admin.locator('[data-testid=contact-record] >> text=Follow up on the late parcel').waitFor();
    assert.equal(await admin.locator('[data-testid=transcript]').count(), 0, 'a task has no transcript');
    await admin.click('[data-testid=back-to-results]');
    await row.waitFor();
    await agent.context().close();
    await customer.context().close();
  });

  test('an attribute finds its contacts a page at a time: "Load more" adds the next page until all are shown', async () => {
    const flowId = (rig.demo as unknown as { contactFlowId: string }).contactFlowId;
    const made: string[] = [];
    for (let i = 0; i < 27; i++) {
      made.push((await connect.send(new StartChatContactCommand({ InstanceId: rig.demo.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: `Batch ${i}` }, Attributes: { batch: 'paging' } }))).ContactId!);
    }
    await admin.selectOption('[data-testid=search-channel]', '');
    await admin.selectOption('[data-testid=search-queue]', '');
    await admin.selectOption('[data-testid=search-range]', 'today');
    await admin.fill('[data-testid=search-attribute]', 'batch=paging');
    await admin.click('[data-testid=search-submit]');
    await admin.waitForFunction(() => document.querySelector('[data-testid=contacts-count]')?.textContent === '25 of 27');
    assert.equal(await admin.locator(`[data-testid=contact-row][data-contact-id="${chatId}"]`).count(), 0, 'the chat has no such attribute');
    await admin.click('[data-testid=load-more]');
    await admin.waitForFunction(() => document.querySelector('[data-testid=contacts-count]')?.textContent === '27 of 27');
    assert.equal(await admin.locator('[data-testid=load-more]').count(), 0);
    const shown = await admin.$$eval('[data-testid=contact-row]', (rows) => rows.map((r) => r.getAttribute('data-contact-id')));
    assert.equal(shown.length, 27);
    assert.deepEqual(new Set(shown), new Set(made), 'each once (two made in the same millisecond may come in either order)');
  });

  test('an agent-only user sees no Contacts page, and the contact routes refuse their token', async () => {
    const page = await (await rig.browser.newContext({ viewport: { width: 900, height: 700 } })).newPage();
    try {
      await signInConsole(page, rig.server.url, 'agent3', PASSWORD);
      await page.waitForSelector('[data-testid=no-access]');
      assert.equal(await page.locator('[data-testid=nav-contacts]').count(), 0);
      // (No named function inside evaluate: tsx would wrap it in a helper the page does not have.)
      const answers = await page.evaluate((id) => {
        const token = (JSON.parse(localStorage.getItem('switchboard.adminSession')!) as { token: string }).token;
        return Promise.all([`/admin/contacts/${id}/transcript`, `/admin/contacts/${id}/chain`].map((path) =>
          fetch(path, { headers: { authorization: `Bearer ${token}` } }).then((r) => [r.status, r.headers.get('x-amzn-errortype')])));
      }, chatId);
      assert.deepEqual(answers, [[403, 'AccessDeniedException'], [403, 'AccessDeniedException']]);
    } finally {
      await page.context().close();
    }
  });
});
