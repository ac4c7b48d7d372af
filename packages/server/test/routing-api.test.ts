/**
 * Issue 3 through the wire: agent presence from CCP sockets, PutUserStatus, next status, queue hours
 * and capacity through the Connect API, and both metric APIs read with the real @aws-sdk/client-connect.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  ConnectClient, CreateHoursOfOperationCommand, GetCurrentMetricDataCommand, GetMetricDataV2Command, PutUserStatusCommand,
  StartChatContactCommand, UpdateQueueHoursOfOperationCommand, UpdateQueueMaxContactsCommand,
} from '@aws-sdk/client-connect';
import { AgentClient, loginAgent } from '@switchboard/sdk';
import { DEMO_PASSWORD, anyContactOf, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';

const NodeWebSocket = WebSocket as unknown as typeof globalThis.WebSocket;

describe('routing and metrics through the APIs', () => {
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

  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  const user = (name: string) => instance().users.get(userIdOf(srv, name))!;
  const statusId = (name: string) => [...instance().agentStatuses.values()].find((s) => s.name === name)!.id;

  async function agent(name: string): Promise<AgentClient> {
    const session = await loginAgent({ baseUrl: srv.url, username: name, password: DEMO_PASSWORD });
    const client = new AgentClient(srv.url, session, { WebSocket: NodeWebSocket });
    clients.push(client);
    await client.connect();
    return client;
  }

  function startChat(name: string) {
    return connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: name } }));
  }

  test('an agent is present while their CCP socket is open and away (with a 60 s grace deadline) when it closes', async () => {
    assert.equal(user('agent1').presence, 'away');
    const client = await agent('agent1');
    await waitFor(() => user('agent1').presence === 'present', 3000, 'present');
    client.close();
    await waitFor(() => user('agent1').presence === 'away', 3000, 'away');
    const deadline = user('agent1').awayDeadline!;
    assert.ok(deadline > Date.now() && deadline <= Date.now() + 60_000);
  });

  test('PutUserStatus sets an agent status through the Connect API; an unknown status or user is ResourceNotFound', async () => {
    await connect.send(new PutUserStatusCommand({ InstanceId: srv.demo.instanceId, UserId: userIdOf(srv, 'agent2'), AgentStatusId: statusId('Break') }));
    assert.equal(user('agent2').statusId, statusId('Break'));
    await assert.rejects(connect.send(new PutUserStatusCommand({ InstanceId: srv.demo.instanceId, UserId: userIdOf(srv, 'agent2'), AgentStatusId: '00000000-0000-4000-8000-000000000000' })), { name: 'ResourceNotFoundException' });
    await assert.rejects(connect.send(new PutUserStatusCommand({ InstanceId: srv.demo.instanceId, UserId: '00000000-0000-4000-8000-000000000000', AgentStatusId: statusId('Break') })), { name: 'ResourceNotFoundException' });
    assert.equal(user('agent2').statusId, statusId('Break'), 'nothing changed');
  });

  test('an Available agent with the CCP open gets the chat; the next status set while on it is taken when it is cleared', async () => {
    const client = await agent('agent3');
    await client.setStatus('Available');
    const chat = await startChat('Nia');
    await waitFor(() => client.contacts().find((c) => c.contactId === chat.ContactId && c.state.type === 'incoming'), 3000, 'offer');
    await client.accept(chat.ContactId!);
    await client.request('putAgentState', { state: { name: 'Lunch' }, enqueueNextState: true });
    await waitFor(() => client.snapshot?.snapshot.nextState?.name === 'Lunch', 3000, 'next state shown');
    assert.equal(client.snapshot?.snapshot.state.name, 'Available', 'the status itself does not change while on the contact');
    await client.leave(chat.ContactId!);
    await waitFor(() => client.contacts().find((c) => c.contactId === chat.ContactId && c.state.type === 'ended'), 3000, 'ACW');
    await client.clear(chat.ContactId!);
    await waitFor(() => client.snapshot?.snapshot.state.name === 'Lunch', 3000, 'Lunch after clearing');
    assert.equal(client.snapshot?.snapshot.nextState, undefined);
  });

  test('GetCurrentMetricData counts waiting contacts and agents by queue and channel', async () => {
    const chat = await startChat('Queued Quinn'); // nobody is Available now: it waits
    const out = await connect.send(new GetCurrentMetricDataCommand({
      InstanceId: srv.demo.instanceId,
      Filters: { Queues: [srv.demo.queueId], Channels: ['CHAT'] },
      Groupings: ['QUEUE', 'CHANNEL'],
      CurrentMetrics: [{ Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, { Name: 'AGENTS_ONLINE', Unit: 'COUNT' }, { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, { Name: 'SLOTS_AVAILABLE', Unit: 'COUNT' }],
    }));
    assert.equal(out.MetricResults?.length, 1);
    const result = out.MetricResults![0]!;
    assert.equal(result.Dimensions?.Queue?.Id, srv.demo.queueId);
    assert.equal(result.Dimensions?.Channel, 'CHAT');
    const value = (name: string) => result.Collections?.find((c) => c.Metric?.Name === name)?.Value;
    assert.ok(value('CONTACTS_IN_QUEUE')! >= 1);
    assert.equal(value('AGENTS_ONLINE'), 2, 'agent2 on Break and agent3 at Lunch are online; the rest are Offline');
    assert.equal(value('SLOTS_AVAILABLE'), 0);
    assert.ok(out.DataSnapshotTime instanceof Date);
    assert.ok(chat.ContactId);
  });

  test('GetMetricDataV2 reports handled contacts by agent, and asks for a resource filter', async () => {
    const now = Math.floor(Date.now() / 1000);
    const out = await connect.send(new GetMetricDataV2Command({
      ResourceArn: srv.demo.instanceArn,
      StartTime: new Date((now - 3600) * 1000),
      EndTime: new Date(), // not later than now: GetMetricDataV2 refuses an EndTime in the future
      Interval: { IntervalPeriod: 'TOTAL' },
      Filters: [{ FilterKey: 'QUEUE', FilterValues: [srv.demo.queueId] }],
      Groupings: ['AGENT'],
      Metrics: [{ Name: 'CONTACTS_HANDLED' }, { Name: 'AVG_AFTER_CONTACT_WORK_TIME' }],
    }));
    const row = out.MetricResults?.find((r) => r.Dimensions?.AGENT === userIdOf(srv, 'agent3'));
    assert.ok(row, 'agent3 has a row');
    assert.equal(row.Collections?.find((c) => c.Metric?.Name === 'CONTACTS_HANDLED')?.Value, 1);
    assert.ok((row.Collections?.find((c) => c.Metric?.Name === 'AVG_AFTER_CONTACT_WORK_TIME')?.Value ?? -1) >= 0);
    assert.ok(row.MetricInterval?.StartTime instanceof Date);
    await assert.rejects(connect.send(new GetMetricDataV2Command({
      ResourceArn: srv.demo.instanceArn, StartTime: new Date((now - 3600) * 1000), EndTime: new Date(now * 1000),
      Filters: [{ FilterKey: 'CHANNEL', FilterValues: ['CHAT'] }], Metrics: [{ Name: 'CONTACTS_HANDLED' }],
    })), { name: 'InvalidRequestException' });
  });

  test('a queue outside its hours of operation refuses new chats, with the flow telling the customer why', async () => {
    const now = new Date();
    const otherDay = (['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const)[(now.getUTCDay() + 3) % 7]!;
    const hours = await connect.send(new CreateHoursOfOperationCommand({
      InstanceId: srv.demo.instanceId, Name: 'Closed today', TimeZone: 'UTC',
      Config: [{ Day: otherDay, StartTime: { Hours: 9, Minutes: 0 }, EndTime: { Hours: 17, Minutes: 0 } }],
    }));
    await connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, HoursOfOperationId: hours.HoursOfOperationId! }));
    const chat = await startChat('Late Larry');
    const contact = await anyContactOf(srv, chat.ContactId!);
    assert.equal(contact.status, 'ended');
    assert.ok(contact.transcript.some((i) => i.role === 'SYSTEM' && /closed/i.test(i.content ?? '')), 'the customer is told the queue is closed');
    await connect.send(new UpdateQueueHoursOfOperationCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, HoursOfOperationId: srv.demo.hoursOfOperationId! }));
    await assert.rejects(connect.send(new CreateHoursOfOperationCommand({ InstanceId: srv.demo.instanceId, Name: 'Bad', TimeZone: 'Mars/Olympus', Config: [] })), { name: 'InvalidRequestException' });
  });

  test('a queue at MaxContacts refuses the next chat; removing the limit lets chats in again', async () => {
    const waiting = [...instance().contacts.values()].filter((c) => c.status === 'queued' && c.queueId === srv.demo.queueId).length;
    await connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, MaxContacts: waiting }));
    const refused = await startChat('Full Fred');
    const contact = await anyContactOf(srv, refused.ContactId!);
    assert.equal(contact.status, 'ended');
    assert.ok(contact.transcript.some((i) => i.role === 'SYSTEM' && /full/i.test(i.content ?? '')));
    await connect.send(new UpdateQueueMaxContactsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId }));
    const admitted = await startChat('Patient Pam');
    assert.equal(instance().contacts.get(admitted.ContactId!)!.status, 'queued');
  });
});
