import type { AudioSource } from '../facade.ts';
import { Tts } from './tts.ts';
import { holdMusic } from './music.ts';
import { beep, ringback } from './tones.ts';
import { readAudioFile } from './wavFile.ts';

/**
 * Resolves an AudioSource to 8 kHz μ-law for `BridgeCore.play`: text and SSML through espeak-ng (cached),
 * files read and converted, built-in music and tones generated.
 */
export interface AudioRenderer {
  /** Whether text to speech is available (espeak-ng installed); without it text renders as a short chime. */
  tts(): Promise<boolean>;
  render(source: AudioSource): Promise<Uint8Array>;
}

export function createAudioRenderer(options: { cacheDir: string; espeakCommand?: string }): AudioRenderer {
  const tts = new Tts({ cacheDir: options.cacheDir, ...(options.espeakCommand ? { command: options.espeakCommand } : {}) });
  return {
    tts: () => tts.available(),
    async render(source) {
      switch (source?.kind) {
        case 'text':
          return tts.speak(source.text, source);
        case 'ssml':
          return tts.speakSsml(source.ssml, source);
        case 'file':
          return readAudioFile(source.path);
        case 'music':
          return holdMusic();
        case 'tone':
          if (source.tone === 'ringback') return ringback();
          if (source.tone === 'beep') return beep();
          throw new TypeError(`unknown tone ${String((source as { tone?: unknown }).tone)}`);
        default:
          throw new TypeError(`unknown audio source ${JSON.stringify(source)}`);
      }
    },
  };
}
