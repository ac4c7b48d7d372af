/**
 * Quick connects changed and deleted, queues and routing profiles deleted, with the real
 * @aws-sdk/client-connect (issue 18): UpdateQuickConnectName, UpdateQuickConnectConfig, DeleteQuickConnect
 * (off every queue, so agents no longer see it), DeleteQueue and DeleteRoutingProfile (ResourceInUseException
 * while in use); the exception each bad input gets, with nothing stored; a restart keeps the changes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociateQueueQuickConnectsCommand, CreateQueueCommand, CreateQuickConnectCommand, CreateRoutingProfileCommand, CreateUserCommand, DeleteQueueCommand,
  DeleteQuickConnectCommand, DeleteRoutingProfileCommand, DescribeQuickConnectCommand, DescribeQueueCommand, DescribeRoutingProfileCommand,
  UpdateQuickConnectConfigCommand, UpdateQuickConnectNameCommand, UpdateUserRoutingProfileCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { serialize } from '../../engine/test/serialize.ts';
import { userIdOf, type TestServer } from './harness.ts';
import { connectAgent, withConnectApi } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('quick connects, queues and routing profiles changed and deleted through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;

  const api = withConnectApi((a) => ({ srv, connect, instanceId } = a));
  const state = () => serialize(srv.services.state);
  const transferFlowId = () => [...demoInstance(srv).flows.values()].find((f) => f.name === 'Default agent transfer')!.id;
  const hoursId = () => [...demoInstance(srv).hoursOfOperations.values()].find((h) => h.name === 'Basic Hours')!.id;
  const quickConnect = async (Name: string) => (await connect.send(new CreateQuickConnectCommand({
    InstanceId: instanceId, Name, QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+14155550100' } },
  }))).QuickConnectId!;
  const queue = async (Name: string) => (await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name, HoursOfOperationId: hoursId() }))).QueueId!;
  const routingProfile = async (Name: string, queueId: string) => (await connect.send(new CreateRoutingProfileCommand({
    InstanceId: instanceId, Name, Description: Name, DefaultOutboundQueueId: queueId,
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1 }], QueueConfigs: [{ QueueReference: { QueueId: queueId, Channel: 'CHAT' }, Priority: 1, Delay: 0 }],
  }))).RoutingProfileId!;

  test('UpdateQuickConnectName and UpdateQuickConnectConfig change what DescribeQuickConnect answers', async () => {
    const id = await quickConnect('Front desk');
    await connect.send(new UpdateQuickConnectNameCommand({ InstanceId: instanceId, QuickConnectId: id, Name: 'Reception', Description: 'the lobby' }));
    await connect.send(new UpdateQuickConnectConfigCommand({
      InstanceId: instanceId, QuickConnectId: id, QuickConnectConfig: { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent3'), ContactFlowId: transferFlowId() } },
    }));
    const q = (await connect.send(new DescribeQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: id }))).QuickConnect!;
    assert.equal(q.Name, 'Reception');
    assert.equal(q.Description, 'the lobby');
    assert.deepEqual(q.QuickConnectConfig, { QuickConnectType: 'USER', UserConfig: { UserId: userIdOf(srv, 'agent3'), ContactFlowId: transferFlowId() } });
    await connect.send(new UpdateQuickConnectNameCommand({ InstanceId: instanceId, QuickConnectId: id, Description: 'only the description' }));
    assert.equal((await connect.send(new DescribeQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: id }))).QuickConnect!.Name, 'Reception');
  });

  test('DeleteQuickConnect takes it off every queue: agents no longer see it', async () => {
    const id = await quickConnect('Soon gone');
    await connect.send(new AssociateQueueQuickConnectsCommand({ InstanceId: instanceId, QueueId: srv.demo.queueId, QuickConnectIds: [id] }));
    let agent: AgentClient | undefined;
    try {
      agent = (await connectAgent(srv, 'agent1')).client;
      assert.ok((await agent.getQuickConnects()).some((e) => e.id === id));
      await connect.send(new DeleteQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: id }));
      assert.equal((await failure(connect.send(new DescribeQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: id })))).name, 'ResourceNotFoundException');
      assert.equal(demoInstance(srv).queues.get(srv.demo.queueId)!.quickConnectIds.includes(id), false);
      assert.equal((await agent.getQuickConnects()).some((e) => e.id === id), false);
    } finally {
      agent?.close();
    }
  });

  test('DeleteQueue is refused while a routing profile or a quick connect uses the queue (ResourceInUseException), then deletes it', async () => {
    const queueId = await queue('Temporary queue');
    const profileId = await routingProfile('Temporary profile', queueId);
    const qc = (await connect.send(new CreateQuickConnectCommand({
      InstanceId: instanceId, Name: 'To temporary queue', QuickConnectConfig: { QuickConnectType: 'QUEUE', QueueConfig: { QueueId: queueId, ContactFlowId: transferFlowId() } },
    }))).QuickConnectId!;
    const before = state();
    const del = () => failure(connect.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: queueId })));
    assert.equal((await del()).name, 'ResourceInUseException');
    await connect.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: profileId }));
    assert.notEqual(state(), before);
    assert.equal((await del()).name, 'ResourceInUseException', 'the quick connect still transfers to it');
    await connect.send(new DeleteQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: qc }));
    await connect.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: queueId }));
    assert.equal((await failure(connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: profileId })))).name, 'ResourceNotFoundException');
    // The demo's queue is in the demo's routing profile: not deletable while agents are routed from it.
    assert.equal((await failure(connect.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: srv.demo.queueId })))).name, 'ResourceInUseException');
  });

  test('DeleteRoutingProfile is refused while a user has the profile (ResourceInUseException)', async () => {
    const queueId = await queue('Profiled queue');
    const profileId = await routingProfile('Held profile', queueId);
    const { UserId } = await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: 'holder', Password: 'Holder-pass-1', PhoneConfig: { PhoneType: 'SOFT_PHONE' }, RoutingProfileId: profileId, SecurityProfileIds: ['security-profile-agent'],
    }));
    const before = state();
    assert.equal((await failure(connect.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: profileId })))).name, 'ResourceInUseException');
    assert.equal(state(), before);
    await connect.send(new UpdateUserRoutingProfileCommand({ InstanceId: instanceId, UserId, RoutingProfileId: srv.demo.routingProfileId }));
    await connect.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: profileId }));
    assert.equal(demoInstance(srv).routingProfiles.has(profileId), false);
  });

  test('bad input: the right exception, and nothing stored', async () => {
    const id = await quickConnect('Steady');
    await quickConnect('Other');
    const before = state();
    const name = (input: object, QuickConnectId = id) => failure(connect.send(new UpdateQuickConnectNameCommand({ InstanceId: instanceId, QuickConnectId, ...input })));
    assert.equal((await name({ Name: 'Other' })).name, 'DuplicateResourceException');
    assert.equal((await name({})).name, 'InvalidRequestException');
    assert.equal((await name({ Name: 'x' }, randomUUID())).name, 'ResourceNotFoundException');
    const config = (QuickConnectConfig: object, QuickConnectId = id) => failure(connect.send(new UpdateQuickConnectConfigCommand({ InstanceId: instanceId, QuickConnectId, QuickConnectConfig } as never)));
    assert.equal((await config({ QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '555-0100' } })).name, 'InvalidParameterException');
    assert.equal((await config({ QuickConnectType: 'USER' })).name, 'InvalidParameterException');
    assert.equal((await config({ QuickConnectType: 'USER', UserConfig: { UserId: randomUUID(), ContactFlowId: transferFlowId() } })).name, 'ResourceNotFoundException');
    assert.equal((await config({ QuickConnectType: 'QUEUE', QueueConfig: { QueueId: srv.demo.queueId, ContactFlowId: randomUUID() } })).name, 'ResourceNotFoundException');
    assert.equal((await config({ QuickConnectType: 'FAX' })).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new DeleteQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: srv.demo.routingProfileId })))).name, 'ResourceInUseException');
    assert.equal(state(), before);
  });

  test('a restart keeps renamed quick connects and deleted queues', async () => {
    const id = await quickConnect('Before restart');
    await connect.send(new UpdateQuickConnectNameCommand({ InstanceId: instanceId, QuickConnectId: id, Name: 'After restart' }));
    const queueId = await queue('Deleted before restart');
    await connect.send(new DeleteQueueCommand({ InstanceId: instanceId, QueueId: queueId }));
    const before = state();
    await api.restart();
    assert.equal(state(), before);
    assert.equal((await connect.send(new DescribeQuickConnectCommand({ InstanceId: instanceId, QuickConnectId: id }))).QuickConnect!.Name, 'After restart');
    assert.equal((await failure(connect.send(new DescribeQueueCommand({ InstanceId: instanceId, QueueId: queueId })))).name, 'ResourceNotFoundException');
  });
});
