/**
 * Read and delivered receipts in the CCP, in a real browser against the real server process: the
 * customer's receipts for the agent's message show under it ("Delivered", then "Read") as they come,
 * and still after the CCP reloads (they are kept on the message; GetTranscript brings them back).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ConnectParticipantClient, CreateParticipantConnectionCommand, GetTranscriptCommand, SendEventCommand } from '@aws-sdk/client-connectparticipant';
import { browserSkipReason } from './browser.ts';
import { acceptChat, signInInNewContext, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'receipts-demo-password';
const REPLY = 'Your parcel is on its way';

describe('message receipts in the CCP', { skip: browserSkipReason() }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;
  let participant: ConnectParticipantClient;
  /** The customer's connection token (the chat page's participant token, connected once more from here). */
  let token: string;
  let replyId: string;

  before(async () => {
    rig = await startDemoBrowser('receipts', PASSWORD);
    participant = new ConnectParticipantClient({ endpoint: new URL(rig.demo.urls.ccp).origin, region: rig.demo.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1 });
    agent = await signInInNewContext(rig.browser, rig.demo.urls.ccp, 'agent1', PASSWORD, 'Available');
    customer = await (await rig.browser.newContext()).newPage();
  });

  after(async () => {
    participant?.destroy();
    await rig?.close();
  });

  const receiptUnder = (page: Page, text: string) => page.locator('[data-testid=message]', { hasText: text }).locator('[data-testid=receipt]');

  test('the customer\'s delivered and read receipts show under the agent\'s message as they come', async () => {
    await startCustomerChat(customer, rig.demo.urls.chat, 'Ann');
    await customer.waitForSelector('[data-testid=composer]:not([disabled])');
    await acceptChat(agent);
    await agent.fill('[data-testid=composer]', REPLY);
    await agent.click('[data-testid=send]');
    await customer.waitForSelector(`[data-testid=message] >> text=${REPLY}`);

    const participantToken = await customer.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.startsWith('switchboard.chat.'))!;
      return JSON.parse(localStorage.getItem(key)!).details.participantToken as string;
    });
    const conn = await participant.send(new CreateParticipantConnectionCommand({ ParticipantToken: participantToken, Type: ['CONNECTION_CREDENTIALS'] }));
    token = conn.ConnectionCredentials!.ConnectionToken!;
    const page = await participant.send(new GetTranscriptCommand({ ConnectionToken: token, ScanDirection: 'BACKWARD', MaxResults: 100 }));
    replyId = page.Transcript!.find((i) => i.Content === REPLY)!.Id!;
    assert.equal(await receiptUnder(agent, REPLY).count(), 0, 'no receipt yet');

    await participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: 'application/vnd.amazonaws.connect.event.message.delivered', Content: JSON.stringify({ messageId: replyId }) }));
    await receiptUnder(agent, REPLY).filter({ hasText: 'Delivered' }).waitFor();
    await participant.send(new SendEventCommand({ ConnectionToken: token, ContentType: 'application/vnd.amazonaws.connect.event.message.read', Content: JSON.stringify({ messageId: replyId }) }));
    await receiptUnder(agent, REPLY).filter({ hasText: 'Read' }).waitFor();
    // Receipts are not messages: the transcript shows no extra bubble.
    assert.equal(await agent.locator('[data-testid=message]', { hasText: REPLY }).count(), 1);
  });

  test('after the CCP reloads, the agent\'s message still shows "Read"', async () => {
    await agent.reload();
    await agent.waitForSelector(`[data-testid=message] >> text=${REPLY}`);
    await receiptUnder(agent, REPLY).filter({ hasText: 'Read' }).waitFor();
    assert.equal(await receiptUnder(agent, REPLY).textContent(), 'Read');
    // The customer's own messages carry no receipt marks on the agent's side.
    assert.equal(await agent.locator('[data-testid=message][data-role=CUSTOMER] [data-testid=receipt]').count(), 0);
  });
});
