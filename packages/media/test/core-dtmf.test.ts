import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DtmfReceiver, DtmfSender, decodeTelephoneEvent, dtmfPackets, encodeTelephoneEvent, digitToEvent } from '../src/core/dtmf.ts';
import { Harness, PT_DTMF, constFrame, ulawOf } from './coreHarness.ts';

test('telephone-event payload encodes and decodes every field', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 255 }), fc.boolean(), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 0xffff }), (event, end, volume, duration) => {
      assert.deepEqual(decodeTelephoneEvent(encodeTelephoneEvent({ event, end, volume, duration })), { event, end, volume, duration });
    }),
  );
  assert.deepEqual([...encodeTelephoneEvent({ event: 11, end: true, volume: 10, duration: 800 })], [11, 0x8a, 0x03, 0x20]);
  assert.equal(decodeTelephoneEvent(new Uint8Array(3)), undefined);
});

test('digits map to RFC 4733 event codes: 0-9, * = 10, # = 11, A-D = 12-15; anything else is a TypeError', () => {
  assert.deepEqual(['0', '9', '*', '#', 'A', 'd'].map(digitToEvent), [0, 9, 10, 11, 12, 15]);
  assert.throws(() => digitToEvent('x'), TypeError);
  assert.throws(() => digitToEvent('12'), TypeError);
});

test('the packets for one digit: a start packet with the marker, continuations, then three end packets, all with the start timestamp', () => {
  const packets = dtmfPackets('5', 12_345);
  const decoded = packets.map((p) => ({ ...decodeTelephoneEvent(p.payload)!, ts: p.timestamp, marker: p.marker }));
  assert.deepEqual(
    decoded.map((d) => [d.event, d.end, d.duration, d.marker]),
    [
      [5, false, 160, true],
      [5, false, 320, false],
      [5, false, 480, false],
      [5, false, 640, false],
      [5, true, 800, false],
      [5, true, 800, false],
      [5, true, 800, false],
    ],
  );
  assert.ok(decoded.every((d) => d.ts === 12_345 && d.volume === 10));
});

test('the receiver reports a digit once per event, ignoring continuations and repeated end packets', () => {
  const rx = new DtmfReceiver();
  const got = dtmfPackets('7', 1000).map((p) => rx.receive(9, p.timestamp, p.payload));
  assert.deepEqual(got.filter((d) => d !== undefined), ['7']);
});

test('the same digit twice (two events, two timestamps) is reported twice; a lost start packet still yields the digit', () => {
  const rx = new DtmfReceiver();
  const first = dtmfPackets('3', 1000);
  const second = dtmfPackets('3', 3000).slice(2); // start and first continuation lost
  const got = [...first, ...second].map((p) => rx.receive(9, p.timestamp, p.payload)).filter((d) => d !== undefined);
  assert.deepEqual(got, ['3', '3']);
});

test('a long event continued in a new segment (timestamp = previous + duration) is not a new digit', () => {
  const rx = new DtmfReceiver();
  assert.equal(rx.receive(1, 0, encodeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 0xff00 })), '1');
  assert.equal(rx.receive(1, 0xff00, encodeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 160 })), undefined);
  assert.equal(rx.receive(1, 0xff00, encodeTelephoneEvent({ event: 1, end: true, volume: 10, duration: 320 })), undefined);
  assert.equal(rx.receive(1, 0xff00 + 2000, encodeTelephoneEvent({ event: 1, end: false, volume: 10, duration: 160 })), '1');
});

test('encode/decode round trip: any digit string sent by DtmfSender is received as the same digits', () => {
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9*#A-D]{1,12}$/), fc.integer({ min: 0, max: 0xffffffff }), (digits, start) => {
      const tx = new DtmfSender();
      tx.enqueue(digits);
      const rx = new DtmfReceiver();
      let got = '';
      for (let slot = 0; tx.busy && slot < 1000; slot++) {
        const p = tx.next((start + slot * 160) >>> 0);
        if (p) got += rx.receive(42, p.timestamp, p.payload) ?? '';
      }
      assert.equal(got, digits);
    }),
  );
});

