/**
 * The admin console's other forms in Chromium, each checked against what the Connect API then reports:
 * a routing profile with channel concurrency and queues, an agent status created and disabled, hours
 * edited, quick connects to a phone number and to a queue, a user's routing profile changed, a user deleted.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  ConnectClient, CreateUserCommand, DescribeHoursOfOperationCommand, DescribeUserCommand, ListQuickConnectsCommand, ListRoutingProfileQueuesCommand,
  ListRoutingProfilesCommand, ListUsersCommand, DescribeRoutingProfileCommand,
} from '@aws-sdk/client-connect';
import { browserSkipReason } from './browser.ts';
import type { DemoBrowser } from './demoBrowser.ts';
import { adminConsoleSuite } from './adminPages.ts';

const PASSWORD = 'admin-forms-e2e-password';
const skip = browserSkipReason();

describe('the admin console forms', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  let connect: ConnectClient;
  let instanceId: string;

  adminConsoleSuite('admin-forms-e2e', PASSWORD, (suite) => ({ rig, admin, connect, instanceId } = suite));

  test('a routing profile is created with its channels, concurrency and queues', async () => {
    await admin.click('[data-testid=nav-routing-profiles]');
    await admin.waitForSelector('[data-testid=routing-profile-row] >> text=Basic Routing Profile');
    await admin.click('[data-testid=new-routing-profile]');
    await admin.fill('[data-testid=routing-profile-name]', 'Chat only');
    await admin.uncheck('[data-testid=channel-VOICE]');
    await admin.uncheck('[data-testid=channel-TASK]');
    await admin.fill('[data-testid=concurrency-CHAT]', '5');
    await admin.check('[data-testid=rp-queue-Sales]');
    await admin.check('[data-testid=rp-queue-Support]');
    await admin.click('[data-testid=routing-profile-form-submit]');
    const row = admin.locator('[data-testid=routing-profile-row]', { hasText: 'Chat only' });
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /Chat × 5/);
    const id = (await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList!.find((p) => p.Name === 'Chat only')!.Id!;
    const profile = (await connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: id }))).RoutingProfile!;
    assert.deepEqual(profile.MediaConcurrencies!.map((m) => [m.Channel, m.Concurrency]), [['CHAT', 5]]);
    const queues = (await connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId: id }))).RoutingProfileQueueConfigSummaryList!;
    assert.deepEqual(queues.map((q) => `${q.QueueName}/${q.Channel}`).sort(), ['Sales/CHAT', 'Support/CHAT']);
  });

  test('a user\'s routing profile is changed, and a user is deleted', async () => {
    await admin.click('[data-testid=nav-users]');
    const row = admin.locator('[data-testid=user-row]', { hasText: 'agent4' });
    await row.locator('[data-testid=edit-user]').click();
    await row.locator('[data-testid=edit-routing-profile]').selectOption({ label: 'Chat only' });
    await row.locator('[data-testid=save-routing-profile]').click();
    await row.locator('text=Chat only').waitFor();
    const users = (await connect.send(new ListUsersCommand({ InstanceId: instanceId }))).UserSummaryList!;
    const agent4 = users.find((u) => u.Username === 'agent4')!.Id!;
    const described = (await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: agent4 }))).User!;
    assert.equal(described.RoutingProfileId, (await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList!.find((p) => p.Name === 'Chat only')!.Id);

    // agent5 is named by a quick connect: the API refuses, and the page says so in its words.
    const five = admin.locator('[data-testid=user-row]', { hasText: 'agent5' });
    await five.locator('[data-testid=delete-user]').click();
    await five.locator('[data-testid=confirm-delete]').click();
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^ResourceInUseException: /);

    await connect.send(new CreateUserCommand({ InstanceId: instanceId, Username: 'temp', Password: 'Temp-pass-123', RoutingProfileId: described.RoutingProfileId!, SecurityProfileIds: ['security-profile-agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' } }));
    await admin.click('[data-testid=nav-queues]');
    await admin.click('[data-testid=nav-users]');
    const temp = admin.locator('[data-testid=user-row]', { hasText: 'temp' });
    await temp.locator('[data-testid=delete-user]').click();
    await temp.locator('[data-testid=confirm-delete]').click();
    await admin.waitForSelector('[data-testid=done] >> text=User temp deleted.');
    await admin.locator('[data-testid=user-row]', { hasText: 'temp' }).waitFor({ state: 'detached' });
    const after = (await connect.send(new ListUsersCommand({ InstanceId: instanceId }))).UserSummaryList!;
    assert.ok(!after.some((u) => u.Username === 'temp'));
  });

  test('an agent status is created, then disabled', async () => {
    await admin.click('[data-testid=nav-agent-statuses]');
    await admin.click('[data-testid=new-status]');
    await admin.fill('[data-testid=status-name]', 'Training');
    await admin.click('[data-testid=status-form-submit]');
    const row = admin.locator('[data-testid=status-row]', { hasText: 'Training' });
    await row.locator('text=Enabled').waitFor();
    await row.locator('[data-testid=toggle-status]').click();
    await row.locator('text=Disabled').waitFor();
  });

  test('hours of operation are edited: a time zone and weekdays 09:00–17:00', async () => {
    await admin.click('[data-testid=nav-hours]');
    await admin.click('[data-testid=hours-row] >> [data-testid=edit-hours]');
    await admin.fill('[data-testid=hours-timezone]', 'Europe/Berlin');
    for (const day of ['SATURDAY', 'SUNDAY']) await admin.uncheck(`[data-testid=day-${day}]`);
    for (const day of ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY']) {
      await admin.fill(`[data-testid=start-${day}]`, '09:00');
      await admin.fill(`[data-testid=end-${day}]`, '17:00');
    }
    await admin.click('[data-testid=hours-form-submit]');
    await admin.waitForSelector('[data-testid=hours-row] >> text=Mon 09:00–17:00');
    await admin.waitForSelector('[data-testid=hours-row] >> text=Sat closed');
    const hoursId = rig.demo as unknown as { hoursOfOperationId: string };
    const hours = (await connect.send(new DescribeHoursOfOperationCommand({ InstanceId: instanceId, HoursOfOperationId: hoursId.hoursOfOperationId }))).HoursOfOperation!;
    assert.equal(hours.TimeZone, 'Europe/Berlin');
    assert.deepEqual(hours.Config!.map((c) => c.Day).sort(), ['FRIDAY', 'MONDAY', 'THURSDAY', 'TUESDAY', 'WEDNESDAY']);
  });

  test('quick connects are created to a phone number and to a queue', async () => {
    await admin.click('[data-testid=nav-quick-connects]');
    await admin.click('[data-testid=new-quick-connect]');
    await admin.fill('[data-testid=quick-connect-name]', 'Head office');
    await admin.fill('[data-testid=quick-connect-phone]', '+12065550100');
    await admin.click('[data-testid=quick-connect-form-submit]');
    await admin.waitForSelector('[data-testid=quick-connect-row] >> text=Head office');
    await admin.click('[data-testid=new-quick-connect]');
    await admin.fill('[data-testid=quick-connect-name]', 'To sales');
    await admin.selectOption('[data-testid=quick-connect-type]', 'QUEUE');
    await admin.selectOption('[data-testid=quick-connect-target]', { label: 'Sales' });
    await admin.click('[data-testid=quick-connect-form-submit]');
    await admin.waitForSelector('[data-testid=quick-connect-row] >> text=To sales');
    const list = (await connect.send(new ListQuickConnectsCommand({ InstanceId: instanceId }))).QuickConnectSummaryList!;
    assert.equal(list.find((q) => q.Name === 'Head office')?.QuickConnectType, 'PHONE_NUMBER');
    assert.equal(list.find((q) => q.Name === 'To sales')?.QuickConnectType, 'QUEUE');
  });
});
