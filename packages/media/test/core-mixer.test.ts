import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mixFrame, mixFromShared, planMix, sumShared, validateHearingMatrix, type MixSource } from '../src/core/mixer.ts';
import { decodeInto, decodeSample, encodeSample } from '../src/core/g711.ts';
import { Harness, constFrame, lin, meanAbs, sineFrame, ulawOf } from './coreHarness.ts';
import { holdMusic } from '../src/audio/music.ts';

const source = (ulaw: Uint8Array): MixSource => {
  const pcm = new Int16Array(160);
  return { ulaw, pcm, decode: () => decodeInto(ulaw, pcm) };
};
/** What a listener must get for these source frames: silence, the one frame byte for byte, or the clipped sum. */
function expectedMix(frames: Uint8Array[]): Uint8Array {
  if (frames.length === 0) return new Uint8Array(160).fill(0xff);
  if (frames.length === 1) return frames[0]!.slice();
  const out = new Uint8Array(160);
  for (let i = 0; i < 160; i++) out[i] = encodeSample(frames.reduce((s, f) => s + decodeSample(f[i]!), 0));
  return out;
}

const C = constFrame(ulawOf(1000));
const A = constFrame(ulawOf(2000));
const B = constFrame(ulawOf(4000));
const S = constFrame(ulawOf(8000));

test('mixFrame: no source is μ-law silence, one source passes through byte for byte, several are summed and clipped once', () => {
  const out = new Uint8Array(160);
  const acc = new Int32Array(160);
  mixFrame([], 0, out, acc);
  assert.ok(out.every((b) => b === 0xff));
  const noisy = Uint8Array.from({ length: 160 }, (_, i) => (i * 37 + 11) & 0xff);
  mixFrame([source(noisy)], 1, out, acc);
  assert.deepEqual(out, noisy);
  const loud = constFrame(ulawOf(30000));
  mixFrame([source(loud), source(loud), source(constFrame(ulawOf(-30000)))], 3, out, acc);
  // 30000 + 30000 − 30000: summed first (Int32), clipped once → about 30000, not 32767 − 30000
  assert.ok(Math.abs(lin(out[0]!) - lin(loud[0]!)) < 1100, `got ${lin(out[0]!)}`);
  mixFrame([source(loud), source(loud)], 2, out, acc);
  assert.equal(lin(out[0]!), 32124, 'the sum clips to the largest μ-law value');
});

test('four parties on one bridge: each listener hears exactly the sum of its row', () => {
  const h = new Harness().add('caller', 'agent', 'supervisor', 'third');
  h.core.setHearing({ version: 1, hears: { caller: ['agent', 'third'], agent: ['caller', 'third'], supervisor: ['caller', 'agent', 'third'], third: ['caller', 'agent'] } });
  h.step({ caller: C, agent: A, supervisor: S, third: B }, 4);
  assert.deepEqual(h.lastAudio('caller'), expectedMix([A, B]));
  assert.deepEqual(h.lastAudio('agent'), expectedMix([C, B]));
  assert.deepEqual(h.lastAudio('supervisor'), expectedMix([C, A, B]));
  assert.deepEqual(h.lastAudio('third'), expectedMix([C, A]));
  // nobody hears the supervisor (monitor): the value 8000 is in no one's mix
  assert.equal(lin(h.lastAudio('caller')[0]!), lin(encodeSample(lin(A[0]!) + lin(B[0]!))));
});

test('listeners tell speakers apart by frequency: a whispered agent hears the supervisor, the caller does not', () => {
  const h = new Harness().add('caller', 'agent', 'supervisor');
  h.core.setHearing({ version: 1, hears: { caller: ['agent'], agent: ['caller', 'supervisor'], supervisor: ['caller', 'agent'] } });
  for (let n = 0; n < 10; n++) h.step({ caller: sineFrame(300, 4000, n), agent: sineFrame(700, 4000, n), supervisor: sineFrame(1900, 4000, n) });
  const power = (frame: Uint8Array, freq: number) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < 160; i++) {
      re += decodeSample(frame[i]!) * Math.cos((2 * Math.PI * freq * i) / 8000);
      im += decodeSample(frame[i]!) * Math.sin((2 * Math.PI * freq * i) / 8000);
    }
    return Math.hypot(re, im) / 160;
  };
  const toCaller = h.lastAudio('caller');
  const toAgent = h.lastAudio('agent');
  assert.ok(power(toCaller, 700) > 1000 && power(toCaller, 1900) < 100 && power(toCaller, 300) < 100, 'caller hears the agent only');
  assert.ok(power(toAgent, 300) > 1000 && power(toAgent, 1900) > 1000 && power(toAgent, 700) < 100, 'agent hears caller and supervisor');
});

