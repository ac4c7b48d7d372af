/** The demo instance: what `npm start` gives a new user, and what it writes to demo.json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv, startServer } from '../src/index.ts';

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'switchboard-demo-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const config = (dir: string, env: Record<string, string> = {}) =>
  configFromEnv({ HOST: '127.0.0.1', PORT: '0', SWITCHBOARD_DATA_DIR: dir, ...env }, '/nonexistent-web-root');

test('on first start the demo instance has BasicQueue, Sales and Support, a chat-3/voice-1/task-1 routing profile, agents agent1..agent5 and the administrator admin', async () => {
  await withDir(async (dir) => {
    const server = await startServer(config(dir));
    try {
      const instance = [...server.services.state.instances.values()][0]!;
      assert.deepEqual([...instance.queues.values()].map((q) => q.name), ['BasicQueue', 'Sales', 'Support']);
      const profile = [...instance.routingProfiles.values()][0]!;
      assert.deepEqual(Object.fromEntries(profile.mediaConcurrencies.map((m) => [m.channel, m.concurrency])), { CHAT: 3, VOICE: 1, TASK: 1 });
      assert.deepEqual([...instance.users.values()].map((u) => u.username), ['agent1', 'agent2', 'agent3', 'agent4', 'agent5', 'admin']);
      for (const user of instance.users.values()) assert.match(user.passwordHash, /^scrypt\$/);
    } finally {
      await server.close();
    }
  });
});

test('demo.json holds what a user needs, readable only by its owner (mode 0600)', async () => {
  await withDir(async (dir) => {
    const server = await startServer(config(dir));
    await server.close();
    const file = join(dir, 'demo.json');
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const demo = JSON.parse(await readFile(file, 'utf8'));
    for (const key of ['instanceId', 'region', 'accessKeyId', 'secretAccessKey', 'contactFlowId', 'queueId']) assert.equal(typeof demo[key], 'string', key);
    assert.equal(demo.region, 'us-east-1');
    assert.equal(demo.agents.length, 5);
    for (const agent of demo.agents) assert.ok(agent.username && agent.password.length >= 12);
    assert.match(demo.instanceId, /^[0-9a-f-]{36}$/);
  });
});

test('passwords and keys come from the environment when given', async () => {
  await withDir(async (dir) => {
    const saved = { ...process.env };
    Object.assign(process.env, { SWITCHBOARD_DEMO_PASSWORD: 'given-password', SWITCHBOARD_ADMIN_ACCESS_KEY_ID: 'AKIAGIVENGIVENGIVEN1', SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY: 'given-secret' });
    try {
      const server = await startServer(config(dir));
      await server.close();
      assert.equal(server.demo?.accessKeyId, 'AKIAGIVENGIVENGIVEN1');
      assert.equal(server.demo?.secretAccessKey, 'given-secret');
      assert.ok(server.demo?.agents.every((a) => a.password === 'given-password'));
    } finally {
      for (const key of ['SWITCHBOARD_DEMO_PASSWORD', 'SWITCHBOARD_ADMIN_ACCESS_KEY_ID', 'SWITCHBOARD_ADMIN_SECRET_ACCESS_KEY']) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});

test('a restart keeps the demo instance and does not create another', async () => {
  await withDir(async (dir) => {
    const first = await startServer(config(dir));
    const id = first.demo!.instanceId;
    await first.close();
    const second = await startServer(config(dir));
    try {
      assert.equal(second.services.state.instances.size, 1);
      assert.equal(second.demo?.instanceId, id);
    } finally {
      await second.close();
    }
  });
});

test('SWITCHBOARD_DEMO=0 starts with no demo instance', async () => {
  await withDir(async (dir) => {
    const server = await startServer(config(dir, { SWITCHBOARD_DEMO: '0' }));
    try {
      assert.equal(server.services.state.instances.size, 0);
      assert.equal(server.demo, undefined);
    } finally {
      await server.close();
    }
  });
});

test('a bad setting stops the start with a clear message', () => {
  assert.throws(() => configFromEnv({ PORT: 'eighty' }, '/x'), /bad setting PORT/);
  assert.throws(() => configFromEnv({ SWITCHBOARD_DEMO: 'yes' }, '/x'), /bad setting SWITCHBOARD_DEMO/);
});

test("V8's old generation may grow to 5× its live size by default; SWITCHBOARD_HEAP_GROWTH_PERCENT changes it, 0 leaves it to V8", () => {
  assert.equal(configFromEnv({}, '/x').heapGrowthPercent, 400);
  assert.equal(configFromEnv({ SWITCHBOARD_HEAP_GROWTH_PERCENT: '0' }, '/x').heapGrowthPercent, 0);
  assert.equal(configFromEnv({ SWITCHBOARD_HEAP_GROWTH_PERCENT: '150' }, '/x').heapGrowthPercent, 150);
  assert.throws(() => configFromEnv({ SWITCHBOARD_HEAP_GROWTH_PERCENT: '-1' }, '/x'), /bad setting SWITCHBOARD_HEAP_GROWTH_PERCENT/);
  assert.throws(() => configFromEnv({ SWITCHBOARD_HEAP_GROWTH_PERCENT: 'lots' }, '/x'), /bad setting SWITCHBOARD_HEAP_GROWTH_PERCENT/);
});

test('the media workers read and write their sockets through the native UDP batch by default; SWITCHBOARD_MEDIA_UDP_BATCH=0 gives them to dgram', () => {
  assert.equal(configFromEnv({}, '/x').media?.udpBatch, true);
  assert.equal(configFromEnv({ SWITCHBOARD_MEDIA_UDP_BATCH: '0' }, '/x').media?.udpBatch, false);
  assert.throws(() => configFromEnv({ SWITCHBOARD_MEDIA_UDP_BATCH: 'no' }, '/x'), /bad setting SWITCHBOARD_MEDIA_UDP_BATCH/);
});
