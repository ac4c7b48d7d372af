/**
 * Multi-party chat through the real server (multipartySuite.ts): quick connects with the real
 * @aws-sdk/client-connect (create, describe, list, associate with a queue), and the endpoints an agent
 * gets over the agent socket (seed 002's getQuickConnects).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateQueueQuickConnectsCommand, ConnectClient, CreateQuickConnectCommand, DescribeQuickConnectCommand, ListQuickConnectsCommand,
  type QuickConnectSummary, type QuickConnectType,
} from '@aws-sdk/client-connect';
import { userIdOf, type TestServer } from './harness.ts';
import { NO_SUCH_ID, multiPartySuite } from './multipartySuite.ts';

describe('multi-party chat through the APIs', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const { instance, agent, transferFlowId, quickConnectArn } = multiPartySuite((started) => ({ srv, connect } = started));

  test('CreateQuickConnect / DescribeQuickConnect with the AWS SDK: USER, QUEUE and PHONE_NUMBER, ARNs under transfer-destination', async () => {
    const arnShape = new RegExp(`^arn:aws:connect:${srv.demo.region}:\\d{12}:instance/${srv.demo.instanceId}/transfer-destination/[0-9a-f-]{36}$`);
    const flowId = transferFlowId();
    const created = await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Escalate to agent3', Description: 'the escalation desk',
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent3'), ContactFlowId: flowId } },
    }));
    assert.match(created.QuickConnectARN!, arnShape);
    assert.equal(created.QuickConnectARN, quickConnectArn(created.QuickConnectId!));
    const described = await connect.send(new DescribeQuickConnectCommand({ InstanceId: srv.demo.instanceId, QuickConnectId: created.QuickConnectId }));
    const q = described.QuickConnect!;
    assert.equal(q.QuickConnectId, created.QuickConnectId);
    assert.equal(q.QuickConnectARN, created.QuickConnectARN);
    assert.equal(q.Name, 'Escalate to agent3');
    assert.equal(q.Description, 'the escalation desk');
    assert.deepEqual(q.QuickConnectConfig, { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent3'), ContactFlowId: flowId } });
    assert.ok(q.LastModifiedTime instanceof Date && Math.abs(q.LastModifiedTime.getTime() - Date.now()) < 60_000);
    assert.equal(q.LastModifiedRegion, srv.demo.region);

    // A QUEUE quick connect given the queue's and the flow's full ARNs; a PHONE_NUMBER one in E.164.
    const queueArn = instance().queues.get(srv.demo.queueId)!.arn;
    const viaQueue = await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Queue by ARN',
      QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueArn, ContactFlowId: instance().flows.get(flowId)!.arn } },
    }));
    const queueConfig = (await connect.send(new DescribeQuickConnectCommand({ InstanceId: srv.demo.instanceId, QuickConnectId: viaQueue.QuickConnectId }))).QuickConnect!.QuickConnectConfig;
    assert.deepEqual(queueConfig, { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: srv.demo.queueId, ContactFlowId: flowId } });
    const phone = await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Front desk', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550100' } },
    }));
    assert.match(phone.QuickConnectARN!, arnShape);
    const phoneConfig = (await connect.send(new DescribeQuickConnectCommand({ InstanceId: srv.demo.instanceId, QuickConnectId: phone.QuickConnectId }))).QuickConnect!.QuickConnectConfig;
    assert.deepEqual(phoneConfig, { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550100' } });

    await assert.rejects(connect.send(new DescribeQuickConnectCommand({ InstanceId: srv.demo.instanceId, QuickConnectId: NO_SUCH_ID })), { name: 'ResourceNotFoundException' });
  });

  test('CreateQuickConnect with bad input is refused with a typed error and stores nothing', async () => {
    const count = instance().quickConnects.size;
    const flowId = transferFlowId();
    const create = (name: string, config: Record<string, unknown>) =>
      connect.send(new CreateQuickConnectCommand({ InstanceId: srv.demo.instanceId, Name: name, QuickConnectConfig: config as never }));
    const cases: [string, Record<string, unknown>, string][] = [
      ['Not E.164', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '415-555-0100' } }, 'InvalidRequestException'],
      ['Leading zero', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+0415555010' } }, 'InvalidRequestException'],
      ['No user config', { QuickConnectType: 'USER' }, 'InvalidRequestException'],
      ['No queue config', { QuickConnectType: 'QUEUE', UserConfig: { UserId: userIdOf(srv, 'agent1'), ContactFlowId: flowId } }, 'InvalidRequestException'],
      ['No phone config', { QuickConnectType: 'PHONE_NUMBER' }, 'InvalidRequestException'],
      ['Bad type', { QuickConnectType: 'EMAIL', PhoneConfig: { PhoneNumber: '+14155550100' } }, 'InvalidRequestException'],
      ['Unknown user', { QuickConnectType: 'USER', UserConfig: { UserId: NO_SUCH_ID, ContactFlowId: flowId } }, 'ResourceNotFoundException'],
      ['Unknown queue', { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: NO_SUCH_ID, ContactFlowId: flowId } }, 'ResourceNotFoundException'],
      ['Unknown flow', { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent1'), ContactFlowId: NO_SUCH_ID } }, 'ResourceNotFoundException'],
      // Names are unique: the demo already has Agent1.
      ['Agent1', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550199' } }, 'DuplicateResourceException'],
      ['', { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550199' } }, 'InvalidRequestException'],
    ];
    for (const [name, config, error] of cases) {
      await assert.rejects(create(name, config), { name: error }, `${name || '(empty name)'}: ${error}`);
    }
    assert.equal(instance().quickConnects.size, count, 'nothing was stored');
    assert.ok(![...instance().quickConnects.values()].some((q) => q.name === 'Not E.164' || q.name === 'Unknown user'));
  });

  test('ListQuickConnects filters by QuickConnectTypes and pages with MaxResults / NextToken', async () => {
    const list = async (input: { types?: string[]; max?: number; token?: string }) => connect.send(new ListQuickConnectsCommand({
      InstanceId: srv.demo.instanceId,
      ...(input.types ? { QuickConnectTypes: input.types as QuickConnectType[] } : {}),
      ...(input.max !== undefined ? { MaxResults: input.max } : {}),
      ...(input.token ? { NextToken: input.token } : {}),
    }));
    // One of each type exists whatever ran before: the demo has USER and QUEUE ones; this adds a PHONE_NUMBER.
    await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Listed phone line', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550111' } },
    }));
    const all = (await list({})).QuickConnectSummaryList!;
    assert.equal(all.length, instance().quickConnects.size);
    for (const s of all) {
      assert.equal(s.Arn, quickConnectArn(s.Id!));
      assert.ok(s.LastModifiedTime instanceof Date);
      assert.equal(s.LastModifiedRegion, srv.demo.region);
    }
    const names = (items: QuickConnectSummary[]) => items.map((s) => s.Name!).sort();
    const users = (await list({ types: ['USER'] })).QuickConnectSummaryList!;
    assert.ok(users.length >= 5 && users.every((s) => s.QuickConnectType === 'USER'));
    for (const n of ['Agent1', 'Agent2', 'Agent3', 'Agent4', 'Agent5']) assert.ok(names(users).includes(n), n);
    const queues = (await list({ types: ['QUEUE'] })).QuickConnectSummaryList!;
    assert.ok(queues.every((s) => s.QuickConnectType === 'QUEUE') && names(queues).includes('BasicQueue'));
    const both = (await list({ types: ['USER', 'QUEUE'] })).QuickConnectSummaryList!;
    assert.deepEqual(names(both), names([...users, ...queues]));
    const phones = (await list({ types: ['PHONE_NUMBER'] })).QuickConnectSummaryList!;
    assert.ok(phones.every((s) => s.QuickConnectType === 'PHONE_NUMBER') && names(phones).includes('Listed phone line'));
    assert.equal(users.length + queues.length + phones.length, all.length);

    // Paging two at a time walks the whole list once.
    const paged: QuickConnectSummary[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ max: 2, ...(token ? { token } : {}) });
      assert.ok(page.QuickConnectSummaryList!.length <= 2);
      paged.push(...page.QuickConnectSummaryList!);
      token = page.NextToken;
      pages++;
    } while (token && pages < 100);
    assert.equal(token, undefined, 'the last page has no NextToken');
    assert.equal(pages, Math.ceil(all.length / 2));
    assert.deepEqual(paged.map((s) => s.Id).sort(), all.map((s) => s.Id).sort());
    assert.equal(new Set(paged.map((s) => s.Id)).size, paged.length, 'no quick connect twice');
    // Paging a filtered list.
    const firstUsers = await list({ types: ['USER'], max: 3 });
    assert.equal(firstUsers.QuickConnectSummaryList!.length, 3);
    assert.ok(firstUsers.NextToken);
    const restUsers = await list({ types: ['USER'], max: 100, token: firstUsers.NextToken! });
    assert.deepEqual(names([...firstUsers.QuickConnectSummaryList!, ...restUsers.QuickConnectSummaryList!]), names(users));

    await assert.rejects(list({ types: ['EMAIL'] }), { name: 'InvalidRequestException' });
    await assert.rejects(list({ max: 0 }), { name: 'InvalidRequestException' });
    await assert.rejects(list({ max: 1001 }), { name: 'InvalidRequestException' });
    await assert.rejects(list({ token: 'not-a-token' }), { name: 'InvalidRequestException' });
  });

  test('AssociateQueueQuickConnects puts quick connects on a queue (what its agents may use); an unknown id is refused and nothing is associated', async () => {
    const created = await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'Supervisor line',
      QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent5'), ContactFlowId: transferFlowId() } },
    }));
    const id = created.QuickConnectId!;
    const queue = () => instance().queues.get(srv.demo.queueId)!;
    assert.ok(!(await agent('agent1').getQuickConnects()).some((e) => e.id === id), 'not on any queue yet');

    const before = [...queue().quickConnectIds];
    await assert.rejects(connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, QuickConnectIds: [id, NO_SUCH_ID] })), { name: 'ResourceNotFoundException' });
    await assert.rejects(connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: srv.demo.instanceId, QueueId: NO_SUCH_ID, QuickConnectIds: [id] })), { name: 'ResourceNotFoundException' });
    await assert.rejects(connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, QuickConnectIds: [] })), { name: 'InvalidRequestException' });
    assert.deepEqual(queue().quickConnectIds, before, 'nothing was associated');

    await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: srv.demo.instanceId, QueueId: srv.demo.queueId, QuickConnectIds: [created.QuickConnectARN!] }));
    assert.ok(queue().quickConnectIds.includes(id));
    const mine = (await agent('agent1').getQuickConnects()).find((e) => e.id === id);
    assert.deepEqual(mine, { id, endpointARN: created.QuickConnectARN, type: 'agent', name: 'Supervisor line' });
  });

  test('getQuickConnects returns seed 002\'s endpoint shape: { id, endpointARN, type: agent|queue|phone_number, name }', async () => {
    await connect.send(new CreateQuickConnectCommand({
      InstanceId: srv.demo.instanceId, Name: 'On no queue', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550112' } },
    }));
    const list = await agent('agent2').getQuickConnects();
    for (const e of list) {
      assert.deepEqual(Object.keys(e).sort(), ['endpointARN', 'id', 'name', 'type']);
      assert.equal(e.endpointARN, quickConnectArn(e.id));
      assert.ok(['agent', 'queue', 'phone_number'].includes(e.type));
      const q = instance().quickConnects.get(e.id)!;
      assert.equal(e.name, q.name);
      assert.equal(e.type, q.type === 'USER' ? 'agent' : q.type === 'QUEUE' ? 'queue' : 'phone_number');
    }
    const byName = new Map(list.map((e) => [e.name, e]));
    for (const n of ['Agent1', 'Agent2', 'Agent3', 'Agent4', 'Agent5']) assert.equal(byName.get(n)?.type, 'agent', n);
    assert.equal(byName.get('BasicQueue')?.type, 'queue');
    // Only the quick connects of the agent's queues: those on no queue are not listed.
    const onQueues = new Set(instance().queues.get(srv.demo.queueId)!.quickConnectIds);
    assert.deepEqual(list.map((e) => e.id).sort(), [...onQueues].sort());
    assert.ok(!list.some((e) => e.name === 'On no queue'), 'a quick connect on no queue is not offered');
  });
});
