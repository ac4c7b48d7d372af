import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaEngine, type MediaEngineInternals } from '../src/engine.ts';
import type { Bridge, BridgeEvents, Endpoint, MediaEngine } from '../src/facade.ts';
import { createTestClient, type TestClient } from './support/werift-client.ts';

/** Two werift peers in one process: test clients offering to bridge endpoints over 127.0.0.1. */

const cacheDir = mkdtempSync(join(tmpdir(), 'media-transport-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function engineWith(internals: MediaEngineInternals = {}): Promise<MediaEngine> {
  return createMediaEngine({ workers: 0, cacheDir, iceAdditionalHostAddresses: ['127.0.0.1'] }, internals);
}

async function join_(bridge: Bridge, endpointId: string): Promise<{ client: TestClient; endpoint: Endpoint }> {
  const client = await createTestClient();
  const endpoint = await bridge.addEndpoint({ endpointId, offer: client.offer });
  await client.accept(endpoint.answer);
  await client.connected;
  return { client, endpoint };
}

function nextEvent<K extends keyof BridgeEvents>(bridge: Bridge, event: K, match: (e: BridgeEvents[K]) => boolean, ms = 10_000) {
  return new Promise<BridgeEvents[K]>((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const off = bridge.on(event, (e) => { if (match(e)) { clearTimeout(timer); off(); resolve(e); } });
  });
}

test('the answer is non-trickle PCMU (PT 0) plus telephone-event/8000, with a 127.0.0.1 candidate, and no 48 kHz events', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'sdp' });
  const client = await createTestClient();
  try {
    const endpoint = await bridge.addEndpoint({ endpointId: 'a', offer: client.offer });
    assert.match(endpoint.answer, /^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0 101\r?$/m);
    assert.match(endpoint.answer, /a=rtpmap:0 PCMU\/8000/);
    assert.match(endpoint.answer, /a=rtpmap:101 telephone-event\/8000/);
    assert.doesNotMatch(endpoint.answer, /telephone-event\/48000|opus/i);
    assert.match(endpoint.answer, /a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
    assert.doesNotMatch(endpoint.answer, /a=candidate:.* [0-9a-f]*:[0-9a-f:]+ \d+ typ/, 'no IPv6 candidates unless configured');
  } finally { await client.close(); await engine.close(); }
});

test('the bridge forwards per the matrix: each listener hears its source\'s tone, and an endpoint not in the matrix hears nothing', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'matrix' });
  const connected: string[] = [];
  bridge.on('endpointConnected', (e) => connected.push(e.endpointId));
  const a = await join_(bridge, 'a');
  const b = await join_(bridge, 'b');
  const c = await join_(bridge, 'c');
  try {
    bridge.setHearing({ version: 1, hears: { a: ['b'], b: ['a'] } });
    a.client.startTone(440, 12000);
    b.client.startTone(600, 3000);
    c.client.startTone(800, 8000);
    await sleep(1500);
    const meter = await bridge.meter();
    for (const id of ['a', 'b', 'c']) assert.ok((meter[id]?.packetsIn ?? 0) > 40, `${id} sent into the bridge: ${JSON.stringify(meter[id])}`);
    assert.ok(a.client.audioPackets() > 30, `a heard ${a.client.audioPackets()} packets`);
    assert.ok(b.client.audioPackets() > 30, `b heard ${b.client.audioPackets()} packets`);
    // c is in no row: it hears no one (the bridge keeps its RTP flowing, with silence).
    assert.equal(c.client.heardEnergy(), 0, 'c hears only silence');
    assert.equal(meter.c?.heard, 0);
    assert.ok((meter.a?.heard ?? 0) > 1000 && (meter.b?.heard ?? 0) > 1000, 'the meter shows what a and b hear');
    // Loud a (12000) vs quiet b (3000): each hears the other's level, not its own.
    const aHears = a.client.heardEnergy();
    const bHears = b.client.heardEnergy();
    assert.ok(bHears > 3 * aHears, `b hears a loudly (${bHears.toFixed(0)}), a hears b quietly (${aHears.toFixed(0)})`);
    assert.ok(aHears > 1000 && aHears < 3000, `a hears b's tone at its level: ${aHears.toFixed(0)}`);
    assert.deepEqual(connected.sort(), ['a', 'b', 'c']);
    assert.ok(a.client.received.every((r) => r.payloadType === 0), 'audio arrives as PCMU (PT 0)');
    // A new matrix at the next frame: c now hears both a and b, mixed.
    const mark = c.client.received.length;
    bridge.setHearing({ version: 2, hears: { a: ['b'], b: ['a'], c: ['a', 'b'] } });
    await sleep(800);
    const cHears = c.client.heardEnergy(mark + 10);
    assert.ok(cHears > bHears * 0.9, `c hears at least a's level in the mix: ${cHears.toFixed(0)} vs ${bHears.toFixed(0)}`);
    assert.ok(a.client.heardEnergy(0) < 3000, 'a still hears only b');
  } finally {
    await Promise.all([a.client.close(), b.client.close(), c.client.close()]);
    await engine.close();
  }
});

