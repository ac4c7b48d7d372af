/**
 * Provisioning without the demo (SWITCHBOARD_DEMO=0, issue 18): the account's access key — from the
 * environment, or made once into <data dir>/credentials — signs CreateInstance and every call to the
 * account's instances; other keys are refused.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConnectClient, CreateInstanceCommand, DescribeInstanceCommand, ListInstancesCommand, ListQueuesCommand,
} from '@aws-sdk/client-connect';
import { configFromEnv } from '../src/index.ts';
import { iniProfile } from '../src/credentials.ts';
import { accountBanner } from '../src/banner.ts';
import { captureLog } from './logCapture.ts';
import { postJson, waitFor } from './harness.ts';
import { clientOf, dataDir, removeDir, startPlainServer, type PlainServer } from './provisionServer.ts';

const dirs: string[] = [];
const servers: PlainServer[] = [];
after(async () => {
  for (const srv of servers) await srv.stop();
  for (const dir of dirs) await removeDir(dir);
});
async function fresh(env: Record<string, string> = {}, dir?: string): Promise<PlainServer> {
  const d = dir ?? (await dataDir());
  if (!dir) dirs.push(d);
  const srv = await startPlainServer(d, env);
  servers.push(srv);
  return srv;
}
const create = (client: ConnectClient, alias: string) =>
  client.send(new CreateInstanceCommand({ IdentityManagementType: 'CONNECT_MANAGED', InstanceAlias: alias, InboundCallsEnabled: true, OutboundCallsEnabled: true }));

/** With the AWS SDK's own profile loading: AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE, nothing else (the region too comes from the file). */
async function withProfileEnv<T>(file: string, run: () => Promise<T>): Promise<T> {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE'];
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
  for (const n of names) delete process.env[n];
  Object.assign(process.env, { AWS_SHARED_CREDENTIALS_FILE: file, AWS_PROFILE: 'switchboard', AWS_CONFIG_FILE: `${file}.no-config` });
  try {
    return await run();
  } finally {
    for (const n of names) {
      if (saved[n] === undefined) delete process.env[n];
      else process.env[n] = saved[n];
    }
  }
}

