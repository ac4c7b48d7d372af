/**
 * Chat whispers in real browsers (Connect's "Set whisper flow": a whisper is one-sided): the demo's chat
 * flow is changed to set an agent and a customer whisper; when the agent accepts, the CCP shows the agent
 * whisper's text and the chat page the customer whisper's — and never the other's. The CCP labels the agent
 * whisper as one (only the agent sees it), live and after a reload; ordinary messages carry no label.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ConnectClient, CreateContactFlowCommand, UpdateContactFlowContentCommand } from '@aws-sdk/client-connect';
import { browserSkipReason, signInAgent } from './browser.ts';
import { acceptChat, startCustomerChat, startDemoBrowser, type DemoBrowser } from './demoBrowser.ts';

const PASSWORD = 'whisper-e2e-password';
const AGENT_TEXT = 'Agent whisper: a gold member';
const CUSTOMER_TEXT = 'Customer whisper: this chat may be reviewed';
const WHISPER_LABEL = 'Whisper — only you see this';
const skip = browserSkipReason();

const say = (text: string) => JSON.stringify({
  Version: '2019-10-30', StartAction: 'say',
  Actions: [
    { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: text }, Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
  ],
});

describe('chat whispers in the CCP and on the chat page', { skip }, () => {
  let rig: DemoBrowser;
  let agent: Page;
  let customer: Page;
  let connect: ConnectClient;

  before(async () => {
    rig = await startDemoBrowser('whisper-e2e', PASSWORD);
    const demo = rig.demo as DemoBrowser['demo'] & { instanceArn: string; contactFlowId: string; queueId: string };
    connect = new ConnectClient({ endpoint: rig.server.url, region: demo.region, credentials: { accessKeyId: demo.accessKeyId, secretAccessKey: demo.secretAccessKey }, maxAttempts: 1 });
    const InstanceId = demo.instanceId;
    const agentWhisper = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Agent whisper', Type: 'AGENT_WHISPER', Content: say(AGENT_TEXT) }));
    const customerWhisper = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Customer whisper', Type: 'CUSTOMER_WHISPER', Content: say(CUSTOMER_TEXT) }));
    // The chat page's flow: Set whisper flow (both), then BasicQueue.
    await connect.send(new UpdateContactFlowContentCommand({
      InstanceId, ContactFlowId: demo.contactFlowId, Content: JSON.stringify({
        Version: '2019-10-30', StartAction: 'hooks',
        Actions: [
          { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { AgentWhisper: agentWhisper.ContactFlowArn, CustomerWhisper: customerWhisper.ContactFlowArn } }, Transitions: { NextAction: 'queue', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
          { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: `${demo.instanceArn}/queue/${demo.queueId}` }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
          { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
          { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
        ],
      }),
    }));
    agent = await rig.browser.newPage({ viewport: { width: 1100, height: 720 } });
    customer = await (await rig.browser.newContext({ viewport: { width: 520, height: 720 } })).newPage();
    await signInAgent(agent, demo.urls.ccp, 'agent1', PASSWORD, 'Available');
  });
  after(async () => {
    connect?.destroy();
    await rig?.close();
  });

  test('the agent sees the agent whisper and the customer the customer whisper; neither sees the other\'s', async () => {
    await startCustomerChat(customer, rig.demo.urls.chat, 'Whisper Wanda');
    await acceptChat(agent);
    await agent.waitForSelector(`[data-testid=message] >> text=${AGENT_TEXT}`);
    await customer.waitForSelector(`[data-testid=message] >> text=${CUSTOMER_TEXT}`);
    await agent.fill('[data-testid=composer]', 'Hello Wanda');
    await agent.click('[data-testid=send]');
    await customer.waitForSelector('[data-testid=message] >> text=Hello Wanda');
    assert.equal(await customer.locator(`text=${AGENT_TEXT}`).count(), 0, 'the chat page never shows the agent whisper');
    assert.equal(await agent.locator(`text=${CUSTOMER_TEXT}`).count(), 0, 'the CCP never shows the customer whisper');
    // A reload reads the transcript again (GetTranscript): still only the customer's own whisper.
    await customer.reload();
    await customer.waitForSelector('[data-testid=message] >> text=Hello Wanda');
    assert.equal(await customer.locator(`text=${AGENT_TEXT}`).count(), 0, 'not after a reload either');
    assert.equal(await customer.locator(`[data-testid=message] >> text=${CUSTOMER_TEXT}`).count(), 1);
  });

  // The chat of the test above, still going: the agent whisper came live; the customer now writes too.
  test('the CCP labels the agent whisper "only you see this", live and after a reload; the customer\'s and the agent\'s own messages carry no label', async () => {
    const message = (text: string) => agent.locator('[data-testid=message]', { hasText: text });
    const labels = async () => agent.locator('[data-testid=whisper-label]').allTextContents();
    await customer.fill('[data-testid=composer]', 'Hi, Wanda here');
    await customer.click('[data-testid=send]');
    await agent.waitForSelector('[data-testid=message] >> text=Hi, Wanda here');
    assert.equal(await message(AGENT_TEXT).locator('[data-testid=whisper-label]').textContent(), WHISPER_LABEL, 'live: the whisper is labelled');
    assert.equal(await message('Hi, Wanda here').locator('[data-testid=whisper-label]').count(), 0, 'the customer\'s message is not');
    assert.equal(await message('Hello Wanda').locator('[data-testid=whisper-label]').count(), 0, 'the agent\'s own message is not');
    assert.deepEqual(await labels(), [WHISPER_LABEL], 'one label in the whole transcript');

    // A reload loads the transcript anew (the agent socket's getTranscript): the whisper is still labelled.
    await agent.reload();
    await agent.waitForSelector('[data-testid=message] >> text=Hi, Wanda here');
    await agent.waitForSelector(`[data-testid=message] >> text=${AGENT_TEXT}`);
    assert.equal(await message(AGENT_TEXT).locator('[data-testid=whisper-label]').textContent(), WHISPER_LABEL, 'after a reload: still labelled');
    assert.equal(await message('Hi, Wanda here').locator('[data-testid=whisper-label]').count(), 0);
    assert.equal(await message('Hello Wanda').locator('[data-testid=whisper-label]').count(), 0);
    assert.deepEqual(await labels(), [WHISPER_LABEL]);
    assert.equal(await customer.locator('[data-testid=whisper-label]').count(), 0, 'the chat page gets no whisper marks (the Participant Service\'s shapes are unchanged)');
  });
});
