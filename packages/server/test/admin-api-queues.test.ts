/**
 * Queues through the Connect admin API with the real @aws-sdk/client-connect: CreateQueue, DescribeQueue,
 * ListQueues (QueueTypes, paging), UpdateQueueName, UpdateQueueStatus (a disabled queue takes no new chat:
 * the flow says it is closed; a waiting chat stays), ListQueueQuickConnects, DisassociateQueueQuickConnects,
 * and the exception every bad input gets, with nothing stored.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand, DescribeQueueCommand, DisassociateQueueQuickConnectsCommand, ListQueueQuickConnectsCommand, ListQueuesCommand,
  UpdateQueueNameCommand, UpdateQueueOutboundCallerConfigCommand, UpdateQueueStatusCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { anyContactOf, contactOf, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('queues through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;
  let hoursId: string;
  let basicQueue: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
    hoursId = [...demoInstance(srv).hoursOfOperations.values()][0]!.id;
    basicQueue = [...demoInstance(srv).queues.values()].find((q) => q.name === 'BasicQueue')!.id;
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  const quickConnectIds = () => [...demoInstance(srv).quickConnects.values()].slice(0, 3).map((q) => q.id);

  test('CreateQueue stores the queue with its hours, capacity and quick connects; DescribeQueue answers the SDK shape', async () => {
    const out = await connect.send(new CreateQueueCommand({
      InstanceId: instanceId, Name: 'Wholesale', Description: 'sells', HoursOfOperationId: hoursId, MaxContacts: 10, QuickConnectIds: quickConnectIds(), Tags: { t: '1' },
    }));
    assert.equal(out.QueueArn, `${demoInstance(srv).arn}/queue/${out.QueueId}`);
    const { Queue: q } = await connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: out.QueueArn! }));
    assert.deepEqual({ ...q, LastModifiedTime: undefined }, {
      Name: 'Wholesale', QueueArn: out.QueueArn, QueueId: out.QueueId, Description: 'sells', HoursOfOperationId: hoursId, MaxContacts: 10, Status: 'ENABLED',
      Tags: { t: '1' }, LastModifiedTime: undefined, LastModifiedRegion: srv.demo.region,
    });
    const qcs = await connect.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: out.QueueId, MaxResults: 2 }));
    assert.equal(qcs.QuickConnectSummaryList!.length, 2);
    assert.ok(qcs.NextToken);
    const rest = await connect.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: out.QueueId, MaxResults: 2, NextToken: qcs.NextToken }));
    assert.deepEqual([...qcs.QuickConnectSummaryList!, ...rest.QuickConnectSummaryList!].map((s) => s.Id).sort(), quickConnectIds().sort());
    await connect.send(new DisassociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: out.QueueId, QuickConnectIds: [quickConnectIds()[0]!] }));
    const after = await connect.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: out.QueueId }));
    assert.deepEqual(after.QuickConnectSummaryList!.map((s) => s.Id).sort(), quickConnectIds().slice(1).sort());
  });

  test('bad input: the right exception and nothing stored', async () => {
    const before = state();
    const create = (input: object) => failure(connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Q', HoursOfOperationId: hoursId, ...input })));
    assert.equal((await create({ Name: 'BasicQueue' })).name, 'DuplicateResourceException');
    assert.equal((await create({ HoursOfOperationId: randomUUID() })).name, 'ResourceNotFoundException');
    assert.equal((await create({ QuickConnectIds: [randomUUID()] })).name, 'ResourceNotFoundException');
    assert.equal((await create({ MaxContacts: -1 })).name, 'InvalidParameterException');
    assert.equal((await create({ Name: '' })).name, 'InvalidRequestException');
    const queue = { InstanceId: instanceId, QueueId: basicQueue };
    assert.equal((await failure(connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId: randomUUID(), Name: 'x' })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateQueueNameCommand({ ...queue, Name: 'Wholesale' })))).name, 'DuplicateResourceException');
    assert.equal((await failure(connect.send(new UpdateQueueStatusCommand({ ...queue, Status: 'PAUSED' as 'ENABLED' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new DisassociateQueueQuickConnectsCommand({ ...queue, QuickConnectIds: [randomUUID()] })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['VIP' as 'STANDARD'] })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListQueuesCommand({ InstanceId: instanceId, MaxResults: 5000 })))).name, 'InvalidParameterException');
    assert.equal(state(), before);
  });

  test('ListQueues pages by name; QueueTypes AGENT lists nothing (Switchboard queues are STANDARD); UpdateQueueName renames', async () => {
    await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Alpha', HoursOfOperationId: hoursId }));
    const { QueueId } = await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Beta', HoursOfOperationId: hoursId }));
    await connect.send(new UpdateQueueNameCommand({ InstanceId: instanceId, QueueId, Name: 'Gamma', Description: 'renamed' }));
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const out = await connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['STANDARD'], MaxResults: 1, NextToken }));
      for (const q of out.QueueSummaryList!) {
        assert.equal(q.QueueType, 'STANDARD');
        assert.ok(q.Id && q.Arn && q.LastModifiedTime instanceof Date && q.LastModifiedRegion);
        names.push(q.Name!);
      }
      NextToken = out.NextToken;
    } while (NextToken);
    assert.deepEqual(names, [...demoInstance(srv).queues.values()].map((q) => q.name).sort());
    assert.ok(names.includes('Gamma') && !names.includes('Beta'));
    assert.deepEqual((await connect.send(new ListQueuesCommand({ InstanceId: instanceId, QueueTypes: ['AGENT'] }))).QueueSummaryList, []);
  });

  test('UpdateQueueStatus DISABLED: a new chat takes the flow\'s error branch (closed); a chat already waiting stays; ENABLED takes chats again', async () => {
    const waiting = await startWidgetChat(srv, 'Early');
    await waitFor(() => contactOf(srv, waiting.ContactId).status === 'queued', 3000, 'the early chat queued');
    await connect.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: basicQueue, Status: 'DISABLED' }));
    assert.equal((await connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: basicQueue }))).Queue!.Status, 'DISABLED');
    const late = await startWidgetChat(srv, 'Late');
    await waitFor(() => demoInstance(srv).contacts.get(late.ContactId)?.status !== 'queued' && !demoInstance(srv).queued.has(late.ContactId), 3000, 'the late chat not queued');
    await waitFor(async () => JSON.stringify(await anyContactOf(srv, late.ContactId)).includes('We are closed right now'), 3000, 'the flow saying it is closed');
    assert.equal(contactOf(srv, waiting.ContactId).status, 'queued');
    await connect.send(new UpdateQueueStatusCommand({ InstanceId: instanceId, QueueId: basicQueue, Status: 'ENABLED' }));
    const again = await startWidgetChat(srv, 'Again');
    await waitFor(() => contactOf(srv, again.ContactId).status === 'queued', 3000, 'a chat queued again');
  });

  test("UpdateQueueOutboundCallerConfig sets the queue's caller id name and outbound whisper (CreateQueue takes it too); a flow of another type is InvalidParameterException and nothing changes", async () => {
    const outbound = [...demoInstance(srv).flows.values()].find((f) => f.type === 'OUTBOUND_WHISPER')!;
    const inbound = [...demoInstance(srv).flows.values()].find((f) => f.type === 'CONTACT_FLOW')!;
    const made = await connect.send(new CreateQueueCommand({
      InstanceId: instanceId, Name: 'Outbound sales', HoursOfOperationId: hoursId, OutboundCallerConfig: { OutboundCallerIdName: 'Sales', OutboundFlowId: outbound.arn },
    }));
    const described = async () => (await connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: made.QueueId }))).Queue!.OutboundCallerConfig;
    assert.deepEqual(await described(), { OutboundCallerIdName: 'Sales', OutboundFlowId: outbound.id });
    const before = state();
    const refused = await failure(connect.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId: instanceId, QueueId: made.QueueId, OutboundCallerConfig: { OutboundFlowId: inbound.id } })));
    assert.equal(refused.name, 'InvalidParameterException');
    assert.match(refused.message, /OUTBOUND_WHISPER/);
    assert.equal((await failure(connect.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId: instanceId, QueueId: made.QueueId, OutboundCallerConfig: { OutboundCallerIdNumberId: randomUUID() } })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
    await connect.send(new UpdateQueueOutboundCallerConfigCommand({ InstanceId: instanceId, QueueId: made.QueueId, OutboundCallerConfig: { OutboundCallerIdName: 'Sales desk' } }));
    assert.deepEqual(await described(), { OutboundCallerIdName: 'Sales desk' });
  });
});

