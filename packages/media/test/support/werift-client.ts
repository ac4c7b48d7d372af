import { createAudioPeer, negotiatedPayloadTypes, sendRtpAs, type RTCRtpSender } from '../../src/rtc/werift.ts';
import { decodeSample, encodeSample } from '../../src/core/g711.ts';

/**
 * A werift peer playing a party's softphone in tests: it offers (non-trickle, loopback candidates
 * included), sends PCMU frames of its own tone every 20 ms, sends RFC 4733 digits, and records what
 * it receives.
 */

/** Mean absolute sample of a μ-law frame. */
export function meanAbs(payload: Uint8Array): number {
  let sum = 0;
  for (const b of payload) sum += Math.abs(decodeSample(b));
  return payload.length === 0 ? 0 : sum / payload.length;
}

/** `frames` × 20 ms of a sine at `hz` and `amplitude`, as 160-byte μ-law frames. */
export function toneFrames(hz: number, amplitude: number, frames: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const frame = new Uint8Array(160);
    for (let i = 0; i < 160; i++) frame[i] = encodeSample(amplitude * Math.sin((2 * Math.PI * hz * (f * 160 + i)) / 8000));
    out.push(frame);
  }
  return out;
}

export interface Received { payloadType: number; timestamp: number; payload: Uint8Array; marker: boolean }

export interface TestClient {
  readonly offer: string;
  readonly received: Received[];
  /** Resolves when the client's connection is up. */
  readonly connected: Promise<void>;
  accept(answer: string): Promise<void>;
  /** Starts sending `hz` at `amplitude` every 20 ms until stopSending(). */
  startTone(hz: number, amplitude: number): void;
  stopSending(): void;
  /** Sends one RFC 4733 event per digit: start, two continuations, three end packets. */
  sendDigits(digits: string): Promise<void>;
  /** Mean absolute sample of the PCMU received since `since` (an index into `received`). */
  heardEnergy(since?: number): number;
  audioPackets(since?: number): number;
  /** The RTCP sender reports werift's receiver got from the other side: how many, and the last one's packet count. */
  senderReports(): { reports: number; packetCount: number };
  close(): Promise<void>;
}

const EVENTS = '0123456789*#ABCD';

export async function createTestClient(): Promise<TestClient> {
  const pc = createAudioPeer({ iceAdditionalHostAddresses: ['127.0.0.1'] });
  const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
  const received: Received[] = [];
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => {
      received.push({ payloadType: rtp.header.payloadType, timestamp: rtp.header.timestamp, payload: Uint8Array.from(rtp.payload), marker: rtp.header.marker });
    });
  });
  const connected = new Promise<void>((resolve) => {
    pc.connectionStateChange.subscribe((state) => { if (state === 'connected') resolve(); });
  });
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve(); });
  });
  const offer = pc.localDescription?.sdp;
  if (!offer) throw new Error('the test client produced no offer');

  const sender: RTCRtpSender = transceiver.sender;
  let seq = 1000;
  let timestamp = 0;
  let timer: NodeJS.Timeout | undefined;
  const send = (payloadType: number, ts: number, marker: boolean, payload: Uint8Array) => {
    seq = (seq + 1) & 0xffff;
    sendRtpAs(sender, { payloadType, sequenceNumber: seq, timestamp: ts, marker, payload });
  };

  const onlyAudio = (since: number) => received.slice(since).filter((r) => r.payloadType === 0);
  return {
    offer,
    received,
    connected,
    async accept(answer) { await pc.setRemoteDescription({ type: 'answer', sdp: answer }); },
    startTone(hz, amplitude) {
      const frames = toneFrames(hz, amplitude, 50);
      let n = 0;
      const started = performance.now();
      const tick = () => {
        send(0, timestamp, n === 0, frames[n % frames.length] as Uint8Array);
        timestamp = (timestamp + 160) >>> 0;
        n++;
        timer = setTimeout(tick, Math.max(0, started + n * 20 - performance.now()));
      };
      tick();
    },
    stopSending() { if (timer) clearTimeout(timer); timer = undefined; },
    async sendDigits(digits) {
      const pt = negotiatedPayloadTypes(transceiver).dtmf;
      if (pt === undefined) throw new Error('telephone-event was not negotiated');
      for (const digit of digits) {
        const event = EVENTS.indexOf(digit);
        const ts = timestamp;
        timestamp = (timestamp + 160 * 8) >>> 0;
        for (let i = 0; i < 6; i++) {
          const end = i >= 3;
          const duration = Math.min(i + 1, 4) * 160;
          send(pt, ts, i === 0, Uint8Array.of(event, (end ? 0x80 : 0) | 10, duration >> 8, duration & 0xff));
          await new Promise((r) => setTimeout(r, 20));
        }
        await new Promise((r) => setTimeout(r, 60));
      }
    },
    heardEnergy(since = 0) {
      const audio = onlyAudio(since);
      if (audio.length === 0) return 0;
      return audio.reduce((sum, r) => sum + meanAbs(r.payload), 0) / audio.length;
    },
    audioPackets(since = 0) { return onlyAudio(since).length; },
    senderReports() {
      const receiver = transceiver.receiver as unknown as { senderReportsReceivedBySsrc: Record<string, number>; remotePacketCountBySsrc: Record<string, number> };
      const ssrc = Object.keys(receiver.senderReportsReceivedBySsrc)[0];
      return ssrc === undefined ? { reports: 0, packetCount: 0 } : { reports: receiver.senderReportsReceivedBySsrc[ssrc] ?? 0, packetCount: receiver.remotePacketCountBySsrc[ssrc] ?? 0 };
    },
    async close() { if (timer) clearTimeout(timer); timer = undefined; await pc.close(); },
  };
}
