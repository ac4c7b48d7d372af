/**
 * Phone numbers through the Connect admin API with the real @aws-sdk/client-connect: ClaimPhoneNumber (a number
 * the operator owns on their SIP trunk: E.164, one instance at most), ListPhoneNumbersV2 (filters, paging),
 * DescribePhoneNumber, ReleasePhoneNumber, AssociatePhoneNumberContactFlow / DisassociatePhoneNumberContactFlow —
 * and what they are for: a call to a claimed number runs the number's flow; a call naming no claimed number runs
 * the instance's inbound flow as before.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AssociatePhoneNumberContactFlowCommand, ClaimPhoneNumberCommand, CreateContactFlowCommand, DescribePhoneNumberCommand, DisassociatePhoneNumberContactFlowCommand,
  ListPhoneNumbersV2Command, ReleasePhoneNumberCommand, type ConnectClient,
} from '@aws-sdk/client-connect';
import { serialize } from '../../engine/test/serialize.ts';
import { anyContactOf, startTestServer, type TestServer } from './harness.ts';
import { demoConnectClient } from './sdkClients.ts';
import { failure, sayFlow, signedRequest } from './flowsApi.ts';

describe('phone numbers through the Connect admin API', () => {
  let srv: TestServer;
  let connect: ConnectClient;
  let InstanceId: string;
  let TargetArn: string;

  before(async () => {
    srv = await startTestServer();
    connect = demoConnectClient(srv, { maxAttempts: 1 });
    InstanceId = srv.demo.instanceId;
    TargetArn = srv.demo.instanceArn;
  });
  after(async () => {
    connect.destroy();
    await srv.stop();
  });
  const state = () => serialize(srv.services.state);
  const claim = (PhoneNumber: string, extra: object = {}) => connect.send(new ClaimPhoneNumberCommand({ TargetArn, PhoneNumber, ...extra }));
  /** A simulated inbound call to `to` (no flow named): the flow the contact runs. */
  async function flowOfCallTo(to?: string): Promise<string> {
    const r = await signedRequest(srv, 'POST', `/phone-simulator/${InstanceId}/calls`, JSON.stringify({ From: '+12065550100', ...(to ? { To: to } : {}) }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (await anyContactOf(srv, r.body.ContactId)).flowId;
  }

  test('ClaimPhoneNumber records the number; DescribePhoneNumber answers the SDK shape; ReleasePhoneNumber forgets it', async () => {
    const out = await claim('+14155550100', { PhoneNumberDescription: 'Main line', Tags: { line: 'main' } });
    assert.equal(out.PhoneNumberArn, `arn:aws:connect:${srv.demo.region}:${TargetArn.split(':')[4]}:phone-number/${out.PhoneNumberId}`);
    const { ClaimedPhoneNumberSummary: s } = await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: out.PhoneNumberId! }));
    assert.deepEqual(s, {
      PhoneNumberId: out.PhoneNumberId, PhoneNumberArn: out.PhoneNumberArn, PhoneNumber: '+14155550100', PhoneNumberCountryCode: 'US', PhoneNumberType: 'DID',
      TargetArn, InstanceId, PhoneNumberDescription: 'Main line', Tags: { line: 'main' }, PhoneNumberStatus: { Status: 'CLAIMED' },
    });
    // By ARN too.
    assert.equal((await connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: out.PhoneNumberArn! }))).ClaimedPhoneNumberSummary!.PhoneNumber, '+14155550100');
    await connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: out.PhoneNumberId! }));
    assert.equal((await failure(connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: out.PhoneNumberId! })))).name, 'ResourceNotFoundException');
    // Released, it may be claimed again.
    const again = await connect.send(new ClaimPhoneNumberCommand({ InstanceId, PhoneNumber: '+14155550100' }));
    assert.notEqual(again.PhoneNumberId, out.PhoneNumberId);
  });

  test('ListPhoneNumbersV2 filters by country, type and prefix and pages by number', async () => {
    const numbers = ['+442071838750', '+12065550111', '+12065550112', '+12065550113', '+493012345678'];
    for (const n of numbers) await claim(n);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const out = await connect.send(new ListPhoneNumbersV2Command({ InstanceId, MaxResults: 2, ...(token ? { NextToken: token } : {}) }));
      assert.ok(out.ListPhoneNumbersSummaryList!.length <= 2);
      seen.push(...out.ListPhoneNumbersSummaryList!.map((n) => n.PhoneNumber!));
      token = out.NextToken;
    } while (token);
    const all = [...srv.services.state.instances.get(InstanceId)!.phoneNumbers!.values()].map((n) => n.number).sort();
    assert.deepEqual(seen, all);
    for (const n of numbers) assert.ok(seen.includes(n));
    const seattle = await connect.send(new ListPhoneNumbersV2Command({ TargetArn, PhoneNumberPrefix: '+1206' }));
    assert.deepEqual(seattle.ListPhoneNumbersSummaryList!.map((n) => n.PhoneNumber), ['+12065550111', '+12065550112', '+12065550113']);
    const gb = await connect.send(new ListPhoneNumbersV2Command({ PhoneNumberCountryCodes: ['GB', 'DE'] }));
    assert.deepEqual(gb.ListPhoneNumbersSummaryList!.map((n) => [n.PhoneNumber, n.PhoneNumberCountryCode, n.InstanceId]), [['+442071838750', 'GB', InstanceId], ['+493012345678', 'DE', InstanceId]]);
    const tollFree = await connect.send(new ListPhoneNumbersV2Command({ PhoneNumberTypes: ['TOLL_FREE'] }));
    assert.deepEqual(tollFree.ListPhoneNumbersSummaryList, []);
  });

  test('a call to a claimed number runs the flow associated with it; with none associated, or to another number, the inbound flow as before', async () => {
    const number = '+12065550177';
    const claimed = await claim(number);
    const flow = await connect.send(new CreateContactFlowCommand({ InstanceId, Name: 'Number flow', Type: 'CONTACT_FLOW', Content: JSON.stringify(sayFlow('You called the number.')) }));
    const usual = await flowOfCallTo();
    assert.equal(usual, srv.demo.contactFlowId);
    assert.equal(await flowOfCallTo(number), usual);
    await connect.send(new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId: claimed.PhoneNumberId!, InstanceId, ContactFlowId: flow.ContactFlowArn! }));
    assert.equal(srv.services.state.instances.get(InstanceId)!.phoneNumbers!.get(claimed.PhoneNumberId!)!.contactFlowId, flow.ContactFlowId);
    assert.equal(await flowOfCallTo(number), flow.ContactFlowId);
    assert.equal(await flowOfCallTo('+12065550178'), usual);
    await connect.send(new DisassociatePhoneNumberContactFlowCommand({ PhoneNumberId: claimed.PhoneNumberId!, InstanceId }));
    assert.equal(await flowOfCallTo(number), usual);
  });

  test('bad input: the right exception and nothing stored', async () => {
    const kept = await claim('+14155550199');
    const before = state();
    assert.equal((await failure(claim('+14155550199'))).name, 'ResourceConflictException');
    for (const bad of ['4155550199', '+0155550199', '+1415555019912345678', '+1 415 555 0199']) assert.equal((await failure(claim(bad))).name, 'InvalidParameterException', bad);
    assert.equal((await failure(claim('+14155550198', { InstanceId }))).name, 'InvalidParameterException'); // TargetArn and InstanceId both
    assert.equal((await failure(connect.send(new ClaimPhoneNumberCommand({ PhoneNumber: '+14155550198' })))).name, 'InvalidParameterException');
    assert.equal((await failure(claim('+14155550198', { TargetArn: `${TargetArn.slice(0, TargetArn.lastIndexOf('/'))}/${randomUUID()}` }))).name, 'ResourceNotFoundException');
    assert.equal((await failure(claim('+14155550198', { Tags: { 'aws:x': 'y' } }))).name, 'InvalidParameterException');
    const numberId = kept.PhoneNumberId!;
    const associate = (ContactFlowId: string, id = numberId, instanceId = InstanceId) => failure(connect.send(new AssociatePhoneNumberContactFlowCommand({ PhoneNumberId: id, InstanceId: instanceId, ContactFlowId })));
    assert.equal((await associate(srv.demo.customerQueueFlowId ?? 'default-customer-queue')).name, 'InvalidParameterException');
    assert.equal((await associate(randomUUID())).name, 'ResourceNotFoundException');
    assert.equal((await associate(srv.demo.contactFlowId, randomUUID())).name, 'ResourceNotFoundException');
    assert.equal((await associate(srv.demo.contactFlowId, numberId, randomUUID())).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DisassociatePhoneNumberContactFlowCommand({ PhoneNumberId: randomUUID(), InstanceId })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new DescribePhoneNumberCommand({ PhoneNumberId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ReleasePhoneNumberCommand({ PhoneNumberId: randomUUID() })))).name, 'ResourceNotFoundException');
    assert.equal((await failure(connect.send(new ListPhoneNumbersV2Command({ MaxResults: 1001 })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListPhoneNumbersV2Command({ NextToken: 'nope' })))).name, 'InvalidParameterException');
    assert.equal((await failure(connect.send(new ListPhoneNumbersV2Command({ PhoneNumberPrefix: 'abc' })))).name, 'InvalidParameterException');
    assert.equal(state(), before);
  });
});
