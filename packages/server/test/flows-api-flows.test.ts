/**
 * Flows through the Connect API with the real @aws-sdk/client-connect: CreateContactFlow, DescribeContactFlow,
 * ListContactFlows (paging, type filter), UpdateContactFlowContent / Name / Metadata, DeleteContactFlow, and
 * what each refuses (nothing stored after a refusal).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectClient, CreateContactFlowCommand, DeleteContactFlowCommand, DescribeContactFlowCommand, ListContactFlowsCommand,
  UpdateContactFlowContentCommand, UpdateContactFlowMetadataCommand, UpdateContactFlowNameCommand, paginateListContactFlows,
} from '@aws-sdk/client-connect';
import { contactOf, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure, sayFlow, signedRequest } from './flowsApi.ts';
import { demoInboundFlow } from '../src/demo.ts';

describe('flows through the Connect API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  const create = (Name: string, content: unknown = sayFlow(Name), Type = 'CONTACT_FLOW', extra: Record<string, unknown> = {}) =>
    connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name, Type: Type as 'CONTACT_FLOW', Content: typeof content === 'string' ? content : JSON.stringify(content), ...extra }));
  const flowCount = () => demoInstance(srv).flows.size;

  test('CreateContactFlow stores the flow; DescribeContactFlow answers it as Connect does', async () => {
    const out = await create('Greeter', sayFlow('Hello there'), 'CONTACT_FLOW', { Description: 'says hello', Tags: { team: 'support' } });
    assert.match(out.ContactFlowId!, /^[0-9a-f-]{36}$/);
    assert.equal(out.ContactFlowArn, `${demoInstance(srv).arn}/contact-flow/${out.ContactFlowId}`);
    assert.match(out.FlowContentSha256!, /^[0-9a-f]{64}$/);
    const { ContactFlow: flow } = await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! }));
    assert.deepEqual(
      { Id: flow!.Id, Arn: flow!.Arn, Name: flow!.Name, Type: flow!.Type, State: flow!.State, Status: flow!.Status, Description: flow!.Description, Tags: flow!.Tags },
      { Id: out.ContactFlowId, Arn: out.ContactFlowArn, Name: 'Greeter', Type: 'CONTACT_FLOW', State: 'ACTIVE', Status: 'PUBLISHED', Description: 'says hello', Tags: { team: 'support' } },
    );
    assert.deepEqual(JSON.parse(flow!.Content!), sayFlow('Hello there'));
    assert.equal(flow!.FlowContentSha256, out.FlowContentSha256);
    assert.ok(flow!.LastModifiedTime instanceof Date);
    // The ARN works as the id, and so does an ARN with an alias.
    const byArn = await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: `${out.ContactFlowArn}:$SAVED` }));
    assert.equal(byArn.ContactFlow!.Id, out.ContactFlowId);
  });

  test('a SAVED flow is stored with its status', async () => {
    const out = await create('Draft', sayFlow('draft'), 'CONTACT_FLOW', { Status: 'SAVED' });
    const { ContactFlow: flow } = await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! }));
    assert.equal(flow!.Status, 'SAVED');
  });

  test('unsupported but documented actions import, and the answer names them in Switchboard.UnsupportedActions', async () => {
    const doc = sayFlow('with a bot');
    doc.Actions.unshift({ Identifier: 'view', Type: 'ShowView', Parameters: {}, Transitions: { NextAction: 'say' } });
    doc.StartAction = 'view';
    const r = await signedRequest(srv, 'PUT', `/contact-flows/${instanceId}`, JSON.stringify({ Name: 'With a view', Type: 'CONTACT_FLOW', Content: JSON.stringify(doc) }));
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.Switchboard, { UnsupportedActions: ['ShowView'] });
    const described = await signedRequest(srv, 'GET', `/contact-flows/${instanceId}/${r.body.ContactFlowId}`);
    assert.deepEqual(described.body.Switchboard, { UnsupportedActions: ['ShowView'] });
  });

  test('ListContactFlows pages with MaxResults and NextToken, by name, and filters by ContactFlowTypes', async () => {
    for (const n of ['Page A', 'Page B', 'Page C']) await create(n);
    await create('Queue music', { Version: '2019-10-30', StartAction: 'loop', Actions: [{ Identifier: 'loop', Type: 'MessageParticipantIteratively', Parameters: { Messages: [{ Text: 'Please wait' }] }, Transitions: {} }] }, 'CUSTOMER_QUEUE');
    const names: string[] = [];
    let pages = 0;
    for await (const p of paginateListContactFlows({ client: connect, pageSize: 2 }, { InstanceId: instanceId })) {
      pages++;
      assert.ok(p.ContactFlowSummaryList!.length <= 2);
      for (const s of p.ContactFlowSummaryList!) {
        names.push(s.Name!);
        assert.deepEqual(Object.keys(s).sort(), ['Arn', 'ContactFlowState', 'ContactFlowStatus', 'ContactFlowType', 'Id', 'Name']);
      }
    }
    assert.equal(names.length, flowCount());
    assert.equal(pages, Math.ceil(flowCount() / 2));
    assert.deepEqual(names, [...names].sort());
    const queues = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE'] }));
    // The instance's own Default customer queue (every new instance has it), the demo's, and the one made here.
    assert.deepEqual(queues.ContactFlowSummaryList!.map((s) => [s.Name, s.ContactFlowType]), [
      ['Default customer queue', 'CUSTOMER_QUEUE'], ['Demo customer queue', 'CUSTOMER_QUEUE'], ['Queue music', 'CUSTOMER_QUEUE'],
    ]);
    const both = await connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['CUSTOMER_QUEUE', 'AGENT_TRANSFER'] }));
    assert.deepEqual(both.ContactFlowSummaryList!.map((s) => s.ContactFlowType).sort(), ['AGENT_TRANSFER', 'CUSTOMER_QUEUE', 'CUSTOMER_QUEUE', 'CUSTOMER_QUEUE']);
    assert.equal((await failure(connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, MaxResults: 0 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, NextToken: 'garbage' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListContactFlowsCommand({ InstanceId: instanceId, ContactFlowTypes: ['INBOUND' as 'CONTACT_FLOW'] })))).name, 'InvalidParameterException');
  });

  test('UpdateContactFlowName and UpdateContactFlowMetadata change only what they are given', async () => {
    const out = await create('Before rename', sayFlow('x'), 'CONTACT_FLOW', { Description: 'first' });
    await connect.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId!, Name: 'After rename' }));
    let flow = (await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! }))).ContactFlow!;
    assert.deepEqual([flow.Name, flow.Description], ['After rename', 'first']);
    await connect.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId!, Description: 'second', ContactFlowState: 'ARCHIVED' }));
    flow = (await connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! }))).ContactFlow!;
    assert.deepEqual([flow.Name, flow.Description, flow.State], ['After rename', 'second', 'ARCHIVED']);
    const bad = await failure(connect.send(new UpdateContactFlowMetadataCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId!, ContactFlowState: 'GONE' as 'ACTIVE' })));
    assert.equal(bad.name, 'InvalidParameterException');
    const taken = await failure(connect.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId!, Name: 'Greeter' })));
    assert.deepEqual([taken.name, taken.$metadata.httpStatusCode], ['DuplicateResourceException', 409]);
  });

  test('UpdateContactFlowContent on the widget\'s flow takes effect for the next chat', async () => {
    const flowId = srv.demo.contactFlowId;
    const queueArn = demoInstance(srv).queues.get(srv.demo.queueId)!.arn;
    const doc = demoInboundFlow(queueArn);
    doc.Actions.find((a) => a.Identifier === 'greet')!.Parameters!.Text = 'Welcome to the new menu.';
    const update = await connect.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: flowId, Content: JSON.stringify(doc) }));
    assert.equal(update.$metadata.httpStatusCode, 200);
    const chat = await startWidgetChat(srv, 'Next customer');
    const said = await waitFor(() => contactOf(srv, chat.ContactId).transcript.find((i) => i.content === 'Welcome to the new menu.'), 3000, 'the new greeting');
    assert.ok(said);
    assert.equal(contactOf(srv, chat.ContactId).transcript.some((i) => i.content === 'Thanks for contacting us. An agent will be with you shortly.'), false);
  });

  test('DeleteContactFlow removes the flow; the widget\'s flow is refused while the widget uses it', async () => {
    const out = await create('To delete');
    const deleted = await connect.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! }));
    assert.equal(deleted.$metadata.httpStatusCode, 200);
    assert.equal((await failure(connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId: out.ContactFlowId! })))).name, 'ResourceNotFoundException');
    const before = flowCount();
    const inUse = await failure(connect.send(new DeleteContactFlowCommand({ InstanceId: instanceId, ContactFlowId: srv.demo.contactFlowId })));
    assert.deepEqual([inUse.name, inUse.$metadata.httpStatusCode], ['InvalidRequestException', 400]);
    assert.match(inUse.message, /chat widget/);
    assert.equal(flowCount(), before);
  });
});

describe('CreateContactFlow and UpdateContactFlowContent refuse a broken flow and store nothing', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  /** Creates a flow that must be refused; checks nothing was stored and returns the error. */
  async function refusedCreate(Content: string, Type = 'CONTACT_FLOW', Name = 'Refused') {
    const before = JSON.stringify([...demoInstance(srv).flows.keys()]);
    const error = await failure(connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name, Type: Type as 'CONTACT_FLOW', Content })));
    assert.equal(JSON.stringify([...demoInstance(srv).flows.keys()]), before, 'a refused flow is not stored');
    return error;
  }
  const problemsOf = (e: { problems?: { message: string }[] }) => (e.problems ?? []).map((p) => p.message);

  test('malformed JSON is InvalidContactFlowException naming the parse error', async () => {
    const e = await refusedCreate('{"Version": "2019-10-30", "Actions": [');
    assert.deepEqual([e.name, e.$metadata.httpStatusCode], ['InvalidContactFlowException', 400]);
    assert.match(problemsOf(e)[0]!, /not valid JSON/);
  });

  test('a dangling transition is named in problems', async () => {
    const doc = sayFlow('x');
    doc.Actions[0]!.Transitions!.NextAction = 'nowhere';
    const e = await refusedCreate(JSON.stringify(doc));
    assert.equal(e.name, 'InvalidContactFlowException');
    assert.deepEqual(problemsOf(e), ['action "say": NextAction points to "nowhere", which is not an action of the flow']);
  });

  test('a missing start action is named in problems', async () => {
    const e = await refusedCreate(JSON.stringify({ ...sayFlow('x'), StartAction: 'begin' }));
    assert.deepEqual(problemsOf(e), ['StartAction "begin" is not an action of the flow']);
  });

  test('an action not allowed in the flow type is named with the type', async () => {
    const e = await refusedCreate(JSON.stringify(sayFlow('hold on')), 'CUSTOMER_HOLD');
    assert.deepEqual(problemsOf(e), ['action "say": MessageParticipant is not allowed in a CUSTOMER_HOLD flow']);
  });

  test('every problem of a flow is listed in one answer', async () => {
    const doc = { Version: '2019-10-30', StartAction: 'begin', Actions: [...sayFlow('x').Actions, { Identifier: 'say', Type: 'TransferToQueue' }] };
    const e = await refusedCreate(JSON.stringify(doc));
    assert.equal(problemsOf(e).length, 3);
    assert.ok(problemsOf(e).some((p) => /duplicate/.test(p)));
    assert.ok(problemsOf(e).some((p) => /TransferToQueue/.test(p)));
    assert.ok(problemsOf(e).some((p) => /StartAction/.test(p)));
  });

  test('content over 256000 characters is refused', async () => {
    const e = await refusedCreate(JSON.stringify({ ...sayFlow('x'), Metadata: { pad: 'x'.repeat(256_000) } }));
    assert.equal(e.name, 'InvalidContactFlowException');
    assert.match(problemsOf(e)[0]!, /at most 256000/);
  });

  test('an unknown Type or Status is InvalidParameterException; a name in use is DuplicateResourceException', async () => {
    assert.equal((await refusedCreate(JSON.stringify(sayFlow('x')), 'INBOUND')).name, 'InvalidParameterException');
    const saved = await failure(connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'S', Type: 'CONTACT_FLOW', Content: JSON.stringify(sayFlow('x')), Status: 'DRAFT' as 'SAVED' })));
    assert.equal(saved.name, 'InvalidParameterException');
    const dup = await refusedCreate(JSON.stringify(sayFlow('x')), 'CONTACT_FLOW', 'Sample inbound flow');
    assert.deepEqual([dup.name, dup.$metadata.httpStatusCode], ['DuplicateResourceException', 409]);
  });

  test('UpdateContactFlowContent with a broken document keeps the old one; an unknown flow is ResourceNotFoundException', async () => {
    const flowId = srv.demo.contactFlowId;
    const before = JSON.stringify(demoInstance(srv).flows.get(flowId)!.content);
    const e = await failure(connect.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: flowId, Content: JSON.stringify({ ...sayFlow('x'), StartAction: 'gone' }) })));
    assert.deepEqual([e.name, problemsOf(e)], ['InvalidContactFlowException', ['StartAction "gone" is not an action of the flow']]);
    assert.equal(JSON.stringify(demoInstance(srv).flows.get(flowId)!.content), before);
    const unknown = '00000000-0000-4000-8000-000000000000';
    assert.equal((await failure(connect.send(new UpdateContactFlowContentCommand({ InstanceId: instanceId, ContactFlowId: unknown, Content: JSON.stringify(sayFlow('x')) })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: unknown })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateContactFlowNameCommand({ InstanceId: instanceId, ContactFlowId: unknown, Name: 'n' })))).name, 'ResourceNotFoundException');
  });
});
