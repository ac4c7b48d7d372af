import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBridgeCore } from '../src/core/bridgeCore.ts';
import { InvalidStateError } from '../src/facade.ts';
import type { OutboundRtp } from '../src/core/port.ts';
import { Harness, constFrame, ulawOf } from './coreHarness.ts';

test('outgoing timestamps step exactly 160 per frame slot, one packet per endpoint per tick', () => {
  const h = new Harness().add('a', 'b');
  for (let i = 0; i < 10; i++) h.tick();
  for (const id of ['a', 'b']) {
    const ts = h.sent.get(id)!.map((p) => p.timestamp);
    assert.equal(ts.length, 10);
    ts.slice(1).forEach((t, i) => assert.equal(t - ts[i]!, 160));
  }
  assert.equal(h.sent.get('a')![0]!.marker, true, 'the first packet starts a talkspurt');
  assert.ok(h.sent.get('a')!.slice(1).every((p) => !p.marker));
});

test('skipped slots still advance the timestamp (160 per slot) and nothing is burst', () => {
  const h = new Harness().add('a');
  h.tick(); // slot 0
  h.tick(); // slot 1
  h.now += 20 * 4; // a stall: slots 2–5 missed
  h.tick(); // slot 6
  h.now -= 5; // a slightly early deadline still rounds to its slot
  h.tick(); // slot 7
  const ts = h.sent.get('a')!.map((p) => p.timestamp);
  assert.deepEqual(ts.map((t) => t - ts[0]!), [0, 160, 960, 1120]);
});

test('a tick for a slot already done is ignored; timestamps wrap at 2^32', () => {
  const h = new Harness().add('a');
  h.tick();
  h.core.tick(h.now - 20);
  h.core.tick(h.now - 25);
  assert.equal(h.sent.get('a')!.length, 1);
  const core = createBridgeCore({ bridgeId: 'wrap' });
  const got: number[] = [];
  core.addEndpoint({ endpointId: 'x', send: (p) => got.push(p.timestamp) });
  core.tick(0);
  const slotsToWrap = Math.ceil(2 ** 32 / 160);
  core.tick(20 * (slotsToWrap - 1));
  core.tick(20 * slotsToWrap);
  assert.equal(got[1], (160 * (slotsToWrap - 1)) % 2 ** 32);
  assert.equal(got[2], (160 * slotsToWrap) % 2 ** 32);
  assert.ok(got.every((t) => Number.isInteger(t) && t >= 0 && t < 2 ** 32));
});

test('a stall drops stale incoming audio instead of growing latency', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.setHearing({ version: 1, hears: { agent: ['caller'] } });
  const frames = Array.from({ length: 12 }, (_, n) => constFrame(0x10 + n));
  for (let n = 0; n < 4; n++) h.step({ caller: frames[n]! });
  for (let n = 4; n < 8; n++) h.talk('caller', frames[n]!); // packets keep arriving during a 60 ms stall
  h.now += 60;
  h.step({ caller: frames[8]! });
  h.step({ caller: frames[9]! });
  const toAgent = h.sent.get('agent')!.map((p) => p.payload[0]);
  // slot k plays frame k − 2 (the 40 ms delay). Slots 4–6 are skipped, so frames 2–4 are dropped and
  // slot 7 plays frame 5: the delay is still two frames, not five.
  assert.deepEqual(toAgent, [0xff, 0xff, 0x10, 0x11, 0x15, 0x16]);
});

test('a playback plays once and reports ended; a looping one plays on; stopping reports stopped once', () => {
  const h = new Harness().add('caller');
  const clip = Uint8Array.from({ length: 400 }, (_, i) => 0x20 + (i % 50));
  h.core.play({ playbackId: 'once', audio: clip, loop: false, stopOnDigit: false });
  h.core.play({ playbackId: 'loop', audio: clip, loop: true, stopOnDigit: false });
  h.core.setHearing({ version: 1, hears: { caller: ['once'] } });
  h.tick();
  h.tick();
  assert.deepEqual(h.events.playbackDone, []);
  h.tick(); // third frame: the last 80 bytes, then silence
  assert.deepEqual(h.lastAudio('caller').subarray(0, 80), clip.subarray(320, 400));
  assert.ok(h.lastAudio('caller').subarray(80).every((b) => b === 0xff));
  assert.deepEqual(h.events.playbackDone, [{ playbackId: 'once', reason: 'ended' }]);
  h.core.setHearing({ version: 2, hears: { caller: ['loop'] } });
  h.tick(); // loop is on its 4th frame: bytes 480..640 of the looped clip = 80..240
  assert.deepEqual(h.lastAudio('caller'), clip.subarray(80, 240));
  h.core.stopPlayback('loop');
  h.core.stopPlayback('loop');
  h.core.stopPlayback('never-existed');
  assert.deepEqual(h.events.playbackDone.slice(1), [{ playbackId: 'loop', reason: 'stopped' }]);
  h.tick();
  assert.ok(h.lastAudio('caller').every((b) => b === 0xff));
});

