/**
 * examples/provision.ts (issue 18, provisioning) run as people run it — a child process with the AWS SDK's
 * profile chain pointed at the server's credentials file — against a server without the demo: it builds the
 * whole instance, a second run duplicates nothing, and a customer chat through the instance's chat widget
 * reaches a provisioned agent.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DescribeContactFlowCommand, DescribeInstanceAttributeCommand, DescribeUserCommand, ListInstancesCommand, ListQueueQuickConnectsCommand,
  ListQueuesCommand, ListQuickConnectsCommand, ListRoutingProfileQueuesCommand, ListRoutingProfilesCommand, ListUsersCommand,
} from '@aws-sdk/client-connect';
import { RecordingSocket, postJson, waitFor } from './harness.ts';
import { clientOf, dataDir, removeDir, startPlainServer, type PlainServer } from './provisionServer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PASSWORDS = { alice: 'Alice-pass-1', bob: 'Bob-pass-12', carol: 'Carol-pass-1' };
const ARGS = ['--alias', 'acme', '--agent', `alice:${PASSWORDS.alice}`, '--agent', `bob:${PASSWORDS.bob}`, '--supervisor', `carol:${PASSWORDS.carol}`, '--json'];

interface Result { instanceId: string; made: string[]; chatUrl: string; ccpUrl: string; accounts: { username: string; password: string; created: boolean }[] }

/** Runs the example with a clean environment: only the credentials file, its profile and the server's URL. */
function runScript(srv: PlainServer, credentials = join(srv.dir, 'credentials')): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/provision.ts', ...ARGS], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', AWS_SHARED_CREDENTIALS_FILE: credentials, AWS_PROFILE: 'switchboard',
        AWS_CONFIG_FILE: `${credentials}.no-config`, SWITCHBOARD_URL: srv.url,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c: Buffer) => void (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => void (stderr += c.toString()));
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

