import type { Socket } from 'node:dgram';
import type { InboundRtp } from '../core/port.ts';
import {
  RtcpSenderInfo, RtcpSourceDescriptionPacket, RtcpSrPacket, SourceDescriptionChunk, SourceDescriptionItem, type RTCRtpSender,
} from './werift.ts';
import { SrtpReader, SrtpWriter, type SrtpKeys } from './srtpStream.ts';
import { ipv4ToNumber, numberToIpv4, type BatchedSocket, type UdpBatch } from './udpBatch.ts';

/**
 * The media fast path: once werift has done ICE and DTLS, RTP goes around it. werift still owns the
 * sockets, STUN (consent freshness), DTLS and RTCP; only SRTP media packets take the short way:
 * - in: the nominated socket's datagrams are looked at before werift's STUN layer; an RTP packet (RFC 7983's
 *   128–191 first byte, not an RTCP type) is decrypted here (srtpStream.ts) and handed straight to `onRtp`,
 *   everything else goes on to werift as before;
 * - out: a packet is built and encrypted here and written to the nominated pair's socket synchronously.
 * What this skips, per packet: werift's event chain (five subscriber hops), its packet and header objects
 * and clones, three promises per send, BigInt IVs, and a new cipher per packet (bench/media's profile: werift
 * was ~40% of a media worker's time, and the garbage it made another ~13%).
 * Sender reports (RTCP SR with the CNAME, RFC 3550 §6.4.1) are sent by `report`, which the bridge's clock
 * calls: one every 5 s (RFC 3550's minimum interval), through werift's SRTCP. werift's own SR loop is not
 * started: it keeps a timer promise per sender alive across each 0.5–1.5 s wait, and those survive into the
 * old generation (in bench/media, half the worker's full GCs, each a 10+ ms pause that makes frames late).
 * The receiver's reports stop (werift never sees the RTP), which browsers accept.
 * With a `UdpBatch` (udpBatch.ts), the sockets are read and written a frame at a time instead: a registered
 * socket's datagrams come from the batch's `receive()` (RTP decrypted here, the rest handed to werift as dgram
 * would have), and media sends are queued for its `flush()`. A socket the batch cannot take stays as above.
 * When werift's internals are not what this expects (another werift version, a relayed TURN pair, an SRTP
 * profile other than the two), `attachFastPath` answers undefined and the caller keeps werift's path.
 * This file and werift.ts are the only ones that reach past werift's public types.
 */

export interface FastPath {
  readonly profile: SrtpKeys['profile'];
  /** Encrypts and sends one packet; false when it could not be sent this way (the transport is gone). */
  send(payloadType: number, sequenceNumber: number, timestamp: number, marker: boolean, payload: Uint8Array): boolean;
  /** Sends a sender report when one is due (every 5 s, the first at a random point of the first 5 s); `nowMs` on any steady clock. */
  report(nowMs: number): void;
  /** Gives the sockets back to werift. Idempotent. */
  detach(): void;
}

// --- werift 0.24's internals, as far as this file reads them -----------------------------------------------
interface WCipher { srtpSessionKey?: Buffer; srtpSessionSalt?: Buffer; srtpSessionAuthTag?: Buffer; authTagLength?: number; aeadAuthTagLen?: number }
interface WUdpTransport {
  type?: string; closed?: boolean; socket?: { send(msg: Buffer, port: number, address: string): void };
  onData: (data: Buffer, addr: [string, number]) => void; rinfo?: { address?: string; port?: number };
}
interface WProtocol { type?: string; transport?: WUdpTransport }
interface WConnection { nominated?: { protocol: WProtocol; remoteAddr: [string, number] }; protocols?: WProtocol[] }
interface WDtlsTransport {
  state?: string;
  sendRtcp?(packets: unknown[]): Promise<unknown>;
  srtpStarted?: boolean;
  srtp?: { localContext?: { cipher?: WCipher }; remoteContext?: { cipher?: WCipher } };
  iceTransport?: { connection?: WConnection };
}
interface WSender { ssrc?: number; cname?: string }

/** The session keys of one direction of a werift SRTP session (its context's cipher), if its profile is one of ours. */
export function srtpKeysOf(of: unknown): SrtpKeys | undefined {
  const cipher = of as WCipher | undefined;
  if (!cipher?.srtpSessionKey || !cipher.srtpSessionSalt) return undefined;
  if (cipher.aeadAuthTagLen === 16 && cipher.srtpSessionSalt.length >= 12) { // (werift derives 14 bytes; the IV uses 12)
    return { profile: 'aes-gcm', key: cipher.srtpSessionKey, salt: cipher.srtpSessionSalt.subarray(0, 12) };
  }
  if (cipher.authTagLength === 10 && cipher.srtpSessionAuthTag && cipher.srtpSessionSalt.length === 14) {
    return { profile: 'aes-cm', key: cipher.srtpSessionKey, salt: cipher.srtpSessionSalt, authKey: cipher.srtpSessionAuthTag };
  }
  return undefined;
}

/** RTP, not RTCP (RFC 5761 §4: an RTCP packet's second byte is 192–223) and not STUN or DTLS (RFC 7983). */
function isRtp(data: Buffer): boolean {
  if (data.length < 12 || (data[0]! & 0xc0) !== 0x80) return false;
  const second = data[1]!;
  return second < 192 || second > 223;
}

