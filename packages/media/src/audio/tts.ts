import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { wavToUlaw } from './wavFile.ts';
import { reduceSsml, type SpeechSegment } from './ssml.ts';
import { espeakVoice } from './voices.ts';
import { neutralTone } from './tones.ts';
import { ULAW_SILENCE } from '../core/g711.ts';

/**
 * Text to speech with espeak-ng, to 8 kHz μ-law. espeak-ng runs through execFile (never a shell) with
 * the text on stdin (so no text can look like an option, and length is not limited by argv); its
 * 22 050 Hz WAV is resampled and encoded here (no sox). Renders are cached on disk by a hash of
 * (text, espeak voice, rate) and shared while in flight. Without espeak-ng, `available()` is false and
 * every text renders as a short neutral chime, so prompts still mark their place in a call.
 */

export interface TtsOptions {
  /** Where rendered prompts are cached. */
  cacheDir: string;
  /** The espeak-ng executable (default 'espeak-ng' on PATH). */
  command?: string;
  /** Words per minute (default 160). */
  wordsPerMinute?: number;
}

export interface SpeakOptions {
  /** A Connect voice name (Joanna, Matthew, Amy, Lupe, …). */
  voice?: string;
  languageCode?: string;
}

const CACHE_VERSION = 1;
const TIMEOUT_MS = 30_000;

export class Tts {
  private readonly command: string;
  private readonly wpm: number;
  private readonly cacheDir: string;
  private availability: Promise<boolean> | undefined;
  private readonly inFlight = new Map<string, Promise<Uint8Array>>();

  constructor(options: TtsOptions) {
    this.cacheDir = options.cacheDir;
    this.command = options.command ?? 'espeak-ng';
    this.wpm = options.wordsPerMinute ?? 160;
  }

  /** Whether espeak-ng can be run (checked once). */
  available(): Promise<boolean> {
    this.availability ??= new Promise((resolve) => {
      execFile(this.command, ['--version'], { timeout: 5000 }, (error) => resolve(!error));
    });
    return this.availability;
  }

  /** Plain text → μ-law. */
  async speak(text: string, options: SpeakOptions = {}): Promise<Uint8Array> {
    return this.speakSegments([{ kind: 'text', text }], options);
  }

  /** SSML → μ-law: its text spoken, its breaks as silence (see ssml.ts). */
  async speakSsml(ssml: string, options: SpeakOptions = {}): Promise<Uint8Array> {
    return this.speakSegments(reduceSsml(ssml), options);
  }

  private async speakSegments(segments: SpeechSegment[], options: SpeakOptions): Promise<Uint8Array> {
    const spoken = segments.filter((s) => s.kind === 'pause' || s.text.trim() !== '');
    if (!spoken.some((s) => s.kind === 'text')) return new Uint8Array(0);
    if (!(await this.available())) return neutralTone();
    const voice = espeakVoice(options.voice, options.languageCode);
    const parts = await Promise.all(spoken.map((s) => (s.kind === 'text' ? this.cached(s.text.trim(), voice) : Promise.resolve(new Uint8Array(s.ms * 8).fill(ULAW_SILENCE)))));
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  private cached(text: string, voice: string): Promise<Uint8Array> {
    const key = createHash('sha256').update(JSON.stringify([CACHE_VERSION, voice, this.wpm, text])).digest('hex');
    let p = this.inFlight.get(key);
    if (!p) {
      p = this.load(key, text, voice).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  private async load(key: string, text: string, voice: string): Promise<Uint8Array> {
    const file = join(this.cacheDir, `tts-${key}.ulaw`);
    try {
      return new Uint8Array(await readFile(file));
    } catch {
      // not cached yet
    }
    const audio = wavToUlaw(await this.espeak(text, voice));
    await mkdir(this.cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, audio);
    await rename(tmp, file); // atomic: a concurrent reader sees all or nothing
    return audio;
  }

  private espeak(text: string, voice: string): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.command,
        ['--stdout', '--stdin', '-b', '1', '-v', voice, '-s', String(this.wpm)],
        { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: TIMEOUT_MS },
        (error, stdout) => (error ? reject(new Error(`espeak-ng failed: ${error.message}`)) : resolve(new Uint8Array(stdout))),
      );
      child.stdin?.on('error', () => {}); // reported through the exit callback
      child.stdin?.end(text, 'utf8');
    });
  }
}
