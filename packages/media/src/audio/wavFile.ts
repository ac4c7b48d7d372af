import { readFile } from 'node:fs/promises';
import { encodeFloat, decodeSample } from '../core/g711.ts';
import { resample } from './resample.ts';

/**
 * Audio files to 8 kHz μ-law: WAV (PCM 8/16/24/32-bit, 32-bit float, μ-law, A-law; any rate; any number
 * of channels, mixed down to mono) and raw 8 kHz μ-law with the `.ulaw` (or `.mulaw`, `.pcmu`) suffix.
 */

export interface PcmAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved samples in −1..1. */
  samples: Float32Array;
}

export async function readAudioFile(path: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(await readFile(path));
  if (/\.(ulaw|mulaw|pcmu|ul)$/i.test(path)) return bytes;
  return wavToUlaw(bytes);
}

/** A WAV file's bytes → 8 kHz mono μ-law. */
export function wavToUlaw(bytes: Uint8Array): Uint8Array {
  const wav = parseWav(bytes);
  const mono = downmix(wav);
  return encodeFloat(resample(mono, wav.sampleRate, 8000));
}

export function downmix(wav: PcmAudio): Float32Array {
  if (wav.channels === 1) return wav.samples;
  const frames = Math.floor(wav.samples.length / wav.channels);
  const out = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (let c = 0; c < wav.channels; c++) s += wav.samples[f * wav.channels + c]!;
    out[f] = s / wav.channels;
  }
  return out;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_ULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

/** Parses a RIFF/WAVE file. A data size past the end of the file (streamed WAVs, e.g. espeak-ng's stdout) is clamped. */
export function parseWav(bytes: Uint8Array): PcmAudio {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new TypeError('not a WAV file (no RIFF/WAVE header)');
  let format = -1;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = tag(at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16) throw new TypeError('WAV fmt chunk too short');
      format = v.getUint16(body, true);
      channels = v.getUint16(body + 2, true);
      sampleRate = v.getUint32(body + 4, true);
      bits = v.getUint16(body + 14, true);
      if (format === FORMAT_EXTENSIBLE && size >= 26) format = v.getUint16(body + 24, true); // SubFormat GUID's first two bytes
    } else if (id === 'data') {
      if (format < 0) throw new TypeError('WAV data before fmt');
      const end = Math.min(bytes.length, body + size);
      return { sampleRate, channels, samples: decodeSamples(bytes.subarray(body, end), format, bits, channels) };
    }
    at = body + size + (size & 1);
  }
  throw new TypeError('WAV file has no data chunk');
}

function decodeSamples(data: Uint8Array, format: number, bits: number, channels: number): Float32Array {
  if (channels < 1) throw new TypeError('WAV with no channels');
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const width = bits / 8;
  if (!Number.isInteger(width) || width < 1) throw new TypeError(`unsupported WAV sample width ${bits}`);
  const n = Math.floor(data.length / width / channels) * channels;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * width;
    let s: number;
    if (format === FORMAT_PCM) {
      if (bits === 8) s = (data[o]! - 128) / 128;
      else if (bits === 16) s = v.getInt16(o, true) / 32768;
      else if (bits === 24) s = ((data[o]! | (data[o + 1]! << 8) | (data[o + 2]! << 16)) << 8 >> 8) / 8388608;
      else if (bits === 32) s = v.getInt32(o, true) / 2147483648;
      else throw new TypeError(`unsupported PCM width ${bits}`);
    } else if (format === FORMAT_FLOAT && bits === 32) s = v.getFloat32(o, true);
    else if (format === FORMAT_FLOAT && bits === 64) s = v.getFloat64(o, true);
    else if (format === FORMAT_ULAW && bits === 8) s = decodeSample(data[o]!) / 32768;
    else if (format === FORMAT_ALAW && bits === 8) s = alawDecode(data[o]!) / 32768;
    else throw new TypeError(`unsupported WAV format ${format}/${bits}-bit`);
    out[i] = s;
  }
  return out;
}

function alawDecode(byte: number): number {
  const a = byte ^ 0x55;
  const exponent = (a >> 4) & 0x07;
  const mantissa = a & 0x0f;
  let magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
  if (!(a & 0x80)) magnitude = -magnitude;
  return magnitude;
}
