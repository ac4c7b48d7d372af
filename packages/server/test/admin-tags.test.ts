/**
 * Tags through the Connect admin API with the real @aws-sdk/client-connect: TagResource, UntagResource and
 * ListTagsForResource on the ARNs of an instance, user, queue, routing profile, hours of operation, quick
 * connect, flow, flow module, prompt and phone number — the same tags each resource's Describe answers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  ClaimPhoneNumberCommand, CreateContactFlowModuleCommand, CreateQuickConnectCommand, CreatePromptCommand, DescribeInstanceCommand, DescribePhoneNumberCommand, DescribeQueueCommand,
  DescribeQuickConnectCommand, DescribeUserCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { demoInstance, failure, moduleFlow, signedRequest } from './flowsApi.ts';
import { otherAccount } from './adminInstances.ts';

describe('tags through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  const arns: Record<string, string> = {};

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    const InstanceId = srv.demo.instanceId;
    const instance = demoInstance(srv);
    const mod = await connect.send(new CreateContactFlowModuleCommand({ InstanceId, Name: 'Tagged module', Content: JSON.stringify(moduleFlow('m')) }));
    const file = await signedRequest(srv, 'PUT', `/prompt-files/${InstanceId}`, Buffer.concat([Buffer.from('RIFF\0\0\0\0WAVE', 'latin1'), Buffer.alloc(100)]), 'audio/wav');
    const prompt = await connect.send(new CreatePromptCommand({ InstanceId, Name: 'Tagged prompt', S3Uri: file.body.S3Uri }));
    const number = await connect.send(new ClaimPhoneNumberCommand({ InstanceId, PhoneNumber: '+12065550150' }));
    Object.assign(arns, {
      instance: instance.arn,
      user: [...instance.users.values()][0]!.arn,
      queue: [...instance.queues.values()][0]!.arn,
      routingProfile: [...instance.routingProfiles.values()][0]!.arn,
      hours: [...instance.hoursOfOperations.values()][0]!.arn,
      quickConnect: [...instance.quickConnects.values()][0]!.arn,
      flow: instance.flows.get(srv.demo.contactFlowId)!.arn,
      module: mod.Arn!,
      prompt: prompt.PromptARN!,
      phoneNumber: number.PhoneNumberArn!,
    });
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  const list = async (resourceArn: string) => (await connect.send(new ListTagsForResourceCommand({ resourceArn }))).tags;

  test('every taggable resource takes tags, lists them, and loses the keys untagged (others kept; a tagged key takes the new value)', async () => {
    for (const [kind, resourceArn] of Object.entries(arns)) {
      const before = await list(resourceArn);
      await connect.send(new TagResourceCommand({ resourceArn, tags: { team: kind, cost: '1' } }));
      await connect.send(new TagResourceCommand({ resourceArn, tags: { cost: '2', keep: 'yes' } }));
      assert.deepEqual(await list(resourceArn), { ...before, team: kind, cost: '2', keep: 'yes' }, kind);
      await connect.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team', 'cost', 'never-there'] }));
      assert.deepEqual(await list(resourceArn), { ...before, keep: 'yes' }, kind);
    }
  });

  test('the tags are the ones each resource\'s Describe answers', async () => {
    const InstanceId = srv.demo.instanceId;
    await connect.send(new TagResourceCommand({ resourceArn: arns.queue!, tags: { seen: 'queue' } }));
    assert.equal((await connect.send(new DescribeQueueCommand({ InstanceId, QueueId: arns.queue! }))).Queue!.Tags!.seen, 'queue');
    await connect.send(new TagResourceCommand({ resourceArn: arns.instance!, tags: { seen: 'instance' } }));
    assert.equal((await connect.send(new DescribeInstanceCommand({ InstanceId }))).Instance!.Tags!.seen, 'instance');
    await connect.send(new TagResourceCommand({ resourceArn: arns.user!, tags: { seen: 'user' } }));
    assert.equal((await connect.send(new DescribeUserCommand({ InstanceId, UserId: arns.user!.split('/').pop()! }))).User!.Tags!.seen, 'user');
    await connect.send(new TagResourceCommand({ resourceArn: arns.quickConnect!, tags: { seen: 'qc' } }));
    assert.equal((await connect.send(new DescribeQuickConnectCommand({ InstanceId, QuickConnectId: arns.quickConnect!.split('/').pop()! }))).QuickConnect!.Tags!.seen, 'qc');
    // CreateQuickConnect keeps the Tags it is given.
    const made = await connect.send(new CreateQuickConnectCommand({
      InstanceId, Name: 'Tagged at birth', QuickConnectConfig: { QuickConnectType: 'PHONE_NUMBER', PhoneConfig: { PhoneNumber: '+12065550155' } }, Tags: { born: 'yes' },
    }));
    assert.deepEqual(await list(made.QuickConnectARN!), { born: 'yes' });
    await connect.send(new TagResourceCommand({ resourceArn: arns.phoneNumber!, tags: { seen: 'number' } }));
    assert.equal((await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: arns.phoneNumber! }))).ClaimedPhoneNumberSummary!.Tags!.seen, 'number');
  });

  test('bad input: the right exception and nothing stored', async () => {
    const before = state();
    const tag = (resourceArn: string, tags: Record<string, string> = { a: 'b' }) => failure(connect.send(new TagResourceCommand({ resourceArn, tags })));
    const instanceArn = arns.instance!;
    assert.equal((await tag(`${instanceArn}/queue/${randomUUID()}`)).name, 'ResourceNotFoundException');
    assert.equal((await tag(`${instanceArn.slice(0, instanceArn.lastIndexOf('/'))}/${randomUUID()}`)).name, 'ResourceNotFoundException');
    assert.equal((await tag(`${instanceArn.replace(/instance\/.*/, 'phone-number/')}${randomUUID()}`)).name, 'ResourceNotFoundException');
    assert.equal((await tag('not-an-arn')).name, 'InvalidParameterException');
    assert.equal((await tag(`${instanceArn}/agent-state/${[...demoInstance(srv).agentStatuses.keys()][0]}`)).name, 'InvalidParameterException');
    assert.equal((await tag(arns.queue!, { 'aws:cost': 'x' })).name, 'InvalidParameterException');
    assert.equal((await tag(arns.queue!, { ['k'.repeat(129)]: 'x' })).name, 'InvalidParameterException');
    assert.equal((await tag(arns.queue!, { k: 'v'.repeat(257) })).name, 'InvalidParameterException');
    assert.equal((await tag(arns.queue!, Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])))).name, 'InvalidParameterException');
    assert.equal((await tag(arns.queue!, {})).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new UntagResourceCommand({ resourceArn: arns.queue!, tagKeys: ['aws:x'] })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new UntagResourceCommand({ resourceArn: `${instanceArn}/prompt/${randomUUID()}`, tagKeys: ['a'] })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListTagsForResourceCommand({ resourceArn: `${instanceArn}/contact-flow/${randomUUID()}` })))).name, 'ResourceNotFoundException');
    assert.equal(state(), before);
    // Another account's key may not tag this account's resources.
    const other = await otherAccount(srv, 'tagger');
    const afterOther = state();
    try {
      assert.equal((await failure(other.client.send(new TagResourceCommand({ resourceArn: arns.queue!, tags: { a: 'b' } })))).name, 'AccessDeniedException');
      assert.equal((await failure(other.client.send(new ListTagsForResourceCommand({ resourceArn: arns.phoneNumber! })))).name, 'AccessDeniedException');
    } finally {
      other.client.destroy();
    }
    assert.equal(state(), afterOther);
  });
});
