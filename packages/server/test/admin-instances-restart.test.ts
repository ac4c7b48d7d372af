/** What the instance-level Connect API stores survives a restart: it is in the event log before it is answered. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateApprovedOriginCommand, AssociatePhoneNumberContactFlowCommand, ClaimPhoneNumberCommand, CreateInstanceCommand, DeleteInstanceCommand,
  DescribeInstanceCommand, DescribePhoneNumberCommand, ListApprovedOriginsCommand, ListInstanceAttributesCommand, ListInstancesCommand,
  ListTagsForResourceCommand, TagResourceCommand,
} from '@aws-sdk/client-connect';
import { postJson, startTestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { failure } from './flowsApi.ts';
import { PASSWORD, readyInstance, FIRST_ADMIN } from './adminInstances.ts';

test('instances created and deleted, approved origins, claimed numbers with their flows and tags are the same after a restart', async () => {
  const first = await startTestServer();
  let connect = demoConnectClient(first, { maxAttempts: 1 });
  const ready = await readyInstance(first, connect, 'kept-office');
  await ready.agent.close();
  const InstanceId = ready.instanceId;
  const gone = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: 'gone-office', InboundCallsEnabled: true, OutboundCallsEnabled: true }));
  await connect.send(new DeleteInstanceCommand({ InstanceId: gone.Id! }));
  await connect.send(new AssociateApprovedOriginCommand({ InstanceId, Origin: 'https://kept.example.com' }));
  const number = await connect.send(new ClaimPhoneNumberCommand({ InstanceId, PhoneNumber: '+12065550160', Tags: { a: '1' } }));
  await connect.send(new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId: number.PhoneNumberId!, InstanceId, ContactFlowId: ready.flowId }));
  const instanceArn = first.services.state.instances.get(InstanceId)!.arn;
  await connect.send(new TagResourceCommand({ resourceArn: instanceArn, tags: { site: 'north' } }));
  // The access URL is where the server listens now (a new port each start): left out.
  const withoutUrl = <T>(value: T): T => JSON.parse(JSON.stringify(value, (k, v) => (k === 'InstanceAccessUrl' ? undefined : v)));
  const read = async () => withoutUrl({
    instances: (await connect.send(new ListInstancesCommand({}))).InstanceSummaryList,
    described: (await connect.send(new DescribeInstanceCommand({ InstanceId }))).Instance,
    attributes: (await connect.send(new ListInstanceAttributesCommand({ InstanceId }))).Attributes,
    origins: (await connect.send(new ListApprovedOriginsCommand({ InstanceId }))).Origins,
    number: (await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: number.PhoneNumberId! }))).ClaimedPhoneNumberSummary,
    tags: (await connect.send(new ListTagsForResourceCommand({ resourceArn: instanceArn }))).tags,
  });
  const before = await read();
  const numberFlow = first.services.state.instances.get(InstanceId)!.phoneNumbers!.get(number.PhoneNumberId!)!.contactFlowId;
  connect.destroy();
  await first.stop({ keepDir: true });

  const second = await startTestServer({ dir: first.dir });
  connect = demoConnectClient(second, { maxAttempts: 1 });
  try {
    assert.deepEqual(await read(), before);
    assert.deepEqual(before.origins, ['https://kept.example.com']);
    assert.deepEqual(before.tags, { site: 'north' });
    assert.equal(second.services.state.instances.get(InstanceId)!.phoneNumbers!.get(number.PhoneNumberId!)!.contactFlowId, numberFlow);
    assert.equal(numberFlow, ready.flowId);
    assert.equal((await failure(connect.send(new DescribeInstanceCommand({ InstanceId: gone.Id! })))).name, 'ResourceNotFoundException');
    // The created instance's administrator still logs in.
    const login = await postJson(`${second.url}/agent/login`, { Username: FIRST_ADMIN, Password: PASSWORD, InstanceId });
    assert.equal(login.status, 200);
  } finally {
    connect.destroy();
    await second.stop();
  }
});
