import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JitterBuffer, SequenceCounter } from '../src/core/jitter.ts';
import { decodeSample, encodeSample } from '../src/core/g711.ts';

const frame = (byte: number) => new Uint8Array(160).fill(byte);
/** Distinct recognisable frames: frame n is the constant μ-law byte 0x10 + n. */
const nth = (n: number) => frame(0x10 + n);

function pullAll(jb: JitterBuffer, count: number): { result: string; byte: number }[] {
  const out = new Uint8Array(160);
  const got: { result: string; byte: number }[] = [];
  for (let i = 0; i < count; i++) {
    const result = jb.pull(out);
    got.push({ result, byte: out[0]! });
  }
  return got;
}

test('packets in order come out in order after the 40 ms target delay (two frames of silence first)', () => {
  const jb = new JitterBuffer();
  const out = new Uint8Array(160);
  const seen: number[] = [];
  for (let n = 0; n < 6; n++) {
    jb.put(1, 8000 + n * 160, nth(n));
    assert.notEqual(jb.pull(out), 'concealed');
    seen.push(out[0]!);
  }
  assert.deepEqual(seen, [0xff, 0xff, 0x10, 0x11, 0x12, 0x13]);
});

test('reordered packets are played in timestamp order', () => {
  const jb = new JitterBuffer();
  jb.put(1, 0, nth(0));
  jb.put(1, 320, nth(2)); // arrives before 1
  jb.put(1, 160, nth(1));
  jb.put(1, 480, nth(3));
  const got = pullAll(jb, 6).map((g) => g.byte);
  assert.deepEqual(got, [0xff, 0xff, 0x10, 0x11, 0x12, 0x13]);
});

test('a packet arriving after its playout time is dropped and counted late', () => {
  const jb = new JitterBuffer();
  jb.put(1, 0, nth(0));
  pullAll(jb, 3); // played silence, silence, frame 0; playout is now at ts 160
  jb.put(1, -160 >>> 0, nth(9)); // older than what has been played
  jb.put(1, 0, nth(9)); // exactly the frame already played
  assert.equal(jb.stats.late, 2);
  jb.put(1, 160, nth(1));
  assert.deepEqual(pullAll(jb, 1).map((g) => g.byte), [0x11]);
});

test('on underrun the last frame is repeated once at half volume, then silence', () => {
  const jb = new JitterBuffer();
  const loud = encodeSample(16000);
  jb.put(1, 0, frame(loud));
  const got = pullAll(jb, 6);
  assert.deepEqual(got.map((g) => g.result), ['silence', 'silence', 'audio', 'concealed', 'silence', 'silence']);
  assert.equal(got[2]!.byte, loud);
  const concealed = decodeSample(got[3]!.byte);
  assert.ok(Math.abs(concealed - decodeSample(loud) / 2) < 600, `concealed ${concealed}`);
  assert.equal(got[4]!.byte, 0xff);
  assert.equal(jb.stats.underruns, 3, 'the initial fill is not an underrun');
});

test('a new SSRC resynchronises: the old stream is discarded and the new one starts after the target delay', () => {
  const jb = new JitterBuffer();
  jb.put(1, 0, nth(0));
  jb.put(1, 160, nth(1));
  jb.put(1, 320, nth(2));
  pullAll(jb, 3); // silence, silence, 0
  jb.put(2, 900_000, nth(5)); // reload: new SSRC, unrelated timestamp
  jb.put(2, 900_160, nth(6));
  const got = pullAll(jb, 4).map((g) => g.byte);
  assert.deepEqual(got, [0xff, 0xff, 0x15, 0x16]);
  assert.equal(jb.stats.resyncs, 1);
});

test('a packet beyond the 200 ms cap resynchronises instead of buffering it', () => {
  const jb = new JitterBuffer();
  jb.put(1, 0, nth(0));
  jb.put(1, 160 * 20, nth(7)); // 400 ms ahead of playout: over the cap
  assert.equal(jb.stats.resyncs, 1);
  assert.ok(jb.depth() <= jb.capSamples);
  assert.deepEqual(pullAll(jb, 3).map((g) => g.byte), [0xff, 0xff, 0x17]);
});