test('a listener with exactly one source gets its μ-law bytes unchanged', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.setHearing({ version: 1, hears: { caller: ['agent'], agent: ['caller'] } });
  const frames = Array.from({ length: 8 }, (_, n) => Uint8Array.from({ length: 160 }, (_, i) => (i * 31 + n * 7 + 0x7f) & 0xff));
  frames.forEach((f) => h.step({ caller: f }));
  h.step({}, 2);
  const audio = h.sent.get('agent')!.map((p) => p.payload);
  // after the 40 ms playout delay, frame n arrives at tick n + 2, byte for byte (0x7F included)
  for (let n = 0; n < 8; n++) assert.deepEqual(audio[n + 2], frames[n]);
});

test('fail closed: an endpoint missing from the matrix hears no one and is heard by no one', () => {
  const h = new Harness().add('caller', 'agent', 'stranger');
  h.core.setHearing({ version: 1, hears: { caller: ['agent'], agent: ['caller'] } });
  h.step({ caller: C, agent: A, stranger: S }, 4);
  assert.ok(h.lastAudio('stranger').every((b) => b === 0xff), 'the stranger is sent silence');
  assert.deepEqual(h.lastAudio('caller'), A);
  assert.deepEqual(h.lastAudio('agent'), C);
  const before = new Harness().add('x', 'y');
  before.step({ x: C, y: A }, 4);
  assert.ok(before.lastAudio('x').every((b) => b === 0xff) && before.lastAudio('y').every((b) => b === 0xff), 'no matrix yet: nobody hears anyone');
});

test('a new matrix applies at the next tick; an older or equal version is ignored', () => {
  const h = new Harness().add('caller', 'agent', 'other');
  h.core.setHearing({ version: 5, hears: { caller: ['agent'] } });
  h.step({ caller: C, agent: A, other: B }, 4);
  assert.deepEqual(h.lastAudio('caller'), A);
  h.core.setHearing({ version: 6, hears: { caller: ['other'] } });
  h.core.setHearing({ version: 4, hears: { caller: ['agent', 'other'] } }); // stale: pushed late
  h.core.setHearing({ version: 6, hears: { caller: [] } }); // same version again: ignored
  h.step({ caller: C, agent: A, other: B });
  assert.deepEqual(h.lastAudio('caller'), B, 'version 6 took effect on the very next tick');
  h.core.setHearing({ version: 3, hears: { caller: ['agent'] } });
  h.step({ caller: C, agent: A, other: B });
  assert.deepEqual(h.lastAudio('caller'), B);
});

test('the matrix is copied: changing the caller\'s object afterwards changes nothing', () => {
  const h = new Harness().add('caller', 'agent');
  const m = { version: 1, hears: { caller: ['agent'] } };
  h.core.setHearing(m);
  m.hears.caller.length = 0;
  h.step({ caller: C, agent: A }, 4);
  assert.deepEqual(h.lastAudio('caller'), A);
});

test('hold music reaches only its listener: the held caller hears music alone, the agent hears nothing', () => {
  const h = new Harness().add('caller', 'agent');
  const music = holdMusic();
  const frames = music.length / 160;
  h.core.play({ playbackId: 'hold:caller', audio: music, loop: true, stopOnDigit: false });
  h.core.setHearing({ version: 1, hears: { caller: ['hold:caller'], agent: [] } });
  h.step({ caller: C, agent: A }, frames + 3);
  const toCaller = h.sent.get('caller')!.map((p) => p.payload);
  // the music plays from its start, frame by frame, and loops
  for (let n = 0; n < frames + 3; n++) assert.deepEqual(toCaller[n], music.subarray((n % frames) * 160, (n % frames) * 160 + 160), `frame ${n}`);
  assert.ok(h.sent.get('agent')!.every((p) => p.payload.every((b) => b === 0xff)), 'the agent hears neither the music nor the held caller');
});

test('unknown ids are silent sources until they exist (a playback named before play() arrives)', () => {
  const h = new Harness().add('caller', 'agent');
  h.core.setHearing({ version: 1, hears: { caller: ['agent', 'prompt-1', 'ghost'] } });
  h.step({ caller: C, agent: A }, 4);
  assert.deepEqual(h.lastAudio('caller'), A, 'ghost and prompt-1 do not exist yet: agent passes through');
  h.core.play({ playbackId: 'prompt-1', audio: B.slice(), loop: true, stopOnDigit: false });
  h.step({ caller: C, agent: A });
  assert.deepEqual(h.lastAudio('caller'), expectedMix([A, B]));
});