/** NTP time (RFC 5905: seconds since 1900 in the high 32 bits, the fraction in the low 32), as werift's SRs carry it. */
function ntpNow(): bigint {
  const ms = performance.timeOrigin + performance.now() + 2_208_988_800_000;
  const seconds = Math.floor(ms / 1000);
  const fraction = Math.floor(((ms % 1000) / 1000) * 0x1_0000_0000);
  return (BigInt(seconds) << 32n) | BigInt(fraction);
}

/**
 * Takes a peer connection's RTP out of werift's hands (through its one sender's transport); call it once the
 * connection is up (DTLS connected). Received RTP goes to `onRtp`; what `send` writes carries the sender's
 * SSRC. Undefined when it cannot (see the file's comment).
 */
export function attachFastPath(sender: RTCRtpSender, onRtp: (packet: InboundRtp) => void, batch?: UdpBatch): FastPath | undefined {
  const s = sender as unknown as WSender & { dtlsTransport?: WDtlsTransport };
  const dtls = s.dtlsTransport;
  const connection = dtls?.iceTransport?.connection;
  if (!dtls || dtls.state !== 'connected' || !dtls.srtpStarted || !connection?.nominated || typeof s.ssrc !== 'number') return undefined;
  const local = srtpKeysOf(dtls.srtp?.localContext?.cipher);
  const remote = srtpKeysOf(dtls.srtp?.remoteContext?.cipher);
  if (!local || !remote || local.profile !== remote.profile) return undefined;
  const udp = (p: WProtocol | undefined) => p?.type === 'stun' && p.transport?.type === 'udp' && typeof p.transport.socket?.send === 'function';
  if (!udp(connection.nominated.protocol)) return undefined; // a TURN relay: werift's path

  const writer = new SrtpWriter(local, s.ssrc);
  const reader = new SrtpReader(remote);
  const restores: (() => void)[] = [];
  const batched = new Map<WUdpTransport, BatchedSocket>();
  for (const protocol of connection.protocols ?? []) {
    if (!udp(protocol)) continue;
    const transport = protocol.transport!;
    const previous = transport.onData;
    const registered = batch?.register(transport.socket as unknown as Socket, (data, port, address) => {
      if (isRtp(data)) {
        const packet = reader.unprotect(data);
        if (packet) onRtp(packet);
        return;
      }
      // What werift's own 'message' handler does, with a copy: the batch's buffer is reused.
      const host = numberToIpv4(address);
      transport.rinfo = { address: host, port };
      transport.onData(Buffer.from(data), [host, port]);
    });
    if (registered) {
      batched.set(transport, registered);
      restores.push(() => registered.release());
      continue;
    }
    const wrapper = (data: Buffer, addr: [string, number]) => {
      if (!isRtp(data)) return previous(data, addr);
      const packet = reader.unprotect(data);
      if (packet) onRtp(packet);
    };
    transport.onData = wrapper;
    restores.push(() => { if (transport.onData === wrapper) transport.onData = previous; });
  }
  /** The nominated pair's remote address as the batch takes it, for the pair it was read from. */
  let destinationOf: unknown;
  let destination: number | undefined;
  const ssrc = s.ssrc;
  let detached = false;
  let packets = 0;
  let octets = 0;
  /** The (NTP, RTP) timestamp pair of the newest packet, for the next SR. */
  let lastNtp = 0n;
  let lastRtp = 0;
  let sinceNtp = 0;
  let nextReportAt: number | undefined;
  const REPORT_MS = 5000;

  return {
    profile: local.profile,
    send(payloadType, sequenceNumber, timestamp, marker, payload) {
      if (detached) return false;
      const pair = connection.nominated;
      const transport = pair?.protocol.transport;
      if (!pair || !transport?.socket || transport.closed) return false;
      const out = batched.get(transport);
      if (out && destinationOf !== pair) { destinationOf = pair; destination = ipv4ToNumber(pair.remoteAddr[0]); }
      if (out && destination !== undefined) { // the batch copies the packet at once: built in the writer's buffer
        out.send(writer.protect(payloadType, sequenceNumber, timestamp, marker, payload, true), pair.remoteAddr[1], destination);
      } else {
        transport.socket.send(writer.protect(payloadType, sequenceNumber, timestamp, marker, payload), pair.remoteAddr[1], pair.remoteAddr[0]);
      }
      packets = (packets + 1) >>> 0;
      octets = (octets + payload.length) >>> 0;
      if (sinceNtp-- <= 0) { // the SR's (NTP, RTP) pair, refreshed about once a second at 50 packets/s
        lastNtp = ntpNow();
        lastRtp = timestamp >>> 0;
        sinceNtp = 50;
      }
      return true;
    },
    report(nowMs) {
      if (detached) return;
      if (nextReportAt === undefined) { nextReportAt = nowMs + Math.random() * REPORT_MS; return; }
      if (nowMs < nextReportAt) return;
      nextReportAt = nowMs + REPORT_MS;
      if (packets === 0 || !dtls.sendRtcp) return; // nothing sent yet: nothing to report
      const sr = new RtcpSrPacket({ ssrc, senderInfo: new RtcpSenderInfo({ ntpTimestamp: lastNtp, rtpTimestamp: lastRtp, packetCount: packets, octetCount: octets }) });
      const compound: unknown[] = [sr];
      if (s.cname) {
        compound.push(new RtcpSourceDescriptionPacket({ chunks: [new SourceDescriptionChunk({ source: ssrc, items: [new SourceDescriptionItem({ type: 1, text: s.cname })] })] }));
      }
      dtls.sendRtcp(compound).catch(() => { /* a closing transport: the next report, if any, tries again */ });
    },
    detach() {
      if (detached) return;
      detached = true;
      for (const restore of restores) restore();
    },
  };
}
