import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { Channel, portOfMessagePort } from '../src/channel.ts';
import { FrameClock, type Timers } from '../src/clock.ts';
import type { BridgeCore } from '../src/core/port.ts';
import { startWorkerHost } from '../src/worker/host.ts';

/** Timers the test moves by hand: `advance` runs each due timer at its own time; `stall` jumps without running any. */
function manualTimers() {
  let now = 1000;
  let seq = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    now: () => now,
    setTimeout: (callback, ms) => { const id = ++seq; pending.set(id, { at: now + ms, callback }); return id; },
    clearTimeout: (handle) => { pending.delete(handle as number); },
  };
  const runDue = () => {
    for (;;) {
      let first: [number, { at: number; callback: () => void }] | undefined;
      for (const entry of pending) if (entry[1].at <= now && (!first || entry[1].at < first[1].at)) first = entry;
      if (!first) return;
      pending.delete(first[0]);
      first[1].callback();
    }
  };
  return {
    timers,
    pendingCount: () => pending.size,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        let next = Infinity;
        for (const { at } of pending.values()) next = Math.min(next, at);
        if (next > end) break;
        now = Math.max(now, next);
        runDue();
      }
      now = end;
    },
    /** The thread was busy for `ms`: time passes, no timer runs until the stall ends. */
    stall(ms: number) { now += ms; runDue(); },
  };
}

test('the clock ticks every 20 ms with absolute deadlines from its start', () => {
  const m = manualTimers();
  const ticks: number[] = [];
  const clock = new FrameClock((deadline) => ticks.push(deadline), { timers: m.timers });
  clock.start();
  m.advance(100);
  assert.deepEqual(ticks, [1020, 1040, 1060, 1080, 1100]);
  clock.stop();
});

test('after a stall the clock ticks once, for the latest due slot, and skips the missed slots without a burst', () => {
  const m = manualTimers();
  const ticks: number[] = [];
  const clock = new FrameClock((deadline) => ticks.push(deadline), { timers: m.timers });
  clock.start();
  m.advance(40); // 1020, 1040
  m.stall(95); // now 1135: slots 1060, 1080, 1100, 1120 were due
  assert.deepEqual(ticks, [1020, 1040, 1120], 'one tick for the latest due slot, with its own deadline');
  assert.equal(clock.stats.skippedSlots, 3);
  assert.equal(clock.stats.maxLateMs, 15);
  assert.equal(clock.stats.lateTicks, 1, 'the tick 15 ms after its deadline counts as late (over half a frame)');
  m.advance(5); // 1140
  assert.deepEqual(ticks, [1020, 1040, 1120, 1140], 'the next tick keeps the original 20 ms grid');
  assert.equal(clock.stats.ticks, 4);
  clock.stop();
});

test('a late timer does not shift the grid: deadlines stay start + n × 20 ms', () => {
  const m = manualTimers();
  const ticks: number[] = [];
  const clock = new FrameClock((deadline) => ticks.push(deadline), { timers: m.timers });
  clock.start();
  m.stall(27); // the first timer fires 7 ms late
  m.advance(13); // 1040
  assert.deepEqual(ticks, [1020, 1040]);
  assert.equal(clock.stats.skippedSlots, 0);
  assert.equal(clock.stats.lateTicks, 0, '7 ms late is within half a frame');
  clock.stop();
});

test('a tick that throws is reported and the clock keeps running', () => {
  const m = manualTimers();
  const errors: unknown[] = [];
  let n = 0;
  const clock = new FrameClock(() => { n++; if (n === 1) throw new Error('core bug'); }, {
    timers: m.timers, onError: (e) => errors.push(e),
  });
  clock.start();
  m.advance(60);
  assert.equal(n, 3);
  assert.equal(errors.length, 1);
  clock.stop();
});

test('stop cancels the pending timer: no tick after stop', () => {
  const m = manualTimers();
  let n = 0;
  const clock = new FrameClock(() => { n++; }, { timers: m.timers });
  clock.start();
  m.advance(20);
  clock.stop();
  assert.equal(m.pendingCount(), 0);
  m.advance(100);
  assert.equal(n, 1);
  assert.equal(clock.running, false);
});

test('with real timers, 10 ticks take about 200 ms and their deadlines are exactly 20 ms apart', async () => {
  const ticks: number[] = [];
  const done = new Promise<void>((resolve) => {
    const clock = new FrameClock((deadline) => {
      ticks.push(deadline);
      if (ticks.length === 10) { clock.stop(); resolve(); }
    });
    clock.start();
  });
  const started = Date.now();
  await done;
  const took = Date.now() - started;
  assert.ok(took >= 195 && took < 1000, `took ${took} ms`);
  for (let i = 1; i < ticks.length; i++) {
    const step = (ticks[i] ?? 0) - (ticks[i - 1] ?? 0);
    // On a loaded host slots may be skipped, but never less than one frame apart.
    assert.ok(step > 19.999 && Math.abs(step / 20 - Math.round(step / 20)) < 1e-6, `step ${step}`);
  }
});

test('a worker host drives all its bridges from one clock: each core gets the same absolute deadlines, and a stall skips slots', async () => {
  const m = manualTimers();
  const ticks = new Map<string, number[]>();
  const spyCore = ({ bridgeId }: { bridgeId: string }): BridgeCore => {
    const seen: number[] = [];
    ticks.set(bridgeId, seen);
    return {
      addEndpoint() {}, removeEndpoint() {}, receive() {}, setHearing() {}, play() {}, stopPlayback() {},
      collectDigits() {}, stopCollecting() {}, sendDigits() {}, startRecording() {},
      async stopRecording() { return undefined; }, meter: () => ({}), tick: (now) => { seen.push(now); },
      onEvent() {}, async close() {},
    };
  };
  const { port1, port2 } = new MessageChannel();
  const host = startWorkerHost(portOfMessagePort(port2), { ice: {} }, { createCore: spyCore, timers: m.timers });
  const channel = new Channel(portOfMessagePort(port1), { timeoutMs: 1000 });
  try {
    await channel.request('bridge.create', 'one', {});
    await channel.request('bridge.create', 'two', {});
    m.advance(40);
    m.stall(70); // 1110: slots 1060, 1080 missed; 1100 is due
    m.advance(10); // 1120
    assert.deepEqual(ticks.get('one'), [1020, 1040, 1100, 1120]);
    assert.deepEqual(ticks.get('two'), [1020, 1040, 1100, 1120]);
    await channel.request('bridge.close', 'one', {});
    await channel.request('bridge.close', 'two', {});
    assert.equal(host.clock.running, false, 'no bridges, no timer');
  } finally { channel.close(); await host.close(); }
});
