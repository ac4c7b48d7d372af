import { randomInt } from 'node:crypto';
import type { InboundRtp, OutboundRtp } from '../core/port.ts';
import { attachFastPath, type FastPath } from './fastPath.ts';
import type { UdpBatch } from './udpBatch.ts';
import { prepareOffer } from './sdp.ts';
import {
  createAudioPeer, negotiatedPayloadTypes, sendRtpAs, senderReady,
  type IceOptions, type RTCPeerConnection, type RTCRtpSender,
} from './werift.ts';

/**
 * One party's WebRTC connection to a bridge: a werift peer connection, audio only, PCMU plus
 * telephone-event/8000, answered without trickle (the answer carries every candidate). Received RTP goes
 * to `onRtp`; what the core sends comes in through `send`. Every werift subscriber is wrapped, because a
 * subscriber that throws breaks werift's receive path.
 */

export interface RtcEndpointOptions {
  endpointId: string;
  offer: string;
  ice: IceOptions;
  /** The bridge clock's time, for arrival stamps and the silence watchdog. */
  now(): number;
  /** No RTP for this long (from creation or the last packet) means the party is lost. Default 10 s. */
  silenceTimeoutMs?: number;
  /** How long to wait for ICE gathering before answering with the candidates found so far. Default 5 s. */
  gatherTimeoutMs?: number;
  /**
   * RTP past werift once the connection is up (fastPath.ts: same packets, a fraction of the CPU). Default on;
   * off keeps werift's own path for every packet (bench/media's baseline; SWITCHBOARD_MEDIA_FAST_PATH=0).
   */
  fastPath?: boolean;
  /** With the fast path: read and write this endpoint's sockets a frame at a time (udpBatch.ts). */
  batch?: UdpBatch;
  onRtp(packet: InboundRtp, arrivalMs: number): void;
  onConnected(): void;
  /** Called once, when the connection fails, closes by itself, loses consent or goes silent. */
  onLost(reason: string): void;
}

export interface RtcEndpoint {
  readonly id: string;
  readonly answer: string;
  readonly audioPayloadType: number;
  readonly dtmfPayloadType: number | undefined;
  readonly connected: boolean;
  /** Which path RTP takes: 'werift', or the fast path's SRTP profile once it is attached. */
  readonly path: 'werift' | FastPath['profile'];
  /** What the core hands over for this endpoint; dropped until the connection is up. */
  send(packet: OutboundRtp): void;
  /** Checks the silence watchdog; the host calls it from its clock. */
  poll(nowMs: number): void;
  /** Drops every subscription, then closes the peer connection. Idempotent. */
  close(): Promise<void>;
}

