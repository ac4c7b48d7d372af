import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DigitCollection } from '../src/core/digits.ts';
import { dtmfPackets } from '../src/core/dtmf.ts';
import { Harness, constFrame, ulawOf } from './coreHarness.ts';
import type { DigitCollectionOptions } from '../src/facade.ts';

const options = (o: Partial<DigitCollectionOptions> = {}): DigitCollectionOptions => ({
  collectionId: 'c1',
  endpointId: 'caller',
  maxDigits: 4,
  firstDigitTimeoutMs: 5000,
  interDigitTimeoutMs: 3000,
  ...o,
});

/** The caller keys `digits` (each a whole RFC 4733 event, delivered between two ticks). */
function key(h: Harness, digits: string): void {
  for (const d of digits) {
    const ts = h.stream('caller').ts;
    for (const p of dtmfPackets(d, ts)) h.dtmfPacket('caller', p.timestamp, p.payload);
    h.stream('caller').ts = (ts + 1600) >>> 0;
    h.tick();
  }
}

test('collection ends at maxDigits with exactly those digits', () => {
  const c = new DigitCollection(options({ maxDigits: 3 }));
  assert.equal(c.digit('1'), undefined);
  assert.equal(c.digit('2'), undefined);
  assert.deepEqual(c.digit('3'), { collectionId: 'c1', digits: '123', reason: 'maxDigits' });
  assert.equal(c.digit('4'), undefined, 'nothing after the end');
});

test('the terminator ends input and is not part of it; it defaults to # for maxDigits > 1 and to none for 1', () => {
  const multi = new DigitCollection(options());
  multi.digit('4');
  multi.digit('2');
  assert.deepEqual(multi.digit('#'), { collectionId: 'c1', digits: '42', reason: 'terminator' });
  const menu = new DigitCollection(options({ maxDigits: 1 }));
  assert.deepEqual(menu.digit('#'), { collectionId: 'c1', digits: '#', reason: 'maxDigits' });
  const star = new DigitCollection(options({ terminator: '*' }));
  star.digit('#');
  assert.deepEqual(star.digit('*'), { collectionId: 'c1', digits: '#', reason: 'terminator' });
  const none = new DigitCollection(options({ maxDigits: 2, terminator: '' }));
  none.digit('#');
  assert.deepEqual(none.digit('1'), { collectionId: 'c1', digits: '#1', reason: 'maxDigits' });
});

test('first-digit and inter-digit timeouts run on tick times', () => {
  const c = new DigitCollection(options({ firstDigitTimeoutMs: 100, interDigitTimeoutMs: 60 }));
  assert.equal(c.tick(1000), undefined); // clock starts: deadline 1100
  assert.equal(c.tick(1080), undefined);
  assert.deepEqual(c.tick(1100), { collectionId: 'c1', digits: '', reason: 'timeout' });
  const d = new DigitCollection(options({ firstDigitTimeoutMs: 100, interDigitTimeoutMs: 60 }));
  d.tick(1000);
  d.digit('7');
  assert.equal(d.tick(1020), undefined); // inter-digit deadline 1080
  assert.equal(d.tick(1060), undefined);
  assert.deepEqual(d.tick(1080), { collectionId: 'c1', digits: '7', reason: 'timeout' });
});

test('malformed options are a TypeError', () => {
  assert.throws(() => new DigitCollection(options({ maxDigits: 0 })), TypeError);
  assert.throws(() => new DigitCollection(options({ maxDigits: 1.5 })), TypeError);
  assert.throws(() => new DigitCollection(options({ firstDigitTimeoutMs: -1 })), TypeError);
  assert.throws(() => new DigitCollection(options({ terminator: 'x' })), TypeError);
  assert.throws(() => new DigitCollection(options({ collectionId: '' })), TypeError);
});

test('bridge: a caller\'s digits are collected and reported as digitsCollected', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.collectDigits(options({ maxDigits: 6 }));
  key(h, '123#');
  assert.deepEqual(h.events.digitsCollected, [{ collectionId: 'c1', digits: '123', reason: 'terminator' }]);
  assert.deepEqual(h.events.dtmf.map((e) => e.digit).join(''), '123#');
});

test('bridge: digits from another endpoint do not count', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.collectDigits(options({ endpointId: 'agent', maxDigits: 1, firstDigitTimeoutMs: 200 }));
  key(h, '5');
  for (let i = 0; i < 12; i++) h.tick();
  assert.deepEqual(h.events.digitsCollected, [{ collectionId: 'c1', digits: '', reason: 'timeout' }]);
});

test('bridge: the first-digit timeout fires on the tick at its deadline, and only then', () => {
  const h = new Harness().add('caller');
  h.core.collectDigits(options({ firstDigitTimeoutMs: 100 }));
  const start = h.now;
  while (h.events.digitsCollected.length === 0 && h.now < start + 1000) h.tick();
  assert.equal(h.now - 20 - start, 100, 'ended by the tick 100 ms after the first');
  assert.deepEqual(h.events.digitsCollected[0], { collectionId: 'c1', digits: '', reason: 'timeout' });
});

