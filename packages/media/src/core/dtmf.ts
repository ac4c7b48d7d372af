/**
 * RFC 4733 telephone-events for DTMF: the 4-byte payload, a receiver that reports each digit once, and a
 * sender that turns queued digits into one packet per 20 ms slot.
 *
 * Payload: event (8 bits) | E (1) | R (1) | volume (6) | duration (16, in timestamp units).
 */

export const DIGITS = '0123456789*#ABCD';
const PAUSE = ',';

export function digitToEvent(digit: string): number {
  const i = DIGITS.indexOf(digit.toUpperCase());
  if (digit.length !== 1 || i < 0) throw new TypeError(`not a DTMF digit: ${JSON.stringify(digit)}`);
  return i;
}

/** The digit for an event code, or undefined for non-DTMF events (flash, tones). */
export function eventToDigit(event: number): string | undefined {
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level as −dBm0 (0..63). */
  volume: number;
  /** Samples since the event's timestamp (8 kHz). */
  duration: number;
}

export function encodeTelephoneEvent(e: TelephoneEvent, out: Uint8Array = new Uint8Array(4)): Uint8Array {
  out[0] = e.event & 0xff;
  out[1] = (e.end ? 0x80 : 0) | (e.volume & 0x3f);
  out[2] = (e.duration >> 8) & 0xff;
  out[3] = e.duration & 0xff;
  return out;
}

/** Parses a telephone-event payload; undefined if it is shorter than 4 bytes. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return {
    event: payload[0]!,
    end: (payload[1]! & 0x80) !== 0,
    volume: payload[1]! & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  };
}

/**
 * Reports each digit once per event. An event is identified by (SSRC, RTP timestamp): its start,
 * continuation and (usually three) end packets all carry the event's first timestamp, so only the first of
 * them that arrives reports the digit — a lost start packet still yields the digit. A long event split into
 * segments (RFC 4733 §2.5.1.3: the next segment's timestamp is the previous one's plus its duration) is not
 * a new digit.
 */
export class DtmfReceiver {
  private seen = false;
  private ssrc = 0;
  private timestamp = 0;
  private event = -1;
  private duration = 0;
  private ended = false;

  /** Returns the digit if this packet starts a new event, otherwise undefined. */
  receive(ssrc: number, timestamp: number, payload: Uint8Array): string | undefined {
    const e = decodeTelephoneEvent(payload);
    if (!e) return undefined;
    const ts = timestamp >>> 0;
    if (this.seen && ssrc === this.ssrc && ts === this.timestamp) {
      // The same event again: a continuation or a repeated end packet.
      if (e.duration > this.duration) this.duration = e.duration;
      if (e.end) this.ended = true;
      return undefined;
    }
    const segment = this.seen && ssrc === this.ssrc && !this.ended && e.event === this.event && ts === ((this.timestamp + this.duration) >>> 0);
    this.seen = true;
    this.ssrc = ssrc;
    this.timestamp = ts;
    this.event = e.event;
    this.duration = e.duration;
    this.ended = e.end;
    return segment ? undefined : eventToDigit(e.event);
  }
}

export interface DtmfSenderOptions {
  /** How long each tone lasts (default 100 ms, as browsers' insertDTMF). */
  toneMs?: number;
  /** Silence between tones (default 60 ms; RFC 4733 senders need at least 40–50 ms). */
  gapMs?: number;
  /** −dBm0 (default 10). */
  volume?: number;
}

export interface DtmfPacket {
  payload: Uint8Array;
  timestamp: number;
  marker: boolean;
}

const SLOT = 160;

/**
 * Turns queued digits into RFC 4733 packets, one per 20 ms slot: a start packet (marker set) with the
 * duration of one slot, continuations whose duration grows with the slot clock, then the final duration
 * three times with the E bit. Between digits `gapMs` of slots are left to audio; ',' pauses 2 s (as
 * WebRTC's insertDTMF). `next(ts)` is asked once per slot with that slot's outgoing timestamp; it returns
 * undefined when the slot belongs to audio. Durations are measured on the timestamps given, so slots
 * skipped by the bridge clock lengthen the event rather than delaying it.
 */
export class DtmfSender {
  private readonly queue: string[] = [];
  private readonly toneSamples: number;
  private readonly gapSamples: number;
  private readonly volume: number;
  private phase: 'idle' | 'tone' | 'end' | 'gap' = 'idle';
  private event = 0;
  private eventTs = 0;
  private duration = 0;
  private endsSent = 0;
  private gapUntil = 0;
  private lastTs = 0;

  constructor(options: DtmfSenderOptions = {}) {
    this.toneSamples = Math.max(SLOT, Math.round((options.toneMs ?? 100) * 8));
    this.gapSamples = Math.max(0, Math.round((options.gapMs ?? 60) * 8));
    this.volume = options.volume ?? 10;
  }

  /** Queues digits (0-9, *, #, A-D, and ',' for a 2 s pause). Throws TypeError on anything else. */
  enqueue(digits: string): void {
    for (const d of digits) if (d !== PAUSE) digitToEvent(d);
    for (const d of digits) this.queue.push(d === PAUSE ? PAUSE : d.toUpperCase());
  }

  /** Whether anything is queued or in progress. */
  get busy(): boolean {
    return this.phase !== 'idle' || this.queue.length > 0;
  }

  next(ts: number): DtmfPacket | undefined {
    this.lastTs = ts >>> 0;
    if (this.phase === 'gap') {
      if (((this.lastTs - this.gapUntil) | 0) < 0) return undefined;
      this.phase = 'idle';
    }
    if (this.phase === 'idle') {
      const d = this.queue.shift();
      if (d === undefined) return undefined;
      if (d === PAUSE) {
        this.phase = 'gap';
        this.gapUntil = (this.lastTs + 2000 * 8) >>> 0;
        return undefined;
      }
      this.phase = 'tone';
      this.event = digitToEvent(d);
      this.eventTs = this.lastTs;
      this.duration = SLOT;
      this.endsSent = 0;
      return this.packet(false, true);
    }
    if (this.phase === 'tone') {
      this.duration = Math.min(0xffff, ((this.lastTs - this.eventTs) >>> 0) + SLOT);
      if (this.duration < this.toneSamples) return this.packet(false, false);
      this.duration = Math.max(this.toneSamples, Math.min(this.duration, 0xffff));
      this.phase = 'end';
    }
    // phase 'end': the final duration, three times
    const p = this.packet(true, false);
    if (++this.endsSent === 3) {
      this.phase = 'gap';
      this.gapUntil = (this.lastTs + SLOT + this.gapSamples) >>> 0;
    }
    return p;
  }

  private packet(end: boolean, marker: boolean): DtmfPacket {
    return {
      payload: encodeTelephoneEvent({ event: this.event, end, volume: this.volume, duration: this.duration }),
      timestamp: this.eventTs,
      marker,
    };
  }
}

/** The packets that send one digit starting at `timestamp`, one per consecutive 20 ms slot. */
export function dtmfPackets(digit: string, timestamp: number, options: DtmfSenderOptions = {}): DtmfPacket[] {
  const sender = new DtmfSender({ ...options, gapMs: 0 });
  sender.enqueue(digit);
  const packets: DtmfPacket[] = [];
  for (let slot = 0; ; slot++) {
    const p = sender.next((timestamp + slot * SLOT) >>> 0);
    if (!p) break;
    packets.push(p);
  }
  return packets;
}
