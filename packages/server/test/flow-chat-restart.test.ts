/**
 * A chat whose flow waits for the customer's next message (GetParticipantInput) survives a restart: the
 * wait is in the event log, so a new server on the same data directory rebuilds it, and the customer's
 * message — sent to the new server with the connection token they already had — takes the right branch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { StartChatContactCommand } from '@aws-sdk/client-connect';
import type { FlowDocument } from '@switchboard/engine';
import { contactOf, createConnection, participant, startTestServer, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

const menu = (queueArn: string): FlowDocument => ({
  Version: '2019-10-30', StartAction: 'menu',
  Actions: [
    {
      Identifier: 'menu', Type: 'GetParticipantInput', Parameters: { Text: 'Type 1 for sales or 2 for support', InputTimeLimitSeconds: '300', StoreInput: 'False' },
      Transitions: {
        NextAction: 'sorry',
        Conditions: [{ NextAction: 'sales', Condition: { Operator: 'Equals', Operands: ['1'] } }, { NextAction: 'support', Condition: { Operator: 'Equals', Operands: ['2'] } }],
        Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingCondition' }, { NextAction: 'sorry', ErrorType: 'InputTimeLimitExceeded' }, { NextAction: 'sorry', ErrorType: 'NoMatchingError' }],
      },
    },
    { Identifier: 'sales', Type: 'MessageParticipant', Parameters: { Text: 'Sales it is.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'support', Type: 'MessageParticipant', Parameters: { Text: 'Support it is.' }, Transitions: { NextAction: 'queue' } },
    { Identifier: 'queue', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'go', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: { NextAction: 'sorry', Errors: [{ NextAction: 'sorry', ErrorType: 'NoMatchingError' }] } },
    { Identifier: 'sorry', Type: 'MessageParticipant', Parameters: { Text: 'Sorry.' }, Transitions: { NextAction: 'bye' } },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ],
});

const said = (srv: TestServer, contactId: string) => contactOf(srv, contactId).transcript.filter((i) => i.role === 'SYSTEM').map((i) => i.content);

test('a chat waiting in GetParticipantInput survives a restart: the customer\'s message to the new server takes the right branch', async () => {
  const first = await startTestServer();
  let second: TestServer | undefined;
  try {
    const instance = first.services.state.instances.get(first.demo.instanceId)!;
    const flowId = randomUUID();
    assert.ok((await first.services.pipeline.submit({ type: 'CreateContactFlow', instanceId: instance.id, flowId, name: 'menu', flowType: 'CONTACT_FLOW', content: menu(instance.queues.get(first.demo.queueId)!.arn) })).ok);
    const connect = demoConnectClient(first, { maxAttempts: 1 });
    const started = await connect.send(new StartChatContactCommand({ InstanceId: first.demo.instanceId, ContactFlowId: flowId, ParticipantDetails: { DisplayName: 'Ann' } }));
    connect.destroy();
    const contactId = started.ContactId!;
    const { ConnectionCredentials } = await createConnection(first, started.ParticipantToken!);
    const waitId = contactOf(first, contactId).flowRun?.waiting?.id;
    assert.equal(contactOf(first, contactId).flowRun?.waiting?.kind, 'input');
    await first.stop({ keepDir: true });

    second = await startTestServer({ dir: first.dir });
    const srv = second;
    const run = contactOf(srv, contactId).flowRun;
    assert.deepEqual([run?.waiting?.kind, run?.waiting?.id], ['input', waitId], 'the new server rebuilt the wait');
    assert.deepEqual(said(srv, contactId), ['Type 1 for sales or 2 for support']);
    const sent = await participant(srv, 'message', ConnectionCredentials.ConnectionToken, { ContentType: 'text/plain', Content: '2' });
    assert.equal(sent.status, 200);
    await waitFor(() => contactOf(srv, contactId).status === 'queued', 3000, 'the chat queued by the support branch');
    assert.deepEqual(said(srv, contactId), ['Type 1 for sales or 2 for support', 'Support it is.']);
    assert.equal(contactOf(srv, contactId).queueId, srv.demo.queueId);
  } finally {
    await first.stop({ keepDir: second !== undefined });
    await second?.stop();
  }
});
