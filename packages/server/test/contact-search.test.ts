/**
 * SearchContacts and GetContactAttributes with the real @aws-sdk/client-connect (issue 18): both see live
 * contacts and finished ones, which have left memory for the archive; criteria (attributes, agents, channels,
 * queues, initiation methods), time ranges by type, sort and paging; the exception each bad input gets;
 * a restart keeps what a search finds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetContactAttributesCommand, SearchContactsCommand, StartChatContactCommand, type ConnectClient, type SearchContactsCommandInput } from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { startTestServer, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

describe('SearchContacts and GetContactAttributes over live and archived contacts', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let agent: AgentClient;
  let archivedId: string;
  let liveId: string;
  let startedAt: Date;

  const start = async (name: string, Attributes: Record<string, string>) => (await connect.send(new StartChatContactCommand({
    InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, ParticipantDetails: { DisplayName: name }, Attributes,
  }))).ContactId!;
  const stateOf = (contactId: string) => agent.contacts().find((c) => c.contactId === contactId)?.state.type;
  const inMemory = (contactId: string) => demoInstance(srv).contacts.has(contactId);
  const window = (): SearchContactsCommandInput['TimeRange'] => ({ Type: 'INITIATION_TIMESTAMP', StartTime: startedAt, EndTime: new Date(Date.now() + 60_000) });
  const search = async (input: Partial<SearchContactsCommandInput>) => {
    const ids: string[] = [];
    let NextToken: string | undefined;
    let total: number | undefined;
    do {
      const out = await connect.send(new SearchContactsCommand({ InstanceId: srv.demo.instanceId, TimeRange: window(), ...input, NextToken }));
      total = out.TotalCount;
      ids.push(...out.Contacts!.map((c) => c.Id!));
      NextToken = out.NextToken;
    } while (NextToken);
    assert.equal(total, ids.length);
    return ids;
  };

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    startedAt = new Date(Date.now() - 1000);
    agent = (await connectAgent(srv, 'agent1')).client;
    await agent.setStatus('Available');
    // A chat agent1 took, that ended and was cleared: it leaves memory for the archive.
    archivedId = await start('Archie', { order: 'A-100', tier: 'gold' });
    await waitFor(() => stateOf(archivedId) === 'incoming', 3000, 'the offer');
    await agent.accept(archivedId);
    await waitFor(() => stateOf(archivedId) === 'connected', 3000, 'connected');
    await agent.leave(archivedId);
    await waitFor(() => stateOf(archivedId) === 'ended', 3000, 'after contact work');
    await agent.clear(archivedId);
    await waitFor(() => !inMemory(archivedId), 3000, 'archived');
    // A chat still waiting in the queue (agent1 goes Offline first).
    await agent.setStatus('Offline');
    liveId = await start('Livia', { order: 'B-200', tier: 'silver' });
    await waitFor(() => demoInstance(srv).contacts.get(liveId)?.status === 'queued', 3000, 'queued');
  });
  after(async () => {
    agent.close();
    connect.destroy();
    await srv.stop();
  });

  test('SearchContacts finds an archived chat by attribute and by agent, and a live one beside it', async () => {
    assert.equal(inMemory(archivedId), false);
    assert.deepEqual(await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'order', Values: ['A-100'] }] } } }), [archivedId]);
    assert.deepEqual(await search({ SearchCriteria: { AgentIds: [userIdOf(srv, 'agent1')] } }), [archivedId]);
    assert.deepEqual(await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'tier', Values: ['silver'] }] } } }), [liveId]);
    // MATCH_ALL needs every criterion; MATCH_ANY one of them.
    const both = [{ Key: 'order', Values: ['A-100'] }, { Key: 'tier', Values: ['silver'] }];
    assert.deepEqual(await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: both, MatchType: 'MATCH_ALL' } } }), []);
    assert.deepEqual(new Set(await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: both, MatchType: 'MATCH_ANY' } } })), new Set([archivedId, liveId]));
    // Channels, queues, initiation methods.
    assert.deepEqual(new Set(await search({ SearchCriteria: { Channels: ['CHAT'], QueueIds: [srv.demo.queueId], InitiationMethods: ['API'] } })), new Set([archivedId, liveId]));
    assert.deepEqual(await search({ SearchCriteria: { Channels: ['VOICE'] } }), []);
    assert.deepEqual(await search({ SearchCriteria: { QueueIds: [randomUUID()] } }), []);
    // The summary of the archived chat, as Connect lists it.
    const out = await connect.send(new SearchContactsCommand({ InstanceId: srv.demo.instanceId, TimeRange: window(), SearchCriteria: { AgentIds: [userIdOf(srv, 'agent1')] } }));
    const c = out.Contacts![0]!;
    assert.equal(c.Channel, 'CHAT');
    assert.equal(c.InitiationMethod, 'API');
    assert.equal(c.QueueInfo?.Id, srv.demo.queueId);
    assert.equal(c.AgentInfo?.Id, userIdOf(srv, 'agent1'));
    assert.ok(c.InitiationTimestamp instanceof Date && c.DisconnectTimestamp instanceof Date && c.AgentInfo?.ConnectedToAgentTimestamp instanceof Date);
    assert.ok(c.Arn!.endsWith(`/contact/${archivedId}`));
  });

  test('time ranges by type: only a finished contact has a DISCONNECT_TIMESTAMP; sort and paging', async () => {
    const end = new Date(Date.now() + 60_000);
    assert.deepEqual(await search({ TimeRange: { Type: 'DISCONNECT_TIMESTAMP', StartTime: startedAt, EndTime: end } }), [archivedId]);
    assert.deepEqual(await search({ TimeRange: { Type: 'CONNECTED_TO_AGENT_TIMESTAMP', StartTime: startedAt, EndTime: end } }), [archivedId]);
    assert.deepEqual(new Set(await search({ TimeRange: { Type: 'ENQUEUE_TIMESTAMP', StartTime: startedAt, EndTime: end } })), new Set([archivedId, liveId]));
    assert.deepEqual(await search({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(startedAt.getTime() - 3_600_000), EndTime: new Date(startedAt.getTime() - 1000) } }), []);
    // Newest first by default; ascending when asked; one per page.
    assert.deepEqual(await search({ MaxResults: 1 }), [liveId, archivedId]);
    assert.deepEqual(await search({ MaxResults: 1, Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' } }), [archivedId, liveId]);
    assert.deepEqual(await search({ Sort: { FieldName: 'DISCONNECT_TIMESTAMP', Order: 'DESCENDING' } }), [archivedId, liveId], 'a contact without the field comes last');
  });

  test('GetContactAttributes answers a live contact and an archived one', async () => {
    const live = await connect.send(new GetContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: liveId }));
    assert.deepEqual(live.Attributes, { order: 'B-200', tier: 'silver' });
    const archived = await connect.send(new GetContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: archivedId }));
    assert.deepEqual(archived.Attributes, { order: 'A-100', tier: 'gold' });
    assert.equal(inMemory(archivedId), false, 'reading does not bring it back into memory');
    assert.equal((await failure(connect.send(new GetContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: randomUUID() })))).name, 'ResourceNotFoundException');
  });

  test('bad input: each gets the exception Connect uses', async () => {
    const bad = (input: Partial<SearchContactsCommandInput>) => failure(connect.send(new SearchContactsCommand({ InstanceId: srv.demo.instanceId, TimeRange: window(), ...input } as SearchContactsCommandInput)));
    assert.equal((await bad({ TimeRange: { Type: 'INITIATION_TIMESTAMP', StartTime: new Date(), EndTime: startedAt } })).name, 'InvalidParameterException');
    assert.equal((await bad({ TimeRange: { Type: 'LAST_WEEK' as 'INITIATION_TIMESTAMP', StartTime: startedAt, EndTime: new Date() } })).name, 'InvalidRequestException');
    assert.equal((await bad({ NextToken: 'not-a-token' })).name, 'InvalidParameterException');
    assert.equal((await bad({ NextToken: '999' })).name, 'InvalidParameterException');
    assert.equal((await bad({ MaxResults: 1000 })).name, 'InvalidRequestException');
    assert.equal((await bad({ SearchCriteria: { Name: { SearchText: ['x'], MatchType: 'MATCH_ANY' } } as never })).name, 'InvalidParameterException');
    assert.equal((await bad({ SearchCriteria: { SearchableContactAttributes: { Criteria: [] } } })).name, 'InvalidRequestException');
    assert.equal((await bad({ InstanceId: randomUUID() })).name, 'ResourceNotFoundException');
  });

  test('a restart keeps what a search finds', async () => {
    const before = new Set(await search({}));
    connect.destroy();
    agent.close();
    await srv.stop({ keepDir: true });
    srv = await startTestServer({ dir: srv.dir, env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    agent = (await connectAgent(srv, 'agent2')).client;
    assert.deepEqual(new Set(await search({})), before);
    assert.deepEqual(await search({ SearchCriteria: { SearchableContactAttributes: { Criteria: [{ Key: 'order', Values: ['A-100'] }] } } }), [archivedId]);
    assert.deepEqual((await connect.send(new GetContactAttributesCommand({ InstanceId: srv.demo.instanceId, InitialContactId: archivedId }))).Attributes, { order: 'A-100', tier: 'gold' });
  });
});
