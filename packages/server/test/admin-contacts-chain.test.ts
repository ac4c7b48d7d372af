/**
 * The admin console's linked contacts (GET /admin/contacts/{ContactId}/chain, console/contactChain.ts): a
 * call's consult leg is found from the first contact and the first contact from the leg, live and after the
 * call left memory for the archive; a follow-up task that names a chat is found from the chat (a link that
 * points back). Calls are driven by the phone simulator and the agents' sdk clients.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StartTaskContactCommand, type ConnectClient } from '@aws-sdk/client-connect';
import type { AgentClient } from '@switchboard/sdk';
import { PhoneSimulator } from '@switchboard/sdk/phone';
import { DEMO_PASSWORD, postJson, startTestServer, statusControl, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';
import { demoInstance } from './flowsApi.ts';

const AGENTS = ['agent1', 'agent2'] as const;
type AgentName = (typeof AGENTS)[number];

interface Linked { Id: string; Channel: string; InitiationMethod: string; InitialContactId?: string; PreviousContactId?: string; RelatedContactId?: string }

describe('GET /admin/contacts/{ContactId}/chain', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let phone: PhoneSimulator;
  let adminToken: string;
  const clients = new Map<AgentName, AgentClient>();
  const agent = (name: AgentName) => clients.get(name)!;
  const chain = async (contactId: string): Promise<Linked[]> => {
    const res = await fetch(`${srv.url}/admin/contacts/${contactId}/chain`, { headers: { authorization: `Bearer ${adminToken}` } });
    const body = await res.json() as { Contacts: Linked[] };
    assert.equal(res.status, 200, JSON.stringify(body));
    return body.Contacts;
  };
  const stateOf = (name: AgentName, contactId: string) => agent(name).contacts().find((c) => c.contactId === contactId)?.state.type;

  before(async () => {
    srv = await startTestServer({ env: { SWITCHBOARD_ARCHIVE_DELAY_MS: '0' } });
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    phone = new PhoneSimulator({ endpoint: srv.url, region: srv.demo.region, instanceId: srv.demo.instanceId, credentials: { accessKeyId: srv.demo.accessKeyId, secretAccessKey: srv.demo.secretAccessKey } });
    for (const name of AGENTS) clients.set(name, (await connectAgent(srv, name)).client);
    const login = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'admin', Password: DEMO_PASSWORD, InstanceId: srv.demo.instanceId });
    adminToken = login.body.Token;
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    connect.destroy();
    await srv.stop();
  });

  test("a call's consult leg and its first contact find each other, live and once the call is archived", async () => {
    const { setStatus, only } = statusControl(() => srv, AGENTS, agent);
    await only('agent1');
    const { ContactId: first, PartyId: caller } = await phone.dialIn('+12065550100');
    const offered = (name: AgentName) => agent(name).contacts().find((c) => c.type === 'voice' && c.state.type === 'incoming');
    await agent('agent1').accept((await waitFor(() => offered('agent1'), 3000, 'the call offered to agent1')).contactId);
    await setStatus('agent2', 'Available');
    const agent2 = (await agent('agent1').getQuickConnects()).find((e) => e.name === 'Agent2')!;
    await agent('agent1').addParticipant(first, { id: agent2.id });
    const leg = (await waitFor(() => offered('agent2'), 3000, 'the leg offered to agent2')).contactId;
    await agent('agent2').accept(leg);
    await waitFor(() => stateOf('agent2', leg) === 'connected', 3000, 'agent2 on the call');

    const live = await chain(leg);
    assert.deepEqual(live.map((c) => c.Id), [first, leg]);
    assert.deepEqual(await chain(first), live);
    const legSummary = live[1]!;
    assert.equal(legSummary.InitialContactId, first);
    assert.equal(legSummary.PreviousContactId, first);
    assert.equal(legSummary.InitiationMethod, 'TRANSFER');

    await agent('agent1').join(first);
    await agent('agent1').leave(first);
    await phone.hangUp(first, caller);
    for (const [name, contactId] of [['agent1', first], ['agent2', leg]] as const) {
      await waitFor(() => stateOf(name, contactId) === 'ended', 3000, `${name} in after contact work`);
      await agent(name).clear(contactId);
    }
    await waitFor(() => !demoInstance(srv).contacts.has(first) && !demoInstance(srv).contacts.has(leg), 3000, 'the call archived');
    assert.deepEqual((await chain(leg)).map((c) => c.Id), [first, leg]);
    assert.deepEqual((await chain(first)).map((c) => c.Id), [first, leg]);
    assert.equal(demoInstance(srv).contacts.has(first), false, 'reading does not bring the call back into memory');
  });

  test('a follow-up task that names a chat (RelatedContactId) is found from the chat, and the chat from the task', async () => {
    await statusControl(() => srv, AGENTS, agent).only();
    const customer = await connectCustomer(srv, 'Chain Customer');
    try {
      const chat = [...demoInstance(srv).contacts.values()].find((c) => c.customerDisplayName === 'Chain Customer')!.id;
      assert.deepEqual((await chain(chat)).map((c) => c.Id), [chat], 'a chat alone is a chain of one');
      const { ContactId: task } = await connect.send(new StartTaskContactCommand({
        InstanceId: srv.demo.instanceId, ContactFlowId: srv.demo.contactFlowId, Name: 'Call the customer back', RelatedContactId: chat,
      }));
      const fromChat = await chain(chat);
      assert.deepEqual(fromChat.map((c) => [c.Id, c.Channel]), [[chat, 'CHAT'], [task!, 'TASK']]);
      assert.equal(fromChat[1]!.RelatedContactId, chat);
      assert.deepEqual(await chain(task!), fromChat);
    } finally {
      customer.close();
    }
  });
});