test('the sender leaves a gap of audio slots between digits and pauses 2 s at a comma', () => {
  const tx = new DtmfSender({ toneMs: 100, gapMs: 60 });
  tx.enqueue('1,2');
  const slots: string[] = [];
  for (let slot = 0; tx.busy && slot < 400; slot++) slots.push(tx.next(slot * 160) ? 'E' : '-');
  const pattern = slots.join('');
  // 7 event packets, 3 slots of gap + 100 slots (2 s) of pause, 7 event packets, the trailing gap (the
  // sender notices it is idle on the slot after the gap, which is audio too)
  assert.equal(pattern, 'E'.repeat(7) + '-'.repeat(103) + 'E'.repeat(7) + '-'.repeat(4));
  assert.throws(() => tx.enqueue('12x'), TypeError);
  assert.equal(tx.busy, false, 'a rejected string queues nothing');
});

test('bridge: telephone-event packets are told apart by payload type before the jitter buffer and reported once', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.setHearing({ version: 1, hears: { agent: ['caller'], caller: ['agent'] } });
  for (const p of dtmfPackets('9', 70_000)) {
    h.dtmfPacket('caller', p.timestamp, p.payload);
    h.tick();
  }
  assert.deepEqual(h.events.dtmf.map((e) => [e.endpointId, e.digit]), [['caller', '9']]);
  // none of the event payloads reached the agent as audio
  assert.ok(h.sent.get('agent')!.every((p) => p.kind === 'audio' && p.payload.every((b) => b === 0xff)));
  assert.equal(h.core.meter().caller!.packetsLost, 0, 'events share the sequence space with audio');
});

test('bridge: sendDigits sends RFC 4733 packets on the endpoint\'s path instead of its audio, then audio resumes', () => {
  const h = new Harness().add('agent', 'ivr');
  h.core.setHearing({ version: 1, hears: { ivr: ['agent'], agent: ['ivr'] } });
  const voice = constFrame(ulawOf(3000));
  h.step({ agent: voice }, 3);
  h.core.sendDigits('ivr', '4#');
  h.step({ agent: voice }, 30);
  const toIvr = h.sent.get('ivr')!;
  const kinds = toIvr.map((p) => (p.kind === 'dtmf' ? 'E' : 'a')).join('');
  assert.match(kinds, /^a{3}E{7}a{3}E{7}a+$/);
  const rx = new DtmfReceiver();
  const digits = toIvr.filter((p) => p.kind === 'dtmf').map((p) => rx.receive(1, p.timestamp, p.payload) ?? '').join('');
  assert.equal(digits, '4#');
  // the event timestamp is the slot where the event started; audio timestamps keep the slot clock
  const firstEvent = toIvr[3]!;
  assert.equal(firstEvent.timestamp, toIvr[2]!.timestamp + 160);
  assert.equal(firstEvent.marker, true);
  assert.equal(toIvr[10]!.timestamp, toIvr[2]!.timestamp + 8 * 160);
  assert.equal(toIvr[10]!.marker, true, 'audio after an event starts a new talkspurt');
  assert.ok(toIvr[12]!.kind === 'audio' && toIvr[12]!.payload.every((b) => b === voice[0]));
});

test('bridge: digits sent by one bridge are received as the same digits by another (wire round trip)', () => {
  const a = new Harness().add('out');
  const b = new Harness().add('in');
  a.core.sendDigits('out', '0123456789*#');
  for (let i = 0; i < 200; i++) {
    a.tick();
    const p = a.last('out');
    if (p.kind === 'dtmf') b.dtmfPacket('in', p.timestamp, p.payload);
    b.tick();
  }
  assert.equal(b.events.dtmf.map((e) => e.digit).join(''), '0123456789*#');
});

test('bridge: sendDigits to an unknown endpoint or one without telephone-event is refused', () => {
  const h = new Harness().add('a');
  h.core.addEndpoint({ endpointId: 'nodtmf', send: () => {} });
  assert.throws(() => h.core.sendDigits('ghost', '1'), TypeError);
  assert.throws(() => h.core.sendDigits('nodtmf', '1'), TypeError);
  assert.equal(PT_DTMF, 101);
});
