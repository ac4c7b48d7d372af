/**
 * The admin console's Security profiles page in Chromium (the CCP's enforcement is security-profiles.e2e.test.ts):
 * a profile made from permissions chosen by area and given to a user shows that user only the pages it allows;
 * permissions the signed-in user lacks are greyed out and a change the server refuses shows its
 * AccessDeniedException; a profile is edited; one held by a user is refused deletion, an unused one is deleted.
 * Each change is checked against the real AWS SDK.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ConnectClient, CreateSecurityProfileCommand, CreateUserCommand, DescribeUserCommand, ListSecurityProfilePermissionsCommand, ListRoutingProfilesCommand, ListSecurityProfilesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-connect';
import { browserSkipReason } from './browser.ts';
import type { DemoBrowser } from './demoBrowser.ts';
import { adminConsoleSuite, shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'admin-security-e2e-password';
const skip = browserSkipReason();

describe('the admin console\'s security profiles', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  let connect: ConnectClient;
  let instanceId: string;

  adminConsoleSuite('admin-security-e2e', PASSWORD, (suite) => ({ rig, admin, connect, instanceId } = suite));

  const profileId = async (name: string) => (await connect.send(new ListSecurityProfilesCommand({ InstanceId: instanceId }))).SecurityProfileSummaryList!.find((p) => p.Name === name)?.Id;
  const permissionsOf = async (name: string) =>
    (await connect.send(new ListSecurityProfilePermissionsCommand({ InstanceId: instanceId, SecurityProfileId: (await profileId(name))! }))).Permissions!.sort();
  /** A new browser context signed in to the console as this user. */
  async function consoleAs(username: string, password: string): Promise<Page> {
    const page = await (await rig.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await signInConsole(page, rig.server.url, username, password);
    return page;
  }

  test('a profile made from permissions by area and given to a user shows that user only the pages those permissions allow', async () => {
    await admin.click('[data-testid=nav-security-profiles]');
    await admin.waitForSelector('[data-testid=security-profile-row]');
    const listed = await admin.locator('[data-testid=security-profile-row]').evaluateAll((rows) => rows.map((r) => [r.querySelector('[data-testid=profile-name]')!.textContent, r.querySelector('[data-testid=built-in]') !== null]));
    assert.deepEqual(listed, [['Admin', true], ['Agent', true], ['CallCenterManager', true], ['QualityAnalyst', true]]);
    await admin.click('[data-testid=new-security-profile]');
    await admin.fill('[data-testid=security-profile-name]', 'Queue keepers');
    await admin.fill('[data-testid=security-profile-description]', 'Look after the queues and see the numbers');
    assert.ok(await admin.isChecked('[data-testid="permission-BasicAgentAccess"]'), 'a new profile starts with CCP access');
    for (const p of ['Queues.View', 'Queues.Edit', 'PhoneNumbers.View']) await admin.check(`[data-testid="area-${p.startsWith('Queues') ? 'Queues' : 'Phone numbers'}"] [data-testid="permission-${p}"]`);
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(shots, 'admin-security.png') });
    await admin.click('[data-testid=security-profile-form-submit]');
    await admin.waitForSelector('[data-testid=done] >> text=Security profile Queue keepers created.');
    const row = admin.locator('[data-testid=security-profile-row]', { hasText: 'Queue keepers' });
    assert.equal(await row.locator('[data-testid=permission-count]').textContent(), '4');
    assert.deepEqual(await permissionsOf('Queue keepers'), ['BasicAgentAccess', 'PhoneNumbers.View', 'Queues.Edit', 'Queues.View']);

    // Given to a new user through the Users form (which lists the instance's profiles as they are now: no reload).
    await admin.click('[data-testid=nav-users]');
    await admin.click('[data-testid=new-user]');
    await admin.fill('[data-testid=user-username]', 'keeper');
    await admin.fill('[data-testid=user-password]', 'Keeper-pass-123');
    await admin.uncheck('[data-testid="security-Agent"]');
    await admin.check('[data-testid="security-Queue keepers"]');
    await admin.click('[data-testid=user-form-submit]');
    await admin.waitForSelector('[data-testid=user-row] >> text=keeper');

    const keeper = await consoleAs('keeper', 'Keeper-pass-123');
    try {
      assert.deepEqual(await keeper.locator('nav a').allTextContents(), ['Queues', 'Phone numbers']);
      await keeper.waitForSelector('[data-testid=queue-row] >> text=BasicQueue');
      assert.equal(await keeper.locator('[data-testid=new-queue]').count(), 0, 'no Queues.Create: no New queue');
      assert.ok(await keeper.locator('[data-testid=queue-row] [data-testid=rename]').count() > 0, 'Queues.Edit: Rename');
      await keeper.click('[data-testid=nav-phone-numbers]');
      await keeper.waitForSelector('[data-testid=phone-numbers-table]');
      assert.equal(await keeper.locator('[data-testid=claim-number]').count(), 0, 'no PhoneNumbers.Claim: no Claim number');
    } finally {
      await keeper.context().close();
    }
  });

  test('permissions the user lacks are greyed out, and a change the server refuses as escalation shows AccessDeniedException', async () => {
    const { SecurityProfileId } = await connect.send(new CreateSecurityProfileCommand({
      InstanceId: instanceId, SecurityProfileName: 'Profile editors',
      Permissions: ['BasicAgentAccess', 'SecurityProfiles.View', 'SecurityProfiles.Create', 'SecurityProfiles.Edit', 'SecurityProfiles.Delete', 'Users.View'],
    }));
    const routingProfileId = (await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList![0]!.Id!;
    await connect.send(new CreateUserCommand({ InstanceId: instanceId, Username: 'editor', Password: 'Editor-pass-123', RoutingProfileId: routingProfileId, SecurityProfileIds: [SecurityProfileId!], PhoneConfig: { PhoneType: 'SOFT_PHONE' } }));
    const editor = await consoleAs('editor', 'Editor-pass-123');
    try {
      assert.deepEqual(await editor.locator('nav a').allTextContents(), ['Users', 'Security profiles', 'Instance settings']);
      await editor.click('[data-testid=nav-security-profiles]');
      await editor.click('[data-testid=new-security-profile]');
      assert.ok(await editor.isDisabled('[data-testid="permission-Users.Delete"]'), 'Users.Delete is not theirs to give');
      assert.ok(await editor.isDisabled('[data-testid="permission-Queues.View"]'));
      assert.ok(await editor.isEnabled('[data-testid="permission-Users.View"]'));
      await editor.click('[data-testid=security-profile-form] >> text=Cancel');

      // CallCenterManager permits Queues.Create and more, which this user lacks: the server refuses the change.
      const before = await permissionsOf('CallCenterManager');
      const manager = editor.locator('[data-testid=security-profile-row]', { hasText: 'CallCenterManager' });
      await manager.locator('[data-testid=edit-security-profile]').click();
      await editor.uncheck('[data-testid="permission-Users.View"]');
      await editor.click('[data-testid=security-profile-form-submit]');
      const error = await editor.waitForSelector('[data-testid=error]');
      assert.match((await error.textContent()) ?? '', /^AccessDeniedException: security profile CallCenterManager permits what yours do not/);
      assert.deepEqual(await permissionsOf('CallCenterManager'), before);
    } finally {
      await editor.context().close();
    }
  });

  test('a profile\'s permissions are edited; one a user holds is refused deletion with ResourceInUseException; an unused one is deleted', async () => {
    await admin.click('[data-testid=nav-security-profiles]');
    const keepers = admin.locator('[data-testid=security-profile-row]', { hasText: 'Queue keepers' });
    await keepers.locator('[data-testid=edit-security-profile]').click();
    await admin.check('[data-testid="permission-Queues.Create"]');
    await admin.click('[data-testid=security-profile-form-submit]');
    await admin.waitForSelector('[data-testid=done] >> text=Security profile Queue keepers saved.');
    assert.ok((await permissionsOf('Queue keepers')).includes('Queues.Create'));
    await keepers.locator('[data-testid=permission-count] >> text=5').waitFor();

    assert.equal(await admin.locator('[data-testid=security-profile-row]', { hasText: 'CallCenterManager' }).locator('[data-testid=delete]').count(), 0, 'built-in profiles have no Delete');
    await keepers.locator('[data-testid=delete]').click();
    await keepers.locator('[data-testid=confirm-delete]').click();
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^ResourceInUseException: security profile Queue keepers is held by user\(s\) keeper/);
    assert.ok(await profileId('Queue keepers'));

    await connect.send(new CreateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileName: 'Short lived', Permissions: ['BasicAgentAccess'] }));
    await admin.click('[data-testid=nav-users]');
    await admin.click('[data-testid=nav-security-profiles]');
    const temp = admin.locator('[data-testid=security-profile-row]', { hasText: 'Short lived' });
    await temp.locator('[data-testid=delete]').click();
    await temp.locator('[data-testid=confirm-delete]').click();
    await admin.waitForSelector('[data-testid=done] >> text=Security profile Short lived deleted.');
    await temp.waitFor({ state: 'detached' });
    assert.equal(await profileId('Short lived'), undefined);
  });

  test("an existing user's security profiles are changed on the Users page, and the API holds the change", async () => {
    await connect.send(new CreateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileName: 'Night shift', Permissions: ['BasicAgentAccess', 'AccessMetrics'] }));
    await admin.click('[data-testid=nav-security-profiles]');
    await admin.click('[data-testid=nav-users]');
    const row = admin.locator('[data-testid=user-row]', { hasText: 'agent2' });
    await row.locator('[data-testid=edit-security]').click();
    await row.locator('[data-testid="edit-security-Night shift"]').check();
    await row.locator('[data-testid=save-security]').click();
    await admin.waitForSelector('[data-testid=done] >> text=agent2 now has');
    await row.locator('.badge >> text=Night shift').waitFor();
    const users = await connect.send(new ListUsersCommand({ InstanceId: instanceId }));
    const agent2 = users.UserSummaryList!.find((u) => u.Username === 'agent2')!;
    const { User } = await connect.send(new DescribeUserCommand({ InstanceId: instanceId, UserId: agent2.Id! }));
    assert.ok(User!.SecurityProfileIds!.includes((await profileId('Night shift'))!));
  });
});

