import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaEngineImpl, splitPortRange } from '../src/engine.ts';
import { workerExecArgv } from '../src/worker/entry.ts';
import { InvalidStateError } from '../src/facade.ts';
import { createTestClient } from './support/werift-client.ts';

/** The engine with real worker threads (werift, cores and timers inside the worker). */

const cacheDir = mkdtempSync(join(tmpdir(), 'media-worker-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a worker-thread engine (workers: 1) creates a bridge and endpoints end to end, and audio flows per the matrix', async () => {
  const engine = await MediaEngineImpl.create({ workers: 1, cacheDir, iceAdditionalHostAddresses: ['127.0.0.1'] });
  const a = await createTestClient();
  const b = await createTestClient();
  try {
    assert.equal(engine.tts, existsSync('/usr/bin/espeak-ng') || existsSync('/usr/local/bin/espeak-ng'), 'the worker\'s renderer reports espeak-ng');
    const bridge = await engine.createBridge({ bridgeId: 'w1' });
    const connected = new Set<string>();
    bridge.on('endpointConnected', (e) => connected.add(e.endpointId));
    const ea = await bridge.addEndpoint({ endpointId: 'a', offer: a.offer });
    const eb = await bridge.addEndpoint({ endpointId: 'b', offer: b.offer });
    await a.accept(ea.answer);
    await b.accept(eb.answer);
    await Promise.all([a.connected, b.connected]);
    bridge.setHearing({ version: 1, hears: { b: ['a'] } });
    a.startTone(440, 10000);
    b.startTone(600, 10000);
    await sleep(1200);
    assert.ok(b.audioPackets() > 30, `b hears a: ${b.audioPackets()} packets`);
    assert.ok(b.heardEnergy() > 3000, `b hears a's tone: ${b.heardEnergy().toFixed(0)}`);
    assert.equal(a.heardEnergy(), 0, 'a hears no one: its row is absent');
    const meter = await bridge.meter();
    assert.ok((meter.a?.packetsIn ?? 0) > 30 && (meter.b?.packetsIn ?? 0) > 30);
    assert.deepEqual([...connected].sort(), ['a', 'b']);
    const [stats] = await engine.stats();
    assert.equal(stats?.bridges, 1);
    assert.equal(stats?.endpoints, 2);
    assert.ok((stats?.ticks ?? 0) > 40, `the worker's clock ticked: ${JSON.stringify(stats)}`);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await engine.close();
  }
});

test('bridges go to the least-loaded worker and each worker gets its own slice of the ICE port range', async () => {
  assert.deepEqual(splitPortRange([40000, 40099], 2), [[40000, 40049], [40050, 40099]]);
  assert.throws(() => splitPortRange([40000, 40002], 2), TypeError);
  const engine = await MediaEngineImpl.create(
    { workers: 2, cacheDir, iceAdditionalHostAddresses: ['127.0.0.1'], icePortRange: [41000, 41099] },
  );
  const clients = await Promise.all([createTestClient(), createTestClient()]);
  try {
    const b1 = await engine.createBridge({ bridgeId: 'p1' });
    const b2 = await engine.createBridge({ bridgeId: 'p2' });
    const b3 = await engine.createBridge({ bridgeId: 'p3' });
    const workerOf = (id: string) => engine.workersForTesting.findIndex((w) => w.bridges.includes(id));
    assert.deepEqual(engine.workersForTesting.map((w) => w.bridges.length).sort(), [1, 2]);
    assert.notEqual(workerOf('p1'), workerOf('p2'), 'the second bridge goes to the empty worker');
    // Empty the worker that holds two; the next bridge must go there, not to the one still holding p2.
    b1.close();
    b3.close();
    const b4 = await engine.createBridge({ bridgeId: 'p4' });
    assert.notEqual(workerOf('p4'), workerOf('p2'));
    assert.equal(workerOf('p2') >= 0 && workerOf('p4') >= 0, true);
    // An endpoint on each worker takes its port from that worker's slice.
    const ports: number[] = [];
    for (const [i, bridge] of [b2, b4].entries()) {
      const endpoint = await bridge.addEndpoint({ endpointId: 'x', offer: clients[i]!.offer });
      const port = Number(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ host/.exec(endpoint.answer)?.[1]);
      ports.push(port);
      const [min, max] = workerOf(bridge.id) === 0 ? [41000, 41049] : [41050, 41099];
      assert.ok(port >= min && port <= max, `worker ${workerOf(bridge.id)}'s endpoint port ${port} in ${min}-${max}`);
    }
    assert.equal(ports.length, 2);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await engine.close();
  }
});

test('killing a worker emits died, its endpoints report lost, its bridges close, and calls on them reject InvalidStateError', async () => {
  const engine = await MediaEngineImpl.create({ workers: 1, cacheDir, iceAdditionalHostAddresses: ['127.0.0.1'] }, { respawn: false });
  const client = await createTestClient();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'doomed' });
    const endpoint = await bridge.addEndpoint({ endpointId: 'a', offer: client.offer });
    await client.accept(endpoint.answer);
    const lost: string[] = [];
    bridge.on('endpointLost', (e) => lost.push(`${e.endpointId}: ${e.reason}`));
    const died = new Promise<{ workerId: number; error: string }>((resolve) => engine.on('died', resolve));
    const pendingMeter = bridge.meter();
    const worker = engine.workersForTesting[0]?.worker;
    assert.ok(worker);
    // The meter request may or may not be answered before the kill; either outcome is allowed, but it must settle.
    const meterOutcome = pendingMeter.then(() => 'answered', (e: unknown) => (e instanceof InvalidStateError ? 'rejected' : `other: ${String(e)}`));
    await worker.terminate();
    const event = await died;
    assert.equal(event.workerId, 0);
    assert.deepEqual(lost, ['a: media worker 0 died']);
    assert.equal(bridge.closed, true);
    assert.equal(endpoint.closed, true);
    assert.match(await meterOutcome, /^(answered|rejected)$/);
    await assert.rejects(bridge.meter(), InvalidStateError);
    await assert.rejects(bridge.addEndpoint({ endpointId: 'b', offer: client.offer }), InvalidStateError);
    await assert.rejects(engine.createBridge({ bridgeId: 'next' }), InvalidStateError, 'no live worker and no respawn');
    bridge.close(); // quiet on a dead bridge
  } finally {
    await client.close();
    await engine.close();
  }
});

