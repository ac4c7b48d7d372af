import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaEngine, type MediaEngineInternals } from '../src/engine.ts';
import { InvalidStateError, type MediaEngine } from '../src/facade.ts';
import { MessageChannel } from 'node:worker_threads';
import { Channel, portOfMessagePort } from '../src/channel.ts';
import { BridgeHandle } from '../src/bridge.ts';
import { startWorkerHost, type AudioRenderer } from '../src/worker/host.ts';
import { createBridgeCore } from '../src/core/bridgeCore.ts';

/** The facade's object rules, on an in-process host (workers: 0) with the test core. */

const dir = mkdtempSync(join(tmpdir(), 'media-engine-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function engineWith(internals: MediaEngineInternals = {}): Promise<MediaEngine> {
  return createMediaEngine({ workers: 0, cacheDir: dir }, internals);
}

test('every call on a closed bridge rejects with InvalidStateError (setHearing throws it); close is idempotent', async () => {
  const engine = await engineWith();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'b' });
    bridge.close();
    bridge.close();
    assert.equal(bridge.closed, true);
    await assert.rejects(bridge.addEndpoint({ endpointId: 'e', offer: 'v=0' }), InvalidStateError);
    await assert.rejects(bridge.play({ playbackId: 'p', source: { kind: 'music' } }), InvalidStateError);
    await assert.rejects(bridge.record({ path: join(dir, 'x.wav'), left: [] }), InvalidStateError);
    await assert.rejects(bridge.meter(), InvalidStateError);
    await assert.rejects(bridge.collectDigits({
      collectionId: 'c', endpointId: 'e', maxDigits: 1, firstDigitTimeoutMs: 1000, interDigitTimeoutMs: 1000,
    }), InvalidStateError);
    assert.throws(() => bridge.setHearing({ version: 1, hears: {} }), InvalidStateError);
    bridge.stopCollecting('c'); // quiet
  } finally { await engine.close(); }
});

test('bad arguments raise TypeError: bridge ids, duplicate bridges, matrices, digits', async () => {
  const engine = await engineWith();
  try {
    await assert.rejects(engine.createBridge({ bridgeId: '' }), TypeError);
    const bridge = await engine.createBridge({ bridgeId: 'dup' });
    await assert.rejects(engine.createBridge({ bridgeId: 'dup' }), TypeError);
    assert.throws(() => bridge.setHearing({ version: 1, hears: { a: 'b' as unknown as string[] } }), TypeError);
    assert.throws(() => bridge.setHearing(null as never), TypeError);
    await assert.rejects(bridge.addEndpoint({ endpointId: '', offer: 'v=0' }), TypeError);
    await assert.rejects(bridge.collectDigits({
      collectionId: 'c', endpointId: 'e', maxDigits: 0, firstDigitTimeoutMs: 1, interDigitTimeoutMs: 1,
    }), TypeError);
  } finally { await engine.close(); }
});

test('closing a bridge finalizes its recording: stop() afterwards resolves with the finished file', async () => {
  const engine = await engineWith();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'rec' });
    const path = join(dir, 'sub', 'rec.wav');
    const recording = await bridge.record({ path, left: ['customer'] });
    await sleep(300);
    bridge.close();
    assert.equal(recording.closed, true);
    const result = await recording.stop();
    assert.equal(result.path, path);
    assert.ok(result.durationMs >= 100, `duration ${result.durationMs}`);
    assert.equal(statSync(path).size, result.bytes);
    const header = readFileSync(path).subarray(0, 44);
    assert.equal(header.toString('ascii', 0, 4), 'RIFF', 'the header was written');
    assert.equal(header.readUInt32LE(4), result.bytes - 8, 'the RIFF size was patched on close');
    assert.equal(header.readUInt16LE(22), 2, 'two channels');
  } finally { await engine.close(); }
});

