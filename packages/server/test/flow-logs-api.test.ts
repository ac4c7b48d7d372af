/**
 * A new instance's default flows through the real SDK (listed with their types, describable), and contact
 * flow logs through our API (GET /contact-flow-logs/{InstanceId}/{ContactId}) and the sdk's FlowLogs.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DescribeContactFlowCommand, ListContactFlowsCommand, StartChatContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { FlowLogs } from '@switchboard/sdk/admin';
import { ApiRequestError, type ChatSession } from '@switchboard/sdk';
import { anyContactOf, contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { connectCustomer, demoConnectClient } from './sdkClients.ts';
import { signedRequest } from './flowsApi.ts';

let srv: TestServer;
let connect: ConnectClient;
let logs: FlowLogs;
const sessions: ChatSession[] = [];
before(async () => {
  srv = await startTestServer({ env: { SWITCHBOARD_DEMO_MENU: '1' } });
  connect = demoConnectClient(srv);
  logs = new FlowLogs({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
});
after(async () => {
  for (const s of sessions) s.close();
  await srv.stop();
});

const DEFAULTS: [string, string][] = [
  ['Default agent hold', 'AGENT_HOLD'], ['Default agent transfer', 'AGENT_TRANSFER'], ['Default agent whisper', 'AGENT_WHISPER'],
  ['Default customer hold', 'CUSTOMER_HOLD'], ['Default customer queue', 'CUSTOMER_QUEUE'], ['Default customer whisper', 'CUSTOMER_WHISPER'],
  ['Default outbound', 'OUTBOUND_WHISPER'], ['Default queue transfer', 'QUEUE_TRANSFER'], ['Sample inbound flow (first contact experience)', 'CONTACT_FLOW'],
];

describe('default flows through the Connect API', () => {
  test('ListContactFlows lists every default flow of a new instance with its ContactFlowType, and filters by type', async () => {
    const all = await connect.send(new ListContactFlowsCommand({ InstanceId: srv.demo.instanceId, MaxResults: 100 }));
    const byName = new Map(all.ContactFlowSummaryList!.map((s) => [s.Name!, s]));
    for (const [name, type] of DEFAULTS) {
      assert.equal(byName.get(name)?.ContactFlowType, type, name);
      assert.equal(byName.get(name)?.ContactFlowStatus, 'PUBLISHED', name);
    }
    const whispers = await connect.send(new ListContactFlowsCommand({ InstanceId: srv.demo.instanceId, ContactFlowTypes: ['AGENT_WHISPER', 'CUSTOMER_WHISPER'] }));
    assert.deepEqual(whispers.ContactFlowSummaryList!.map((s) => [s.Name, s.ContactFlowType]), [
      ['Default agent whisper', 'AGENT_WHISPER'], ['Default customer whisper', 'CUSTOMER_WHISPER'],
    ]);
  });

  test('DescribeContactFlow shows a default flow\'s content in the flow language', async () => {
    const listed = await connect.send(new ListContactFlowsCommand({ InstanceId: srv.demo.instanceId, ContactFlowTypes: ['AGENT_WHISPER'] }));
    const { ContactFlow } = await connect.send(new DescribeContactFlowCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: listed.ContactFlowSummaryList![0]!.Id! }));
    assert.equal(ContactFlow!.Type, 'AGENT_WHISPER');
    assert.equal(ContactFlow!.Name, 'Default agent whisper');
    const content = JSON.parse(ContactFlow!.Content!);
    assert.equal(content.Version, '2019-10-30');
    assert.deepEqual(content.Actions.map((a: { Type: string }) => a.Type), ['MessageParticipant', 'EndFlowExecution']);
  });
});

async function menuChat(): Promise<string> {
  const session = await connectCustomer(srv, 'Logged Ann');
  sessions.push(session);
  const contactId = (session as unknown as { options: { details: { contactId: string } } }).options.details.contactId;
  await waitFor(() => contactOf(srv, contactId).flowRun?.waiting?.kind === 'input', 3000, 'the menu question');
  await session.sendMessage({ message: '2' });
  await waitFor(() => contactOf(srv, contactId).status === 'queued', 3000, 'the chat to be queued');
  return contactId;
}

describe('flow logs through the API and the sdk', () => {
  test('a contact\'s flow log lists each action its flows ran while logging was on: time, flow, action, parameters, result', async () => {
    const contactId = await menuChat();
    const entries = await logs.all(contactId);
    const menuFlow = srv.demo.contactFlowId;
    assert.deepEqual(entries.slice(0, 3).map((e) => [e.ContactFlowModuleType, e.Identifier]), [
      ['UpdateFlowLoggingBehavior', 'logging'], ['MessageParticipant', 'greet'], ['UpdateContactTargetQueue', 'set-basic'],
    ]);
    for (const e of entries) {
      assert.equal(e.ContactId, contactId);
      assert.ok(!Number.isNaN(Date.parse(e.Timestamp)), 'an ISO timestamp');
    }
    const greet = entries.find((e) => e.Identifier === 'greet')!;
    assert.deepEqual([greet.ContactFlowId, greet.ContactFlowName, greet.Parameters], [menuFlow, 'Sample inbound flow', { Text: 'Thanks for contacting us.' }]);
    assert.match(greet.ContactFlowArn!, /contact-flow\//);
    assert.equal(entries.find((e) => e.Identifier === 'check-hours')?.Results, 'True');
    const answered = entries.filter((e) => e.Identifier === 'menu-chat');
    assert.deepEqual(answered.map((e) => e.Results), ['waiting:input', '2'], 'the question waits, then the answer picks the branch');
    const menu = entries.filter((e) => e.ContactFlowId === menuFlow);
    assert.equal(menu.at(-1)?.ContactFlowModuleType, 'TransferContactToQueue');
    assert.equal(menu.at(-1)?.Results, 'queued');
    // Logging holds for the rest of the contact: the customer queue flow the menu hooked logs too, after it.
    const queued = entries.slice(entries.indexOf(menu.at(-1)!) + 1);
    assert.ok(queued.length > 0 && queued.every((e) => e.ContactFlowId === srv.demo.customerQueueFlowId), JSON.stringify(queued.map((e) => e.ContactFlowName)));
  });

  test('flow logs are paged (maxResults, NextToken), oldest first', async () => {
    const contactId = await menuChat();
    const whole = await logs.all(contactId);
    const first = await logs.page(contactId, { maxResults: 2 });
    assert.equal(first.FlowLogs.length, 2);
    assert.ok(first.NextToken);
    const second = await logs.page(contactId, { maxResults: 2, nextToken: first.NextToken! });
    assert.deepEqual([...first.FlowLogs, ...second.FlowLogs], whole.slice(0, 4));
    assert.deepEqual(await logs.all(contactId, 3), whole);
  });

  test('a contact whose flows never turned logging on has an empty flow log (here: the sample inbound flow, a chat it ended)', async () => {
    const started = await connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: 'sample-inbound-flow', ParticipantDetails: { DisplayName: 'Quiet' } }));
    await waitFor(async () => (await anyContactOf(srv, started.ContactId!)).status === 'ended', 3000, 'the sample flow to end the chat');
    assert.deepEqual(await logs.page(started.ContactId!), { FlowLogs: [] });
  });

  test('an unknown contact is ResourceNotFoundException (404)', async () => {
    const error = await logs.page('00000000-0000-4000-8000-000000000000').then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof ApiRequestError);
    assert.deepEqual([error.statusCode, error.type], [404, 'ResourceNotFoundException']);
  });

  test('an unsigned request is refused (403); a bad page size is InvalidParameterException (400)', async () => {
    const contactId = await menuChat();
    const unsigned = await fetch(`${srv.url}/contact-flow-logs/${srv.demo.instanceId}/${contactId}`);
    assert.equal(unsigned.status, 403);
    const bad = await signedRequest(srv, 'GET', `/contact-flow-logs/${srv.demo.instanceId}/${contactId}?maxResults=0`);
    assert.equal(bad.status, 400);
    assert.match(bad.errorType ?? '', /InvalidParameterException/);
  });
});