describe('the account access key without the demo', () => {
  test('a server without the demo writes the account key to <data dir>/credentials (profile switchboard, with region, mode 0600) and keeps the same key across a restart', async () => {
    const srv = await fresh();
    const file = join(srv.dir, 'credentials');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    const profile = iniProfile(text, 'switchboard');
    assert.deepEqual(profile, { aws_access_key_id: srv.account.accessKeyId, aws_secret_access_key: srv.account.secretAccessKey, region: 'us-east-1' });
    assert.match(srv.account.accessKeyId, /^AKIA[A-Z2-7]{16}$/);
    assert.ok(srv.account.secretAccessKey.length >= 40);
    await srv.stop();
    const again = await fresh({}, srv.dir);
    assert.equal(readFileSync(file, 'utf8'), text, 'the file is not rewritten');
    assert.deepEqual([again.account.accessKeyId, again.account.secretAccessKey, again.account.accountId], [srv.account.accessKeyId, srv.account.secretAccessKey, srv.account.accountId]);
  });

  test('the key signs CreateInstance with the real SDK through its profile chain (AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE=switchboard), and then the new instance\'s calls', async () => {
    const srv = await fresh();
    await withProfileEnv(join(srv.dir, 'credentials'), async () => {
      const client = new ConnectClient({ endpoint: srv.url, maxAttempts: 1 });
      assert.deepEqual((await client.send(new ListInstancesCommand({}))).InstanceSummaryList, []);
      const made = await create(client, 'first');
      const described = await client.send(new DescribeInstanceCommand({ InstanceId: made.Id! }));
      assert.equal(described.Instance!.InstanceAlias, 'first');
      assert.equal(described.Instance!.Arn, `arn:aws:connect:us-east-1:${srv.account.accountId}:instance/${made.Id}`);
      const queues = await client.send(new ListQueuesCommand({ InstanceId: made.Id!, QueueTypes: ['STANDARD'] }));
      assert.deepEqual(queues.QueueSummaryList!.map((q) => q.Name), ['BasicQueue']);
    });
  });

  test('an unknown key is refused (UnrecognizedClientException), and the account key with a wrong secret too (InvalidSignatureException)', async () => {
    const srv = await fresh();
    await assert.rejects(clientOf(srv, { accessKeyId: 'AKIAUNKNOWNUNKNOWN12', secretAccessKey: srv.account.secretAccessKey }).send(new ListInstancesCommand({})), { name: 'UnrecognizedClientException' });
    await assert.rejects(create(clientOf(srv, { accessKeyId: srv.account.accessKeyId, secretAccessKey: 'not-the-secret-at-all-000' }), 'nope'), { name: 'InvalidSignatureException' });
    assert.equal(srv.services.state.instances.size, 0);
  });

  test('before the account has an instance, a call naming one is ResourceNotFoundException', async () => {
    const srv = await fresh();
    await assert.rejects(clientOf(srv).send(new DescribeInstanceCommand({ InstanceId: '00000000-0000-4000-8000-000000000000' })), { name: 'ResourceNotFoundException' });
  });

  test('keys given in SWITCHBOARD_ADMIN_ACCESS_KEY_ID / SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY are the account key, and no credentials file is written', async () => {
    const key = { accessKeyId: 'AKIAGIVENGIVENGIVEN1', secretAccessKey: 'given-secret-given-secret-1' };
    const srv = await fresh({ SWITCHBOARD_ADMIN_ACCESS_KEY_ID: key.accessKeyId, SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: key.secretAccessKey });
    assert.equal(existsSync(join(srv.dir, 'credentials')), false);
    const made = await create(clientOf(srv, key), 'given');
    assert.equal(srv.services.state.instances.get(made.Id!)!.accountId, srv.account.accountId);
  });

  test('one of the two key settings alone, or a key id that is not one, stops the start with the setting named', () => {
    const base = { SWITCHBOARD_DEMO: '0' };
    assert.throws(() => configFromEnv({ ...base, SWITCHBOARD_ADMIN_ACCESS_KEY_ID: 'AKIAGIVENGIVENGIVEN1' }, '/w'), /SWITCHBOARD_ADMIN_ACCESS_KEY_ID: give it and SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY together/);
    assert.throws(() => configFromEnv({ ...base, SWITCHBOARD_ADMIN_ACCESS_KEY_ID: 'short', SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: 'a-secret-long-enough' }, '/w'), /bad setting SWITCHBOARD_ADMIN_ACCESS_KEY_ID/);
    // The demo reads them as it always has (demo.ts): no new rule there.
    assert.doesNotThrow(() => configFromEnv({ SWITCHBOARD_DEMO: '1', SWITCHBOARD_ADMIN_ACCESS_KEY_ID: 'AKIAGIVENGIVENGIVEN1' }, '/w'));
  });

  test('the account\'s instances stay its own when its key is replaced (a key from the environment after the file\'s)', async () => {
    const first = await fresh();
    const made = await create(clientOf(first), 'kept');
    await first.stop();
    const key = { accessKeyId: 'AKIAREPLACEDREPLACED', secretAccessKey: 'replaced-secret-replaced-1' };
    const second = await fresh({ SWITCHBOARD_ADMIN_ACCESS_KEY_ID: key.accessKeyId, SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: key.secretAccessKey }, first.dir);
    const listed = await clientOf(second, key).send(new ListInstancesCommand({}));
    assert.deepEqual(listed.InstanceSummaryList!.map((i) => i.Id), [made.Id]);
    // The file's key no longer signs: the environment's replaced it.
    await assert.rejects(clientOf(second, first.account).send(new ListInstancesCommand({})), { name: 'UnrecognizedClientException' });
  });

  test('a credentials file without the switchboard profile stops the start instead of being replaced', async () => {
    const dir = await dataDir();
    dirs.push(dir);
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAOTHEROTHEROTHER1\n', { mode: 0o600 });
    await assert.rejects(startPlainServer(dir), /has no \[switchboard\] profile/);
    assert.equal(readFileSync(join(dir, 'credentials'), 'utf8'), '[default]\naws_access_key_id = AKIAOTHEROTHEROTHER1\n');
  });

  test('CreateInstance gives the new instance a "Default chat widget" that runs its sample inbound flow: a chat started through it hears that flow', async () => {
    const srv = await fresh();
    const made = await create(clientOf(srv), 'widgeted');
    const instance = srv.services.state.instances.get(made.Id!)!;
    const widgets = [...instance.widgets.values()];
    assert.deepEqual(widgets.map((w) => [w.name, w.contactFlowId, w.approvedOrigins]), [['Default chat widget', 'sample-inbound-flow', []]]);
    const chat = await postJson<{ ContactId: string }>(`${srv.url}/widget/${widgets[0]!.id}/start-chat`, { DisplayName: 'Ann' }, { origin: srv.url });
    assert.equal(chat.status, 200);
    // The sample flow says its piece and ends the chat, which then leaves memory for the archive: read it wherever it is.
    const contact = await waitFor(async () => {
      const c = await srv.services.pipeline.archive.read(made.Id!, chat.body.ContactId);
      return c?.status === 'ended' ? c : undefined;
    }, 5000, 'the chat to end');
    assert.ok(contact.transcript.some((t) => 'content' in t && String(t.content).includes('the sample flow of a new Switchboard instance')));
  });

  test('the start banner and the log name the key id and the credentials file, never the secret', async () => {
    const captured = captureLog('info');
    let srv: PlainServer;
    try {
      srv = await fresh();
      await create(clientOf(srv), 'bannered');
    } finally {
      captured.restore();
    }
    const banner = accountBanner(srv, srv.account).join('\n');
    assert.match(banner, new RegExp(`account key: +${srv.account.accessKeyId}, profile switchboard in ${join(srv.dir, 'credentials')}`));
    assert.match(banner, /instance bannered \(.+\): agent CCP http:\/\/127\.0\.0\.1:\d+\/ccp\//);
    assert.match(banner, /customer chat \(Default chat widget\): http:\/\/127\.0\.0\.1:\d+\/chat\/\?widget=[0-9a-f-]{36}/);
    const made = captured.entries().find((e) => e.msg === 'made the account access key')!;
    assert.deepEqual([made.accessKeyId, made.credentialsFile], [srv.account.accessKeyId, join(srv.dir, 'credentials')]);
    assert.ok(captured.entries().some((e) => e.msg === 'instance created' && /\/chat\/\?widget=/.test(e.chatUrl)));
    for (const text of [banner, ...captured.lines]) assert.ok(!text.includes(srv.account.secretAccessKey), 'the secret is never shown');
  });
});
