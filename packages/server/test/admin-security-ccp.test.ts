/**
 * Security profiles on the agent side (issue 18): what an agent's profiles allow is enforced on the CCP
 * socket (typed AccessDeniedException, rule "permission"), the agent's configuration carries their
 * permissions, and a profile changed with the real @aws-sdk/client-connect applies to agents already
 * logged in, without logging in again.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateSecurityProfileCommand, UpdateSecurityProfileCommand, UpdateUserSecurityProfilesCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { loginAgent, PERMISSION, type AgentClient, type ChatSession } from '@switchboard/sdk';
import { DEMO_PASSWORD, startTestServer, statusControl, userIdOf, waitFor, type TestServer } from './harness.ts';
import { connectAgent, connectCustomer, demoConnectClient } from './sdkClients.ts';
import { demoInstance } from './flowsApi.ts';

const AGENTS = ['agent1', 'agent2'] as const;
type Name = (typeof AGENTS)[number];

describe('security profiles on the CCP', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const clients = new Map<Name, AgentClient>();
  const sessions: ChatSession[] = [];
  const agent = (name: Name) => clients.get(name)!;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    for (const name of AGENTS) clients.set(name, (await connectAgent(srv, name)).client);
  });
  after(async () => {
    for (const c of clients.values()) c.close();
    for (const s of sessions) s.close();
    connect.destroy();
    await srv.stop();
  });

  const { only } = statusControl(() => srv, AGENTS, agent);
  const profile = async (name: string, permissions: string[]) =>
    (await connect.send(new CreateSecurityProfileCommand({ InstanceId: srv.demo.instanceId, SecurityProfileName: name, Permissions: permissions }))).SecurityProfileId!;
  const give = (name: Name, ids: string[]) => connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: srv.demo.instanceId, UserId: userIdOf(srv, name), SecurityProfileIds: ids }));
  const quickConnectId = (name: string) => [...demoInstance(srv).quickConnects.values()].find((q) => q.name === name)!.id;

  async function chatWith(name: Name, customerName: string): Promise<string> {
    await only(name);
    const chat = await connectCustomer(srv, customerName);
    sessions.push(chat);
    const contactId = chat.details.contactId;
    const user = () => demoInstance(srv).users.get(userIdOf(srv, name))!;
    await waitFor(() => user().contacts.get(contactId)?.state === 'incoming', 3000, `the offer to ${name}`);
    await agent(name).accept(contactId);
    await waitFor(() => user().contacts.get(contactId)?.state === 'connected', 3000, `${name} connected`);
    return contactId;
  }

  test('an agent whose profile lacks TransferDestinations.View is refused quick connects on the socket, and gets them once the profile is updated, without logging in again', async () => {
    const noTransfers = await profile('No transfers', [PERMISSION.basicAgentAccess, PERMISSION.outboundCall]);
    // A user without a profile has the Agent profile's permissions, quick connects included.
    assert.equal(agent('agent1').hasPermission(PERMISSION.quickConnectsView), true);
    await give('agent1', [noTransfers]);
    // The logged-in agent's configuration loses the permission (the CCP hides quick connects).
    await waitFor(() => !agent('agent1').hasPermission(PERMISSION.quickConnectsView), 3000, 'the permission gone from the CCP');
    assert.deepEqual(agent('agent1').snapshot?.configuration.permissions, [PERMISSION.basicAgentAccess, PERMISSION.outboundCall].sort());

    await assert.rejects(agent('agent1').getQuickConnects(), { name: 'AccessDeniedException' });
    const contactId = await chatWith('agent1', 'Pat');
    const before = JSON.stringify([...demoInstance(srv).contacts.get(contactId)!.invitations]);
    await assert.rejects(agent('agent1').transfer(contactId, { id: quickConnectId('Agent2') }), (e: Error & { rule?: string }) => {
      assert.equal(e.name, 'AccessDeniedException');
      assert.equal(e.rule, 'permission');
      assert.match(e.message, /TransferDestinations\.View/);
      return true;
    });
    await assert.rejects(agent('agent1').addParticipant(contactId, { id: quickConnectId('Agent2') }), { name: 'AccessDeniedException' });
    assert.equal(JSON.stringify([...demoInstance(srv).contacts.get(contactId)!.invitations]), before, 'a refused transfer changes nothing');

    // The administrator grants quick connects: the same session may use them at once.
    await connect.send(new UpdateSecurityProfileCommand({
      InstanceId: srv.demo.instanceId, SecurityProfileId: noTransfers, Permissions: [PERMISSION.basicAgentAccess, PERMISSION.outboundCall, PERMISSION.quickConnectsView],
    }));
    await waitFor(() => agent('agent1').hasPermission(PERMISSION.quickConnectsView), 3000, 'the permission on the CCP');
    const endpoints = await agent('agent1').getQuickConnects();
    assert.ok(endpoints.some((e) => e.name === 'Agent2'));
    await agent('agent1').transfer(contactId, { id: quickConnectId('Agent2') });
    const transferred = demoInstance(srv).contacts.get(contactId);
    assert.equal(transferred?.transfer?.quickConnectId, quickConnectId('Agent2'), 'the chat is transferred through the quick connect');
  });

  test('calling a number from the CCP needs OutboundCallAccess: refused without it, for a logged-in agent as soon as it is taken away', async () => {
    const noCalls = await profile('No outbound calls', [PERMISSION.basicAgentAccess, PERMISSION.quickConnectsView]);
    await give('agent2', [noCalls]);
    await waitFor(() => !agent('agent2').hasPermission(PERMISSION.outboundCall), 3000, 'the permission gone from the CCP');
    const contacts = demoInstance(srv).contacts.size;
    await assert.rejects(agent('agent2').call('+14155550100'), (e: Error) => {
      assert.equal(e.name, 'AccessDeniedException');
      assert.match(e.message, /OutboundCallAccess/);
      return true;
    });
    assert.equal(demoInstance(srv).contacts.size, contacts, 'no call was started');
  });

  test('logging in to the CCP needs BasicAgentAccess; a logged-in agent who loses it is refused every request', async () => {
    const noCcp = await profile('Reports only', [PERMISSION.accessMetrics]);
    await assert.doesNotReject(loginAgent({ baseUrl: srv.url, username: 'agent3', password: DEMO_PASSWORD }));
    const { client } = await connectAgent(srv, 'agent4');
    try {
      await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: srv.demo.instanceId, UserId: userIdOf(srv, 'agent3'), SecurityProfileIds: [noCcp] }));
      await assert.rejects(loginAgent({ baseUrl: srv.url, username: 'agent3', password: DEMO_PASSWORD }), (e: Error) => {
        assert.equal(e.name, 'AccessDeniedException');
        assert.match(e.message, /BasicAgentAccess/);
        return true;
      });
      // A wrong password is still just a wrong password (the permission is asked only once the password is right).
      await assert.rejects(loginAgent({ baseUrl: srv.url, username: 'agent3', password: 'wrong-password-1' }), (e: Error) => !/BasicAgentAccess/.test(e.message));
      await connect.send(new UpdateUserSecurityProfilesCommand({ InstanceId: srv.demo.instanceId, UserId: userIdOf(srv, 'agent4'), SecurityProfileIds: [noCcp] }));
      await waitFor(() => !client.hasPermission(PERMISSION.basicAgentAccess), 3000, 'the permission gone from the CCP');
      await assert.rejects(client.request('getAgentSnapshot'), { name: 'AccessDeniedException' });
      await assert.rejects(client.setStatus('Available'), { name: 'AccessDeniedException' });
    } finally {
      client.close();
    }
  });
});
