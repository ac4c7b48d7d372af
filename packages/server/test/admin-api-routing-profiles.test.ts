/**
 * Routing profiles through the Connect admin API with the real @aws-sdk/client-connect: CreateRoutingProfile,
 * DescribeRoutingProfile, ListRoutingProfiles, ListRoutingProfileQueues (paging), Associate/Disassociate/
 * UpdateRoutingProfileQueues, UpdateRoutingProfileConcurrency — live: an available agent's chat capacity goes
 * from 1 to 2 and a second waiting chat is offered at once — and the exception every bad input gets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociateRoutingProfileQueuesCommand, CreateQueueCommand, CreateRoutingProfileCommand, CreateUserCommand, DescribeRoutingProfileCommand,
  DisassociateRoutingProfileQueuesCommand, ListRoutingProfileQueuesCommand, ListRoutingProfilesCommand, PutUserStatusCommand,
  UpdateRoutingProfileConcurrencyCommand, UpdateRoutingProfileQueuesCommand, type ConnectClient, type CreateRoutingProfileCommandInput,
} from '@aws-sdk/client-connect';
import { loginAgent } from '@switchboard/sdk';
import { serialize } from '../../engine/test/serialize.ts';
import { RecordingSocket, contactOf, startTestServer, startWidgetChat, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('routing profiles through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;
  let basicQueue: string;
  let hoursId: string;
  const sockets: RecordingSocket[] = [];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
    basicQueue = [...demoInstance(srv).queues.values()].find((q) => q.name === 'BasicQueue')!.id;
    hoursId = [...demoInstance(srv).hoursOfOperations.values()][0]!.id;
  });
  after(async () => {
    for (const s of sockets) await s.close();
    connect.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  const input = (Name: string, extra: Partial<CreateRoutingProfileCommandInput> = {}): CreateRoutingProfileCommandInput => ({
    InstanceId: instanceId, Name, Description: `${Name} profile`, DefaultOutboundQueueId: basicQueue,
    MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } }],
    QueueConfigs: [{ QueueReference: { QueueId: basicQueue, Channel: 'CHAT' }, Priority: 1, Delay: 0 }], ...extra,
  });

  test('CreateRoutingProfile and DescribeRoutingProfile (SDK shape); ListRoutingProfiles pages', async () => {
    const out = await connect.send(new CreateRoutingProfileCommand(input('Chatters', {
      MediaConcurrencies: [
        { Channel: 'CHAT', Concurrency: 4, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        { Channel: 'VOICE', Concurrency: 1 },
      ],
      Tags: { team: 'chat' },
    })));
    assert.equal(out.RoutingProfileArn, `${demoInstance(srv).arn}/routing-profile/${out.RoutingProfileId}`);
    const { RoutingProfile: p } = await connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: out.RoutingProfileArn! }));
    assert.deepEqual({ ...p, LastModifiedTime: undefined }, {
      InstanceId: instanceId, Name: 'Chatters', RoutingProfileArn: out.RoutingProfileArn, RoutingProfileId: out.RoutingProfileId, Description: 'Chatters profile',
      MediaConcurrencies: [
        { Channel: 'CHAT', Concurrency: 4, CrossChannelBehavior: { BehaviorType: 'ROUTE_ANY_CHANNEL' } },
        { Channel: 'VOICE', Concurrency: 1, CrossChannelBehavior: { BehaviorType: 'ROUTE_CURRENT_CHANNEL_ONLY' } },
      ],
      DefaultOutboundQueueId: basicQueue, Tags: { team: 'chat' }, NumberOfAssociatedQueues: 1, NumberOfAssociatedUsers: 0,
      LastModifiedTime: undefined, LastModifiedRegion: srv.demo.region,
    });
    const names: string[] = [];
    let NextToken: string | undefined;
    do {
      const page = await connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId, MaxResults: 1, NextToken }));
      for (const s of page.RoutingProfileSummaryList!) {
        assert.ok(s.Id && s.Arn && s.LastModifiedTime instanceof Date && s.LastModifiedRegion);
        names.push(s.Name!);
      }
      NextToken = page.NextToken;
    } while (NextToken);
    assert.deepEqual(names, [...demoInstance(srv).routingProfiles.values()].map((r) => r.name).sort());
  });

  test('queues: associate, list (paged), update priority and delay, disassociate', async () => {
    const { RoutingProfileId } = await connect.send(new CreateRoutingProfileCommand(input('Queues')));
    const { QueueId: second } = await connect.send(new CreateQueueCommand({ InstanceId: instanceId, Name: 'Second', HoursOfOperationId: hoursId }));
    await connect.send(new AssociateRoutingProfileQueuesCommand({
      InstanceId: instanceId, RoutingProfileId, QueueConfigs: [{ QueueReference: { QueueId: second, Channel: 'CHAT' }, Priority: 2, Delay: 10 }],
    }));
    const first = await connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId, MaxResults: 1 }));
    assert.equal(first.RoutingProfileQueueConfigSummaryList!.length, 1);
    const rest = await connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId, MaxResults: 1, NextToken: first.NextToken }));
    const all = [...first.RoutingProfileQueueConfigSummaryList!, ...rest.RoutingProfileQueueConfigSummaryList!];
    assert.deepEqual(all.map((q) => [q.QueueName, q.Channel, q.Priority, q.Delay]), [['BasicQueue', 'CHAT', 1, 0], ['Second', 'CHAT', 2, 10]]);
    assert.ok(all[1]!.QueueArn!.endsWith(`/queue/${second}`));
    await connect.send(new UpdateRoutingProfileQueuesCommand({
      InstanceId: instanceId, RoutingProfileId, QueueConfigs: [{ QueueReference: { QueueId: second, Channel: 'CHAT' }, Priority: 7, Delay: 0 }],
    }));
    await connect.send(new DisassociateRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId, QueueReferences: [{ QueueId: basicQueue, Channel: 'CHAT' }] }));
    const after = await connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId }));
    assert.deepEqual(after.RoutingProfileQueueConfigSummaryList!.map((q) => [q.QueueName, q.Priority]), [['Second', 7]]);
  });

  test('bad input: the right exception and nothing stored', async () => {
    const before = state();
    const create = (name: string, extra: Partial<CreateRoutingProfileCommandInput>) => failure(connect.send(new CreateRoutingProfileCommand(input(name, extra))));
    assert.equal((await create('Chatters', {})).name, 'DuplicateResourceException');
    assert.equal((await create('Bad1', { DefaultOutboundQueueId: randomUUID() })).name, 'ResourceNotFoundException');
    assert.equal((await create('Bad2', { MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 11 }] })).name, 'InvalidRequestException');
    assert.equal((await create('Bad3', { QueueConfigs: [{ QueueReference: { QueueId: randomUUID(), Channel: 'CHAT' }, Priority: 1, Delay: 0 }] })).name, 'ResourceNotFoundException');
    assert.equal((await create('Bad4', { MediaConcurrencies: [{ Channel: 'EMAIL', Concurrency: 1 }] })).name, 'InvalidRequestException');
    assert.equal((await create('Bad5', { Description: '' })).name, 'InvalidRequestException');
    const basic = [...demoInstance(srv).routingProfiles.values()].find((p) => p.name === 'Basic Routing Profile')!.id;
    const on = { InstanceId: instanceId, RoutingProfileId: basic };
    assert.equal((await failure(connect.send(new DescribeRoutingProfileCommand({ InstanceId: instanceId, RoutingProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListRoutingProfileQueuesCommand({ InstanceId: instanceId, RoutingProfileId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListRoutingProfilesCommand({ InstanceId: instanceId, NextToken: '??' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new AssociateRoutingProfileQueuesCommand({ ...on, QueueConfigs: [{ QueueReference: { QueueId: basicQueue, Channel: 'CHAT' }, Priority: 1, Delay: 0 }] })))).name, 'InvalidRequestException');
    assert.equal((await failure(connect.send(new UpdateRoutingProfileQueuesCommand({ ...on, QueueConfigs: [{ QueueReference: { QueueId: basicQueue, Channel: 'CHAT' }, Priority: 0, Delay: 0 }] })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new DisassociateRoutingProfileQueuesCommand({ ...on, QueueReferences: [{ QueueId: randomUUID(), Channel: 'CHAT' }] })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new UpdateRoutingProfileConcurrencyCommand({ ...on, MediaConcurrencies: [{ Channel: 'VOICE', Concurrency: 2 }] })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId: instanceId, RoutingProfileId: randomUUID(), MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }] })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('live: an available agent\'s chat capacity goes from 1 to 2 and a second waiting chat is offered at once', async () => {
    const { RoutingProfileId } = await connect.send(new CreateRoutingProfileCommand(input('One chat')));
    const { UserId } = await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: 'solo', Password: 'Solo-pass-1', RoutingProfileId, SecurityProfileIds: ['security-profile-agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const session = await loginAgent({ baseUrl: srv.url, username: 'solo', password: 'Solo-pass-1' });
    const socket = await RecordingSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(session.token)}`);
    sockets.push(socket);
    await socket.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
    const available = [...demoInstance(srv).agentStatuses.values()].find((s) => s.type === 'ROUTABLE')!.id;
    await connect.send(new PutUserStatusCommand({ InstanceId: instanceId, UserId, AgentStatusId: available }));
    const first = await startWidgetChat(srv, 'First');
    await waitFor(() => contactOf(srv, first.ContactId).offer?.userId === UserId, 3000, 'the first chat offered');
    const second = await startWidgetChat(srv, 'Second');
    await waitFor(() => contactOf(srv, second.ContactId).status === 'queued', 3000, 'the second chat queued');
    assert.equal(contactOf(srv, second.ContactId).offer, undefined);
    const frames = socket.frames.length;
    await connect.send(new UpdateRoutingProfileConcurrencyCommand({ InstanceId: instanceId, RoutingProfileId, MediaConcurrencies: [{ Channel: 'CHAT', Concurrency: 2 }] }));
    assert.equal(contactOf(srv, second.ContactId).offer?.userId, UserId);
    // The agent's CCP is told at once.
    await waitFor(() => socket.frames.slice(frames).some((f) => JSON.stringify(f).includes(second.ContactId)), 3000, 'the CCP shown the second chat');
  });
});