test('malformed matrices raise TypeError; listing a source twice counts it once', () => {
  const h = new Harness().add('caller', 'agent');
  const bad: unknown[] = [null, 5, { hears: {} }, { version: 'x', hears: {} }, { version: 1, hears: [] }, { version: 1, hears: { a: 'b' } }, { version: 1, hears: { a: [1] } }, { version: 1, hears: { a: [''] } }];
  for (const m of bad) assert.throws(() => validateHearingMatrix(m), TypeError, JSON.stringify(m));
  assert.throws(() => h.core.setHearing({ version: 1, hears: { caller: [7 as unknown as string] } }), TypeError);
  h.core.setHearing({ version: 2, hears: { caller: ['agent', 'agent', 'agent'] } });
  h.step({ caller: C, agent: A }, 4);
  assert.deepEqual(h.lastAudio('caller'), A);
});

test('a removed endpoint leaves every mix at the next tick; the meter tracks what each side sent and heard', () => {
  const h = new Harness().add('caller', 'agent', 'third');
  h.core.setHearing({ version: 1, hears: { caller: ['agent', 'third'], agent: ['caller'] } });
  h.step({ caller: C, agent: A, third: B }, 60);
  const m = h.core.meter();
  assert.ok(Math.abs(m.caller!.sent - lin(C[0]!)) < 1, `caller sent ${m.caller!.sent}`);
  assert.ok(Math.abs(m.caller!.heard - meanAbs(expectedMix([A, B]))) < 1);
  assert.ok(Math.abs(m.agent!.heard - lin(C[0]!)) < 1);
  assert.equal(m.third!.heard, 0);
  h.core.removeEndpoint('third');
  h.step({ caller: C, agent: A });
  assert.deepEqual(h.lastAudio('caller'), A);
  assert.equal(h.core.meter().third, undefined);
});

test('property: for random matrices and inputs, each listener gets exactly the clipped sum of its sources', () => {
  const ids = ['e0', 'e1', 'e2', 'e3', 'e4'];
  const pbs = ['p0', 'p1'];
  const frameArb = fc.uint8Array({ minLength: 160, maxLength: 160 });
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 2 }),
      fc.array(frameArb, { minLength: 7, maxLength: 7 }),
      fc.array(fc.option(fc.array(fc.constantFrom(...ids, ...pbs, 'ghost'), { maxLength: 8 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
      (nEndpoints, nPlaybacks, frames, rows) => {
        const h = new Harness();
        const endpoints = ids.slice(0, nEndpoints);
        const playbacks = pbs.slice(0, nPlaybacks);
        h.add(...endpoints);
        const input = new Map<string, Uint8Array>();
        endpoints.forEach((id, i) => input.set(id, frames[i]!));
        playbacks.forEach((id, i) => {
          input.set(id, frames[5 + i]!);
          h.core.play({ playbackId: id, audio: frames[5 + i]!, loop: true, stopOnDigit: false });
        });
        const hears: Record<string, string[]> = {};
        endpoints.forEach((id, i) => {
          const row = rows[i];
          if (row) hears[id] = row;
        });
        h.core.setHearing({ version: 1, hears });
        h.step(Object.fromEntries(endpoints.map((id) => [id, input.get(id)!])), 4);
        for (const listener of endpoints) {
          const sources = [...new Set(hears[listener] ?? [])].filter((id) => input.has(id));
          assert.deepEqual(h.lastAudio(listener), expectedMix(sources.map((id) => input.get(id)!)), `${listener} hears ${sources.join(',')}`);
        }
      },
    ),
    { numRuns: 150 },
  );
});

test('mixing plan: a listener mixed from the shared sum minus what it lacks gets the bytes of summing its own row, for any rows', () => {
  const frameArb = fc.uint8Array({ minLength: 160, maxLength: 160 });
  fc.assert(
    fc.property(
      fc.array(frameArb, { minLength: 1, maxLength: 8 }),
      fc.array(fc.array(fc.nat(7), { maxLength: 8 }), { minLength: 1, maxLength: 8 }),
      fc.boolean(),
      (frames, picks, conference) => {
        const sources = frames.map((f) => source(f));
        // Rows from the picks, or (half the time) a conference: everyone but the listener itself.
        const rows = conference
          ? sources.map((_, i) => sources.filter((__, j) => j !== i))
          : picks.map((p) => [...new Set(p.filter((k) => k < sources.length))].map((k) => sources[k]!));
        const plan = planMix(rows);
        const total = new Int32Array(160);
        if (plan.shared.length > 0) sumShared(plan, total);
        const acc = new Int32Array(160);
        rows.forEach((row, i) => {
          const want = new Uint8Array(160);
          const wantEnergy = mixFrame(row, row.length, want, acc);
          const got = new Uint8Array(160);
          const lacks = plan.minus[i];
          const gotEnergy = lacks ? mixFromShared(total, lacks, got, acc) : mixFrame(row, row.length, got, acc);
          assert.deepEqual(got, want);
          assert.equal(gotEnergy, wantEnergy);
        });
        if (conference && sources.length >= 4) assert.ok(plan.minus.every((m) => m?.length === 1), 'a conference of four or more is mixed from the shared sum');
      },
    ),
    { numRuns: 300 },
  );
});
