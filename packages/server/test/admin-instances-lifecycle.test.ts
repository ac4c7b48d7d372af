/**
 * A created instance used end to end, and deleted: CreateInstance → CreateUser with the built-in Admin
 * security profile → that user logs into the CCP (POST /agent/login with InstanceId) → a chat started on the
 * new instance with StartChatContact routes to them. DeleteInstance ends the instance's contacts, closes its
 * agents' and chats' sockets, and the account's keys keep working on its other instances.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  CreateInstanceCommand, DeleteInstanceCommand, DescribeInstanceCommand, ListInstancesCommand,
  StartChatContactCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import { ADMIN_SECURITY_PROFILE_ID } from '@switchboard/engine';
import { DEMO_PASSWORD, RecordingSocket, createConnection, openChatSocket, postJson, startTestServer, waitFor, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { failure } from './flowsApi.ts';
import { PASSWORD, otherAccount, readyInstance, FIRST_ADMIN } from './adminInstances.ts';

describe('a created instance, end to end', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const sockets: RecordingSocket[] = [];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
  });
  after(async () => {
    for (const s of sockets) await s.close();
    connect.destroy();
    await srv.stop();
  });

  test('its first administrator (CreateUser with the Admin security profile) logs into the CCP and a chat started there is routed to them', async () => {
    const ready = await readyInstance(srv, connect, 'end-to-end');
    sockets.push(ready.agent);
    const chat = await connect.send(new StartChatContactCommand({ InstanceId: ready.instanceId, ContactFlowId: ready.flowId, ParticipantDetails: { DisplayName: 'Pat' } }));
    const instance = () => srv.services.state.instances.get(ready.instanceId)!;
    await waitFor(() => instance().contacts.get(chat.ContactId!)?.offer?.userId === ready.userId, 3000, 'the offer to the new admin');
    assert.equal(instance().users.get(ready.userId)!.profile!.securityProfileIds[0], ADMIN_SECURITY_PROFILE_ID);
    // The demo instance's agents never saw it.
    assert.equal(srv.services.state.instances.get(srv.demo.instanceId)!.contacts.has(chat.ContactId!), false);
    // With more than one instance, a name only one instance has still logs in without InstanceId.
    const demoAgent = await postJson(`${srv.url}/agent/login`, { Username: 'agent1', Password: DEMO_PASSWORD });
    assert.deepEqual([demoAgent.status, demoAgent.body.InstanceId], [200, srv.demo.instanceId]);
    const unique = await postJson(`${srv.url}/agent/login`, { Username: FIRST_ADMIN, Password: PASSWORD });
    assert.deepEqual([unique.status, unique.body.InstanceId], [200, ready.instanceId]);
  });

  test('DeleteInstance ends its contacts and closes its agents\' and chats\' sockets; the instance is gone', async () => {
    const ready = await readyInstance(srv, connect, 'to-delete');
    sockets.push(ready.agent);
    // Two instances have a "first-admin" now: without InstanceId the name does not say which, and is refused.
    assert.equal((await postJson(`${srv.url}/agent/login`, { Username: FIRST_ADMIN, Password: PASSWORD })).status, 403);
    const chat = await connect.send(new StartChatContactCommand({ InstanceId: ready.instanceId, ContactFlowId: ready.flowId, ParticipantDetails: { DisplayName: 'Lee' } }));
    const connection = await createConnection(srv, chat.ParticipantToken!);
    const customer = await openChatSocket(connection.Websocket.Url);
    sockets.push(customer);
    const agentClosed = new Promise<number>((resolve) => ready.agent.ws.once('close', (code) => resolve(code)));
    const chatClosed = new Promise<number>((resolve) => customer.ws.once('close', (code) => resolve(code)));
    await connect.send(new DeleteInstanceCommand({ InstanceId: ready.instanceId }));
    assert.equal(await agentClosed, 4001);
    assert.equal(await chatClosed, 1000);
    assert.equal(srv.services.state.instances.has(ready.instanceId), false);
    assert.equal((await failure(connect.send(new DescribeInstanceCommand({ InstanceId: ready.instanceId })))).name, 'ResourceNotFoundException');
    const login = await postJson(`${srv.url}/agent/login`, { Username: FIRST_ADMIN, Password: PASSWORD, InstanceId: ready.instanceId });
    assert.equal(login.status, 403);
    // The demo instance is untouched and its key still works.
    const listed = await connect.send(new ListInstancesCommand({}));
    assert.ok(listed.InstanceSummaryList!.some((i) => i.Id === srv.demo.instanceId));
    assert.equal(listed.InstanceSummaryList!.some((i) => i.Id === ready.instanceId), false);
  });

  test('deleting the instance that held the account\'s key leaves the key working on the account\'s other instances', async () => {
    const other = await otherAccount(srv, 'key-holder');
    try {
      const second = await other.client.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'key-heir', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
      await other.client.send(new DeleteInstanceCommand({ InstanceId: other.instanceId }));
      const { Instance } = await other.client.send(new DescribeInstanceCommand({ InstanceId: second.Id! }));
      assert.equal(Instance!.InstanceAlias, 'key-heir');
      const listed = await other.client.send(new ListInstancesCommand({}));
      assert.deepEqual(listed.InstanceSummaryList!.map((i) => i.Id), [second.Id]);
      assert.equal((await failure(other.client.send(new DeleteInstanceCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
    } finally {
      other.client.destroy();
    }
  });
});
