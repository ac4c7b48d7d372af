/**
 * Security profiles in the CCP (issue 18), in real Chromium: an agent whose profiles lack Quick connects -
 * View (TransferDestinations.View) sees no Transfer, Add participant or quick connects on a chat, nor a dialer
 * without OutboundCallAccess; once an administrator grants them through the real AWS SDK, the same page shows
 * them, without logging in again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ConnectClient, CreateSecurityProfileCommand, ListUsersCommand, UpdateSecurityProfileCommand, UpdateUserSecurityProfilesCommand } from '@aws-sdk/client-connect';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'security-e2e-password';
const skip = browserSkipReason();

describe('security profiles in the CCP', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;
  let connect: ConnectClient;

  before(async () => {
    rig = await startDemoBrowser('security-e2e', PASSWORD);
    agent = await rig.browser.newPage({ viewport: { width: 1100, height: 720 } });
    customer = await (await rig.browser.newContext({ viewport: { width: 520, height: 720 } })).newPage();
    const demo = rig.demo;
    connect = new ConnectClient({ endpoint: rig.server.url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
  });
  after(async () => {
    connect?.destroy();
    await rig?.close();
  });

  test('an agent without TransferDestinations.View sees no quick connects; granted, the same page shows them', async () => {
    const InstanceId = rig.demo.instanceId;
    const { SecurityProfileId } = await connect.send(new CreateSecurityProfileCommand({ InstanceId, SecurityProfileName: 'Chat only', Permissions: ['BasicAgentAccess'] }));
    const users = (await connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList!;
    const agent1 = users.find((u) => u.Username === 'agent1')!.Id!;
    await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId, UserId: agent1, SecurityProfileIds: [SecurityProfileId!] }));

    await signInAgent(agent, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    await startCustomerChat(customer, rig.demo.urls.chat, 'Quinn');
    await acceptChat(agent);
    await agent.waitForSelector('[data-testid=participants]');
    for (const control of ['transfer', 'add-participant', 'quick-connects', 'quick-connect']) {
      assert.equal(await agent.locator(`[data-testid=${control}]`).count(), 0, `no ${control} without the permission`);
    }
    // The demo's routing profile takes calls, but this profile may not call out (OutboundCallAccess): no dialer.
    assert.equal(await agent.locator('[data-testid=dialer]').count(), 0);

    await connect.send(new UpdateSecurityProfileCommand({ InstanceId, SecurityProfileId, Permissions: ['BasicAgentAccess', 'TransferDestinations.View', 'OutboundCallAccess'] }));
    await agent.waitForSelector('[data-testid=transfer]');
    await agent.waitForSelector('[data-testid=dialer]');
    await agent.click('[data-testid=transfer]');
    await agent.waitForSelector('[data-testid=quick-connect] >> text=Agent2');
  });
});
