/**
 * The admin console's Phone numbers and Instance settings pages in Chromium, each change checked with the real
 * AWS SDK: a number is claimed with a flow and listed with it, its flow removed, the number released, a bad number
 * shows the server's error; an approved origin is added and removed, a malformed one shows the server's error;
 * multi-party chat is switched off and on and ListInstanceAttributes follows; a CallCenterManager sees phone
 * numbers but not the instance settings.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  ConnectClient, CreateUserCommand, ListApprovedOriginsCommand, ListFlowAssociationsCommand, ListInstanceAttributesCommand, ListPhoneNumbersV2Command,
  ListRoutingProfilesCommand, type InstanceAttributeType,
} from '@aws-sdk/client-connect';
import { browserSkipReason } from './browser.ts';
import type { DemoBrowser } from './demoBrowser.ts';
import { adminConsoleSuite, shots, signInConsole } from './adminPages.ts';

const PASSWORD = 'admin-settings-e2e-password';
const skip = browserSkipReason();

describe('the admin console\'s phone numbers and instance settings', { skip }, () => {
  let rig: DemoBrowser;
  let admin: Page;
  let connect: ConnectClient;
  let instanceId: string;

  adminConsoleSuite('admin-settings-e2e', PASSWORD, (suite) => ({ rig, admin, connect, instanceId } = suite));

  const numbers = async () => (await connect.send(new ListPhoneNumbersV2Command({ InstanceId: instanceId }))).ListPhoneNumbersSummaryList!;
  /** Every attribute, as the SDK reads them (ListInstanceAttributes pages 7 at a time). */
  async function attributes(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    let NextToken: string | undefined;
    do {
      const page = await connect.send(new ListInstanceAttributesCommand({ InstanceId: instanceId, NextToken }));
      for (const a of page.Attributes!) out.set(a.AttributeType!, a.Value!);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  test('a number claimed with a flow is listed with it; its flow is removed and it is released; a bad number shows the server\'s error', async () => {
    await admin.click('[data-testid=nav-phone-numbers]');
    await admin.waitForSelector('[data-testid=phone-numbers-table] >> text=No numbers claimed yet.');
    await admin.click('[data-testid=claim-number]');
    await admin.fill('[data-testid=claim-phone]', '12345');
    await admin.click('[data-testid=claim-form-submit]');
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^InvalidParameterException: /);
    assert.equal((await numbers()).length, 0);

    await admin.fill('[data-testid=claim-phone]', '+12065550142');
    await admin.fill('[data-testid=claim-description]', 'Main line');
    await admin.selectOption('[data-testid=claim-flow]', { label: 'Sample inbound flow' });
    await admin.click('[data-testid=claim-form-submit]');
    await admin.waitForSelector('[data-testid=done] >> text=+12065550142 claimed and runs Sample inbound flow.');
    const row = admin.locator('[data-testid=phone-number-row]', { hasText: '+12065550142' });
    await row.locator('[data-testid=flow-name]:text-is("Sample inbound flow")').waitFor();
    const [claimed] = await numbers();
    assert.equal(claimed?.PhoneNumber, '+12065550142');
    assert.equal(claimed?.PhoneNumberDescription, 'Main line');
    const associations = (await connect.send(new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'VOICE_PHONE_NUMBER' }))).FlowAssociationSummaryList!;
    assert.deepEqual(associations.map((a) => a.ResourceId), [claimed!.PhoneNumberArn]);

    await row.locator('[data-testid=remove-flow]').click();
    await row.locator('[data-testid=flow-name]:text-is("Default inbound flow")').waitFor();
    assert.deepEqual((await connect.send(new ListFlowAssociationsCommand({ InstanceId: instanceId }))).FlowAssociationSummaryList, []);
    await row.locator('[data-testid=change-flow]').click();
    await row.locator('[data-testid=choose-flow]').selectOption({ label: 'Sample inbound flow' });
    await row.locator('[data-testid=save-flow]').click();
    await row.locator('[data-testid=flow-name]:text-is("Sample inbound flow")').waitFor();

    await row.locator('[data-testid=release]').click();
    await row.locator('[data-testid=confirm-release]').click();
    await admin.waitForSelector('[data-testid=done] >> text=+12065550142 released.');
    await row.waitFor({ state: 'detached' });
    assert.equal((await numbers()).length, 0);
  });

  test('an approved origin is added and removed; a malformed one shows the server\'s error', async () => {
    const origins = async () => (await connect.send(new ListApprovedOriginsCommand({ InstanceId: instanceId }))).Origins!;
    await admin.click('[data-testid=nav-instance-settings]');
    await admin.fill('[data-testid=origin-input]', 'www.example.com/shop');
    await admin.click('[data-testid=add-origin]');
    const error = await admin.waitForSelector('[data-testid=error]');
    assert.match((await error.textContent()) ?? '', /^InvalidParameterException: .*not a web origin/);
    assert.ok(!(await origins()).includes('www.example.com/shop'));

    await admin.fill('[data-testid=origin-input]', 'https://shop.example.com');
    await admin.click('[data-testid=add-origin]');
    const row = admin.locator('[data-testid=origin-row]', { hasText: 'https://shop.example.com' });
    await row.waitFor();
    assert.ok((await origins()).includes('https://shop.example.com'));
    await row.locator('[data-testid=remove-origin]').click();
    await row.locator('[data-testid=confirm-remove-origin]').click();
    await row.waitFor({ state: 'detached' });
    assert.ok(!(await origins()).includes('https://shop.example.com'));
  });

  test('multi-party chat is switched off and on again, and ListInstanceAttributes (real SDK) follows', async () => {
    await admin.click('[data-testid=nav-instance-settings]');
    const chat = admin.locator('[data-testid=attribute-MULTI_PARTY_CHAT_CONFERENCE]');
    await chat.waitFor();
    assert.equal((await attributes()).get('MULTI_PARTY_CHAT_CONFERENCE' satisfies InstanceAttributeType), 'true');
    assert.ok(await chat.isChecked(), 'the demo has multi-party chat on');
    await admin.fill('[data-testid=origin-input]', 'https://www.example.com');
    await admin.click('[data-testid=add-origin]');
    await admin.locator('[data-testid=origin-row]', { hasText: 'https://www.example.com' }).waitFor();

    await chat.click();
    await admin.waitForSelector('[data-testid=done] >> text=Multi-party chats off.');
    assert.equal((await attributes()).get('MULTI_PARTY_CHAT_CONFERENCE'), 'false');
    // The switch shows what the server now holds once the page has read it back.
    await admin.locator('[data-testid=attribute-MULTI_PARTY_CHAT_CONFERENCE]:not(:checked)').waitFor();
    await chat.click();
    await admin.waitForSelector('[data-testid=done] >> text=Multi-party chats on.');
    assert.equal((await attributes()).get('MULTI_PARTY_CHAT_CONFERENCE'), 'true');
    await admin.locator('[data-testid=attribute-MULTI_PARTY_CHAT_CONFERENCE]:checked').waitFor();
    await admin.evaluate(() => window.scrollTo(0, 0));
    await admin.screenshot({ path: join(shots, 'admin-settings.png') });
  });

  test('a CallCenterManager sees the phone numbers but may not claim one, and has no instance settings', async () => {
    const routingProfileId = (await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId }))).RoutingProfileSummaryList![0]!.Id!;
    await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: 'floor', Password: 'Floor-pass-123', RoutingProfileId: routingProfileId,
      SecurityProfileIds: ['security-profile-call-center-manager'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const page = await (await rig.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    try {
      await signInConsole(page, rig.server.url, 'floor', 'Floor-pass-123');
      const nav = await page.locator('nav a').allTextContents();
      assert.ok(nav.includes('Phone numbers') && nav.includes('Security profiles'));
      assert.ok(!nav.includes('Instance settings'));
      await page.click('[data-testid=nav-phone-numbers]');
      await page.waitForSelector('[data-testid=phone-numbers-table]');
      assert.equal(await page.locator('[data-testid=claim-number]').count(), 0);
    } finally {
      await page.context().close();
    }
  });
});
