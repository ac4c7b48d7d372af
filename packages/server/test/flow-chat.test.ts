/** A flow with a menu and a Wait, end to end: StartChatContact through the real SDK, the customer's answer through the Participant Service, the Wait fired by the server's timers. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { FlowDocument } from '@switchboard/engine';
import { anyContactOf, contactOf, createConnection, participant, startTestServer, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

let srv: TestServer;
before(async () => { srv = await startTestServer(); });
after(async () => srv.stop());

const flow = (queueArn: string): FlowDocument => ({
  Version: '2019-10-30', StartAction: 'menu',
  Actions: [
    {
      Identifier: 'menu', Type: 'GetParticipantInput', Parameters: { Text: 'Type 1 for sales or 2 to wait a second', InputTimeLimitSeconds: '30', StoreInput: 'False' },
      Transitions: {
        NextAction: 'sorry',
        Conditions: [{ NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } }, { NextAction: 'pause', Condition: { Operator: 'Equals', Operands: ['2'] } }],
        Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingCondition' }, { NextAction: 'sorry', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'sorry', ErrorType: 'NoMatchingError' }],
      },
    },
    { Identifier: 'pause', Type: 'Wait', Parameters: { TimeLimitSeconds: '1' }, Transitions: { NextAction: 'after', Conditions: [{ NextAction: 'after', Condition: { Operator: 'Equals', Operands: ['WaitCompleted'] } }], Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'after', Type: 'MessageParticipant', Parameters: { Text: 'A second went by.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'sales', Type: 'MessageParticipant', Parameters: { Text: 'Sales it is, $.Attributes.name.' }, Transitions: { NextAction: 'queue' } },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'sorry', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'sorry', Type: 'MessageParticipant', Parameters: { Text: 'Sorry.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

async function startChat(): Promise<{ contactId: string; token: string }> {
  const instance = srv.services.state.instances.get(srv.demo.instanceId)!;
  const queue = [...instance.queues.values()][0]!;
  const flowId = randomUUID();
  assert.ok((await srv.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: instance.id, flowId, name: `menu-${flowId}`, flowType: 'CONTACT_FLOW', content: flow(queue.arn) })).ok);
  const started = await demoConnectClient(srv).send(new StartChatContactCommand({
    InstanceId: srv.demo.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Ann' }, Attributes: { name: 'Ann' },
  }));
  const { ConnectionCredentials } = await createConnection(srv, started.ParticipantToken!);
  return { contactId: started.ContactId!, token: ConnectionCredentials.ConnectionToken };
}

const said = async (contactId: string) => (await anyContactOf(srv, contactId)).transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content);

describe('flows end to end on a chat', () => {
  test('the menu waits for the customer; their message through the Participant Service picks the branch and queues the chat', async () => {
    const { contactId, token } = await startChat();
    assert.deepEqual(await said(contactId), ['Type 1 for sales or 2 to wait a second']);
    assert.equal(contactOf(srv, contactId).flowRun?.waiting?.kind, 'input');
    const r = await participant(srv, 'message', token, { ContentType: 'text/plain', Content: '1' });
    assert.equal(r.status, 200);
    await waitFor(() => contactOf(srv, contactId).status === 'queued', 3000, 'the chat to be queued');
    assert.deepEqual(await said(contactId), ['Type 1 for sales or 2 to wait a second', 'Sales it is, Ann.']);
  });

  test('a Wait is a server timer: it fires FlowTimeout and the flow goes on', async () => {
    const { contactId, token } = await startChat();
    await participant(srv, 'message', token, { ContentType: 'text/plain', Content: '2' });
    await waitFor(async () => (await said(contactId)).includes('A second went by.'), 4000, 'the Wait to end');
    await waitFor(async () => (await anyContactOf(srv, contactId)).status === 'ended', 2000, 'the chat to end');
  });
});