test('DTMF sent by a client as RFC 4733 events reaches dtmf events with the right digits, once each', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'dtmf' });
  const a = await join_(bridge, 'a');
  try {
    const digits: string[] = [];
    bridge.on('dtmf', (e) => { if (e.endpointId === 'a') digits.push(e.digit); });
    a.client.startTone(440, 4000);
    await sleep(200);
    await a.client.sendDigits('15#');
    await sleep(300);
    assert.deepEqual(digits, ['1', '5', '#']);
  } finally { await a.client.close(); await engine.close(); }
});

test('digits the bridge sends to an endpoint arrive as telephone-event packets with the negotiated payload type', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'send-dtmf' });
  const a = await join_(bridge, 'a');
  try {
    a.client.startTone(440, 4000);
    await sleep(100);
    await a.endpoint.sendDigits('7');
    await sleep(300);
    const events = a.client.received.filter((r) => r.payloadType === 101);
    assert.ok(events.length >= 1, 'a telephone-event packet arrived');
    assert.equal(events[0]?.payload[0], 7, 'event code 7');
  } finally { await a.client.close(); await engine.close(); }
});

test('an endpoint that stops sending RTP is reported lost after the silence timeout', async () => {
  const engine = await engineWith({ silenceTimeoutMs: 800 });
  const bridge = await engine.createBridge({ bridgeId: 'silence' });
  const a = await join_(bridge, 'a');
  try {
    a.client.startTone(440, 4000);
    await sleep(1000);
    const lost = nextEvent(bridge, 'endpointLost', (e) => e.endpointId === 'a', 5000);
    const stoppedAt = Date.now();
    a.client.stopSending();
    const event = await lost;
    assert.match(event.reason, /no RTP/);
    assert.ok(Date.now() - stoppedAt >= 700, 'not before the timeout');
  } finally { await a.client.close(); await engine.close(); }
});

test('a closed endpoint leaves the mix: its client hears nothing more and the meter drops it', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'leave' });
  const a = await join_(bridge, 'a');
  const b = await join_(bridge, 'b');
  try {
    bridge.setHearing({ version: 1, hears: { a: ['b'], b: ['a'] } });
    a.client.startTone(440, 4000);
    b.client.startTone(600, 4000);
    await sleep(600);
    assert.ok(b.client.audioPackets() > 10);
    b.endpoint.close();
    b.endpoint.close(); // idempotent
    assert.equal(b.endpoint.closed, true);
    await sleep(200);
    const after = b.client.received.length;
    await sleep(500);
    assert.equal(b.client.received.length, after, 'no packets after close');
    const meter = await bridge.meter();
    assert.equal(meter.b, undefined);
    await assert.rejects(b.endpoint.sendDigits('1'), { name: 'InvalidStateError' });
  } finally { await Promise.all([a.client.close(), b.client.close()]); await engine.close(); }
});

