/**
 * Listening in real browsers: each page's fake microphone plays its own tone (a WAV the test writes), and
 * what a page hears is measured in the page with Web Audio on the call's remote stream (the power at each
 * party's frequency), so who-hears-whom is read off what actually arrived.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchWithMicrophone } from './browser.ts';
import { startDemoServer, type DemoServer } from './serverProcess.ts';

/** A 16-bit 48 kHz mono WAV of a sine at `hz` (2 s; Chromium loops it). */
export function toneWav(path: string, hz: number, amplitude = 0.3): string {
  const rate = 48_000;
  const samples = rate * 2;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii'); header.writeUInt32LE(36 + data.length, 4); header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii'); header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24); header.writeUInt32LE(rate * 2, 28); header.writeUInt16LE(2, 32); header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii'); header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
  return path;
}

/**
 * The power (0..1) at each frequency in what the page hears now: its call's remote stream
 * (window.switchboardAudio, set by the sdk's pages), analysed over ~0.5 s.
 */
export async function hearing(page: Page, hzs: number[]): Promise<Record<number, number>> {
  return page.evaluate(async (freqs) => {
    const link = (window as unknown as { switchboardAudio?: { remote: MediaStream } }).switchboardAudio;
    if (!link || link.remote.getAudioTracks().length === 0) return Object.fromEntries(freqs.map((f) => [f, 0]));
    const context = new AudioContext({ sampleRate: 48_000 });
    await context.resume();
    const analyser = context.createAnalyser();
    analyser.fftSize = 8192;
    analyser.smoothingTimeConstant = 0.6;
    context.createMediaStreamSource(link.remote).connect(analyser);
    await new Promise((r) => setTimeout(r, 500));
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    void context.close();
    const binHz = 48_000 / analyser.fftSize;
    return Object.fromEntries(freqs.map((f) => {
      let peak = -Infinity;
      for (let b = Math.floor((f - 20) / binHz); b <= Math.ceil((f + 20) / binHz); b++) peak = Math.max(peak, bins[b] ?? -Infinity);
      return [f, Math.pow(10, peak / 20)];
    }));
  }, hzs);
}

/**
 * Whether the page hears each frequency: power above `threshold` (-70 dBFS). Chromium's capture
 * processing leaves a fake microphone's tone at about -50 dBFS on the far side, and a tone that is not
 * mixed in is below -150 dBFS, so the line between them is wide.
 */
export async function hears(page: Page, hzs: number[], threshold = 3e-4): Promise<Record<number, boolean>> {
  const power = await hearing(page, hzs);
  return Object.fromEntries(hzs.map((f) => [f, (power[f] ?? 0) > threshold]));
}

/** How loud what the page receives is now (getStats' inbound-rtp audioLevel, 0..1): music or speech, whatever it is. */
export async function loudness(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const link = (window as unknown as { switchboardAudio?: { pc: RTCPeerConnection } }).switchboardAudio;
    if (!link) return 0;
    let level = 0;
    (await link.pc.getStats()).forEach((r: { type: string; audioLevel?: number }) => { if (r.type === 'inbound-rtp') level = r.audioLevel ?? 0; });
    return level;
  });
}

/** Polls `check` until it holds, or fails naming `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface TwoMicrophones {
  server: DemoServer;
  /** One page per browser, each browser's fake microphone playing its own tone. */
  pages: [Page, Page];
  close(): Promise<void>;
}

/** A demo server and two Chromiums whose microphones play `hz[0]` and `hz[1]`; the first page is CCP-sized. */
export async function twoMicrophones(name: string, password: string, hz: [number, number], viewports: [{ width: number; height: number }, { width: number; height: number }], env: Record<string, string> = {}): Promise<TwoMicrophones> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-tones-'));
  const browsers: Browser[] = [];
  let server: DemoServer | undefined;
  const close = async () => {
    for (const b of browsers) await b.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    server = await startDemoServer(name, password, env);
    const pages: Page[] = [];
    for (const [i, tone] of hz.entries()) {
      const browser = await launchWithMicrophone(toneWav(join(dir, `${i}.wav`), tone));
      browsers.push(browser);
      pages.push(await (await browser.newContext({ viewport: viewports[i]! })).newPage());
    }
    return { server, pages: pages as [Page, Page], close };
  } catch (error) {
    await close();
    throw error;
  }
}
