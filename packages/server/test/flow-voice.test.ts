/** A voice menu flow through the phone simulator: the caller hears the question, presses a key, and the flow goes on; with Media, prompts wait until played. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { FlowDocument } from '@switchboard/engine';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { contactOf, startTestServer, type TestServer } from './harness.ts';

const CALLER = '+12065550100';
let srv: TestServer;
let phone: PhoneSimulator;
before(async () => {
  srv = await startTestServer();
  phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
});
after(async () => srv.stop());

function menu(queueArn: string): FlowDocument {
  return {
    Version: '2019-10-30', StartAction: 'welcome',
    Actions: [
      { Identifier: 'welcome', Type: 'MessageParticipant', Parameters: { Text: 'Thanks for calling $.SystemEndpoint.Address.' }, Transitions: { NextAction: 'menu' } },
      {
        Identifier: 'menu', Type: 'GetParticipantInput', Parameters: { Text: 'Press 1 for sales, 2 for support.', InputTimeLimitSeconds: '5', StoreInput: 'False' },
        Transitions: {
          NextAction: 'bye', Conditions: [{ NextAction: 'queue', Condition: { Operator: 'Equals', Operands: ['1'] } }, { NextAction: 'queue', Condition: { Operator: 'Equals', Operands: ['2'] } }],
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingCondition' }, { NextAction: 'bye', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      },
      { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'bye', Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

async function addMenu(): Promise<string> {
  const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
  const flowId = randomUUID();
  const queue = [...instance.queues.values()][0]!;
  assert.ok((await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: instance.id, flowId, name: `menu-${flowId}`, flowType: 'CONTACT_FLOW', content: menu(queue.arn) })).ok);
  return flowId;
}

describe('flows on calls through the phone simulator', () => {
  test('the flow collects a digit: the simulator shows the question and the collection; pressing 2 queues the call', async () => {
    const { ContactId } = await phone.dialInWith(CALLER, { contactFlowId: await addMenu(), to: '+18005550199' });
    const call = await phone.describe(ContactId);
    assert.equal(call.Flow?.Waiting, 'input');
    assert.deepEqual(call.Flow?.Playing.map((p) => p.Audio.text), ['Press 1 for sales, 2 for support.']);
    assert.equal(call.Flow?.Collecting[0]?.MaxDigits, 1);
    await phone.pressDigits(ContactId, '2');
    assert.equal(contactOf(srv, ContactId).status, 'queued');
  });

  test('with Media, the welcome prompt holds the flow until it is reported played', async () => {
    const { ContactId } = await phone.dialInWith(CALLER, { contactFlowId: await addMenu(), to: '+18005550199', media: true });
    let call = await phone.describe(ContactId);
    assert.equal(call.Flow?.Waiting, 'prompt');
    assert.deepEqual(call.Flow?.Playing.map((p) => p.Audio.text), ['Thanks for calling +18005550199.']);
    await phone.promptPlayed(ContactId);
    call = await phone.describe(ContactId);
    assert.equal(call.Flow?.Waiting, 'input');
    await phone.pressDigits(ContactId, '9');
    assert.equal((await phone.describe(ContactId)).Ended, true, 'no such option: goodbye');
  });

  test('pressing keys when the flow is not collecting is refused', async () => {
    const { ContactId } = await phone.dialInWith(CALLER, { contactFlowId: await addMenu(), media: true });
    await assert.rejects(phone.pressDigits(ContactId, '1'), /not collecting/);
  });
});