describe('examples/provision.ts against a server without the demo', () => {
  let srv: PlainServer;
  let first: Result;

  before(async () => {
    srv = await startPlainServer(await dataDir());
  });
  after(async () => {
    await srv?.stop();
    if (srv) await removeDir(srv.dir);
  });

  test('it builds the instance: queues, a routing profile with both on chat and voice, agents and a supervisor with their security profiles, quick connects on both queues, multi-party on, and the widget\'s flow queues to Support', async () => {
    const run = await runScript(srv);
    assert.equal(run.code, 0, run.stderr);
    first = JSON.parse(run.stdout) as Result;
    const connect = clientOf(srv);
    const InstanceId = first.instanceId;
    assert.deepEqual((await connect.send(new ListInstancesCommand({}))).InstanceSummaryList!.map((i) => [i.Id, i.InstanceAlias]), [[InstanceId, 'acme']]);

    const queues = (await connect.send(new ListQueuesCommand({ InstanceId, QueueTypes: ['STANDARD'] }))).QueueSummaryList!;
    assert.deepEqual(queues.map((q) => q.Name).sort(), ['BasicQueue', 'Sales', 'Support']);
    const profile = (await connect.send(new ListRoutingProfilesCommand({ InstanceId }))).RoutingProfileSummaryList!.find((p) => p.Name === 'Support and Sales')!;
    const profileQueues = (await connect.send(new ListRoutingProfileQueuesCommand({ InstanceId, RoutingProfileId: profile.Id! }))).RoutingProfileQueueConfigSummaryList!;
    assert.deepEqual(profileQueues.map((q) => `${q.QueueName}/${q.Channel}/${q.Priority}`).sort(), ['Sales/CHAT/2', 'Sales/VOICE/2', 'Support/CHAT/1', 'Support/VOICE/1']);

    const users = (await connect.send(new ListUsersCommand({ InstanceId }))).UserSummaryList!;
    const profilesOf = async (username: string) => {
      const user = (await connect.send(new DescribeUserCommand({ InstanceId, UserId: users.find((u) => u.Username === username)!.Id! }))).User!;
      assert.equal(user.RoutingProfileId, profile.Id);
      return user.SecurityProfileIds;
    };
    assert.deepEqual(users.map((u) => u.Username).sort(), ['alice', 'bob', 'carol']);
    assert.deepEqual(await profilesOf('alice'), ['security-profile-agent']);
    assert.deepEqual(await profilesOf('carol'), ['security-profile-call-center-manager']);

    const quickConnects = (await connect.send(new ListQuickConnectsCommand({ InstanceId }))).QuickConnectSummaryList!;
    assert.deepEqual(quickConnects.map((q) => `${q.Name}/${q.QuickConnectType}`).sort(), ['Sales/QUEUE', 'Support/QUEUE', 'alice/USER', 'bob/USER']);
    for (const queue of queues.filter((q) => q.Name !== 'BasicQueue')) {
      const on = (await connect.send(new ListQueueQuickConnectsCommand({ InstanceId, QueueId: queue.Id! }))).QuickConnectSummaryList!;
      assert.deepEqual(on.map((q) => q.Name).sort(), ['Sales', 'Support', 'alice', 'bob']);
    }
    for (const AttributeType of ['MULTI_PARTY_CHAT_CONFERENCE', 'MULTI_PARTY_CONFERENCE'] as const) {
      assert.equal((await connect.send(new DescribeInstanceAttributeCommand({ InstanceId, AttributeType }))).Attribute!.Value, 'true');
    }
    const flow = (await connect.send(new DescribeContactFlowCommand({ InstanceId, ContactFlowId: 'sample-inbound-flow' }))).ContactFlow!;
    const support = queues.find((q) => q.Name === 'Support')!;
    const actions = (JSON.parse(flow.Content!) as { Actions: { Type: string; Parameters?: { QueueId?: string } }[] }).Actions;
    assert.equal(actions.find((a) => a.Type === 'UpdateContactTargetQueue')!.Parameters!.QueueId, support.Arn);
    assert.ok(actions.some((a) => a.Type === 'TransferContactToQueue') && actions.some((a) => a.Type === 'MessageParticipant'));

    const widget = [...srv.services.state.instances.get(InstanceId)!.widgets.values()];
    assert.deepEqual(widget.map((w) => [w.name, w.contactFlowId]), [['Default chat widget', 'sample-inbound-flow']]);
    assert.equal(first.chatUrl, `${srv.url}/chat/?widget=${widget[0]!.id}`);
    assert.equal(first.ccpUrl, `${srv.url}/ccp/`);
    assert.deepEqual(first.accounts.map((a) => [a.username, a.password, a.created]), [['alice', PASSWORDS.alice, true], ['bob', PASSWORDS.bob, true], ['carol', PASSWORDS.carol, true]]);
  });

  test('run again, it finds everything by name and makes nothing new', async () => {
    const instance = srv.services.state.instances.get(first.instanceId)!;
    const sizes = () => [srv.services.state.instances.size, instance.users.size, instance.queues.size, instance.routingProfiles.size, instance.quickConnects.size, instance.flows.size, instance.widgets.size];
    const before = sizes();
    const run = await runScript(srv);
    assert.equal(run.code, 0, run.stderr);
    const again = JSON.parse(run.stdout) as Result;
    assert.deepEqual([again.instanceId, again.made, again.chatUrl], [first.instanceId, [], first.chatUrl]);
    assert.deepEqual(sizes(), before);
  });

  test('GET /admin/me tells a signed-in user their instance\'s chat widgets: the Default chat widget, its flow and its customer chat page', async () => {
    const login = await postJson<{ Token: string }>(`${srv.url}/agent/login`, { Username: 'carol', Password: PASSWORDS.carol });
    const me = await fetch(`${srv.url}/admin/me`, { headers: { authorization: `Bearer ${login.body.Token}` } });
    const body = await me.json() as { Instance: { Id: string; Widgets: { Id: string; Name: string; ContactFlowId: string; ChatUrl: string }[] } };
    assert.equal(body.Instance.Id, first.instanceId);
    const widgetId = new URL(first.chatUrl).searchParams.get('widget')!;
    assert.deepEqual(body.Instance.Widgets, [{ Id: widgetId, Name: 'Default chat widget', ContactFlowId: 'sample-inbound-flow', ChatUrl: `${srv.url}/chat/?widget=${widgetId}` }]);
  });

  test('a customer chat started through the instance\'s chat widget is offered to a provisioned agent who is Available', async () => {
    const login = await postJson<{ Token: string; UserId: string }>(`${srv.url}/agent/login`, { Username: 'alice', Password: PASSWORDS.alice });
    assert.equal(login.status, 200);
    const agent = await RecordingSocket.open(`${srv.url.replace(/^http/, 'ws')}/agent/ws?token=${encodeURIComponent(login.body.Token)}`);
    try {
      await agent.next((f) => f.event === 'agent::update', 3000, 'the first snapshot');
      agent.send({ event: 'api_request', requestId: 'r1', method: 'putAgentState', params: { state: { name: 'Available' } } });
      await agent.next((f) => f.event === 'api_response' && f.requestId === 'r1', 3000, 'Available');
      const widgetId = new URL(first.chatUrl).searchParams.get('widget')!;
      const chat = await postJson<{ ContactId: string }>(`${srv.url}/widget/${widgetId}/start-chat`, { DisplayName: 'Ann' }, { origin: srv.url });
      assert.equal(chat.status, 200);
      const instance = srv.services.state.instances.get(first.instanceId)!;
      const contact = await waitFor(() => {
        const c = instance.contacts.get(chat.body.ContactId);
        return c?.offer?.userId === login.body.UserId ? c : undefined;
      }, 5000, 'the offer to alice');
      assert.equal(instance.queues.get(contact.queueId!)!.name, 'Support');
      assert.ok(contact.transcript.some((t) => 'content' in t && String(t.content).includes('An agent will be with you shortly')));
    } finally {
      await agent.close();
    }
  });

  test('with a key the server does not know, it stops with the error and says where the key should come from', async () => {
    const bogus = join(srv.dir, 'bogus-credentials');
    writeFileSync(bogus, '[switchboard]\naws_access_key_id = AKIABOGUSBOGUSBOGUS1\naws_secret_access_key = bogus-secret-bogus-secret\nregion = us-east-1\n', { mode: 0o600 });
    const run = await runScript(srv, bogus);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /provision failed: UnrecognizedClientException/);
    assert.match(run.stderr, /AWS_SHARED_CREDENTIALS_FILE=<data dir>\/credentials AWS_PROFILE=switchboard/);
  });
});
