/**
 * bench/media's load generator, a child process of its own (so its CPU is not the system under test's):
 * werift peers that play six-party calls' parties. Each offers (non-trickle, loopback included), and once
 * its answer is in and the connection is up it sends 20 ms PCMU frames of a tone at 50 packets/s, on its
 * own drift-free timer with a random phase (arrivals spread over the frame, as real clients' are). It
 * counts what it sends and receives, and the sequence-number gaps in what it receives (loss).
 *
 * BENCH_MEDIA_GEN_PATH=fast (the default) sends and receives through the media package's fast path
 * (rtc/fastPath.ts) once connected, so the generator costs less of the two cores it shares with the system
 * under test; =werift keeps werift's own path. BENCH_MEDIA_SRTP=cm (the default) offers only
 * AES_CM_128_HMAC_SHA1_80, the profile Chromium negotiates; =gcm leaves werift's list (GCM first).
 */
import { createAudioPeer, sendRtpAs, type RTCPeerConnection, type RTCRtpSender } from '../../packages/media/src/rtc/werift.ts';
import { attachFastPath, type FastPath } from '../../packages/media/src/rtc/fastPath.ts';
import type { InboundRtp } from '../../packages/media/src/core/port.ts';
import { encodeSample } from '../../packages/media/src/core/g711.ts';
import { serveParent } from './rpc.ts';
import { threadTimes } from './threads.ts';

interface Peer {
  id: string;
  pc: RTCPeerConnection;
  sender: RTCRtpSender;
  timer: NodeJS.Timeout | undefined;
  lastSeq: number;
  fast: FastPath | undefined;
  /** Counts one received packet (either path). */
  onRtp(payloadType: number, sequenceNumber: number): void;
}

const fastPath = process.env.BENCH_MEDIA_GEN_PATH !== 'werift';
const cmOnly = process.env.BENCH_MEDIA_SRTP !== 'gcm';

/**
 * werift offers its SRTP profiles from one module-level list ([GCM, CM]) that every DTLS transport holds by
 * reference; it has no setting for it. Trimmed in place to AES-CM (profile 1) through the first peer's transport.
 */
function offerOnlyAesCm(sender: RTCRtpSender): void {
  const profiles = (sender as unknown as { dtlsTransport?: { srtpProfiles?: number[] } }).dtlsTransport?.srtpProfiles;
  if (!profiles) throw new Error('bench/media generator: werift\'s SRTP profile list was not found (another werift version?)');
  if (profiles.length !== 1 || profiles[0] !== 1) profiles.splice(0, profiles.length, 1);
}

const FRAMES = 50;
/** One second of a 440 Hz tone at amplitude 4000, as 160-byte μ-law frames. */
const tone: Uint8Array[] = Array.from({ length: FRAMES }, (_, f) => {
  const frame = new Uint8Array(160);
  for (let i = 0; i < 160; i++) frame[i] = encodeSample(4000 * Math.sin((2 * Math.PI * 440 * (f * 160 + i)) / 8000));
  return frame;
});

const peers = new Map<string, Peer>();
const counters = {
  sent: 0,
  received: 0,
  /** Packets missing from the sequence numbers received (loss on the way back). */
  gaps: 0,
  /** Send timers that fired more than 5 ms after their slot: the generator itself was too busy. */
  lateSends: 0,
  maxSendLagMs: 0,
};

async function createPeer(id: string): Promise<string> {
  if (peers.has(id)) throw new Error(`peer ${id} exists`);
  const pc = createAudioPeer({ iceAdditionalHostAddresses: ['127.0.0.1'] });
  const transceiver = pc.addTransceiver('audio', { direction: 'sendrecv' });
  const onRtp = (payloadType: number, seq: number) => {
    if (payloadType !== 0) return;
    counters.received++;
    if (peer.lastSeq >= 0) {
      const gap = (seq - peer.lastSeq - 1) & 0xffff;
      if (gap > 0 && gap < 1000) counters.gaps += gap; // (a large jump is reordering or a restart, not loss)
    }
    peer.lastSeq = seq;
  };
  const peer: Peer = { id, pc, sender: transceiver.sender, timer: undefined, lastSeq: -1, fast: undefined, onRtp };
  if (cmOnly) offerOnlyAesCm(transceiver.sender);
  pc.onTrack.subscribe((track) => {
    track.onReceiveRtp.subscribe((rtp) => onRtp(rtp.header.payloadType, rtp.header.sequenceNumber));
  });
  peers.set(id, peer);
  await pc.setLocalDescription(await pc.createOffer());
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve(); });
  });
  const offer = pc.localDescription?.sdp;
  if (!offer) throw new Error('werift produced no offer');
  return offer;
}

async function accept(id: string, answer: string, timeoutMs = 30_000): Promise<void> {
  const peer = peers.get(id);
  if (!peer) throw new Error(`no peer ${id}`);
  const { pc } = peer;
  const connected = new Promise<void>((resolve, reject) => {
    if (pc.connectionState === 'connected') return resolve();
    const timer = setTimeout(() => reject(new Error(`peer ${id} not connected within ${timeoutMs} ms (${pc.connectionState})`)), timeoutMs);
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') { clearTimeout(timer); resolve(); }
      if (state === 'failed') { clearTimeout(timer); reject(new Error(`peer ${id} failed`)); }
    });
  });
  await pc.setRemoteDescription({ type: 'answer', sdp: answer });
  await connected;
  if (fastPath) {
    peer.fast = attachFastPath(peer.sender, (packet: InboundRtp) => peer.onRtp(packet.payloadType, packet.sequenceNumber));
    if (!peer.fast) throw new Error(`peer ${id}: the fast path could not attach`);
  }
  startSending(peer);
}

function startSending(peer: Peer): void {
  let seq = Math.floor(Math.random() * 0x10000);
  let timestamp = Math.floor(Math.random() * 0x7fffffff);
  let n = 0;
  const started = performance.now() + Math.random() * 20;
  const tick = () => {
    const now = performance.now();
    const lag = now - (started + n * 20);
    if (lag > 5) counters.lateSends++;
    if (lag > counters.maxSendLagMs) counters.maxSendLagMs = lag;
    seq = (seq + 1) & 0xffff;
    if (!peer.fast?.send(0, seq, timestamp, n === 0, tone[n % FRAMES]!)) {
      sendRtpAs(peer.sender, { payloadType: 0, sequenceNumber: seq, timestamp, marker: n === 0, payload: tone[n % FRAMES]! });
    }
    counters.sent++;
    timestamp = (timestamp + 160) >>> 0;
    n++;
    peer.timer = setTimeout(tick, Math.max(0, started + n * 20 - performance.now()));
  };
  peer.timer = setTimeout(tick, Math.max(0, started - performance.now()));
}

async function closeAll(): Promise<void> {
  const all = [...peers.values()];
  peers.clear();
  for (const p of all) { if (p.timer) clearTimeout(p.timer); p.fast?.detach(); }
  await Promise.all(all.map((p) => p.pc.close().catch(() => {})));
}

process.on('unhandledRejection', (reason) => {
  process.emitWarning(`bench/media generator: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
});

serveParent({
  createPeer: ({ id }: { id: string }) => createPeer(id).then((offer) => ({ offer })),
  accept: ({ id, answer }: { id: string; answer: string }) => accept(id, answer),
  stats: () => ({ at: performance.now(), cpu: process.cpuUsage(), mainThread: threadTimes()[String(process.pid)], peers: peers.size, ...counters }),
  closeAll: () => closeAll(),
  exit: () => { setTimeout(() => process.exit(0), 10); },
});