test('a dead worker is replaced: new bridges go to the replacement', async () => {
  const engine = await MediaEngineImpl.create({ workers: 1, cacheDir });
  try {
    await sleep(2100); // a worker that dies at birth is not respawned (a crash loop)
    const died = new Promise((resolve) => engine.on('died', resolve));
    await engine.workersForTesting[0]?.worker?.terminate();
    await died;
    const bridge = await engine.createBridge({ bridgeId: 'after' });
    assert.equal(bridge.closed, false);
    assert.equal(engine.workersForTesting[0]?.workerId, 1);
    assert.deepEqual(engine.workersForTesting[0]?.bridges, ['after']);
  } finally { await engine.close(); }
});

test('a tsx worker is given only module-loading flags: Node 24 test-runner defaults and an inherited --import tsx are dropped', () => {
  const node24TestChild = ['--test-concurrency=0', '--stack-trace-limit=10', '--secure-heap-min=2', '--v8-pool-size=4', '--node-snapshot',
    '--secure-heap=0', '--import', 'tsx', '--enable-source-maps', '--conditions=development', '-C', 'custom', '--no-warnings'];
  assert.deepEqual(workerExecArgv(node24TestChild), ['--enable-source-maps', '--conditions=development', '-C', 'custom', '--no-warnings']);
  assert.deepEqual(workerExecArgv([]), []);
  assert.deepEqual(workerExecArgv(['-C']), [], 'a flag missing its value is not passed on');
});
