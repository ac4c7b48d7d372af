import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Harness, MemorySink, sineFrame } from './coreHarness.ts';
import { wavHeader } from '../src/core/wav.ts';
import { fileSink } from '../src/audio/fileSink.ts';
import { parseWav } from '../src/audio/wavFile.ts';

/** Mean absolute sample per channel of a 16-bit stereo WAV's data. */
function channelEnergy(bytes: Uint8Array): { left: number; right: number; frames: number } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let left = 0;
  let right = 0;
  const frames = (bytes.length - 44) / 4;
  for (let i = 0; i < frames; i++) {
    left += Math.abs(v.getInt16(44 + i * 4, true));
    right += Math.abs(v.getInt16(44 + i * 4 + 2, true));
  }
  return { left: left / frames, right: right / frames, frames };
}

function call(): Harness {
  const h = new Harness().add('customer', 'agent', 'supervisor');
  h.core.setHearing({ version: 1, hears: { customer: ['agent'], agent: ['customer'], supervisor: ['customer', 'agent'] } });
  return h;
}
const talk = (h: Harness, n: number) => h.step({ customer: sineFrame(300, 6000, n), agent: sineFrame(900, 2000, n), supervisor: sineFrame(1500, 9000, n) });

test('the WAV header is canonical 44-byte PCM: stereo, 16-bit, 8 kHz, sizes filled in', () => {
  const h = wavHeader(32000);
  const v = new DataView(h.buffer);
  const tag = (at: number) => String.fromCharCode(...h.subarray(at, at + 4));
  assert.deepEqual([tag(0), tag(8), tag(12), tag(36)], ['RIFF', 'WAVE', 'fmt ', 'data']);
  assert.deepEqual(
    [v.getUint32(4, true), v.getUint16(20, true), v.getUint16(22, true), v.getUint32(24, true), v.getUint32(28, true), v.getUint16(32, true), v.getUint16(34, true), v.getUint32(40, true)],
    [36 + 32000, 1, 2, 8000, 32000, 4, 16, 32000],
  );
});

test('recording: left has the customer\'s audio, right the agent\'s; one-second batches; header patched on stop', async () => {
  const h = call();
  const sink = new MemorySink();
  h.core.startRecording({ path: '/rec/c1.wav', left: ['customer'] }, sink);
  for (let n = 0; n < 125; n++) talk(h, n); // 2.5 s
  assert.deepEqual(sink.writes, [44, 32000, 32000], 'header, then a batch per second');
  const result = await h.core.stopRecording();
  assert.deepEqual(result, { path: '/rec/c1.wav', durationMs: 2500, bytes: 44 + 125 * 640 });
  assert.equal(sink.closed, true);
  assert.equal(sink.bytes.length, result!.bytes);
  const v = new DataView(sink.bytes.buffer);
  assert.equal(v.getUint32(40, true), 125 * 640);
  assert.equal(v.getUint32(4, true), 36 + 125 * 640);
  const wav = parseWav(sink.bytes);
  assert.equal(wav.channels, 2);
  assert.equal(wav.sampleRate, 8000);
  // The supervisor is heard by no one (monitoring): not recorded. Left ≈ the 6000-peak sine, right ≈ 2000.
  const e = channelEnergy(sink.bytes);
  const sineMean = (peak: number) => (2 / Math.PI) * peak;
  assert.ok(Math.abs(e.left - sineMean(6000)) < sineMean(6000) * 0.1, `left ${e.left}`);
  assert.ok(Math.abs(e.right - sineMean(2000)) < sineMean(2000) * 0.15, `right ${e.right}`);
  assert.equal(await h.core.stopRecording(), undefined, 'nothing is recording any more');
});

test('recording: everyone else who is heard is summed on the right; a second recording at once is refused', async () => {
  const h = call();
  h.core.setHearing({ version: 2, hears: { customer: ['agent', 'supervisor'], agent: ['customer', 'supervisor'] } }); // barge
  const sink = new MemorySink();
  h.core.startRecording({ path: 'x.wav', left: ['customer'] }, sink);
  assert.throws(() => h.core.startRecording({ path: 'y.wav', left: [] }, new MemorySink()));
  for (let n = 0; n < 60; n++) talk(h, n);
  await h.core.stopRecording();
  const e = channelEnergy(sink.bytes);
  assert.ok(e.right > (2 / Math.PI) * 9000 * 0.8, `right has agent + supervisor: ${e.right}`);
});

test('closing the bridge finishes the recording', async () => {
  const h = call();
  const sink = new MemorySink();
  h.core.startRecording({ path: 'x.wav', left: ['customer'] }, sink);
  for (let n = 0; n < 10; n++) talk(h, n);
  await h.core.close();
  assert.equal(sink.closed, true);
  assert.equal(new DataView(sink.bytes.buffer).getUint32(40, true), 10 * 640);
});

test('fileSink writes a WAV file whose header is patched and whose size matches the result', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-rec-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'call.wav');
  const h = call();
  h.core.startRecording({ path, left: ['customer'] }, fileSink(path));
  for (let n = 0; n < 80; n++) talk(h, n);
  const result = await h.core.stopRecording();
  const bytes = new Uint8Array(await readFile(path));
  assert.equal((await stat(path)).size, result!.bytes);
  assert.equal(result!.durationMs, 1600);
  const wav = parseWav(bytes);
  assert.equal(wav.samples.length, 80 * 160 * 2);
  const e = channelEnergy(bytes);
  assert.ok(e.left > e.right * 2, 'customer louder than agent, on the left');
});

test('fileSink reports an I/O error on close', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'sb-rec-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'a-file'), 'x');
  const sink = fileSink(join(dir, 'a-file', 'call.wav')); // its directory is a file
  sink.write(new Uint8Array(10));
  await assert.rejects(sink.close());
});
