/**
 * Multi-party chat through the real server: quick connects and instance attributes with the real
 * @aws-sdk/client-connect; adding, disconnecting and transferring with the sdk's AgentClient over the
 * agent socket (seed 002's contact.addParticipant(endpoint)); customers with the sdk's ChatSession.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateQueueQuickConnectsCommand, ConnectClient, CreateQuickConnectCommand, DescribeInstanceAttributeCommand, DescribeQuickConnectCommand,
  ListQuickConnectsCommand, UpdateInstanceAttributeCommand, type QuickConnectSummary, type QuickConnectType,
} from '@aws-sdk/client-connect';
import type { AgentClient, AgentSnapshot, ChatItemView, ChatSession, QuickConnectEndpoint } from '@switchboard/sdk';
import { statusControl, contactOf, startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';


const AGENTS = ['agent1', 'agent2', 'agent3', 'agent4', 'agent5'] as const;
type AgentName = (typeof AGENTS)[number];
const READ = 'application/vnd.amazonaws.connect.event.message.read';
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('multi-party chat through the APIs', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const clients = new Map<AgentName, AgentClient>();
  /** Chat items each agent's socket received (webSocket::all_message). */
  const received = new Map<AgentName, ChatItemView[]>();
  const sessions: ChatSession[] = [];
  /** The demo's quick connects as getQuickConnects gives them, by name (Agent1..Agent5, BasicQueue). */
  let endpoints: Map<string, QuickConnectEndpoint>;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    for (const name of AGENTS) {
      const { client } = await connectAgent(srv, name);
      const items: ChatItemView[] = [];
      client.onChatItem((item) => items.push(item));
      clients.set(name, client);
      received.set(name, items);
    }
    endpoints = new Map((await agent('agent1').getQuickConnects()).map((e) => [e.name, e]));
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    for (const s of sessions) s.close();
    connect.destroy();
    await srv.stop();
  });

  const instance = () => srv.services.state.instances.get(srv.demo.instanceId)!;
  const agent = (name: AgentName) => clients.get(name)!;
  const { setStatus, only } = statusControl(() => srv, AGENTS, agent);
  const user = (name: AgentName) => instance().users.get(userIdOf(srv, name))!;
  const stateOf = (name: AgentName, contactId: string) => user(name).contacts.get(contactId)?.state;
  const endpoint = (name: string) => {
    const e = endpoints.get(name);
    if (!e) throw new Error(`no quick connect ${name}`);
    return e;
  };
  const transferFlowId = () => [...instance().flows.values()].find((f) => f.name === 'Default agent transfer')!.id;
  const quickConnectArn = (id: string) => `${srv.demo.instanceArn}/transfer-destination/${id}`;



  async function customer(name: string): Promise<ChatSession> {
    const session = await connectCustomer(srv, name);
    sessions.push(session);
    return session;
  }

  async function accept(name: AgentName, contactId: string): Promise<void> {
    await waitFor(() => stateOf(name, contactId) === 'incoming', 3000, `the offer to ${name}`);
    await agent(name).accept(contactId);
    await waitFor(() => stateOf(name, contactId) === 'connected', 3000, `${name} connected`);
  }

  /** A chat the named agent (the only one Available) accepted. */
  async function chatWith(name: AgentName, customerName: string): Promise<{ chat: ChatSession; contactId: string }> {
    await only(name);
    const chat = await customer(customerName);
    const contactId = chat.details.contactId;
    await accept(name, contactId);
    return { chat, contactId };
  }

  /** `inviter` adds `invitee` (made Available) through an endpoint; the invitee accepts. */
  async function invite(inviter: AgentName, invitee: AgentName, contactId: string, by: Pick<QuickConnectEndpoint, 'id'> | Pick<QuickConnectEndpoint, 'endpointARN'>): Promise<void> {
    await setStatus(invitee, 'Available');
    await agent(inviter).addParticipant(contactId, by);
    await accept(invitee, contactId);
  }

  /** Ends every chat still going, clears every agent's contacts and sets everyone Offline. */
  async function settle(): Promise<void> {
    for (const name of AGENTS) await setStatus(name, 'Offline');
    for (const contact of instance().contacts.values()) {
      if (contact.status !== 'ended') await srv.services.pipeline.submit({ type: 'StopContact', instanceId: instance().id, contactId: contact.id });
    }
    await srv.services.pipeline.settled();
    for (const name of AGENTS) {
      for (const [contactId, held] of [...user(name).contacts]) {
        if (held.state === 'incoming') await agent(name).reject(contactId);
        else await agent(name).clear(contactId);
      }
      await waitFor(() => user(name).contacts.size === 0, 3000, `${name} cleared`);
    }
  }

  // --- the Connect API -------------------------------------------------------------------------------

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
    assert.ok(phones.every((s) => s.QuickConnectType === 'PHONE_NUMBER'));
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

  test('UpdateInstanceAttribute / DescribeInstanceAttribute: MULTI_PARTY_CHAT_CONFERENCE switches adding participants; bad input is refused and stores nothing', async () => {
    const describe = async (type: string) => (await connect.send(new DescribeInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: type as never }))).Attribute;
    assert.deepEqual(await describe('MULTI_PARTY_CHAT_CONFERENCE'), { AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: 'true' }, 'the demo has it on');
    assert.deepEqual(await describe('ENHANCED_CHAT_MONITORING'), { AttributeType: 'ENHANCED_CHAT_MONITORING', Value: 'false' }, 'unset attributes read false');
    await assert.rejects(describe('NOT_AN_ATTRIBUTE'), { name: 'InvalidRequestException' });

    const before = { ...instance().attributes };
    const update = (type: string, value: string) => connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: type as never, Value: value }));
    await assert.rejects(update('NOT_AN_ATTRIBUTE', 'true'), { name: 'InvalidRequestException' });
    await assert.rejects(update('MULTI_PARTY_CHAT_CONFERENCE', ''), { name: 'InvalidRequestException' });
    await assert.rejects(update('MULTI_PARTY_CHAT_CONFERENCE', 'x'.repeat(101)), { name: 'InvalidRequestException' });
    await assert.rejects(connect.send(new UpdateInstanceAttributeCommand({ InstanceId: NO_SUCH_ID, AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: 'false' })), { name: 'ResourceNotFoundException' });
    assert.deepEqual(instance().attributes, before, 'nothing was stored');

    const { contactId } = await chatWith('agent1', 'Olga');
    try {
      await update('MULTI_PARTY_CHAT_CONFERENCE', 'false');
      assert.equal((await describe('MULTI_PARTY_CHAT_CONFERENCE'))!.Value, 'false');
      const snapshot = await agent('agent1').request<AgentSnapshot>('getAgentSnapshot');
      assert.equal(snapshot.snapshot.contacts.find((c) => c.contactId === contactId)?.contactFeatures.multiPartyConferenceEnabled, false);
      await setStatus('agent2', 'Available');
      await assert.rejects(agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id }), (error: Error) => {
        assert.equal(error.name, 'InvalidRequestException');
        assert.match(error.message, /multi-party chat is not enabled/);
        return true;
      });
      assert.equal(contactOf(srv, contactId).invitations.length, 0);

      await update('MULTI_PARTY_CHAT_CONFERENCE', 'true');
      assert.equal((await describe('MULTI_PARTY_CHAT_CONFERENCE'))!.Value, 'true');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id });
      await accept('agent2', contactId);
    } finally {
      await update('MULTI_PARTY_CHAT_CONFERENCE', 'true');
      await settle();
    }
  });

  // --- the agent socket ------------------------------------------------------------------------------

  test('getQuickConnects returns seed 002\'s endpoint shape: { id, endpointARN, type: agent|queue|phone_number, name }', async () => {
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
    assert.ok(!list.some((e) => e.name === 'Front desk'), 'a quick connect on no queue is not offered');
  });

  test('addParticipant with {id} and with {endpointARN}: prompt, invited, joined in the transcript; every agent sees all participants; a seventh participant is refused with a clear error', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Greta');
    try {
      // By id (seed 002's endpoint.id) …
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      // … and by endpointARN alone.
      await invite('agent2', 'agent3', contactId, { endpointARN: endpoint('Agent3').endpointARN });
      // The whole endpoint object, as seed 002 passes it.
      await invite('agent3', 'agent4', contactId, endpoint('Agent4'));
      // The queue quick connect: agent5 is the only Available agent not in the chat.
      await invite('agent1', 'agent5', contactId, { id: endpoint('BasicQueue').id });

      const contact = contactOf(srv, contactId);
      const connected = [...contact.participants.values()].filter((p) => p.state === 'connected');
      assert.equal(connected.length, 6);
      assert.deepEqual(contact.legs.map((l) => [l.via, l.quickConnectName]), [
        ['queue', undefined], ['added', 'Agent2'], ['added', 'Agent3'], ['added', 'Agent4'], ['added', 'BasicQueue'],
      ]);
      assert.deepEqual(contact.legs.slice(1).map((l) => l.by), ['agent1', 'agent2', 'agent3', 'agent1'].map((n) => userIdOf(srv, n)));

      // The customer's transcript: for each addition, the flow's prompt, "invited", then "joined".
      const transcript = await chat.getWholeTranscript();
      const lines = transcript
        .filter((i) => i.Content === 'Inviting new agent…' || i.ContentType.endsWith('participant.invited') || (i.ContentType.endsWith('participant.joined') && i.ParticipantRole === 'AGENT'))
        .map((i) => (i.Content === 'Inviting new agent…' ? `prompt:${i.ParticipantRole}:${i.DisplayName}` : i.ContentType.endsWith('invited') ? 'invited' : `joined:${i.DisplayName}`));
      assert.deepEqual(lines, [
        'joined:Agent1',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent2',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent3',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent4',
        'prompt:SYSTEM:SYSTEM_MESSAGE', 'invited', 'joined:Agent5',
      ]);

      // Every agent's CCP shows the customer and the five agents, itself marked as its own.
      for (const name of AGENTS) {
        await waitFor(() => agent(name).contacts().find((c) => c.contactId === contactId)?.connections.filter((c) => c.state.type === 'connected').length === 6, 3000, `${name}'s snapshot`);
        const view = agent(name).contacts().find((c) => c.contactId === contactId)!;
        assert.deepEqual(view.connections.map((c) => c.endpoint.name), ['Greta', 'Agent1', 'Agent2', 'Agent3', 'Agent4', 'Agent5']);
        assert.deepEqual(view.connections.filter((c) => c.isOwn).map((c) => c.endpoint.name), [`Agent${name.slice(-1)}`]);
        assert.equal(view.contactFeatures.multiPartyConferenceEnabled, true);
      }

      // A seventh: refused through the socket, with a typed error that says why; nothing changes.
      const invitations = contact.invitations.length;
      for (const [who, by] of [['agent5', { id: endpoint('BasicQueue').id }], ['agent2', { endpointARN: endpoint('Agent1').endpointARN }]] as const) {
        await assert.rejects(agent(who).addParticipant(contactId, by), (error: Error) => {
          assert.equal(error.name, 'LimitExceededException');
          assert.match(error.message, /at most 6 participants/);
          return true;
        });
      }
      assert.equal(contact.invitations.length, invitations);
      assert.equal([...contact.participants.values()].filter((p) => p.state === 'connected').length, 6);
      // An endpoint that names no quick connect is ResourceNotFound; one with neither id nor ARN is invalid.
      await assert.rejects(agent('agent1').addParticipant(contactId, { id: NO_SUCH_ID }), { name: 'ResourceNotFoundException' });
      await assert.rejects(agent('agent1').request('addNewConnection', { contactId, endpoint: { type: 'agent', name: 'Agent2' } }), { name: 'InvalidRequestException' });
    } finally {
      await settle();
    }
  });

  test('disconnectParticipant: an agent disconnects another agent (who goes to ACW) and the chat goes on', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Hugo');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await invite('agent2', 'agent3', contactId, { id: endpoint('Agent3').id });
      const agent1Connection = await waitFor(() => agent('agent2').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.endpoint.name === 'Agent1'), 3000, 'Agent1 on agent2\'s CCP');
      assert.equal(agent1Connection.connectionId, user('agent1').contacts.get(contactId)!.participantId);

      await agent('agent2').disconnectParticipant(contactId, agent1Connection.connectionId);
      await waitFor(() => stateOf('agent1', contactId) === 'ended', 3000, 'agent1 in ACW');
      assert.equal(contactOf(srv, contactId).status, 'connected');
      await waitFor(() => agent('agent3').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.endpoint.name === 'Agent1')?.state.type === 'disconnected', 3000, 'agent3 sees Agent1 gone');
      // The chat goes on between the customer and agents 2 and 3.
      const fromAgents: ChatItemView[] = [];
      chat.onMessage((i) => {
        if (i.ParticipantRole === 'AGENT') fromAgents.push(i);
      });
      const sent = await agent('agent3').sendMessage(contactId, 'agent3 here');
      await waitFor(() => fromAgents.find((i) => i.Id === sent.Id), 3000, 'the message at the customer');
      // agent1, in ACW, can no longer act in the chat.
      await assert.rejects(agent('agent1').sendMessage(contactId, 'still here?'), { name: 'AccessDeniedException' });
      await assert.rejects(agent('agent1').disconnectParticipant(contactId, user('agent3').contacts.get(contactId)!.participantId!), { name: 'AccessDeniedException' });
      // A connection that is not in the chat is ResourceNotFound.
      await assert.rejects(agent('agent2').disconnectParticipant(contactId, NO_SUCH_ID), { name: 'ResourceNotFoundException' });

      // agent3 disconnects the customer: the chat ends for everyone.
      const ended: ChatItemView[] = [];
      chat.onEnded((i) => ended.push(i));
      await agent('agent3').disconnectParticipant(contactId, chat.details.participantId);
      await waitFor(() => ended.length > 0, 3000, 'the end at the customer');
      await waitFor(() => stateOf('agent2', contactId) === 'ended' && stateOf('agent3', contactId) === 'ended', 3000, 'everyone in ACW');
    } finally {
      await settle();
    }
  });

  test('transferContact: every agent in the chat is disconnected and the chat continues with the quick connect\'s agent', async () => {
    const { contactId } = await chatWith('agent1', 'Ines');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await setStatus('agent3', 'Available');
      await agent('agent2').transfer(contactId, { endpointARN: endpoint('Agent3').endpointARN });
      await waitFor(() => stateOf('agent1', contactId) === 'ended' && stateOf('agent2', contactId) === 'ended', 3000, 'agents 1 and 2 in ACW');
      await accept('agent3', contactId);
      const contact = contactOf(srv, contactId);
      assert.deepEqual([...contact.participants.values()].filter((p) => p.state === 'connected').map((p) => p.role).sort(), ['AGENT', 'CUSTOMER']);
      assert.deepEqual(contact.legs.at(-1)!.via, 'transfer');
      assert.equal(contact.legs.at(-1)!.by, userIdOf(srv, 'agent2'));
    } finally {
      await settle();
    }
  });

  test('an agent cannot add to, transfer, read or write a chat they are not in', async () => {
    const { chat, contactId } = await chatWith('agent1', 'Jon');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      await setStatus('agent3', 'Available');
      const contact = contactOf(srv, contactId);
      const transcriptLength = contact.transcript.length;
      const outsider = agent('agent3');
      const denied = { name: 'AccessDeniedException' };
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('Agent4').id }), denied);
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('BasicQueue').id }), denied);
      await assert.rejects(outsider.transfer(contactId, { id: endpoint('Agent4').id }), denied);
      await assert.rejects(outsider.getTranscript(contactId), denied);
      await assert.rejects(outsider.sendMessage(contactId, 'let me in'), denied);
      await assert.rejects(outsider.sendTyping(contactId), denied);
      await assert.rejects(outsider.disconnectParticipant(contactId, chat.details.participantId), denied);
      await assert.rejects(outsider.disconnectParticipant(contactId, user('agent1').contacts.get(contactId)!.participantId!), denied);
      await assert.rejects(outsider.leave(contactId), denied);
      // Nothing changed.
      assert.equal(contact.transcript.length, transcriptLength);
      assert.equal(contact.invitations.length, 1);
      assert.equal(contact.status, 'connected');
      assert.equal([...contact.participants.values()].filter((p) => p.state === 'connected').length, 3);
      assert.equal(user('agent3').contacts.has(contactId), false);

      // An agent only offered an invitation is not in the chat yet either.
      await agent('agent2').addParticipant(contactId, { id: endpoint('Agent3').id });
      await waitFor(() => stateOf('agent3', contactId) === 'incoming', 3000, 'the invitation offered to agent3');
      await assert.rejects(outsider.getTranscript(contactId), denied);
      await assert.rejects(outsider.sendMessage(contactId, 'early'), denied);
      await assert.rejects(outsider.addParticipant(contactId, { id: endpoint('Agent4').id }), denied);
    } finally {
      await settle();
    }
  });

  test('read receipts (SendEvent message.read) are relayed in a two-party chat but not in a chat with three participants', async () => {
    // Two participants: the customer's read receipt reaches the agent.
    const two = await chatWith('agent1', 'Kim');
    try {
      const hello = await agent('agent1').sendMessage(two.contactId, 'hello Kim');
      await two.chat.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: hello.Id }) });
      await waitFor(() => received.get('agent1')!.find((i) => i.Type === 'MESSAGEMETADATA' && i.ContactId === two.contactId), 3000, 'the receipt at agent1');
    } finally {
      await settle();
    }

    const { chat, contactId } = await chatWith('agent1', 'Lena');
    try {
      await invite('agent1', 'agent2', contactId, { id: endpoint('Agent2').id });
      const atCustomer: ChatItemView[] = [];
      chat.onEvent((i) => atCustomer.push(i));
      chat.onMessage((i) => atCustomer.push(i));
      const metadataFor = (items: ChatItemView[]) => items.filter((i) => i.ContactId === contactId && (i.Type === 'MESSAGEMETADATA' || i.ContentType.endsWith('message.metadata')));

      // The customer reads agent1's message: the receipt is accepted …
      const hi = await agent('agent1').sendMessage(contactId, 'hi Lena');
      const answer = await chat.sendEvent({ contentType: READ, content: JSON.stringify({ messageId: hi.Id }) });
      assert.ok(answer.Id);
      // … and not relayed: a message sent after it reaches both agents, with no receipt before it.
      const barrier = await chat.sendMessage({ message: 'after the receipt' });
      for (const name of ['agent1', 'agent2'] as const) {
        await waitFor(() => received.get(name)!.find((i) => i.Id === barrier.Id), 3000, `the barrier at ${name}`);
        assert.deepEqual(metadataFor(received.get(name)!), [], `${name} got a receipt`);
      }

      // An agent's read receipt does not reach the customer or the other agent either.
      await agent('agent2').request('sendEvent', { contactId, contentType: READ, content: JSON.stringify({ messageId: barrier.Id }) });
      const barrier2 = await agent('agent2').sendMessage(contactId, 'agent2 after the receipt');
      await waitFor(() => atCustomer.find((i) => i.Id === barrier2.Id), 3000, 'the second barrier at the customer');
      await waitFor(() => received.get('agent1')!.find((i) => i.Id === barrier2.Id), 3000, 'the second barrier at agent1');
      assert.deepEqual(metadataFor(atCustomer), []);
      assert.deepEqual(metadataFor(received.get('agent1')!), []);
    } finally {
      await settle();
    }
  });

  test('switching MULTI_PARTY_CHAT_CONFERENCE updates the CCPs of agents on chats (contactFeatures.multiPartyConferenceEnabled)', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Nora');
    const update = (value: string) => connect.send(new UpdateInstanceAttributeCommand({ InstanceId: srv.demo.instanceId, AttributeType: 'MULTI_PARTY_CHAT_CONFERENCE', Value: value }));
    const shown = () => agent('agent1').contacts().find((c) => c.contactId === contactId)?.contactFeatures.multiPartyConferenceEnabled;
    try {
      await waitFor(() => shown() === true, 3000, 'multi-party shown on');
      await update('false');
      await waitFor(() => shown() === false, 1000, 'the CCP told that multi-party chat is off');
    } finally {
      await update('true');
      await settle();
    }
  });

  test('an endpointARN that is not a quick connect of this instance is refused', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Otto');
    try {
      await setStatus('agent2', 'Available');
      const id = endpoint('Agent2').id;
      for (const arn of [
        `arn:aws:connect:${srv.demo.region}:999999999999:instance/${NO_SUCH_ID}/transfer-destination/${id}`,
        `${srv.demo.instanceArn}/queue/${id}`,
      ]) {
        await assert.rejects(agent('agent1').addParticipant(contactId, { endpointARN: arn }), (error: Error) => ['InvalidRequestException', 'ResourceNotFoundException'].includes(error.name), arn);
      }
      assert.equal(contactOf(srv, contactId).invitations.length, 0);
    } finally {
      await settle();
    }
  });

  test('a pending invitation, shown to the agents as a connecting connection, can be cancelled by disconnecting it', {
  }, async () => {
    const { contactId } = await chatWith('agent1', 'Mia');
    try {
      await setStatus('agent2', 'Offline');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent2').id });
      const pending = await waitFor(() => agent('agent1').contacts().find((c) => c.contactId === contactId)?.connections.find((c) => c.state.type === 'connecting'), 3000, 'the invitation on the CCP');
      assert.equal(pending.endpoint.name, 'Agent2');
      await agent('agent1').disconnectParticipant(contactId, pending.connectionId);
      assert.equal(contactOf(srv, contactId).invitations[0]!.status, 'cancelled');
      await setStatus('agent3', 'Available');
      await agent('agent1').addParticipant(contactId, { id: endpoint('Agent3').id });
    } finally {
      await settle();
    }
  });
});
