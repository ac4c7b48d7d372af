/**
 * The admin console's authorization: the Connect API called with a user's agent token (Authorization:
 * Bearer, from POST /agent/login) instead of SigV4 — permitted as far as the user's security profiles go
 * (routes/permissions.ts), on the token's own instance only, while the session is good; SigV4 callers
 * keep full access. Also GET /admin/me, the /admin redirect and the demo's administrator.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { CreateUserCommand, ListQueuesCommand, UpdateInstanceAttributeCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { issueToken } from '../src/auth/tokens.ts';
import { DEMO_PASSWORD, postJson, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance } from './flowsApi.ts';

async function login(srv: TestServer, username: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: username, Password: password, InstanceId: srv.demo.instanceId });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.Token;
}

async function call(srv: TestServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; errorType: string | null; body: any }> {
  const res = await fetch(`${srv.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: text ? JSON.parse(text) : {} };
}

describe('the Connect API with a user session (admin console)', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;
  let hoursId: string;
  let adminToken: string;
  const queueNames = () => [...demoInstance(srv).queues.values()].map((q) => q.name);

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
    hoursId = [...demoInstance(srv).hoursOfOperations.values()][0]!.id;
    adminToken = await login(srv, 'admin');
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  test('the demo seeds an administrator with the built-in Admin security profile, and lists its credentials', () => {
    assert.deepEqual(srv.demo.admin, { username: 'admin', password: DEMO_PASSWORD });
    const admin = [...demoInstance(srv).users.values()].find((u) => u.username === 'admin')!;
    assert.deepEqual(admin.profile?.securityProfileIds, ['security-profile-admin']);
    assert.equal(srv.demo.urls.admin, `${srv.url}/admin/`);
  });

  test('a user whose security profiles permit the route may call it with their bearer token', async () => {
    const list = await call(srv, adminToken, 'GET', `/queues-summary/${instanceId}`);
    assert.equal(list.status, 200);
    assert.ok(list.body.QueueSummaryList.some((q: { Name: string }) => q.Name === 'BasicQueue'));
    const created = await call(srv, adminToken, 'PUT', `/queues/${instanceId}`, { Name: 'Made by admin', HoursOfOperationId: hoursId });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.ok(queueNames().includes('Made by admin'));
  });

  test('a user without the permission is refused with 403 AccessDeniedException, and nothing changes', async () => {
    const agentToken = await login(srv, 'agent1'); // no security profile: the Agent profile's permissions
    const list = await call(srv, agentToken, 'GET', `/queues-summary/${instanceId}`);
    assert.equal(list.status, 403);
    assert.equal(list.errorType, 'AccessDeniedException');
    const before = queueNames().length;
    const created = await call(srv, agentToken, 'PUT', `/queues/${instanceId}`, { Name: 'Made by agent', HoursOfOperationId: hoursId });
    assert.equal(created.status, 403);
    assert.equal(created.errorType, 'AccessDeniedException');
    assert.equal(queueNames().length, before);
  });

  test('permissions are per route: a CallCenterManager may create queues but not delete users', async () => {
    const routingProfileId = srv.demo.routingProfileId;
    await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: 'manager1', Password: 'Manager-pass-1', RoutingProfileId: routingProfileId,
      SecurityProfileIds: ['security-profile-call-center-manager'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    const token = await login(srv, 'manager1', 'Manager-pass-1');
    const created = await call(srv, token, 'PUT', `/queues/${instanceId}`, { Name: 'Made by manager', HoursOfOperationId: hoursId });
    assert.equal(created.status, 200);
    const agent2 = [...demoInstance(srv).users.values()].find((u) => u.username === 'agent2')!;
    const deleted = await call(srv, token, 'DELETE', `/users/${instanceId}/${agent2.id}`);
    assert.equal(deleted.status, 403);
    assert.equal(deleted.errorType, 'AccessDeniedException');
    assert.ok(demoInstance(srv).users.has(agent2.id));
  });

  test('no one gives more than they hold: a manager may not create an Admin user, nor reset an administrator\'s password', async () => {
    const token = await login(srv, 'manager1', 'Manager-pass-1');
    const before = demoInstance(srv).users.size;
    const made = await call(srv, token, 'PUT', `/users/${instanceId}`, {
      Username: 'sneaky', Password: 'Sneaky-pass-1', RoutingProfileId: srv.demo.routingProfileId, SecurityProfileIds: ['security-profile-admin'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    });
    assert.equal(made.status, 403);
    assert.equal(made.errorType, 'AccessDeniedException');
    assert.equal(demoInstance(srv).users.size, before);
    const admin = [...demoInstance(srv).users.values()].find((u) => u.username === 'admin')!;
    const hash = admin.passwordHash;
    const reset = await call(srv, token, 'POST', `/users/${instanceId}/${admin.id}/password`, { Password: 'Taken-over-1' });
    assert.equal(reset.status, 403);
    assert.equal(reset.errorType, 'AccessDeniedException');
    assert.equal(admin.passwordHash, hash);
    // Within their own permissions they may: an Agent user.
    const agent = await call(srv, token, 'PUT', `/users/${instanceId}`, {
      Username: 'newagent', Password: 'Newagent-pass-1', RoutingProfileId: srv.demo.routingProfileId, SecurityProfileIds: ['security-profile-agent'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    });
    assert.equal(agent.status, 200, JSON.stringify(agent.body));
  });

  test('a route not in the permission table is refused to bearer callers, even an administrator', async () => {
    const r = await call(srv, adminToken, 'PUT', `/instance/${instanceId}/storage-config`, { ResourceType: 'CHAT_TRANSCRIPTS', StorageConfig: { StorageType: 'S3', S3Config: { BucketName: 'b', BucketPrefix: 'p' } } });
    assert.equal(r.status, 403);
    assert.equal(r.errorType, 'AccessDeniedException');
  });

  test('a bearer token is refused on another instance', async () => {
    const otherId = randomUUID();
    const made = await srv.services.pipeline.submit({ type: 'CreateInstance', instanceId: otherId, alias: 'other', region: 'us-east-1', accountId: '123456789012', tokenKey: randomBytes(32).toString('hex') });
    assert.ok(made.ok);
    const r = await call(srv, adminToken, 'GET', `/queues-summary/${otherId}`);
    assert.equal(r.status, 403);
    assert.equal(r.errorType, 'AccessDeniedException');
    // A body naming another instance (SearchUsers) is refused too.
    const search = await call(srv, adminToken, 'POST', '/search-users', { InstanceId: otherId });
    assert.equal(search.status, 403);
    assert.equal(search.errorType, 'AccessDeniedException');
  });

  test('a token is refused after its session logs out, when expired, and when it is not a token at all', async () => {
    const token = await login(srv, 'admin');
    assert.equal((await call(srv, token, 'GET', `/queues-summary/${instanceId}`)).status, 200);
    const out = await postJson(`${srv.url}/agent/logout`, {}, { authorization: `Bearer ${token}` });
    assert.equal(out.status, 200);
    const after = await call(srv, token, 'GET', `/queues-summary/${instanceId}`);
    assert.equal(after.status, 403);
    assert.equal(after.errorType, 'AccessDeniedException');

    const instance = demoInstance(srv);
    const admin = [...instance.users.values()].find((u) => u.username === 'admin')!;
    const now = srv.services.pipeline.now();
    const expired = issueToken(instance.tokenKey, { kind: 'agent', instanceId, userId: admin.id, sessionId: randomUUID(), expires: now - 1, issuedAt: now - 60_000 });
    const r = await call(srv, expired, 'GET', `/queues-summary/${instanceId}`);
    assert.equal(r.status, 403);
    assert.equal(r.errorType, 'AccessDeniedException');
    const junk = await call(srv, 'not-a-token', 'GET', `/queues-summary/${instanceId}`);
    assert.equal(junk.status, 403);
    assert.equal(junk.errorType, 'AccessDeniedException');
  });

  test('SigV4 callers keep full access, including routes bearer callers may not call', async () => {
    const queues = await connect.send(new ListQueuesCommand({ InstanceId: instanceId }));
    assert.ok(queues.QueueSummaryList!.length >= 3);
    await connect.send(new UpdateInstanceAttributeCommand({ InstanceId: instanceId, AttributeType: 'CONTACTFLOW_LOGS', Value: 'true' }));
    assert.equal(String(demoInstance(srv).attributes.CONTACTFLOW_LOGS), 'true');
  });

  test('GET /admin/me tells who is signed in and what their security profiles permit', async () => {
    const me = await call(srv, adminToken, 'GET', '/admin/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.User.Username, 'admin');
    assert.equal(me.body.Instance.Id, instanceId);
    assert.ok(me.body.Permissions.includes('AccessMetrics') && me.body.Permissions.includes('Users.Create'));
    assert.ok(me.body.SecurityProfiles.some((p: { Name: string }) => p.Name === 'Admin'));
    const agent = await call(srv, await login(srv, 'agent3'), 'GET', '/admin/me');
    assert.deepEqual(agent.body.Permissions, ['BasicAgentAccess', 'OutboundCallAccess', 'TransferDestinations.View']);
    const none = await fetch(`${srv.url}/admin/me`);
    assert.equal(none.status, 403);
    assert.equal(none.headers.get('x-amzn-errortype'), 'AccessDeniedException');
  });

  test('/admin redirects to /admin/, as the other pages do', async () => {
    const r = await fetch(`${srv.url}/admin?x=1`, { redirect: 'manual' });
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/admin/?x=1');
  });

  test("signing out of the console ends that session only: the user's CCP session goes on and their agent status is unchanged", async () => {
    const user = [...demoInstance(srv).users.values()].find((u) => u.username === 'agent2')!;
    const available = [...demoInstance(srv).agentStatuses.values()].find((s) => s.name === 'Available')!;
    const ccpToken = await login(srv, 'agent2');
    const consoleToken = await login(srv, 'agent2');
    assert.ok((await srv.services.pipeline.submit({ type: 'SetAgentStatus', instanceId, userId: user.id, statusId: available.id })).ok);
    const out = await call(srv, consoleToken, 'POST', '/admin/logout', {});
    assert.equal(out.status, 200);
    assert.equal((await call(srv, consoleToken, 'GET', '/admin/me')).errorType, 'AccessDeniedException');
    assert.equal((await call(srv, ccpToken, 'GET', '/admin/me')).status, 200);
    assert.equal(demoInstance(srv).users.get(user.id)!.statusId, available.id);
    // The CCP's own logout still sets the agent Offline, as CCPv2 does.
    assert.equal((await call(srv, ccpToken, 'POST', '/agent/logout', {})).status, 200);
    assert.notEqual(demoInstance(srv).users.get(user.id)!.statusId, available.id);
  });
});
