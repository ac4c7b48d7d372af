/** RTP past werift (rtc/fastPath.ts) between werift clients and bridge endpoints, and the setting that turns it off. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaEngine } from '../src/engine.ts';
import { createRtcEndpoint } from '../src/rtc/endpoint.ts';
import { loadUdpBatch } from '../src/rtc/udpBatch.ts';
import { createTestClient, type TestClient } from './support/werift-client.ts';

const cacheDir = mkdtempSync(join(tmpdir(), 'media-fastpath-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(fastPath: boolean | undefined, more: { udpBatch?: boolean } = {}) {
  const engine = await createMediaEngine({ workers: 0, cacheDir, iceAdditionalHostAddresses: ['127.0.0.1'], ...(fastPath === undefined ? {} : { fastPath }), ...more });
  const bridge = await engine.createBridge({ bridgeId: `fast-${String(fastPath)}` });
  const clients: TestClient[] = [];
  for (const id of ['a', 'b']) {
    const client = await createTestClient();
    const endpoint = await bridge.addEndpoint({ endpointId: id, offer: client.offer });
    await client.accept(endpoint.answer);
    await client.connected;
    clients.push(client);
  }
  bridge.setHearing({ version: 1, hears: { a: ['b'], b: ['a'] } });
  return { engine, bridge, clients };
}

test('endpoints take the fast path once connected (by default): audio and digits flow both ways, nothing is dropped', async () => {
  const { engine, bridge, clients: [a, b] } = await call(undefined);
  try {
    const digits: string[] = [];
    bridge.on('dtmf', (e) => digits.push(e.digit));
    a!.startTone(440, 8000);
    b!.startTone(600, 2000);
    await sleep(1200);
    const [stats] = await engine.stats();
    assert.equal((stats?.fastPath['aes-cm'] ?? 0) + (stats?.fastPath['aes-gcm'] ?? 0), 2, `both endpoints: ${JSON.stringify(stats?.fastPath)}`);
    const meter = await bridge.meter();
    assert.ok((meter.a?.packetsIn ?? 0) > 30 && (meter.b?.packetsIn ?? 0) > 30, `the bridge receives both: ${JSON.stringify(meter)}`);
    assert.equal(meter.a?.packetsLost, 0);
    assert.ok(a!.heardEnergy() > 1000 && b!.heardEnergy() > 3 * a!.heardEnergy(), `each hears the other's level: a ${a!.heardEnergy()}, b ${b!.heardEnergy()}`);
    assert.ok(a!.received.every((r) => r.payloadType === 0), 'the fast path sends PCMU as PT 0');
    await a!.sendDigits('42');
    for (let i = 0; i < 30 && digits.length < 2; i++) await sleep(100);
    assert.deepEqual(digits, ['4', '2'], 'telephone-event packets arrive through the fast path as digits');
    if (typeof loadUdpBatch() !== 'string') { // (CI builds it: rtc-udp-batch.test.ts fails there without it)
      assert.equal(engine.udpBatch, 'on');
      const batch = (await engine.stats())[0]?.udpBatch;
      assert.ok((batch?.sockets ?? 0) >= 2, `each endpoint's sockets are read a frame at a time: ${JSON.stringify(batch)}`);
      assert.ok((batch?.received ?? 0) > 100 && (batch?.sent ?? 0) > 100 && batch?.sendFailures === 0, JSON.stringify(batch));
    }
  } finally { for (const c of [a, b]) await c?.close(); await engine.close(); }
});

test('with udpBatch: false the fast path reads and writes through dgram, and the call sounds the same', async () => {
  const { engine, bridge, clients: [a, b] } = await call(undefined, { udpBatch: false });
  try {
    a!.startTone(440, 8000);
    b!.startTone(600, 2000);
    await sleep(1200);
    const [stats] = await engine.stats();
    assert.equal((stats?.fastPath['aes-cm'] ?? 0) + (stats?.fastPath['aes-gcm'] ?? 0), 2);
    assert.equal(stats?.udpBatch, undefined);
    assert.equal(engine.udpBatch, 'off');
    const meter = await bridge.meter();
    assert.ok((meter.a?.packetsIn ?? 0) > 30 && (meter.b?.packetsIn ?? 0) > 30, `the bridge receives both: ${JSON.stringify(meter)}`);
    assert.ok(a!.heardEnergy() > 1000 && b!.heardEnergy() > 3 * a!.heardEnergy(), `each hears the other's level: a ${a!.heardEnergy()}, b ${b!.heardEnergy()}`);
  } finally { for (const c of [a, b]) await c?.close(); await engine.close(); }
});

test('with fastPath: false every packet takes werift\'s own path, and the call sounds the same', async () => {
  const { engine, bridge, clients: [a, b] } = await call(false);
  try {
    a!.startTone(440, 8000);
    b!.startTone(600, 2000);
    await sleep(1200);
    const [stats] = await engine.stats();
    assert.deepEqual(stats?.fastPath, { 'aes-cm': 0, 'aes-gcm': 0 });
    const meter = await bridge.meter();
    assert.ok((meter.a?.packetsIn ?? 0) > 30 && (meter.b?.packetsIn ?? 0) > 30, `the bridge receives both: ${JSON.stringify(meter)}`);
    assert.ok(a!.heardEnergy() > 1000 && b!.heardEnergy() > 3 * a!.heardEnergy(), `each hears the other's level: a ${a!.heardEnergy()}, b ${b!.heardEnergy()}`);
  } finally { for (const c of [a, b]) await c?.close(); await engine.close(); }
});

test('a fast-path endpoint sends an RTCP sender report every 5 s of its clock, with the packets it sent (werift\'s own SR loop is not run)', async () => {
  const client = await createTestClient();
  let now = performance.now();
  const endpoint = await createRtcEndpoint({
    endpointId: 'sr', offer: client.offer, ice: { iceAdditionalHostAddresses: ['127.0.0.1'] },
    now: () => now, onRtp: () => {}, onConnected: () => {}, onLost: () => {},
  });
  try {
    await client.accept(endpoint.answer);
    await client.connected;
    for (let i = 0; i < 200 && !endpoint.connected; i++) await sleep(10);
    assert.notEqual(endpoint.path, 'werift');
    const frame = new Uint8Array(160).fill(0xff);
    for (let i = 0; i < 25; i++) endpoint.send({ kind: 'audio', payload: frame, timestamp: 160 * i, marker: i === 0 });
    endpoint.poll(now); // the first call picks a point in the first 5 s
    await sleep(300);
    assert.equal(client.senderReports().reports, 0, 'no report before one is due');
    now += 5001;
    endpoint.poll(now);
    for (let i = 0; i < 50 && client.senderReports().reports === 0; i++) await sleep(20);
    assert.deepEqual(client.senderReports(), { reports: 1, packetCount: 25 });
    endpoint.poll(now + 100); // not due again yet
    now += 5001;
    endpoint.send({ kind: 'audio', payload: frame, timestamp: 160 * 25, marker: false });
    endpoint.poll(now);
    for (let i = 0; i < 50 && client.senderReports().reports < 2; i++) await sleep(20);
    assert.deepEqual(client.senderReports(), { reports: 2, packetCount: 26 });
  } finally { await client.close(); await endpoint.close(); }
});

test('the fast path does not attach where werift\'s internals are not as expected (no transport, DTLS not up, an unknown SRTP profile): werift\'s path stays', async () => {
  const { attachFastPath } = await import('../src/rtc/fastPath.ts');
  const keys = { srtpSessionKey: Buffer.alloc(16), srtpSessionSalt: Buffer.alloc(14), srtpSessionAuthTag: Buffer.alloc(20), authTagLength: 10 };
  const socket = { send() {} };
  const protocol = { type: 'stun', transport: { type: 'udp', socket, onData() {} } };
  const sender = (over: Record<string, unknown> = {}, cipher: object = keys) => ({
    ssrc: 1,
    dtlsTransport: {
      state: 'connected', srtpStarted: true,
      srtp: { localContext: { cipher }, remoteContext: { cipher } },
      iceTransport: { connection: { nominated: { protocol, remoteAddr: ['127.0.0.1', 9] }, protocols: [protocol] } },
      ...over,
    },
  }) as never;
  assert.ok(attachFastPath(sender(), () => {}), 'the expected shape attaches');
  assert.equal(attachFastPath({ ssrc: 1 } as never, () => {}), undefined, 'no DTLS transport');
  assert.equal(attachFastPath(sender({ state: 'connecting' }), () => {}), undefined, 'DTLS not connected');
  assert.equal(attachFastPath(sender({}, { ...keys, authTagLength: 4 }), () => {}), undefined, 'AES-CM with a 32-bit tag');
  const relayed = { type: 'turn', transport: { type: 'udp', socket, onData() {} } };
  assert.equal(attachFastPath(sender({ iceTransport: { connection: { nominated: { protocol: relayed, remoteAddr: ['127.0.0.1', 9] }, protocols: [relayed] } } }), () => {}), undefined, 'a TURN relay');
});