test('bridge: afterPlaybackId holds the clock until the prompt ends, and digits during the prompt still count', () => {
  const h = new Harness().add('caller');
  const prompt = constFrame(ulawOf(3000)).slice(0, 160);
  const long = new Uint8Array(160 * 50).fill(prompt[0]!); // 1 s prompt
  h.core.play({ playbackId: 'menu', audio: long, loop: false, stopOnDigit: false });
  h.core.setHearing({ version: 1, hears: { caller: ['menu'] } });
  h.core.collectDigits(options({ maxDigits: 3, firstDigitTimeoutMs: 100, interDigitTimeoutMs: 100, afterPlaybackId: 'menu' }));
  for (let i = 0; i < 10; i++) h.tick(); // 200 ms: longer than the timeouts, but the prompt is playing
  key(h, '8'); // during the prompt
  for (let i = 0; i < 30; i++) h.tick();
  assert.deepEqual(h.events.digitsCollected, [], 'no timeout while the prompt plays');
  while (h.events.playbackDone.length === 0) h.tick();
  const endedAt = h.now - 20;
  while (h.events.digitsCollected.length === 0) h.tick();
  assert.equal(h.now - 20 - endedAt, 100, 'the inter-digit timeout counted from the end of the prompt');
  assert.deepEqual(h.events.digitsCollected[0], { collectionId: 'c1', digits: '8', reason: 'timeout' });
});

test('bridge: a collection whose prompt already ended starts its clock at once', () => {
  const h = new Harness().add('caller');
  h.core.play({ playbackId: 'q', audio: new Uint8Array(160).fill(0x40), loop: false, stopOnDigit: false });
  h.tick();
  assert.deepEqual(h.events.playbackDone, [{ playbackId: 'q', reason: 'ended' }]);
  h.core.collectDigits(options({ firstDigitTimeoutMs: 40, afterPlaybackId: 'q' }));
  for (let i = 0; i < 3; i++) h.tick();
  assert.deepEqual(h.events.digitsCollected, [{ collectionId: 'c1', digits: '', reason: 'timeout' }]);
});

test('bridge: stopOnDigit stops the prompt in the same tick the digit arrives, and the menu collects that digit', () => {
  const h = new Harness().add('caller', 'agent');
  const prompt = new Uint8Array(160 * 100).fill(ulawOf(6000));
  h.core.play({ playbackId: 'menu', audio: prompt, loop: false, stopOnDigit: true });
  h.core.play({ playbackId: 'music', audio: new Uint8Array(160).fill(ulawOf(-500)), loop: true, stopOnDigit: false });
  h.core.setHearing({ version: 1, hears: { caller: ['menu'], agent: ['music'] } });
  h.core.collectDigits(options({ maxDigits: 1, afterPlaybackId: 'menu' }));
  for (let i = 0; i < 5; i++) h.tick();
  assert.equal(h.lastAudio('caller')[0], ulawOf(6000));
  const ts = h.stream('caller').ts;
  h.dtmfPacket('caller', ts, dtmfPackets('2', ts)[0]!.payload); // the start packet only
  assert.deepEqual(h.events.playbackDone, [{ playbackId: 'menu', reason: 'digit' }], 'stopped on receipt');
  assert.deepEqual(h.events.digitsCollected, [{ collectionId: 'c1', digits: '2', reason: 'maxDigits' }]);
  h.tick();
  assert.ok(h.lastAudio('caller').every((b) => b === 0xff), 'the next frame has no prompt');
  assert.equal(h.lastAudio('agent')[0], ulawOf(-500), 'a playback the caller does not hear goes on');
  // a digit from an endpoint that does not hear a stopOnDigit playback leaves it alone
  h.core.play({ playbackId: 'menu2', audio: prompt, loop: false, stopOnDigit: true });
  h.core.setHearing({ version: 2, hears: { caller: ['menu2'] } });
  h.tick();
  h.dtmfPacket('agent', 1234, dtmfPackets('3', 1234)[0]!.payload);
  assert.equal(h.events.playbackDone.length, 1);
});

test('bridge: stopCollecting reports stopped with what was keyed; unknown ids are ignored quietly', () => {
  const h = new Harness().add('caller');
  h.core.collectDigits(options());
  key(h, '9');
  h.core.stopCollecting('c1');
  h.core.stopCollecting('c1');
  h.core.stopCollecting('nope');
  assert.deepEqual(h.events.digitsCollected, [{ collectionId: 'c1', digits: '9', reason: 'stopped' }]);
  h.core.collectDigits(options());
  assert.throws(() => h.core.collectDigits(options()), TypeError, 'the same id twice while running');
});
