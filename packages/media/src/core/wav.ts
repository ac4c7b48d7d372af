import type { RecordingResult } from '../facade.ts';
import type { RecordingSink } from './port.ts';
import { FRAME_SAMPLES } from './g711.ts';

/**
 * The recording tap: stereo 16-bit 8 kHz PCM WAV, one frame per bridge tick (left = the customer side,
 * right = everyone else), written to a RecordingSink in batches of one second. The header is written
 * first with the sizes so far and patched after every batch and on stop, so the file is a valid WAV
 * even if the process dies mid-call.
 */

export const WAV_HEADER_BYTES = 44;
const RATE = 8000;
const CHANNELS = 2;
const BYTES_PER_FRAME = FRAME_SAMPLES * CHANNELS * 2; // 640
const FRAMES_PER_BATCH = 50; // one second

/** A canonical 44-byte PCM WAV header. */
export function wavHeader(dataBytes: number, sampleRate = RATE, channels = CHANNELS, bitsPerSample = 16): Uint8Array {
  const h = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(h.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) h[at + i] = s.charCodeAt(i);
  };
  const blockAlign = (channels * bitsPerSample) / 8;
  ascii(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * blockAlign, true);
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, bitsPerSample, true);
  ascii(36, 'data');
  v.setUint32(40, dataBytes, true);
  return h;
}

export class WavRecorder {
  private batch = new Uint8Array(BYTES_PER_FRAME * FRAMES_PER_BATCH);
  private view = new DataView(this.batch.buffer);
  private batchFrames = 0;
  private dataBytes = 0;
  private stopped = false;

  constructor(
    readonly path: string,
    /** Endpoint ids on the left channel. */
    readonly left: ReadonlySet<string>,
    private readonly sink: RecordingSink,
  ) {
    sink.write(wavHeader(0));
  }

  /** One 20 ms frame of each channel (sums; clipped here). */
  frame(left: Int32Array, right: Int32Array): void {
    if (this.stopped) return;
    const base = this.batchFrames * BYTES_PER_FRAME;
    for (let i = 0; i < FRAME_SAMPLES; i++) {
      this.view.setInt16(base + i * 4, clip(left[i]!), true);
      this.view.setInt16(base + i * 4 + 2, clip(right[i]!), true);
    }
    if (++this.batchFrames === FRAMES_PER_BATCH) this.flush();
  }

  /** Writes what is batched, patches the header and closes the sink. */
  async stop(): Promise<RecordingResult> {
    if (!this.stopped) {
      this.stopped = true;
      this.flush();
      await this.sink.close();
    }
    return { path: this.path, durationMs: (this.dataBytes / BYTES_PER_FRAME) * 20, bytes: WAV_HEADER_BYTES + this.dataBytes };
  }

  private flush(): void {
    if (this.batchFrames === 0) return;
    const bytes = this.batchFrames * BYTES_PER_FRAME;
    // The sink may write asynchronously: hand it this batch and start a fresh one (one allocation a second).
    this.sink.write(bytes === this.batch.length ? this.batch : this.batch.slice(0, bytes));
    this.batch = new Uint8Array(BYTES_PER_FRAME * FRAMES_PER_BATCH);
    this.view = new DataView(this.batch.buffer);
    this.dataBytes += bytes;
    this.batchFrames = 0;
    const sizes = new Uint8Array(4);
    new DataView(sizes.buffer).setUint32(0, 36 + this.dataBytes, true);
    this.sink.patch(4, sizes);
    const data = new Uint8Array(4);
    new DataView(data.buffer).setUint32(0, this.dataBytes, true);
    this.sink.patch(40, data);
  }
}

function clip(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
