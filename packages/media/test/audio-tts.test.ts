import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tts } from '../src/audio/tts.ts';
import { espeakVoice, knownEspeakVoices } from '../src/audio/voices.ts';
import { createAudioRenderer } from '../src/audio/render.ts';
import { neutralTone } from '../src/audio/tones.ts';
import { decodeSample } from '../src/core/g711.ts';

let hasEspeak = true;
try {
  execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
} catch {
  hasEspeak = false;
  console.error('\n*** espeak-ng is NOT installed: the text-to-speech tests below are SKIPPED (apt-get install espeak-ng) ***\n');
}
const needsEspeak = hasEspeak ? {} : { skip: 'espeak-ng is not installed' };

async function cacheDir(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-tts-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
const meanAbs = (u: Uint8Array, from = 0, to = u.length) => {
  let e = 0;
  for (let i = from; i < to; i++) e += Math.abs(decodeSample(u[i]!));
  return e / Math.max(1, to - from);
};

test('Connect voices map to espeak voices by name, then by language code, else en-us', () => {
  assert.equal(espeakVoice('Joanna'), 'en-us+f3');
  assert.equal(espeakVoice('Matthew'), 'en-us+m3');
  assert.equal(espeakVoice('amy'), 'en-gb+f3');
  assert.equal(espeakVoice('Brian'), 'en-gb+m3');
  assert.equal(espeakVoice('Lupe'), 'es-419+f3');
  assert.equal(espeakVoice('Lea'), 'fr-fr+f3');
  assert.equal(espeakVoice('Hans'), 'de+m3');
  assert.equal(espeakVoice(undefined, 'fr-CA'), 'fr-fr');
  assert.equal(espeakVoice(undefined, 'de-CH'), 'de', 'the language alone when the region is unknown');
  assert.equal(espeakVoice('Nobody', 'es-ES'), 'es');
  assert.equal(espeakVoice(), 'en-us');
  assert.equal(espeakVoice('; rm -rf /', 'x"y'), 'en-us', 'anything unknown falls back to a fixed value');
});

test('every espeak voice the mapping can choose exists in the installed espeak-ng', needsEspeak, () => {
  const voices = knownEspeakVoices();
  assert.ok(voices.length > 30);
  for (const v of voices) {
    const wav = execFileSync('espeak-ng', ['--stdout', '-v', v, 'one'], { stdio: ['ignore', 'pipe', 'ignore'] });
    assert.ok(wav.length > 1000, `voice ${v}`);
  }
});

test('text renders to non-empty μ-law of plausible length (about 0.6–2.5 s for "Please hold, thank you")', needsEspeak, async (t) => {
  const tts = new Tts({ cacheDir: await cacheDir(t) });
  assert.equal(await tts.available(), true);
  const audio = await tts.speak('Please hold, thank you', { voice: 'Joanna' });
  const seconds = audio.length / 8000;
  assert.ok(seconds > 0.6 && seconds < 2.5, `${seconds} s`);
  assert.ok(meanAbs(audio) > 300, `speech has energy: ${meanAbs(audio)}`);
});

test('renders are cached on disk by text and voice; different voices render differently', needsEspeak, async (t) => {
  const dir = await cacheDir(t);
  const tts = new Tts({ cacheDir: dir });
  const a = await tts.speak('Your call is important to us', { voice: 'Matthew' });
  assert.equal((await readdir(dir)).filter((f) => f.endsWith('.ulaw')).length, 1);
  const again = await new Tts({ cacheDir: dir }).speak('Your call is important to us', { voice: 'Matthew' });
  assert.deepEqual(again, a);
  assert.equal((await readdir(dir)).filter((f) => f.endsWith('.ulaw')).length, 1, 'served from the cache');
  const other = await tts.speak('Your call is important to us', { voice: 'Amy' });
  assert.notDeepEqual(other, a);
  assert.equal((await readdir(dir)).filter((f) => f.endsWith('.ulaw')).length, 2);
});

test('SSML: breaks become exact silence between spoken parts', needsEspeak, async (t) => {
  const tts = new Tts({ cacheDir: await cacheDir(t) });
  const hello = await tts.speak('Hello');
  const world = await tts.speak('world');
  const both = await tts.speakSsml('<speak>Hello<break time="1s"/>world</speak>');
  assert.equal(both.length, hello.length + 8000 + world.length);
  assert.ok(both.subarray(hello.length, hello.length + 8000).every((b) => b === 0xff));
  assert.deepEqual(both.subarray(0, hello.length), hello);
});

test('text that looks like an option is spoken, not parsed (it goes on stdin)', needsEspeak, async (t) => {
  const tts = new Tts({ cacheDir: await cacheDir(t) });
  const audio = await tts.speak('--version -v xx; echo hi');
  assert.ok(audio.length / 8000 > 1, `${audio.length / 8000} s of speech`);
});

test('without espeak-ng, tts is false and text renders as the neutral chime; empty text is empty', async (t) => {
  const renderer = createAudioRenderer({ cacheDir: await cacheDir(t), espeakCommand: '/nonexistent/espeak-ng' });
  assert.equal(await renderer.tts(), false);
  assert.deepEqual(await renderer.render({ kind: 'text', text: 'Hello' }), neutralTone());
  assert.deepEqual(await renderer.render({ kind: 'ssml', ssml: '<speak>Hi</speak>' }), neutralTone());
  assert.equal((await renderer.render({ kind: 'text', text: '   ' })).length, 0);
});

test('the renderer resolves music, tones and unknown sources', async (t) => {
  const renderer = createAudioRenderer({ cacheDir: await cacheDir(t) });
  assert.equal((await renderer.render({ kind: 'music' })).length, 8 * 8000);
  assert.equal((await renderer.render({ kind: 'tone', tone: 'ringback' })).length, 6 * 8000);
  assert.equal((await renderer.render({ kind: 'tone', tone: 'beep' })).length, 2000);
  await assert.rejects(renderer.render({ kind: 'video' } as never), TypeError);
});
