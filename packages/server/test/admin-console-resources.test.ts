/**
 * The admin console's security profiles, phone numbers and instance settings pages, as the server allows them to a
 * user's session (Authorization: Bearer): the permission-table entries for phone numbers (PhoneNumbers.*), flow
 * associations and instance settings (the admin-only SecurityProfiles.Edit) allow and refuse by permission; a
 * session reaches only its own instance's numbers; no one grants permissions they lack through a security profile;
 * ListFlowAssociations answers the real SDK.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  AssociatePhoneNumberContactFlowCommand, ClaimPhoneNumberCommand, CreateSecurityProfileCommand, CreateUserCommand, ListFlowAssociationsCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import { PERMISSION, securityProfileOf } from '@switchboard/engine';
import { postJson, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure } from './flowsApi.ts';

const PASSWORD = 'Resources-pass-1';

describe('the admin console\'s resource pages through the Connect API with a user session', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let instanceId: string;
  let adminToken: string;
  let managerToken: string;
  let flowId: string;

  async function login(username: string, password: string): Promise<string> {
    const r = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: username, Password: password, InstanceId: instanceId });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.Token;
  }
  async function call(token: string, method: string, path: string, body?: unknown): Promise<{ status: number; errorType: string | null; body: any }> {
    const res = await fetch(`${srv.url}${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, errorType: res.headers.get('x-amzn-errortype'), body: text ? JSON.parse(text) : {} };
  }
  /** A user holding one new profile with these permissions, signed in. */
  async function userWith(username: string, permissions: string[]): Promise<string> {
    const { SecurityProfileId } = await connect.send(new CreateSecurityProfileCommand({ InstanceId: instanceId, SecurityProfileName: `${username} profile`, Permissions: permissions }));
    await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: username, Password: PASSWORD, RoutingProfileId: srv.demo.routingProfileId, SecurityProfileIds: [SecurityProfileId!], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    return login(username, PASSWORD);
  }
  const refused = (r: { status: number; errorType: string | null; body: unknown }) => {
    assert.equal(r.status, 403, JSON.stringify(r.body));
    assert.equal(r.errorType, 'AccessDeniedException');
  };

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    instanceId = srv.demo.instanceId;
    flowId = [...demoInstance(srv).flows.values()].find((f) => f.type === 'CONTACT_FLOW')!.id;
    adminToken = await login('admin', srv.demo.admin!.password);
    await connect.send(new CreateUserCommand({
      InstanceId: instanceId, Username: 'manager', Password: PASSWORD, RoutingProfileId: srv.demo.routingProfileId,
      SecurityProfileIds: ['security-profile-call-center-manager'], PhoneConfig: { PhoneType: 'SOFT_PHONE' },
    }));
    managerToken = await login('manager', PASSWORD);
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });

  test('phone numbers: claim, associate a flow, list its association and release need PhoneNumbers.Claim, .Edit, .View and .Release', async () => {
    const viewer = await userWith('numberviewer', [PERMISSION.basicAgentAccess, PERMISSION.phoneNumbersView]);
    refused(await call(viewer, 'POST', '/phone-number/claim', { InstanceId: instanceId, PhoneNumber: '+12065550150' }));
    assert.equal(demoInstance(srv).phoneNumbers?.size ?? 0, 0);

    const claimed = await call(adminToken, 'POST', '/phone-number/claim', { InstanceId: instanceId, PhoneNumber: '+12065550150' });
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    const id = claimed.body.PhoneNumberId as string;
    refused(await call(viewer, 'PUT', `/phone-number/${id}/contact-flow`, { InstanceId: instanceId, ContactFlowId: flowId }));
    const associated = await call(adminToken, 'PUT', `/phone-number/${id}/contact-flow`, { InstanceId: instanceId, ContactFlowId: flowId });
    assert.equal(associated.status, 200, JSON.stringify(associated.body));

    const list = await call(viewer, 'POST', '/phone-number/list', { InstanceId: instanceId });
    assert.deepEqual(list.body.ListPhoneNumbersSummaryList.map((n: { PhoneNumber: string }) => n.PhoneNumber), ['+12065550150']);
    assert.equal((await call(viewer, 'GET', `/phone-number/${id}`)).status, 200);
    const flows = await call(viewer, 'GET', `/flow-associations-summary/${instanceId}?ResourceType=VOICE_PHONE_NUMBER`);
    assert.equal(flows.status, 200);
    assert.deepEqual(flows.body.FlowAssociationSummaryList.map((a: { ResourceId: string; FlowId: string }) => [a.ResourceId.split('/').pop(), a.FlowId.split('/').pop()]), [[id, flowId]]);

    refused(await call(viewer, 'DELETE', `/phone-number/${id}/contact-flow?instanceId=${instanceId}`));
    refused(await call(viewer, 'DELETE', `/phone-number/${id}`));
    assert.equal((await call(adminToken, 'DELETE', `/phone-number/${id}/contact-flow?instanceId=${instanceId}`)).status, 200);
    assert.equal((await call(adminToken, 'DELETE', `/phone-number/${id}`)).status, 200);
    assert.equal(demoInstance(srv).phoneNumbers?.size ?? 0, 0);
  });

  test('a session reaches only its own instance\'s numbers: another instance\'s number by id or query is refused, and a list must name the instance', async () => {
    const otherId = randomUUID();
    const made = await srv.services.pipeline.submit({ type: 'CreateInstance', instanceId: otherId, alias: 'other', region: srv.demo.region, accountId: demoInstance(srv).accountId, tokenKey: randomBytes(32).toString('hex') });
    assert.ok(made.ok);
    const { PhoneNumberId } = await connect.send(new ClaimPhoneNumberCommand({ InstanceId: otherId, PhoneNumber: '+12065550160' }));
    refused(await call(adminToken, 'GET', `/phone-number/${PhoneNumberId}`));
    refused(await call(adminToken, 'DELETE', `/phone-number/${PhoneNumberId}`));
    refused(await call(adminToken, 'DELETE', `/phone-number/${PhoneNumberId}/contact-flow?instanceId=${otherId}`));
    refused(await call(adminToken, 'POST', '/phone-number/list', {}));
    refused(await call(adminToken, 'POST', '/phone-number/list', { InstanceId: otherId }));
    assert.equal(srv.services.state.instances.get(otherId)!.phoneNumbers?.size, 1);
    const own = await call(adminToken, 'POST', '/phone-number/list', { InstanceId: instanceId });
    assert.ok(!own.body.ListPhoneNumbersSummaryList.some((n: { PhoneNumber: string }) => n.PhoneNumber === '+12065550160'));
  });

  test('instance settings (approved origins, attributes) need SecurityProfiles.Edit: an administrator may, a CallCenterManager may not', async () => {
    refused(await call(managerToken, 'GET', `/instance/${instanceId}/approved-origins`));
    refused(await call(managerToken, 'PUT', `/instance/${instanceId}/approved-origin`, { Origin: 'https://shop.example.com' }));
    refused(await call(managerToken, 'GET', `/instance/${instanceId}/attributes`));
    refused(await call(managerToken, 'POST', `/instance/${instanceId}/attribute/MULTI_PARTY_CHAT_CONFERENCE`, { Value: 'true' }));
    assert.equal(demoInstance(srv).approvedOrigins?.includes('https://shop.example.com') ?? false, false);

    assert.equal((await call(adminToken, 'PUT', `/instance/${instanceId}/approved-origin`, { Origin: 'https://shop.example.com' })).status, 200);
    const origins = await call(adminToken, 'GET', `/instance/${instanceId}/approved-origins`);
    assert.ok(origins.body.Origins.includes('https://shop.example.com'));
    const bad = await call(adminToken, 'PUT', `/instance/${instanceId}/approved-origin`, { Origin: 'shop.example.com/path' });
    assert.equal(bad.status, 400);
    assert.equal((await call(adminToken, 'DELETE', `/instance/${instanceId}/approved-origin?origin=${encodeURIComponent('https://shop.example.com')}`)).status, 200);
    assert.ok(!(demoInstance(srv).approvedOrigins ?? []).includes('https://shop.example.com'));

    const before = demoInstance(srv).attributes.MULTI_PARTY_CHAT_CONFERENCE;
    const flipped = before === 'true' ? 'false' : 'true';
    assert.equal((await call(adminToken, 'POST', `/instance/${instanceId}/attribute/MULTI_PARTY_CHAT_CONFERENCE`, { Value: flipped })).status, 200);
    const attributes: { AttributeType: string; Value: string }[] = [];
    let next: string | undefined;
    do {
      const page = await call(adminToken, 'GET', `/instance/${instanceId}/attributes${next ? `?nextToken=${next}` : ''}`);
      attributes.push(...page.body.Attributes);
      next = page.body.NextToken;
    } while (next);
    assert.equal(attributes.find((a) => a.AttributeType === 'MULTI_PARTY_CHAT_CONFERENCE')!.Value, flipped);
    assert.equal((await call(adminToken, 'GET', `/instance/${instanceId}/attribute/MULTI_PARTY_CHAT_CONFERENCE`)).body.Attribute.Value, flipped);
  });

  test('no one grants permissions they lack: a profile made or changed with them is refused, and a profile permitting them cannot be changed or deleted', async () => {
    const own = [PERMISSION.basicAgentAccess, PERMISSION.securityProfilesView, PERMISSION.securityProfilesCreate, PERMISSION.securityProfilesEdit, PERMISSION.securityProfilesDelete, PERMISSION.usersView];
    const token = await userWith('profileadmin', own);
    const count = () => demoInstance(srv).securityProfiles?.size ?? 0;
    const before = count();
    const escalated = await call(token, 'PUT', `/security-profiles/${instanceId}`, { SecurityProfileName: 'Too much', Permissions: [PERMISSION.basicAgentAccess, PERMISSION.usersDelete] });
    refused(escalated);
    assert.match(escalated.body.message ?? escalated.body.Message, /Users\.Delete/);
    assert.equal(count(), before);

    const made = await call(token, 'PUT', `/security-profiles/${instanceId}`, { SecurityProfileName: 'Viewers', Permissions: [PERMISSION.basicAgentAccess, PERMISSION.usersView] });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const id = made.body.SecurityProfileId as string;
    refused(await call(token, 'POST', `/security-profiles/${instanceId}/${id}`, { Permissions: [PERMISSION.usersView, PERMISSION.queuesCreate] }));
    assert.deepEqual([...securityProfileOf(demoInstance(srv), id)!.permissions].sort(), [PERMISSION.basicAgentAccess, PERMISSION.usersView].sort());
    assert.equal((await call(token, 'POST', `/security-profiles/${instanceId}/${id}`, { Permissions: [PERMISSION.usersView] })).status, 200);
    assert.deepEqual(securityProfileOf(demoInstance(srv), id)!.permissions, [PERMISSION.usersView]);

    // The CallCenterManager profile permits Queues.Create, which this user lacks: they may neither change nor delete it.
    refused(await call(token, 'POST', `/security-profiles/${instanceId}/security-profile-call-center-manager`, { Permissions: [PERMISSION.basicAgentAccess] }));
    refused(await call(token, 'DELETE', `/security-profiles/${instanceId}/security-profile-call-center-manager`));
    assert.ok(securityProfileOf(demoInstance(srv), 'security-profile-call-center-manager')!.permissions.includes(PERMISSION.queuesCreate));
    assert.equal((await call(token, 'DELETE', `/security-profiles/${instanceId}/${id}`)).status, 200);
    assert.equal(securityProfileOf(demoInstance(srv), id), undefined);
  });

  test('ListFlowAssociations (real SDK) lists the numbers that run a flow, by ARN; other resource types list empty; an unknown type is InvalidParameterException', async () => {
    const { PhoneNumberId, PhoneNumberArn } = await connect.send(new ClaimPhoneNumberCommand({ InstanceId: instanceId, PhoneNumber: '+12065550170' }));
    await connect.send(new ClaimPhoneNumberCommand({ InstanceId: instanceId, PhoneNumber: '+12065550171' }));
    await connect.send(new AssociatePhoneNumberContactFlowCommand({ InstanceId: instanceId, PhoneNumberId, ContactFlowId: flowId }));
    const listed = await connect.send(new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'VOICE_PHONE_NUMBER' }));
    assert.deepEqual(listed.FlowAssociationSummaryList, [{ ResourceId: PhoneNumberArn, FlowId: demoInstance(srv).flows.get(flowId)!.arn, ResourceType: 'VOICE_PHONE_NUMBER' }]);
    assert.deepEqual((await connect.send(new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'INBOUND_EMAIL' }))).FlowAssociationSummaryList, []);
    const bad = await failure(connect.send(new ListFlowAssociationsCommand({ InstanceId: instanceId, ResourceType: 'SMS' as never })));
    assert.equal(bad.name, 'InvalidParameterException');
  });
});
