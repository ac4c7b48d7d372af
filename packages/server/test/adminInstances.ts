/** Test helpers for the Connect admin API's instance-level resources: another account, a ready-to-use created instance. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ConnectClient, CreateContactFlowCommand, CreateInstanceCommand, CreateUserCommand } from '@aws-sdk/client-connect';
import { ADMIN_SECURITY_PROFILE_ID, type FlowDocument } from '@switchboard/engine';
import { RecordingSocket, postJson, type TestServer } from './harness.ts';

/** A new instance's first administrator's name (the demo instance has its own `admin`). */
export const FIRST_ADMIN = 'first-admin';

/** Another account, with an instance of its own and that instance's access key (made through the pipeline, as the demo is). */
export async function otherAccount(srv: TestServer, alias: string): Promise<{ instanceId: string; client: ConnectClient; accountId: string }> {
  const instanceId = randomUUID();
  const accountId = '999999999999';
  const accessKeyId = `AKIA${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}`;
  const secretAccessKey = randomUUID();
  for (const command of [
    { type: 'CreateInstance' as const, instanceId, alias, region: srv.demo.region, accountId, tokenKey: 'aa'.repeat(32) },
    { type: 'CreateAccessKey' as const, instanceId, accessKeyId, secretAccessKey },
  ]) {
    const outcome = await srv.services.pipeline.submit(command);
    assert.ok(outcome.ok);
  }
  const client = new ConnectClient({ endpoint: srv.url, region: srv.demo.region, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
  return { instanceId, client, accountId };
}

export const PASSWORD = 'Admin-pass-1';

/** An inbound flow: the working queue is `queueArn`, then to the queue. */
export function toQueueFlow(queueArn: string): FlowDocument {
  return {
    Version: '2019-10-30',
    StartAction: 'set',
    Actions: [
      { Identifier: 'set', Type: 'UpdateContactTargetQueue', Parameters: { QueueId: queueArn }, Transitions: { NextAction: 'queue', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'queue', Type: 'TransferContactToQueue', Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] } },
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** A new instance with its first administrator, logged into the CCP and Available; and an inbound flow to BasicQueue. */
export async function readyInstance(srv: TestServer, connect: ConnectClient, alias: string) {
  const made = await connect.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));
  const instanceId = made.Id!;
  const instance = srv.services.state.instances.get(instanceId)!;
  const profile = [...instance.routingProfiles.values()].find((p) => p.name === 'Basic Routing Profile')!;
  const queue = [...instance.queues.values()].find((q) => q.name === 'BasicQueue')!;
  const user = await connect.send(new CreateUserCommand({
    InstanceId: instanceId, Username: FIRST_ADMIN, Password: PASSWORD, RoutingProfileId: profile.id, SecurityProfileIds: [ADMIN_SECURITY_PROFILE_ID],
    PhoneConfig: { PhoneType: 'SOFT_PHONE' }, IdentityInfo: { FirstName: 'First', LastName: 'Admin' },
  }));
  const flow = await connect.send(new CreateContactFlowCommand({ InstanceId: instanceId, Name: 'To BasicQueue', Type: 'CONTACT_FLOW', Content: JSON.stringify(toQueueFlow(queue.arn)) }));
  const login = await postJson<{ Token: string; UserId: string; InstanceId: string }>(`${srv.url}/agent/login`, { Username: FIRST_ADMIN, Password: PASSWORD, InstanceId: instanceId });
  assert.equal(login.status, 200);
  assert.deepEqual([login.body.InstanceId, login.body.UserId], [instanceId, user.UserId]);
  const agent = await RecordingSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(login.body.Token)}`);
  await agent.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
  agent.send({ event: 'api_request', requestId: 'r1', method: 'putAgentState', params: { state: { name: 'Available' } } });
  await agent.next((f) => f.event === 'api_response' && f.requestId === 'r1', 3000, 'Available');
  return { instanceId, userId: user.UserId!, flowId: flow.ContactFlowId!, agent };
}