test('recording.stop() finishes the file once; a second stop returns the same result', async () => {
  const engine = await engineWith();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'rec2' });
    const recording = await bridge.record({ path: join(dir, 'rec2.wav'), left: [] });
    await sleep(100);
    const first = recording.stop();
    assert.equal(recording.stop(), first);
    const result = await first;
    assert.equal(statSync(result.path).size, result.bytes);
    // A new recording may start once the first finished.
    const again = await bridge.record({ path: join(dir, 'rec2b.wav'), left: [] });
    await sleep(60);
    const second = await again.stop();
    assert.equal(second.path, join(dir, 'rec2b.wav'));
    bridge.close();
  } finally { await engine.close(); }
});

test('engine.close() finalizes running recordings and later calls reject InvalidStateError', async () => {
  const engine = await engineWith();
  const bridge = await engine.createBridge({ bridgeId: 'end' });
  const recording = await bridge.record({ path: join(dir, 'end.wav'), left: [] });
  await sleep(100);
  await engine.close();
  assert.equal(engine.closed, true);
  assert.equal(bridge.closed, true);
  const result = await recording.stop();
  assert.ok(result.bytes > 44);
  await assert.rejects(engine.createBridge({ bridgeId: 'late' }), InvalidStateError);
  await engine.close(); // idempotent
});

test('play() of a source that cannot be rendered rejects with the renderer\'s error and leaves no playback behind', async () => {
  const engine = await engineWith();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'play' });
    const missing = join(dir, 'no-such-prompt.wav');
    await assert.rejects(bridge.play({ playbackId: 'p1', source: { kind: 'file', path: missing } }), /no-such-prompt|ENOENT/);
    // The same id is free again: the failed playback was not kept.
    const ok = await bridge.play({ playbackId: 'p1', source: { kind: 'tone', tone: 'beep' } });
    assert.equal(ok.closed, false);
  } finally { await engine.close(); }
});

test('the built-in renderer plays tones, music and text in the worker; the engine\'s tts flag is the renderer\'s', async () => {
  const engine = await engineWith();
  try {
    assert.equal(engine.tts, existsSync('/usr/bin/espeak-ng') || existsSync('/usr/local/bin/espeak-ng'));
    const bridge = await engine.createBridge({ bridgeId: 'render' });
    const done: string[] = [];
    bridge.on('playbackDone', (e) => done.push(`${e.playbackId} ${e.reason}`));
    await bridge.play({ playbackId: 'beep', source: { kind: 'tone', tone: 'beep' } });
    const music = await bridge.play({ playbackId: 'music', source: { kind: 'music' }, loop: true });
    const prompt = await bridge.play({ playbackId: 'hello', source: { kind: 'text', text: 'Hello' } });
    for (let i = 0; i < 50 && done.length < 2; i++) await sleep(100);
    assert.deepEqual(done.sort(), ['beep ended', 'hello ended']);
    assert.equal(prompt.closed, true);
    assert.equal(music.closed, false, 'looped music plays until stopped');
    music.close();
    await sleep(100);
    assert.ok(done.includes('music stopped'));
  } finally { await engine.close(); }
});

test('a playback renders in the worker, plays to its end (playbackDone ended) or until closed (stopped); the engine reports the renderer\'s tts', async () => {
  const rendered: string[] = [];
  const renderer: AudioRenderer = {
    tts: async () => true,
    async render(source) { rendered.push(source.kind); return new Uint8Array(1600).fill(0x80); }, // 200 ms
  };
  const engine = await engineWith({ renderer });
  try {
    assert.equal(engine.tts, true);
    const bridge = await engine.createBridge({ bridgeId: 'play2' });
    const done: string[] = [];
    bridge.on('playbackDone', (e) => done.push(`${e.playbackId} ${e.reason}`));
    const short = await bridge.play({ playbackId: 'short', source: { kind: 'tone', tone: 'beep' } });
    const looped = await bridge.play({ playbackId: 'music', source: { kind: 'music' }, loop: true });
    await sleep(600);
    assert.deepEqual(done, ['short ended']);
    assert.equal(short.closed, true, 'a playback that ended is closed');
    assert.equal(looped.closed, false);
    looped.close();
    looped.close();
    await sleep(100);
    assert.deepEqual(done, ['short ended', 'music stopped']);
    assert.deepEqual(rendered, ['tone', 'music']);
    short.close(); // already ended: quiet
  } finally { await engine.close(); }
});