export async function createRtcEndpoint(options: RtcEndpointOptions): Promise<RtcEndpoint> {
  const prepared = prepareOffer(options.offer);
  const silenceTimeoutMs = options.silenceTimeoutMs ?? 10_000;
  const pc: RTCPeerConnection = createAudioPeer(options.ice);
  const unsubscribes: (() => void)[] = [];
  let closed = false;
  let lost = false;
  let connected = false;
  let lastRtpAt = options.now();
  let closing: Promise<void> | undefined;
  let fast: FastPath | undefined;
  let sender: RTCRtpSender | undefined;

  const deliver = (packet: InboundRtp) => {
    if (packet.payloadType !== audioPayloadType && packet.payloadType !== dtmfPayloadType) return;
    const arrival = options.now();
    lastRtpAt = arrival;
    options.onRtp(packet, arrival);
  };

  const guard = <A extends unknown[]>(what: string, fn: (...args: A) => void) => (...args: A): void => {
    if (closed) return;
    try { fn(...args); } catch (error) {
      process.emitWarning(`media: endpoint ${options.endpointId}: ${what} handler threw: ${String(error)}`);
    }
  };
  const markLost = (reason: string) => {
    if (lost || closed) return;
    lost = true;
    options.onLost(reason);
  };

  let audioPayloadType = prepared.audioPayloadType;
  let dtmfPayloadType = prepared.dtmfPayloadType;

  // Subscribe before setRemoteDescription: werift fires onTrack inside it.
  unsubscribes.push(pc.onTrack.subscribe(guard('track', (track) => {
    // (werift's path: until the fast path is attached, or for good when it is off or cannot attach)
    unsubscribes.push(track.onReceiveRtp.subscribe(guard('rtp', (rtp) => {
      const h = rtp.header;
      deliver({ payloadType: h.payloadType, sequenceNumber: h.sequenceNumber, timestamp: h.timestamp, ssrc: h.ssrc, marker: h.marker, payload: rtp.payload });
    })).unSubscribe);
  })).unSubscribe);
  unsubscribes.push(pc.connectionStateChange.subscribe(guard('connection state', (state) => {
    if (state === 'connected' && !connected) {
      connected = true;
      if (options.fastPath !== false && sender) fast = attachFastPath(sender, guard('rtp', deliver), options.batch);
      lastRtpAt = Math.max(lastRtpAt, options.now());
      options.onConnected();
    } else if (state === 'failed' || state === 'closed') {
      markLost(`connection ${state}`);
    }
  })).unSubscribe);
  unsubscribes.push(pc.iceConnectionStateChange.subscribe(guard('ice state', (state) => {
    // werift moves ICE to failed when consent to send expires (RFC 7675): the page is gone.
    if (state === 'failed') markLost('ice failed (consent lost)');
  })).unSubscribe);

  let answer: string;
  try {
    await pc.setRemoteDescription({ type: 'offer', sdp: prepared.sdp });
    const transceiver = pc.getTransceivers()[0];
    if (!transceiver) throw new TypeError('the offer produced no audio transceiver');
    transceiver.setDirection('sendrecv');
    sender = transceiver.sender;
    const negotiated = negotiatedPayloadTypes(transceiver);
    if (negotiated.audio === undefined) throw new TypeError('PCMU was not negotiated');
    audioPayloadType = negotiated.audio;
    dtmfPayloadType = negotiated.dtmf;
    await pc.setLocalDescription(await pc.createAnswer());
    await waitForGathering(pc, options.gatherTimeoutMs ?? 5000);
    const local = pc.localDescription;
    if (!local) throw new Error('werift produced no local description');
    answer = local.sdp;
  } catch (error) {
    closed = true;
    for (const u of unsubscribes) u();
    await pc.close().catch(() => {});
    throw error;
  }

  let sequenceNumber = randomInt(0, 0x10000);
  return {
    id: options.endpointId,
    answer,
    audioPayloadType,
    dtmfPayloadType,
    get connected() { return connected && !closed; },
    get path() { return fast?.profile ?? 'werift'; },
    send(packet) {
      if (closed || !connected || !sender || !senderReady(sender)) return;
      const payloadType = packet.kind === 'audio' ? audioPayloadType : dtmfPayloadType;
      if (payloadType === undefined) return; // DTMF was not negotiated
      sequenceNumber = (sequenceNumber + 1) & 0xffff;
      if (fast?.send(payloadType, sequenceNumber, packet.timestamp, packet.marker, packet.payload)) return;
      try {
        sendRtpAs(sender, { payloadType, sequenceNumber, timestamp: packet.timestamp, marker: packet.marker, payload: packet.payload });
      } catch (error) {
        process.emitWarning(`media: endpoint ${options.endpointId}: send failed: ${String(error)}`);
      }
    },
    poll(nowMs) {
      if (closed || lost) return;
      if (nowMs - lastRtpAt > silenceTimeoutMs) markLost(`no RTP for ${Math.round((nowMs - lastRtpAt) / 1000)} s`);
      fast?.report(nowMs);
    },
    close() {
      if (!closing) {
        closed = true;
        fast?.detach();
        for (const u of unsubscribes) u();
        unsubscribes.length = 0;
        closing = pc.close().catch(() => {});
      }
      return closing;
    },
  };
}

async function waitForGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const sub = pc.iceGatheringStateChange.subscribe((state) => { if (state === 'complete') done(); });
    function done() { clearTimeout(timer); sub.unSubscribe(); resolve(); }
    if (pc.iceGatheringState === 'complete') done();
  });
}
