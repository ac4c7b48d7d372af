/**
 * Offer rewriting before werift sees it. werift negotiates by MIME type only, so an offer carrying both
 * telephone-event/48000 and telephone-event/8000 (Chromium's) can get the 48 kHz one paired with PCMU.
 * We keep exactly what a bridge speaks, in this order: PCMU/8000, then telephone-event/8000; every other
 * codec (and its fmtp / rtcp-fb lines) is removed from the audio section.
 */

export interface PreparedOffer {
  sdp: string;
  /** The offer's payload type for PCMU (0 unless the offerer remapped it). */
  audioPayloadType: number;
  /** The offer's payload type for telephone-event/8000, if offered. */
  dtmfPayloadType?: number;
}

interface Rtpmap { name: string; rate: number }

const STATIC_PCMU = 0;

/** Throws TypeError for an offer a bridge cannot answer (not SDP, no audio, no PCMU, other media). */
export function prepareOffer(offer: string): PreparedOffer {
  if (typeof offer !== 'string' || !offer.trimStart().startsWith('v=0')) {
    throw new TypeError('the offer is not an SDP description (it must start with v=0)');
  }
  const lines = offer.trim().split(/\r?\n/);

  const sectionStarts: number[] = [];
  lines.forEach((line, i) => { if (line.startsWith('m=')) sectionStarts.push(i); });
  if (sectionStarts.length === 0) throw new TypeError('the offer has no media section');
  const kinds = sectionStarts.map((i) => lines[i]?.slice(2).split(' ')[0]);
  if (kinds.length !== 1 || kinds[0] !== 'audio') {
    throw new TypeError(`the offer must have exactly one audio section (it has: ${kinds.join(', ')})`);
  }

  const mIndex = sectionStarts[0] as number;
  const mLine = lines[mIndex] as string;
  const [, port, proto, ...formats] = mLine.split(' ');
  const section = lines.slice(mIndex + 1);

  const rtpmaps = new Map<number, Rtpmap>();
  for (const line of section) {
    const m = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (m) rtpmaps.set(Number(m[1]), { name: (m[2] as string).toLowerCase(), rate: Number(m[3]) });
  }
  const offered = formats.map(Number).filter((pt) => Number.isInteger(pt));
  const codecOf = (pt: number): Rtpmap | undefined =>
    rtpmaps.get(pt) ?? (pt === STATIC_PCMU ? { name: 'pcmu', rate: 8000 } : undefined);

  const audioPayloadType = offered.find((pt) => { const c = codecOf(pt); return c?.name === 'pcmu' && c.rate === 8000; });
  if (audioPayloadType === undefined) throw new TypeError('the offer does not offer PCMU/8000, the only codec a bridge speaks');
  const dtmfPayloadType = offered.find((pt) => { const c = codecOf(pt); return c?.name === 'telephone-event' && c.rate === 8000; });
  const keep = dtmfPayloadType === undefined ? [audioPayloadType] : [audioPayloadType, dtmfPayloadType];

  const codecLine = /^a=(rtpmap|fmtp|rtcp-fb):(\d+|\*)[ ]/;
  const kept = section.filter((line) => {
    const m = codecLine.exec(line);
    if (!m) return true;
    if (m[2] === '*') return true;
    return keep.includes(Number(m[2]));
  });
  // A static PCMU without its rtpmap line is legal; werift wants one.
  if (!rtpmaps.has(audioPayloadType)) {
    const at = kept.findIndex((line) => line.startsWith('a='));
    kept.splice(at < 0 ? kept.length : at, 0, `a=rtpmap:${audioPayloadType} PCMU/8000`);
  }

  const out = [...lines.slice(0, mIndex), [`m=audio`, port, proto, ...keep].join(' '), ...kept];
  const result: PreparedOffer = { sdp: out.join('\r\n') + '\r\n', audioPayloadType };
  if (dtmfPayloadType !== undefined) result.dtmfPayloadType = dtmfPayloadType;
  return result;
}

/** The payload types an answer names for PCMU and telephone-event/8000 (what the bridge will send). */
export function answerPayloadTypes(answer: string): { audio?: number; dtmf?: number } {
  const out: { audio?: number; dtmf?: number } = {};
  for (const line of answer.split(/\r?\n/)) {
    const m = /^a=rtpmap:(\d+) ([^/]+)\/(\d+)/.exec(line);
    if (!m) continue;
    const name = (m[2] as string).toLowerCase();
    if (name === 'pcmu' && m[3] === '8000' && out.audio === undefined) out.audio = Number(m[1]);
    if (name === 'telephone-event' && m[3] === '8000' && out.dtmf === undefined) out.dtmf = Number(m[1]);
  }
  return out;
}
