/**
 * Everything we take from werift 0.24. This file and fastPath.ts (RTP past werift once DTLS is up) are
 * the only places that reach past its types. Keep werift imports here so an upgrade (0.25 clones packets
 * in sendRtp and has its own DTMF helpers) touches these two files.
 */
import {
  RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket,
  RtcpSenderInfo, RtcpSourceDescriptionPacket, RtcpSrPacket, SourceDescriptionChunk, SourceDescriptionItem,
  type MediaStreamTrack, type RTCRtpSender, type RTCRtpTransceiver,
} from 'werift';

import { installFastRtpHeader } from './rtpHeader.ts';
import { installFastSrtp } from './srtp.ts';

export { RTCPeerConnection, RtpHeader, RtpPacket };
export { RtcpSenderInfo, RtcpSourceDescriptionPacket, RtcpSrPacket, SourceDescriptionChunk, SourceDescriptionItem };

// Every werift peer in this process reads RTP headers with our reader (rtpHeader.ts: same fields, no string round trips).
installFastRtpHeader();
// …and encrypt and decrypt SRTP with one cipher and one pair of HMAC states per key (srtp.ts: same bytes).
installFastSrtp();
export type { MediaStreamTrack, RTCRtpSender, RTCRtpTransceiver };

export interface IceOptions {
  /** Extra host addresses to gather (['127.0.0.1'] on loopback-only hosts). */
  iceAdditionalHostAddresses?: string[];
  iceServers?: { urls: string; username?: string; credential?: string }[];
  /** UDP ports for this peer's ICE sockets (werift needs min < max). */
  icePortRange?: [number, number];
  /** Off unless configured. */
  iceUseIpv6?: boolean;
}

/** The payload type werift offers for telephone-event when it is the offerer (tests' client peers). */
export const LOCAL_DTMF_PAYLOAD_TYPE = 101;

/** An audio-only peer connection that speaks PCMU/8000 (PT 0) and telephone-event/8000. */
export function createAudioPeer(ice: IceOptions): RTCPeerConnection {
  return new RTCPeerConnection({
    codecs: {
      audio: [
        new RTCRtpCodecParameters({ mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 }),
        new RTCRtpCodecParameters({ mimeType: 'audio/telephone-event', clockRate: 8000, channels: 1, payloadType: LOCAL_DTMF_PAYLOAD_TYPE, parameters: '0-15' }),
      ],
      video: [],
    },
    headerExtensions: { audio: [], video: [] },
    iceUseIpv6: ice.iceUseIpv6 ?? false,
    iceAdditionalHostAddresses: ice.iceAdditionalHostAddresses,
    iceServers: ice.iceServers ?? [],
    icePortRange: ice.icePortRange,
  });
}

/** The payload types a transceiver ended up with after negotiation (the remote side's numbers). */
export function negotiatedPayloadTypes(transceiver: RTCRtpTransceiver): { audio?: number; dtmf?: number } {
  const out: { audio?: number; dtmf?: number } = {};
  for (const codec of transceiver.codecs) {
    const mime = codec.mimeType.toLowerCase();
    if (mime === 'audio/pcmu' && codec.clockRate === 8000 && out.audio === undefined) out.audio = codec.payloadType;
    if (mime === 'audio/telephone-event' && codec.clockRate === 8000 && out.dtmf === undefined) out.dtmf = codec.payloadType;
  }
  return out;
}

/**
 * Sends one packet on a sender with the given payload type. werift 0.24's `sendRtp` rewrites the
 * caller's header in place (SSRC, offsets) and forces the first negotiated codec's payload type, which
 * would turn an RFC 4733 event into a PCMU packet. So every call builds a fresh packet, and when its
 * payload type is not the sender's codec's, it is pinned: werift's assignment to it is ignored. The header is encrypted synchronously
 * inside `sendRtp`, before it returns its promise.
 */
export function sendRtpAs(
  sender: RTCRtpSender,
  packet: { payloadType: number; sequenceNumber: number; timestamp: number; marker: boolean; payload: Uint8Array },
): void {
  const header = new RtpHeader({
    payloadType: packet.payloadType,
    sequenceNumber: packet.sequenceNumber,
    timestamp: packet.timestamp >>> 0,
    marker: packet.marker,
  });
  const payloadType = packet.payloadType;
  if (sender.codec?.payloadType !== payloadType) {
    Object.defineProperty(header, 'payloadType', { get: () => payloadType, set: () => {}, enumerable: true, configurable: true });
  }
  const rtp = new RtpPacket(header, Buffer.from(packet.payload));
  sender.sendRtp(rtp).catch(() => { /* a send on a closing connection; nothing to recover */ });
}

/** Whether DTLS is up on this sender (werift drops packets until it is). */
export function senderReady(sender: RTCRtpSender): boolean {
  return sender.dtlsTransport?.state === 'connected';
}
