/** StartTaskContact with the real AWS SDK: a task routed to an agent and completed, DescribeContact, scheduled tasks, ClientToken retries, and every refusal. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConnectClient, DescribeContactCommand, StartTaskContactCommand, StopContactCommand, type StartTaskContactCommandInput } from '@aws-sdk/client-connect';
import { AgentClient, loginAgent } from '@switchboard/sdk';
import { DEMO_PASSWORD, NodeWebSocket, contactCount, contactOf, startTestServer, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

describe('StartTaskContact', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const clients: AgentClient[] = [];
  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
  });
  after(async () => {
    for (const c of clients) c.close();
    connect.destroy();
    await srv.stop();
  });

  async function agent(name: string): Promise<AgentClient> {
    const session = await loginAgent({ baseUrl: srv.url, username: name, password: DEMO_PASSWORD });
    const client = new AgentClient(srv.url, session, { WebSocket: NodeWebSocket });
    clients.push(client);
    await client.connect();
    return client;
  }
  const task = (input: Partial<StartTaskContactCommandInput> = {}) => connect.send(new StartTaskContactCommand({
    InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, Name: 'Call back Ann', Description: 'About order 1234',
    References: { order: { Type: 'URL', Value: 'https://crm.example.com/orders/1234' }, amount: { Type: 'NUMBER', Value: '42' } },
    Attributes: { order: '1234' }, ...input,
  }));
  const describeContact = (id: string) => connect.send(new DescribeContactCommand({ InstanceId: srv.demo.instanceId, ContactId: id })).then((r) => r.Contact!);

  test('a task runs the inbound flow, is offered to an Available agent with its name, description and references; accept, complete (ACW), clear', async () => {
    const client = await agent('agent1');
    await client.setStatus('Available');
    const { ContactId } = await task();
    assert.ok(ContactId);
    const offer = await waitFor(() => client.contacts().find((c) => c.contactId === ContactId && c.state.type === 'incoming'), 3000, 'offer');
    assert.equal(offer.type, 'task');
    assert.equal(offer.name, 'Call back Ann');
    assert.equal(offer.description, 'About order 1234');
    assert.deepEqual(offer.references?.order, { name: 'order', type: 'URL', value: 'https://crm.example.com/orders/1234' });
    assert.ok(offer.offerDeadline! - Date.now() <= 20_000);
    await client.accept(ContactId);
    await waitFor(() => client.contacts().find((c) => c.contactId === ContactId && c.state.type === 'connected'), 3000, 'connected');
    await client.completeTask(ContactId);
    await waitFor(() => client.contacts().find((c) => c.contactId === ContactId && c.state.type === 'ended'), 3000, 'after contact work');
    const described = await describeContact(ContactId);
    assert.equal(described.DisconnectReason, 'AGENT_DISCONNECT');
    assert.ok(described.AgentInfo?.AfterContactWorkStartTimestamp instanceof Date);
    await client.clear(ContactId);
    await waitFor(() => !client.contacts().some((c) => c.contactId === ContactId), 3000, 'cleared');
    // Finished (ended and cleared), it leaves memory for the archive, and DescribeContact still reads it.
    await waitFor(() => !srv.services.state.instances.get(srv.demo.instanceId)!.contacts.has(ContactId), 3000, 'archived');
    assert.equal((await describeContact(ContactId)).Name, 'Call back Ann');
    await client.setStatus('Offline');
  });

  test('DescribeContact of a task: Channel TASK, InitiationMethod API, Name, Description, Attributes, its queue', async () => {
    const { ContactId } = await task({ Name: 'Refund', Description: 'Refund order 9' });
    const c = await describeContact(ContactId!);
    assert.equal(c.Channel, 'TASK');
    assert.equal(c.InitiationMethod, 'API');
    assert.equal(c.Name, 'Refund');
    assert.equal(c.Description, 'Refund order 9');
    assert.deepEqual(c.Attributes, { order: '1234' });
    assert.equal(c.QueueInfo?.Id, srv.demo.queueId);
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: ContactId! }));
    assert.equal((await describeContact(ContactId!)).DisconnectReason, 'API');
  });

  test('a retry with the same ClientToken answers the same ContactId and starts nothing more', async () => {
    const before = contactCount(srv);
    const first = await task({ ClientToken: 'task-retry-1' });
    const again = await task({ ClientToken: 'task-retry-1' });
    assert.equal(again.ContactId, first.ContactId);
    assert.equal(contactCount(srv), before + 1);
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: first.ContactId! }));
  });

  test('a scheduled task waits for its ScheduledTime (DescribeContact shows it), then its flow queues it', async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1500);
    const { ContactId } = await task({ Name: 'Later', ScheduledTime: at });
    assert.equal(contactOf(srv, ContactId!)?.status, 'in_flow');
    assert.equal(contactOf(srv, ContactId!)?.queueId, undefined);
    assert.equal((await describeContact(ContactId!)).ScheduledTimestamp?.getTime(), at.getTime());
    await waitFor(() => contactOf(srv, ContactId!)?.status === 'queued', 5000, 'queued at its time');
    assert.ok(Date.now() >= at.getTime());
    await connect.send(new StopContactCommand({ InstanceId: srv.demo.instanceId, ContactId: ContactId! }));
  });

  const refusals: [string, Partial<StartTaskContactCommandInput>, string][] = [
    ['no flow and no quick connect', { ContactFlowId: undefined }, 'InvalidRequestException'],
    ['both a flow and a quick connect', { QuickConnectId: '00000000-0000-4000-8000-000000000000' }, 'InvalidRequestException'],
    ['an unknown flow', { ContactFlowId: '00000000-0000-4000-8000-000000000000' }, 'ResourceNotFoundException'],
    ['an unknown task template', { TaskTemplateId: '00000000-0000-4000-8000-000000000000' }, 'ResourceNotFoundException'],
    ['an empty name', { Name: '' }, 'InvalidParameterException'],
    ['a name over 512 characters', { Name: 'x'.repeat(513) }, 'InvalidParameterException'],
    ['a description over 4096 characters', { Description: 'x'.repeat(4097) }, 'InvalidParameterException'],
    ['a reference of an unknown type', { References: { x: { Type: 'LINK' as never, Value: 'https://a.example' } } }, 'InvalidParameterException'],
    ['a URL reference that is not http(s)', { References: { x: { Type: 'URL', Value: 'javascript:alert(1)' } } }, 'InvalidParameterException'],
    ['a ScheduledTime in the past', { ScheduledTime: new Date(Date.now() - 3_600_000) }, 'InvalidParameterException'],
    ['a ScheduledTime more than 6 days ahead', { ScheduledTime: new Date(Date.now() + 7 * 86_400_000) }, 'InvalidParameterException'],
    ['an unknown RelatedContactId', { RelatedContactId: '00000000-0000-4000-8000-000000000000' }, 'ResourceNotFoundException'],
    ['an unknown PreviousContactId', { PreviousContactId: '00000000-0000-4000-8000-000000000000' }, 'ResourceNotFoundException'],
  ];
  for (const [what, input, name] of refusals) {
    test(`${what} is ${name}, and nothing is stored`, async () => {
      const before = contactCount(srv);
      await assert.rejects(task(input), { name });
      assert.equal(contactCount(srv), before);
    });
  }

  test('a flow of another type than CONTACT_FLOW is refused (InvalidRequestException)', async () => {
    const transferFlow = [...srv.services.state.instances.get(srv.demo.instanceId)!.flows.values()].find((f) => f.type === 'AGENT_TRANSFER')!;
    await assert.rejects(task({ ContactFlowId: transferFlow.id }), { name: 'InvalidRequestException' });
  });
});

describe('StartTaskContact across a restart', () => {
  test('a ClientToken retry after a restart answers the same ContactId; a scheduled task still runs at its time', async () => {
    const first = await startTestServer();
    let connect = demoConnectClient(first, { maxAttempts: 1 });
    const input = (extra: Partial<StartTaskContactCommandInput>) => new StartTaskContactCommand({
      InstanceId: first.demo.instanceId, ContactFlowId: first.demo.contactFlowId, Name: 'Survives', ...extra,
    });
    const answered = await connect.send(input({ ClientToken: 'restart-task-1' }));
    const scheduled = await connect.send(input({ Name: 'Scheduled', ScheduledTime: new Date(Date.now() + 2500) }));
    connect.destroy();
    await first.stop({ keepDir: true });
    const second = await startTestServer({ dir: first.dir });
    try {
      connect = demoConnectClient(second, { maxAttempts: 1 });
      const count = contactCount(second);
      const again = await connect.send(input({ ClientToken: 'restart-task-1' }));
      assert.equal(again.ContactId, answered.ContactId);
      assert.equal(contactCount(second), count);
      await waitFor(() => contactOf(second, scheduled.ContactId!)?.status === 'queued', 6000, 'the scheduled task queued after the restart');
    } finally {
      connect.destroy();
      await second.stop();
    }
  });
});
