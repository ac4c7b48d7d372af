/**
 * The CCP's softphone when the microphone is not there to be had: a browser that refuses the microphone
 * shows a clear message on the call (and the call itself goes on: the agent can still hold, transfer or
 * end it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { browserSkipReason, launchRefusingMicrophone } from './browser.ts';
import { signInInNewContext, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'softphone-e2e-password';
const skip = browserSkipReason();

describe('the softphone without a microphone', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;

  let refusing: Browser;
  before(async () => {
    rig = await startDemoBrowser('softphone', PASSWORD);
    refusing = await launchRefusingMicrophone();
  });
  after(async () => {
    await refusing?.close();
    await rig?.close();
  });

  test('a blocked microphone is said plainly on the call, and the call controls still work', async () => {
    const { demo } = rig;
    // The browser refuses the microphone, as for a user who clicked "Block".
    agent = await signInInNewContext(refusing, demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    const phone = new PhoneSimulator({ endpoint: new URL(demo.urls.ccp).origin, region: demo.region, instanceId: demo.instanceId, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey } });
    const call = await phone.dialIn('+12065550100');
    await agent.waitForSelector('[data-testid=accept]');
    await agent.click('[data-testid=accept]');
    const softphone = agent.locator('[data-testid=softphone]');
    await agent.waitForSelector('[data-testid=softphone][data-status=blocked]');
    assert.match(await softphone.innerText(), /Microphone blocked: allow this site to use the microphone/);
    await agent.locator('[data-testid=connection][data-name="+12065550100"] [data-testid=hold]').click();
    await agent.waitForSelector('[data-testid=connection][data-name="+12065550100"][data-state=hold]');
    await phone.hangUp(call.ContactId, call.PartyId);
    await agent.waitForSelector('[data-testid=acw-timer]');
  });
});
