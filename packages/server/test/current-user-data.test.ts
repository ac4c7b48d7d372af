/**
 * GetCurrentUserData with the real @aws-sdk/client-connect (issue 18): each agent's status, routing profile,
 * slots and contacts; the filters Connect allows (one of queues, routing profiles, agents, hierarchy groups,
 * plus contact states); paging; the exception each bad input gets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetCurrentUserDataCommand, StartChatContactCommand, type ConnectClient, type GetCurrentUserDataCommandInput, type UserData } from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('GetCurrentUserData', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let agent1: AgentClient;
  let agent2: AgentClient;
  let contactId: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    agent1 = (await connectAgent(srv, 'agent1')).client;
    agent2 = (await connectAgent(srv, 'agent2')).client;
    await agent1.setStatus('Available');
    contactId = (await connect.send(new StartChatContactCommand({ InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: 'Uma' } }))).ContactId!;
    await waitFor(() => agent1.contacts().find((c) => c.contactId === contactId)?.state.type === 'incoming', 3000, 'the offer');
    await agent1.accept(contactId);
    await waitFor(() => agent1.contacts().find((c) => c.contactId === contactId)?.state.type === 'connected', 3000, 'connected');
  });
  after(async () => {
    agent1.close();
    agent2.close();
    connect.destroy();
    await srv.stop();
  });

  const all = async (Filters: GetCurrentUserDataCommandInput['Filters'], MaxResults?: number): Promise<UserData[]> => {
    const out: UserData[] = [];
    let NextToken: string | undefined;
    do {
      const page = await connect.send(new GetCurrentUserDataCommand({ InstanceId: srv.demo.instanceId, Filters, MaxResults, NextToken }));
      if (MaxResults) assert.ok(page.UserDataList!.length <= MaxResults);
      out.push(...page.UserDataList!);
      assert.ok(page.ApproximateTotalCount! >= out.length);
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  };
  const ids = (list: UserData[]) => list.map((u) => u.User!.Id);

  test('an agent on a chat: status, routing profile, slots by channel and the contact with its state', async () => {
    const [u] = await all({ Agents: [userIdOf(srv, 'agent1')] });
    const user = demoInstance(srv).users.get(userIdOf(srv, 'agent1'))!;
    assert.equal(u!.User!.Arn, user.arn);
    assert.equal(u!.RoutingProfile!.Id, user.routingProfileId);
    assert.equal(u!.Status!.StatusName, 'Available');
    assert.ok(u!.Status!.StatusStartTimestamp instanceof Date && u!.Status!.StatusArn);
    const chatSlots = demoInstance(srv).routingProfiles.get(user.routingProfileId)!.mediaConcurrencies.find((m) => m.channel === 'CHAT')!.concurrency;
    assert.equal(u!.MaxSlotsByChannel!.CHAT, chatSlots);
    assert.equal(u!.ActiveSlotsByChannel!.CHAT, 1);
    assert.equal(u!.AvailableSlotsByChannel!.CHAT, chatSlots - 1);
    assert.equal(u!.Contacts!.length, 1);
    const c = u!.Contacts![0]!;
    assert.equal(c.ContactId, contactId);
    assert.equal(c.Channel, 'CHAT');
    assert.equal(c.InitiationMethod, 'API');
    assert.equal(c.AgentContactState, 'CONNECTED');
    assert.equal(c.Queue!.Id, srv.demo.queueId);
    assert.ok(c.StateStartTimestamp instanceof Date && c.ConnectedToAgentTimestamp instanceof Date);
    // An Offline agent has no slot available and no contact.
    const [off] = await all({ Agents: [userIdOf(srv, 'agent2')] });
    assert.equal(off!.Status!.StatusName, 'Offline');
    assert.equal(off!.AvailableSlotsByChannel!.CHAT, 0);
    assert.deepEqual(off!.Contacts, []);
  });

  test('filters: by queue, by routing profile, by agent, narrowed by contact state; pages by username', async () => {
    const everyone = [...demoInstance(srv).users.values()].sort((a, b) => (a.username < b.username ? -1 : 1)).map((u) => u.id);
    assert.deepEqual(ids(await all({ Queues: [srv.demo.queueId] }, 2)), everyone);
    assert.deepEqual(ids(await all({ RoutingProfiles: [srv.demo.routingProfileId] }, 1)).length, [...demoInstance(srv).users.values()].filter((u) => u.routingProfileId === srv.demo.routingProfileId).length);
    assert.deepEqual(ids(await all({ Agents: [userIdOf(srv, 'agent2'), userIdOf(srv, 'agent1')] })), [userIdOf(srv, 'agent1'), userIdOf(srv, 'agent2')]);
    assert.deepEqual(ids(await all({ Queues: [srv.demo.queueId], ContactFilter: { ContactStates: ['CONNECTED'] } })), [userIdOf(srv, 'agent1')]);
    assert.deepEqual(ids(await all({ Queues: [srv.demo.queueId], ContactFilter: { ContactStates: ['MISSED', 'ENDED'] } })), []);
    assert.deepEqual(ids(await all({ Queues: [randomUUID()] })), []);
    assert.deepEqual(ids(await all({ UserHierarchyGroups: [randomUUID()] })), []);
  });

  test('bad input: none or several of the main filters, a bad token or page size', async () => {
    const bad = (input: Partial<GetCurrentUserDataCommandInput>) => failure(connect.send(new GetCurrentUserDataCommand({ InstanceId: srv.demo.instanceId, Filters: {}, ...input })));
    assert.equal((await bad({ Filters: {} })).name, 'InvalidParameterException');
    assert.equal((await bad({ Filters: { ContactFilter: { ContactStates: ['CONNECTED'] } } })).name, 'InvalidParameterException');
    assert.equal((await bad({ Filters: { Queues: [srv.demo.queueId], Agents: [userIdOf(srv, 'agent1')] } })).name, 'InvalidParameterException');
    assert.equal((await bad({ Filters: { UserHierarchyGroups: ['a', 'b'] } })).name, 'InvalidRequestException');
    assert.equal((await bad({ Filters: { Queues: [srv.demo.queueId] }, NextToken: 'nope' })).name, 'InvalidParameterException');
    assert.equal((await bad({ Filters: { Queues: [srv.demo.queueId] }, MaxResults: 101 })).name, 'InvalidRequestException');
    assert.equal((await bad({ Filters: { Queues: [srv.demo.queueId] }, InstanceId: randomUUID() })).name, 'ResourceNotFoundException');
  });
});