test('an offer that is not SDP, or has no PCMU, or carries video, is refused with TypeError', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'bad-offers' });
  const client = await createTestClient();
  try {
    await assert.rejects(bridge.addEndpoint({ endpointId: 'x', offer: 'hello' }), TypeError);
    const noPcmu = client.offer.replace(/^m=audio (\d+) (\S+) .*$/m, 'm=audio $1 $2 8').replace(/a=rtpmap:0 PCMU\/8000\r?\n/, '');
    await assert.rejects(bridge.addEndpoint({ endpointId: 'x', offer: noPcmu }), /PCMU/);
    const withVideo = `${client.offer.trimEnd()}\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\n`;
    await assert.rejects(bridge.addEndpoint({ endpointId: 'x', offer: withVideo }), /exactly one audio/);
  } finally { await client.close(); await engine.close(); }
});

test('an endpoint added again with the same id (a page reload) replaces the old one without reporting it lost', async () => {
  const engine = await engineWith({ silenceTimeoutMs: 1500 });
  const bridge = await engine.createBridge({ bridgeId: 'reload' });
  const lost: string[] = [];
  bridge.on('endpointLost', (e) => lost.push(e.endpointId));
  const a = await join_(bridge, 'a');
  const b = await join_(bridge, 'b');
  try {
    bridge.setHearing({ version: 1, hears: { a: ['b'], b: ['a'] } });
    b.client.startTone(600, 4000);
    a.client.startTone(440, 4000);
    await sleep(300);
    await a.client.close(); // the page died; the reloaded page offers again
    const client2 = await createTestClient();
    const adding = bridge.addEndpoint({ endpointId: 'a', offer: client2.offer });
    // The server drops the old handle while the new connection is being added: only the old one goes.
    a.endpoint.close();
    const endpoint2 = await adding;
    await client2.accept(endpoint2.answer);
    await client2.connected;
    const again = { client: client2, endpoint: endpoint2 };
    assert.equal(a.endpoint.closed, true, 'the old handle is closed');
    assert.equal(endpoint2.closed, false);
    again.client.startTone(440, 4000);
    await sleep(2000);
    assert.ok(again.client.heardEnergy(10) > 1000, `the reloaded page hears b: ${again.client.heardEnergy(10).toFixed(0)}`);
    assert.ok(((await bridge.meter()).a?.packetsIn ?? 0) > 30, 'the bridge hears the reloaded page');
    assert.deepEqual(lost, [], 'the replaced connection is not reported lost');
    await again.client.close();
  } finally { await b.client.close(); await engine.close(); }
});

test('a playback is a source: a listener whose row names it hears it (hold music), one whose row does not hears silence', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'hold' });
  const a = await join_(bridge, 'a');
  const b = await join_(bridge, 'b');
  try {
    a.client.startTone(440, 3000);
    b.client.startTone(600, 3000);
    await bridge.play({ playbackId: 'music', source: { kind: 'music' }, loop: true });
    bridge.setHearing({ version: 1, hears: { a: ['music'], b: [] } }); // a is held: only music
    await sleep(300);
    const markA = a.client.received.length;
    const markB = b.client.received.length;
    await sleep(1000);
    assert.ok(a.client.heardEnergy(markA) > 200, `a hears the music: ${a.client.heardEnergy(markA).toFixed(0)}`);
    assert.equal(b.client.heardEnergy(markB), 0, 'b hears nothing');
  } finally { await Promise.all([a.client.close(), b.client.close()]); await engine.close(); }
});

test('an endpoint whose page never connects (it died after offering) is reported lost after the silence timeout', async () => {
  const engine = await engineWith({ silenceTimeoutMs: 800 });
  const bridge = await engine.createBridge({ bridgeId: 'never' });
  const client = await createTestClient();
  try {
    const lost = nextEvent(bridge, 'endpointLost', (e) => e.endpointId === 'ghost', 5000);
    const connected: string[] = [];
    bridge.on('endpointConnected', (e) => connected.push(e.endpointId));
    await bridge.addEndpoint({ endpointId: 'ghost', offer: client.offer });
    await client.close(); // never applies the answer
    const event = await lost;
    assert.match(event.reason, /no RTP/);
    assert.deepEqual(connected, []);
  } finally { await engine.close(); }
});
