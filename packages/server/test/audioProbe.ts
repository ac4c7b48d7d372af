/**
 * Listening to a call in tests: which tone a party hears, from the μ-law it received. Each party sends
 * its own frequency, so "who hears whom" is read off the spectrum of what arrived (Goertzel power at
 * each party's frequency), not from the server's own view.
 */
import { decodeSample } from '../../media/src/core/g711.ts';
import { createTestClient, type TestClient } from '../../media/test/support/werift-client.ts';

export { createTestClient, type TestClient };

/** Relative power of `hz` in μ-law `frames` (0..1 of a full-scale sine). */
export function tonePower(frames: Uint8Array[], hz: number): number {
  if (frames.length === 0) return 0;
  const k = 2 * Math.cos((2 * Math.PI * hz) / 8000);
  let total = 0;
  for (const frame of frames) {
    let s1 = 0;
    let s2 = 0;
    for (const byte of frame) {
      const s = decodeSample(byte) / 32768 + k * s1 - s2;
      s2 = s1;
      s1 = s;
    }
    const power = s1 * s1 + s2 * s2 - k * s1 * s2;
    total += (2 * Math.sqrt(Math.max(0, power))) / frame.length;
  }
  return total / frames.length;
}

/** The audio a client received from index `since` on (its last `ms` of it when given). */
export function heardFrames(client: TestClient, since: number, ms?: number): Uint8Array[] {
  const audio = client.received.slice(since).filter((r) => r.payloadType === 0).map((r) => r.payload);
  return ms === undefined ? audio : audio.slice(-Math.ceil(ms / 20));
}

/** Whether the client heard each frequency in the last `ms` (a tone counts when its power passes `threshold`). */
export function heardTones(client: TestClient, hzs: number[], ms = 600, threshold = 0.05): Record<number, boolean> {
  const frames = heardFrames(client, 0, ms);
  return Object.fromEntries(hzs.map((hz) => [hz, tonePower(frames, hz) > threshold]));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