test('a sender whose timestamps jump backwards is followed after a few late packets', () => {
  const jb = new JitterBuffer();
  for (let n = 0; n < 5; n++) jb.put(1, 100_000 + n * 160, nth(0));
  pullAll(jb, 7);
  for (let n = 0; n < 5; n++) jb.put(1, 10 + n * 160, nth(3)); // same SSRC, clock restarted
  assert.equal(jb.stats.late, 4);
  assert.equal(jb.stats.resyncs, 1);
  assert.deepEqual(pullAll(jb, 3).map((g) => g.byte), [0xff, 0xff, 0x13]);
});

test('timestamps wrapping past 2^32 play on without a glitch', () => {
  const jb = new JitterBuffer();
  const start = 0xffffffff - 160 * 2 + 1;
  for (let n = 0; n < 5; n++) jb.put(1, (start + n * 160) >>> 0, nth(n));
  assert.deepEqual(pullAll(jb, 7).map((g) => g.byte), [0xff, 0xff, 0x10, 0x11, 0x12, 0x13, 0x14]);
  assert.equal(jb.stats.resyncs + jb.stats.late, 0);
});

test('packets of 10 ms and 30 ms are assembled into 20 ms frames', () => {
  const jb = new JitterBuffer();
  jb.put(1, 0, new Uint8Array(80).fill(0x20));
  jb.put(1, 80, new Uint8Array(240).fill(0x21));
  jb.put(1, 320, new Uint8Array(80).fill(0x22));
  const out = new Uint8Array(160);
  pullAll(jb, 2);
  jb.pull(out);
  assert.deepEqual([out[0], out[79], out[80], out[159]], [0x20, 0x20, 0x21, 0x21]);
  jb.pull(out);
  assert.deepEqual([out[0], out[159]], [0x21, 0x21]);
  jb.pull(out);
  assert.deepEqual([out[0], out[79], out[80], out[159]], [0x22, 0x22, 0xff, 0xff], 'the missing half of a frame is silence');
});

test('skip() drops stalled audio so latency does not grow', () => {
  const jb = new JitterBuffer();
  for (let n = 0; n < 6; n++) jb.put(1, n * 160, nth(n));
  pullAll(jb, 2);
  jb.skip(3 * 160);
  assert.deepEqual(pullAll(jb, 1).map((g) => g.byte), [0x13]);
});

test('sequence counter: gaps are losses, reordering and duplicates are not, wrap-around counts on', () => {
  const c = new SequenceCounter();
  for (const s of [65530, 65531, 65533, 65532, 65534, 65535, 0, 1, 4]) c.see(7, s);
  assert.equal(c.lost, 2); // 2 and 3 missing
  c.see(7, 4); // duplicate
  assert.equal(c.lost, 1, 'a duplicate offsets a loss, as in RTCP');
  c.see(7, 2);
  c.see(7, 3);
  assert.equal(c.lost, 0);
});

test('sequence counter: a new SSRC starts a new count and keeps earlier losses', () => {
  const c = new SequenceCounter();
  for (const s of [1, 2, 5]) c.see(1, s);
  assert.equal(c.lost, 2);
  for (const s of [900, 901, 903]) c.see(2, s);
  assert.equal(c.lost, 3);
});

test('extra delay from a burst at setup drains away one frame per second, down to the target', () => {
  const jb = new JitterBuffer();
  const out = new Uint8Array(160);
  let ts = 0;
  for (let n = 0; n < 6; n++, ts += 160) jb.put(1, ts, nth(n)); // 120 ms arrive at once (160 ms of delay with the target)
  assert.equal(jb.depth(), 320 + 960);
  for (let t = 0; t < 50 * 10; t++, ts += 160) {
    jb.put(1, ts, nth(t % 8)); // then steady: one packet per tick
    jb.pull(out);
  }
  // buffered after each pull: 1280 samples (160 ms) at first, 320 (the target) in steady flow; one frame a
  // second goes until it is under target + 2 frames: 1280 → 1120 → 960 → 800 → 640 → 480
  assert.equal(jb.stats.drained, 5);
  assert.equal(jb.stats.resyncs, 0);
  assert.ok(jb.depth() <= jb.targetSamples + 3 * 160, `depth now ${jb.depth()}`);
  assert.ok(jb.depth() >= jb.targetSamples, 'never below the target');
  assert.equal(jb.stats.underruns, 0, 'draining never starves playout');
});

test('a buffer at its target is left alone', () => {
  const jb = new JitterBuffer();
  const out = new Uint8Array(160);
  for (let t = 0, ts = 0; t < 50 * 5; t++, ts += 160) {
    jb.put(1, ts, nth(1));
    jb.pull(out);
  }
  assert.equal(jb.stats.drained, 0);
});