test('a throwing event listener does not break the tick or other listeners', () => {
  const h = new Harness().add('caller', 'agent');
  const seen: string[] = [];
  h.core.onEvent('playbackDone', () => {
    throw new Error('listener bug');
  });
  h.core.onEvent('playbackDone', (e) => seen.push(e.playbackId));
  h.core.play({ playbackId: 'p', audio: new Uint8Array(160), loop: false, stopOnDigit: false });
  h.core.setHearing({ version: 1, hears: { caller: ['agent'] } });
  h.step({ agent: constFrame(0x30) }, 5);
  assert.deepEqual(seen, ['p']);
  assert.equal(h.errors.length, 1);
  assert.equal(h.sent.get('caller')!.length, 5, 'every tick still sent');
  assert.equal(h.lastAudio('caller')[0], 0x30);
});

test('a throwing send callback does not stop other endpoints from being sent to', () => {
  const errors: unknown[] = [];
  const core = createBridgeCore({ bridgeId: 'b', onListenerError: (e) => errors.push(e) });
  const got: OutboundRtp[] = [];
  core.addEndpoint({ endpointId: 'bad', send: () => { throw new Error('socket gone'); } });
  core.addEndpoint({ endpointId: 'good', send: (p) => got.push(p) });
  core.tick(0);
  core.tick(20);
  assert.equal(got.length, 2);
  assert.equal(errors.length, 2);
  assert.equal(core.meter().bad!.packetsOut, 0);
  assert.equal(core.meter().good!.packetsOut, 2);
});

test('a listener may call back into the core: events are delivered after the state change that caused them', () => {
  const h = new Harness().add('caller');
  h.core.onEvent('playbackDone', (e) => {
    if (e.playbackId === 'first') h.core.play({ playbackId: 'second', audio: new Uint8Array(320).fill(0x50), loop: false, stopOnDigit: false });
  });
  h.core.setHearing({ version: 1, hears: { caller: ['first', 'second'] } });
  h.core.play({ playbackId: 'first', audio: new Uint8Array(160).fill(0x40), loop: false, stopOnDigit: false });
  h.tick();
  h.tick();
  assert.deepEqual(h.sent.get('caller')!.map((p) => p.payload[0]), [0x40, 0x50]);
});

test('the meter counts packets in and out and sequence gaps', () => {
  const h = new Harness().add('caller', 'agent');
  const f = constFrame(ulawOf(1200));
  h.step({ caller: f }, 5);
  h.stream('caller').seq += 3; // three packets lost on the way
  h.step({ caller: f }, 5);
  const m = h.core.meter().caller!;
  assert.deepEqual([m.packetsIn, m.packetsOut, m.packetsLost], [10, 10, 3]);
});

test('an endpoint added again with the same id (a page reload) replaces the old one', () => {
  const h = new Harness().add('caller', 'agent');
  const old = h.sent.get('caller')!;
  h.core.setHearing({ version: 1, hears: { caller: ['agent'] } });
  h.step({ agent: constFrame(0x33) }, 3);
  h.add('caller');
  h.step({ agent: constFrame(0x33) }, 2);
  assert.equal(old.length, 3, 'the old connection is sent nothing more');
  assert.equal(h.sent.get('caller')!.length, 2);
  assert.equal(h.lastAudio('caller')[0], 0x33);
});

test('after close, calls reject with InvalidStateError; ticks and packets are ignored; close is idempotent', async () => {
  const h = new Harness().add('a');
  await h.core.close();
  await h.core.close();
  assert.throws(() => h.core.play({ playbackId: 'p', audio: new Uint8Array(1), loop: false, stopOnDigit: false }), InvalidStateError);
  assert.throws(() => h.core.setHearing({ version: 1, hears: {} }), InvalidStateError);
  assert.throws(() => h.core.addEndpoint({ endpointId: 'z', send: () => {} }), InvalidStateError);
  h.tick();
  h.talk('a', constFrame(1));
  assert.equal(h.sent.get('a')!.length, 0);
});

test('bad arguments raise TypeError', () => {
  const h = new Harness().add('a');
  assert.throws(() => createBridgeCore({ bridgeId: '' }), TypeError);
  assert.throws(() => h.core.addEndpoint({ endpointId: '', send: () => {} }), TypeError);
  assert.throws(() => h.core.play({ playbackId: 'p', audio: [1, 2] as unknown as Uint8Array, loop: false, stopOnDigit: false }), TypeError);
  assert.throws(() => h.core.play({ playbackId: 'a', audio: new Uint8Array(1), loop: false, stopOnDigit: false }), TypeError, 'an endpoint id');
  h.core.play({ playbackId: 'p', audio: new Uint8Array(1), loop: true, stopOnDigit: false });
  assert.throws(() => h.core.play({ playbackId: 'p', audio: new Uint8Array(1), loop: true, stopOnDigit: false }), TypeError, 'already playing');
  assert.throws(() => h.core.tick(Number.NaN), TypeError);
});
