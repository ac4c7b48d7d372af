/**
 * Delete with a confirm step on the admin console's Queues, Routing profiles and Quick connects pages, in Chromium:
 * Keep changes nothing; an unused queue, routing profile and quick connect are deleted (the real AWS SDK no longer
 * lists them); a queue or routing profile in use is refused and the page shows ResourceInUseException.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  ConnectClient, CreateQueueCommand, CreateQuickConnectCommand, CreateRoutingProfileCommand, ListHoursOfOperationsCommand, ListQueuesCommand,
  ListQuickConnectsCommand, ListRoutingProfilesCommand,
} from '@aws-sdk/client-connect';
import { browserSkipReason } from './browser.ts';
import { adminConsoleSuite } from './adminPages.ts';

const PASSWORD = 'admin-deletes-e2e-password';
const skip = browserSkipReason();

describe('deleting queues, routing profiles and quick connects in the admin console', { skip }, () => {
  let admin: Page;
  let connect: ConnectClient;
  let instanceId: string;

  adminConsoleSuite('admin-deletes-e2e', PASSWORD, (suite) => ({ admin, connect, instanceId } = suite));

  const queueNames = async () => (await connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList!.map((q) => q.Name);
  /** Opens the page afresh (another page first, so it loads again). */
  async function open(nav: string): Promise<void> {
    await admin.click('[data-testid=nav-dashboard]');
    await admin.click(`[data-testid=nav-${nav}]`);
  }

  test('an unused queue is deleted after the confirm step (Keep changes nothing); a queue in use shows ResourceInUseException', async () => {
    const hours = (await connect.send(new ListHoursOfOperationsCommand({ InstanceId: instanceId }))).HoursOfOperationSummaryList![0]!.Id!;
    await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Spare', HoursOfOperationId: hours }));
    await open('queues');
    const spare = admin.locator('[data-testid=queue-row]', { hasText: 'Spare' });
    await spare.locator('[data-testid=delete]').click();
    await spare.locator('[data-testid=keep-delete]').click();
    await spare.locator('[data-testid=delete]').waitFor();
    assert.ok((await queueNames()).includes('Spare'));

    await spare.locator('[data-testid=delete]').click();
    await spare.locator('[data-testid=confirm-delete]').click();
    await admin.waitForSelector('[data-testid=done] >> text=Queue Spare deleted.');
    await spare.waitFor({ state: 'detached' });
    assert.ok(!(await queueNames()).includes('Spare'));

    // BasicQueue is the demo routing profile's queue: the API refuses, the page says so in its words.
    const basic = admin.locator('[data-testid=queue-row]', { hasText: 'BasicQueue' });
    await basic.locator('[data-testid=delete]').click();
    await basic.locator('[data-testid=confirm-delete]').click();
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^ResourceInUseException: queue BasicQueue is used by /);
    assert.ok((await queueNames()).includes('BasicQueue'));
  });

  test('an unused routing profile is deleted; one that users have shows ResourceInUseException', async () => {
    const queueId = (await connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList!.find((q) => q.Name === 'Sales')!.Id!;
    await connect.send(new CreateRoutingProfileCommand({
      InstanceId: instanceId, Name: 'Unused profile', Description: 'no one has it', DefaultOutboundQueueId: queueId, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }],
    }));
    const names = async () => (await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList!.map((p) => p.Name);
    await open('routing-profiles');
    const unused = admin.locator('[data-testid=routing-profile-row]', { hasText: 'Unused profile' });
    await unused.locator('[data-testid=delete]').click();
    await unused.locator('[data-testid=confirm-delete]').click();
    await unused.waitFor({ state: 'detached' });
    assert.ok(!(await names()).includes('Unused profile'));

    const basic = admin.locator('[data-testid=routing-profile-row]', { hasText: 'Basic Routing Profile' });
    await basic.locator('[data-testid=delete]').click();
    await basic.locator('[data-testid=confirm-delete]').click();
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^ResourceInUseException: /);
    assert.ok((await names()).includes('Basic Routing Profile'));
  });

  test('a quick connect is deleted after the confirm step', async () => {
    await connect.send(new CreateQuickConnectCommand({ InstanceId: instanceId, Name: 'Old office', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+12065550199' } } }));
    await open('quick-connects');
    const row = admin.locator('[data-testid=quick-connect-row]', { hasText: 'Old office' });
    await row.locator('[data-testid=delete]').click();
    await row.locator('[data-testid=confirm-delete]').click();
    await admin.waitForSelector('[data-testid=done] >> text=Quick connect Old office deleted.');
    await row.waitFor({ state: 'detached' });
    const list = (await connect.send(new ListQuickConnectsCommand({ InstanceId: instanceId }))).QuickConnectSummaryList!;
    assert.ok(!list.some((q) => q.Name === 'Old office'));
  });
});
