/**
 * Whispers on calls without media (the phone simulator, SWITCHBOARD_MEDIA=0, as the test server runs):
 * when an agent takes the call, the agent whisper and then the customer whisper run for their logic —
 * here they set contact attributes — their prompts ending at once, as the inbound flow's do.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConnectClient, CreateContactFlowCommand, DescribeContactCommand, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectAgent } from './sdkClients.ts';

type Action = { Identifier: string; Type: string; Parameters?: Record<string, unknown>; Transitions?: Record<string, unknown> };
const doc = (actions: Action[]) => JSON.stringify({ Version: '2019-10-30', StartAction: actions[0]!.Identifier, Actions: actions });
const next = (to: string) => ({ NextAction: to, Errors: [{ NextAction: to, ErrorType: 'NoMatchingError' }] });
const end: Action = { Identifier: 'end', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} };

let srv: TestServer;
let connect: ConnectClient;
let phone: PhoneSimulator;
let agent: AgentClient;
before(async () => {
  srv = await startTestServer();
  const credentials = { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey };
  connect = new ConnectClient({ endpoint: srv.url, region: srv.demo.region, maxAttempts: 1, credentials });
  phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials });
  agent = (await connectAgent(srv, 'agent1')).client;
});
after(async () => {
  agent.close();
  connect.destroy();
  await srv.stop();
});

async function createFlow(type: string, actions: Action[]): Promise<string> {
  return (await connect.send(new CreateContactFlowCommand({ InstanceId: srv.demo.instanceId, Name: `${type}-${randomUUID()}`, Type: type as never, Content: doc(actions) }))).ContactFlowId!;
}

test('without media, a call\'s agent whisper and then its customer whisper run when the agent accepts: their prompts end at once, their attributes are set', async () => {
  const InstanceId = srv.demo.instanceId;
  const queueArn = srv.services.state.instances.get(InstanceId)!.queues.get(srv.demo.queueId)!.arn;
  const agentWhisper = await createFlow('AGENT_WHISPER', [
    { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: 'Caller from $.Queue.Name' }, Transitions: next('set') },
    { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { agentWhisper: 'ran', queueArn: '$.Queue.ARN' } }, Transitions: next('end') }, end,
  ]);
  const customerWhisper = await createFlow('CUSTOMER_WHISPER', [
    { Identifier: 'say', Type: 'MessageParticipant', Parameters: { Text: 'You are connected' }, Transitions: next('set') },
    { Identifier: 'set', Type: 'UpdateContactAttributes', Parameters: { Attributes: { customerWhisper: 'after $.Attributes.agentWhisper' } }, Transitions: next('end') }, end,
  ]);
  const inbound = await createFlow('CONTACT_FLOW', [
    { Identifier: 'hooks', Type: 'UpdateContactEventHooks', Parameters: { EventHooks: { AgentWhisper: agentWhisper, CustomerWhisper: customerWhisper } }, Transitions: next('q') },
    { Identifier: 'q', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: next('go') },
    { Identifier: 'go', Type: 'TransferContactToQueue', Transitions: next('bye') },
    { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
  ]);
  const { ContactId } = await phone.dialInWith('+12065550100', { contactFlowId: inbound });
  assert.equal(contactOf(srv, ContactId).media, undefined, 'no media on this call');
  await agent.setStatus('Available');
  const offered = await waitFor(() => agent.contacts().find((c) => c.contactId === ContactId && c.state.type === 'incoming'), 3000, 'the call offered');
  await agent.accept(offered.contactId);
  await waitFor(() => contactOf(srv, ContactId).attributes.customerWhisper !== undefined, 3000, 'the whispers run');
  const attributes = (await connect.send(new GetContactAttributesCommand({ InstanceId, InitialContactId: ContactId }))).Attributes;
  assert.deepEqual(attributes, { agentWhisper: 'ran', queueArn, customerWhisper: 'after ran' });
  assert.equal(contactOf(srv, ContactId).flowRun, undefined, 'nothing waits for a prompt');
  assert.equal((await phone.describe(ContactId)).Flows?.length ?? 0, 0);
  assert.equal((await connect.send(new DescribeContactCommand({ InstanceId, ContactId }))).Contact?.AgentInfo?.Id !== undefined, true, 'the agent is on the call');
  await agent.setStatus('Offline');
});
