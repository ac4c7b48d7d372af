/**
 * A task in the CCP: StartTaskContact through the real AWS SDK → the CCP offers it with its name and
 * countdown → accept → the task panel shows its name, description, a reference as a safe link and its
 * attributes → End task → after contact work → Clear contact.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ConnectClient, StartTaskContactCommand } from '@aws-sdk/client-connect';
import { browserSkipReason, signInAgent } from './browser.ts';
import { startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'tasks-e2e-password';
const skip = browserSkipReason();

describe('tasks in the CCP', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let connect: ConnectClient;

  before(async () => {
    rig = await startDemoBrowser('tasks-e2e', PASSWORD);
    agent = await rig.browser.newPage({ viewport: { width: 1100, height: 680 } });
    const demo = rig.demo;
    connect = new ConnectClient({ endpoint: rig.server.url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
  });
  after(async () => {
    connect?.destroy();
    await rig?.close();
  });

  test('a task started with StartTaskContact is offered, accepted, shown with its reference link, ended and cleared', async () => {
    await signInAgent(agent, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    const { ContactId } = await connect.send(new StartTaskContactCommand({
      InstanceId: rig.demo.instanceId, ContactFlowId: (rig.demo as unknown as { contactFlowId: string }).contactFlowId,
      Name: 'Call back Ann', Description: 'She asked about order 1234 <b>today</b>',
      References: {
        order: { Type: 'URL', Value: 'https://crm.example.com/orders/1234' },
        sneaky: { Type: 'STRING', Value: 'javascript:alert(1)' },
      },
      Attributes: { tier: 'gold' },
    }));
    assert.ok(ContactId);
    await agent.waitForSelector('[data-testid=offer] >> text=Incoming task', { timeout: 15_000 });
    assert.equal(await agent.locator('[data-testid=offer] [data-testid=task-name]').textContent(), 'Call back Ann');
    assert.match((await agent.locator('[data-testid=countdown]').textContent()) ?? '', /^\d+ s to accept$/);
    await agent.click('[data-testid=accept]');
    await agent.waitForSelector('[data-testid=task] [data-testid=end-task]');
    assert.equal(await agent.locator('[data-testid=task] [data-testid=task-name]').textContent(), 'Call back Ann');
    // The description is text: its markup shows as written, nothing is rendered as HTML.
    assert.equal(await agent.locator('[data-testid=task-description]').textContent(), 'She asked about order 1234 <b>today</b>');
    assert.equal(await agent.locator('[data-testid=task-description] b').count(), 0);
    const link = agent.locator('[data-testid=task-reference-link]');
    assert.equal(await link.count(), 1, 'only the URL reference is a link');
    assert.equal(await link.getAttribute('href'), 'https://crm.example.com/orders/1234');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    await agent.waitForSelector('[data-testid=task-references] >> text=javascript:alert(1)');
    await agent.waitForSelector('[data-testid=task-attributes] >> text=gold');
    await agent.click('[data-testid=end-task]');
    await agent.waitForSelector('[data-testid=contact-tab][data-state=ended]');
    await agent.waitForSelector('[data-testid=acw-timer]');
    await agent.click('[data-testid=clear]');
    await agent.waitForFunction(() => document.querySelectorAll('[data-testid=contact-tab]').length === 0);
  });
});