test('requests for objects the worker already freed: stops and closes resolve quietly, other calls reject InvalidStateError', async () => {
  const { port1, port2 } = new MessageChannel();
  const host = startWorkerHost(portOfMessagePort(port2), { ice: {} }, { createCore: createBridgeCore });
  const channel = new Channel(portOfMessagePort(port1), { timeoutMs: 2000 });
  try {
    await channel.request('bridge.create', 'gone', {});
    await channel.request('bridge.close', 'gone', {});
    // The main side may still believe these exist (mediasoup #1121).
    assert.deepEqual(await channel.request('bridge.close', 'gone', {}), {});
    assert.deepEqual(await channel.request('bridge.closeEndpoint', 'gone', { endpointId: 'a', connectionId: 'a#1' }), {});
    assert.deepEqual(await channel.request('bridge.stopPlayback', 'gone', { playbackId: 'p' }), {});
    assert.deepEqual(await channel.request('bridge.stopCollecting', 'gone', { collectionId: 'c' }), {});
    assert.deepEqual(await channel.request('bridge.stopRecording', 'gone', {}), {});
    await assert.rejects(channel.request('bridge.meter', 'gone', {}), InvalidStateError);
    await assert.rejects(channel.request('bridge.setHearing', 'gone', { version: 1, hears: {} }), InvalidStateError);
    assert.equal(host.bridgeCount, 0);
  } finally { channel.close(); await host.close(); }
});

test('a listener that throws does not stop other listeners, and unsubscribing stops delivery', async () => {
  const engine = await engineWith();
  try {
    const bridge = await engine.createBridge({ bridgeId: 'listeners' });
    const seen: string[] = [];
    bridge.on('dtmf', () => { throw new Error('bad listener'); });
    const off = bridge.on('dtmf', (e) => seen.push(e.digit));
    // No endpoint here can send DTMF; dispatch as the channel would.
    (bridge as unknown as { dispatch(e: string, b: unknown): void }).dispatch('dtmf', { endpointId: 'a', digit: '3', at: 0 });
    off();
    (bridge as unknown as { dispatch(e: string, b: unknown): void }).dispatch('dtmf', { endpointId: 'a', digit: '4', at: 0 });
    assert.deepEqual(seen, ['3']);
  } finally { await engine.close(); }
});

test('closing a bridge sends one close request; its endpoints and playbacks close with it and send nothing more', async () => {
  // A port that answers every request at once and records what was sent.
  const sent: string[] = [];
  let deliver: ((m: unknown) => void) | undefined;
  const channel = new Channel({
    postMessage: (m) => {
      if (m.kind !== 'request') return;
      sent.push(m.method);
      const body = m.method === 'bridge.addEndpoint' ? { answer: 'v=0' } : {};
      queueMicrotask(() => deliver?.({ kind: 'response', id: m.id, ok: true, body }));
    },
    onMessage: (l) => { deliver = l; },
    close: () => {},
  }, { timeoutMs: 1000 });
  const bridge = new BridgeHandle('b', channel, () => {});
  const endpoint = await bridge.addEndpoint({ endpointId: 'a', offer: 'v=0' });
  const playback = await bridge.play({ playbackId: 'p', source: { kind: 'music' } });
  sent.length = 0;
  bridge.close();
  assert.equal(endpoint.closed, true);
  assert.equal(playback.closed, true);
  endpoint.close();
  playback.close();
  bridge.close();
  await sleep(10);
  assert.deepEqual(sent, ['bridge.close']);
  channel.close();
});
