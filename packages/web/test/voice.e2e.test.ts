/**
 * A call in real browsers (seed 000, three-party mode): a simulated caller reaches agent1, who holds
 * and resumes them, adds agent2 with a quick connect (the caller waits on hold), joins everyone, and
 * leaves; agent2 keeps the call until the caller hangs up. Then an outbound call from the dialer.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { browserSkipReason } from './browser.ts';
import { signInInNewContext, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'voice-e2e-password';
const CALLER = '+12065550100';
const skip = browserSkipReason();
const root = join(import.meta.dirname, '..', '..', '..');
const shots = process.env.UPDATE_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, '.tmp', 'screenshots');

describe('a call in the CCP', { skip }, () => {
  let rig: DemoBrowser;
  let phone: PhoneSimulator;
  let agent1: Page;
  let agent2: Page;
  let call: { ContactId: string; PartyId: string };

  const signIn = (username: string, status: string): Promise<Page> => signInInNewContext(rig.browser, rig.demo.urls.ccp, username, PASSWORD, status);
  const connection = (page: Page, name: string) => page.locator(`[data-testid=connection][data-name="${name}"]`);

  before(async () => {
    rig = await startDemoBrowser('voice-e2e', PASSWORD);
    const { demo } = rig;
    phone = new PhoneSimulator({ endpoint: new URL(demo.urls.ccp).origin, region: demo.region, instanceId: demo.instanceId, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey } });
  });
  after(async () => {
    await rig?.close();
  });

  test('the caller reaches agent1, who accepts, holds and resumes them', async () => {
    agent1 = await signIn('agent1', 'Available');
    agent2 = await signIn('agent2', 'Offline');
    call = await phone.dialIn(CALLER);
    await agent1.waitForSelector(`[data-testid=offer] >> text=${CALLER}`);
    await agent1.click('[data-testid=accept]');
    await connection(agent1, CALLER).waitFor();
    await connection(agent1, CALLER).locator('[data-testid=hold]').click();
    await agent1.waitForSelector(`[data-testid=connection][data-name="${CALLER}"][data-state=hold]`);
    assert.deepEqual((await phone.describe(call.ContactId)).Hearing[call.PartyId], []);
    await connection(agent1, CALLER).locator('[data-testid=resume]').click();
    await agent1.waitForSelector(`[data-testid=connection][data-name="${CALLER}"][data-state=connected]`);
  });

  test('adding agent2 puts the caller on hold; agent2 sees only "Internal transfer"; Join brings everyone together', async () => {
    await agent2.selectOption('[data-testid=status]', { label: 'Available' });
    await agent1.click('[data-testid=add-participant]');
    await agent1.click('[data-testid=quick-connect] >> text=Agent2');
    await agent1.waitForSelector(`[data-testid=connection][data-name="${CALLER}"][data-state=hold]`);
    await agent2.waitForSelector(`[data-testid=offer] >> text=${CALLER}`);
    await agent2.click('[data-testid=accept]');
    await connection(agent2, 'Internal transfer').waitFor();
    assert.equal(await agent2.locator(`[data-testid=connection][data-name="${CALLER}"]`).count(), 0, 'the secondary agent does not see the caller');
    await agent1.waitForSelector('[data-testid=connection][data-name="Internal transfer"][data-state=connected]');
    await agent1.click('[data-testid=join]');
    await agent1.waitForSelector(`[data-testid=connection][data-name="${CALLER}"][data-state=connected]`);
    await agent1.screenshot({ path: join(shots, 'ccp-call.png') });
    const heard = (await phone.describe(call.ContactId)).Hearing[call.PartyId]!;
    assert.equal(heard.length, 2, 'the caller hears both agents');
  });

  test('a refused operation says which rule refused it (the secondary cannot hold in a three-party call)', async () => {
    await connection(agent2, 'Internal transfer').locator('[data-testid=hold]').click();
    await agent2.waitForSelector('.banner.error >> text=only the primary agent');
    await agent2.click('.banner.error');
  });

  test('agent1 leaves; agent2 keeps the caller until they hang up, then is in after contact work', async () => {
    await agent1.click('[data-testid=end-call]');
    await agent1.waitForSelector('[data-testid=call] [data-testid=clear]');
    await connection(agent2, CALLER).waitFor();
    await phone.hangUp(call.ContactId, call.PartyId);
    await agent2.waitForSelector('[data-testid=acw-timer]');
    await agent2.click('[data-testid=clear]');
    await agent1.click('[data-testid=clear]');
  });

  test('an outbound call from the dialer: the number rings until it answers', async () => {
    await agent1.fill('[data-testid=outbound-number]', CALLER);
    await agent1.click('[data-testid=outbound-call]');
    await agent1.waitForSelector(`[data-testid=connection][data-name="${CALLER}"][data-state=connecting]`);
    const tabState = await agent1.locator('[data-testid=contact-tab]').first().getAttribute('data-state');
    assert.equal(tabState, 'connected', 'the agent is on the call at once, no offer');
    await agent1.waitForFunction(() => document.querySelector('[data-testid=call] .timers')?.textContent?.includes('outbound'));
  });
});
