/**
 * Instances through the Connect admin API with the real @aws-sdk/client-connect: CreateInstance (with what
 * Amazon Connect puts in a new instance), DescribeInstance, ListInstances (paging), ListInstanceAttributes
 * (as DescribeInstanceAttribute reads them), account-scoped access keys, and the exception bad input gets.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ConnectClient, CreateInstanceCommand, DeleteInstanceCommand, DescribeInstanceAttributeCommand, DescribeInstanceCommand, ListInstanceAttributesCommand,
  ListInstancesCommand, ListQueuesCommand, ListRoutingProfilesCommand, StartOutboundVoiceContactCommand, type InstanceAttributeType,
} from '@aws-sdk/client-connect';
import { ADMIN_SECURITY_PROFILE_ID, DEFAULT_SECURITY_PROFILES, INSTANCE_FLOWS, SAMPLE_INBOUND_FLOW } from '@switchboard/engine';
import { serialize } from '../../engine/test/serialize.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { failure, signedRequest } from './flowsApi.ts';
import { otherAccount } from './adminInstances.ts';

describe('instances through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const clients: ConnectClient[] = [];

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
  });
  after(async () => {
    connect.destroy();
    for (const c of clients) c.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  const demoAccount = () => srv.services.state.instances.get(srv.demo.instanceId)!.accountId;

  test('CreateInstance makes an instance in the signing key\'s account with the default flows, BasicQueue, Basic Routing Profile, Basic Hours, Available and Offline', async () => {
    const out = await connect.send(new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'north-office', InboundCallsEnabled: true, OutboundCallsEnabled: false, Tags: { team: 'north' },
    }));
    assert.equal(out.Arn, `arn:aws:connect:${srv.demo.region}:${demoAccount()}:instance/${out.Id}`);
    const instance = srv.services.state.instances.get(out.Id!)!;
    assert.equal(instance.accountId, demoAccount());
    assert.deepEqual([...instance.flows.keys()].sort(), INSTANCE_FLOWS.map((f) => f.id).sort());
    assert.deepEqual([...instance.queues.values()].map((q) => [q.name, q.status, q.hoursOfOperationId === [...instance.hoursOfOperations.values()][0]!.id]), [['BasicQueue', 'ENABLED', true]]);
    assert.deepEqual([...instance.hoursOfOperations.values()].map((h) => [h.name, h.config.length]), [['Basic Hours', 7]]);
    const profile = [...instance.routingProfiles.values()][0]!;
    assert.equal(profile.name, 'Basic Routing Profile');
    assert.deepEqual(profile.queues.map((q) => q.channel).sort(), ['CHAT', 'TASK', 'VOICE']);
    assert.deepEqual([...instance.agentStatuses.values()].map((s) => [s.name, s.type]), [['Available', 'ROUTABLE'], ['Offline', 'OFFLINE']]);
    assert.equal(instance.users.size, 0);
    // The built-in security profiles are there with nothing stored: Admin is one of them.
    assert.ok(DEFAULT_SECURITY_PROFILES.some((p) => p.id === ADMIN_SECURITY_PROFILE_ID));

    const { Instance: described } = await connect.send(new DescribeInstanceCommand({ InstanceId: out.Id! }));
    assert.deepEqual({ ...described, CreatedTime: undefined, InstanceAccessUrl: undefined }, {
      Id: out.Id, Arn: out.Arn, IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'north-office', CreatedTime: undefined,
      ServiceRole: `arn:aws:iam::${demoAccount()}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect`,
      InstanceStatus: 'ACTIVE', InboundCallsEnabled: true, OutboundCallsEnabled: false, InstanceAccessUrl: undefined, Tags: { team: 'north' },
    });
    assert.ok(described!.CreatedTime instanceof Date);
    assert.equal(described!.InstanceAccessUrl, `${srv.url}/ccp/`);
  });

  test('a key of one instance of the account administers every instance of the account', async () => {
    const out = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'south-office', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const queues = await connect.send(new ListQueuesCommand({ InstanceId: out.Id! }));
    assert.deepEqual(queues.QueueSummaryList!.map((q) => q.Name), ['BasicQueue']);
    const profiles = await connect.send(new ListRoutingProfilesCommand({ InstanceId: out.Id! }));
    assert.deepEqual(profiles.RoutingProfileSummaryList!.map((p) => p.Name), ['Basic Routing Profile']);
  });

  test('a key of another account is refused on this account\'s instances (AccessDeniedException) and lists only its own', async () => {
    const other = await otherAccount(srv, 'elsewhere');
    clients.push(other.client);
    const created = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'guarded', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    const before = state();
    for (const id of [srv.demo.instanceId, created.Id!]) {
      assert.equal((await failure(other.client.send(new DescribeInstanceCommand({ InstanceId: id })))).name, 'AccessDeniedException');
      assert.equal((await failure(other.client.send(new DeleteInstanceCommand({ InstanceId: id })))).name, 'AccessDeniedException');
    }
    assert.equal((await failure(connect.send(new DescribeInstanceCommand({ InstanceId: other.instanceId })))).name, 'AccessDeniedException');
    assert.equal(state(), before);
    const theirs = await other.client.send(new ListInstancesCommand({}));
    assert.deepEqual(theirs.InstanceSummaryList!.map((i) => i.Id), [other.instanceId]);
    // A new instance made with their key is theirs.
    const made = await other.client.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'theirs-too', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    assert.equal(srv.services.state.instances.get(made.Id!)!.accountId, other.accountId);
    assert.equal((await failure(connect.send(new DescribeInstanceCommand({ InstanceId: made.Id! })))).name, 'AccessDeniedException');
  });

  test('ListInstances pages through the account\'s instances, oldest first (MaxResults 1–10)', async () => {
    for (const alias of ['page-a', 'page-b', 'page-c']) {
      await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));
    }
    const mine = [...srv.services.state.instances.values()].filter((i) => i.accountId === demoAccount()).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1)).map((i) => i.id);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await connect.send(new ListInstancesCommand({ MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
      assert.ok(out.InstanceSummaryList!.length <= 2);
      seen.push(...out.InstanceSummaryList!.map((i) => i.Id!));
      token = out.NextToken;
    } while (token);
    assert.deepEqual(seen, mine);
    assert.ok(seen.includes(srv.demo.instanceId));
    assert.equal((await failure(connect.send(new ListInstancesCommand({ MaxResults: 11 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListInstancesCommand({ NextToken: 'not-a-token' })))).name, 'InvalidParameterException');
  });

  test('ListInstanceAttributes lists every attribute type as DescribeInstanceAttribute reads it, in pages of at most 7', async () => {
    const out = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'attrs', InboundCallsEnabled: false, OutboundCallsEnabled: true }));
    const all: { AttributeType?: string; Value?: string }[] = [];
    let token: string | undefined;
    do {
      const page = await connect.send(new ListInstanceAttributesCommand({ InstanceId: out.Id!, MaxResults: 5, ...(token ? { NextToken: token } : {}) }));
      all.push(...page.Attributes!);
      token = page.NextToken;
    } while (token);
    assert.equal(all.length, 13);
    assert.deepEqual(all.find((a) => a.AttributeType === 'INBOUND_CALLS')?.Value, 'false');
    assert.deepEqual(all.find((a) => a.AttributeType === 'OUTBOUND_CALLS')?.Value, 'true');
    for (const a of all) {
      const one = await connect.send(new DescribeInstanceAttributeCommand({ InstanceId: out.Id!, AttributeType: a.AttributeType as InstanceAttributeType }));
      assert.deepEqual(one.Attribute, a);
    }
    assert.equal((await failure(connect.send(new ListInstanceAttributesCommand({ InstanceId: out.Id!, MaxResults: 8 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListInstanceAttributesCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
  });

  test('bad input: the right exception and nothing stored', async () => {
    const before = state();
    const create = (input: object) => failure(connect.send(new CreateInstanceCommand({
      IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'bad-input', InboundCallsEnabled: true, OutboundCallsEnabled: true, ...input,
    })));
    assert.equal((await create({ InstanceAlias: 'north-office' })).name, 'DuplicateResourceException');
    assert.equal((await create({ InstanceAlias: 'NORTH-OFFICE' })).name, 'DuplicateResourceException');
    assert.equal((await create({ InstanceAlias: '-starts-with-hyphen' })).name, 'InvalidParameterException');
    assert.equal((await create({ InstanceAlias: 'has space' })).name, 'InvalidParameterException');
    assert.equal((await create({ IdentityManagementType: 'SAML' })).name, 'InvalidRequestException');
    assert.equal((await create({ InstanceAlias: undefined })).name, 'InvalidRequestException');
    assert.equal((await create({ Tags: { 'aws:reserved': 'x' } })).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new DescribeInstanceCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DeleteInstanceCommand({ InstanceId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
  });

  test('an instance created with InboundCallsEnabled false refuses a phone call, with OutboundCallsEnabled false an outbound call', async () => {
    const out = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'no-calls', InboundCallsEnabled: false, OutboundCallsEnabled: false }));
    const before = state();
    const call = await signedRequest(srv, 'POST', `/phone-simulator/${out.Id}/calls`, JSON.stringify({ From: '+12065550100' }));
    assert.deepEqual([call.status, call.errorType, call.body.Rule], [400, 'InvalidRequestException', 'inbound-calls-off']);
    const outbound = await failure(connect.send(new StartOutboundVoiceContactCommand({
      InstanceId: out.Id!, ContactFlowId: SAMPLE_INBOUND_FLOW.id, DestinationPhoneNumber: '+12065550101',
    })));
    assert.equal(outbound.name, 'InvalidRequestException');
    assert.equal(state(), before);
  });

  test('a retried CreateInstance with the same ClientToken makes one instance and answers the same', async () => {
    const input = { IdentityManagementType: 'CONNECT_MANAGED' as const, InstanceAlias: 'retried', InboundCallsEnabled: true, OutboundCallsEnabled: true, ClientToken: randomUUID() };
    const first = await connect.send(new CreateInstanceCommand(input));
    const second = await connect.send(new CreateInstanceCommand(input));
    assert.deepEqual([second.Id, second.Arn], [first.Id, first.Arn]);
    assert.equal([...srv.services.state.instances.values()].filter((i) => i.alias === 'retried').length, 1);
  });
});
