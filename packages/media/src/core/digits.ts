import type { DigitCollectionOptions, DigitCollectionResult } from '../facade.ts';
import { DIGITS } from './dtmf.ts';

/**
 * One digit collection (GetParticipantInput / StoreCustomerInput on voice), as a state machine fed digits
 * and tick times.
 *
 * - Digits count from the moment the collection exists, including during its prompt.
 * - The clock runs only once the collection is armed: at once, or when `afterPlaybackId` ends (for any
 *   reason). From then on a deadline is set at the first tick after arming or after each digit:
 *   `firstDigitTimeoutMs` while no digit has come, `interDigitTimeoutMs` after one. A tick at or past the
 *   deadline ends the collection with 'timeout'. Deadlines are taken from tick times only (the bridge
 *   clock), never from packet arrival times, so a digit is timed to the frame that follows it (≤ 20 ms).
 * - `maxDigits` digits end it with 'maxDigits'; the terminator ends it with 'terminator' and is not part of
 *   the digits. The terminator defaults to '#' when maxDigits > 1 and to none for 1; '' means none.
 */
export class DigitCollection {
  readonly id: string;
  readonly endpointId: string;
  readonly afterPlaybackId: string | undefined;
  private readonly maxDigits: number;
  private readonly terminator: string | undefined;
  private readonly firstMs: number;
  private readonly interMs: number;
  private digits = '';
  private armed: boolean;
  private deadline: number | undefined;
  private result: DigitCollectionResult | undefined;

  constructor(options: DigitCollectionOptions) {
    validate(options);
    this.id = options.collectionId;
    this.endpointId = options.endpointId;
    this.afterPlaybackId = options.afterPlaybackId;
    this.maxDigits = options.maxDigits;
    const t = options.terminator ?? (options.maxDigits > 1 ? '#' : '');
    this.terminator = t === '' ? undefined : t.toUpperCase();
    this.firstMs = options.firstDigitTimeoutMs;
    this.interMs = options.interDigitTimeoutMs;
    this.armed = options.afterPlaybackId === undefined;
  }

  get done(): DigitCollectionResult | undefined {
    return this.result;
  }

  /** Starts the clock (the prompt named by afterPlaybackId ended, or had already ended). */
  arm(): void {
    if (!this.armed) {
      this.armed = true;
      this.deadline = undefined;
    }
  }

  /** A digit from the collection's endpoint. Returns the result if this digit ended the collection. */
  digit(digit: string): DigitCollectionResult | undefined {
    if (this.result) return undefined;
    const d = digit.toUpperCase();
    if (this.terminator !== undefined && d === this.terminator) return this.finish('terminator');
    this.digits += d;
    if (this.digits.length >= this.maxDigits) return this.finish('maxDigits');
    this.deadline = undefined; // restarted at the next tick, with the inter-digit timeout
    return undefined;
  }

  /** A tick of the bridge clock. Returns the result if a timeout ended the collection. */
  tick(nowMs: number): DigitCollectionResult | undefined {
    if (this.result || !this.armed) return undefined;
    if (this.deadline === undefined) {
      this.deadline = nowMs + (this.digits.length === 0 ? this.firstMs : this.interMs);
      if (this.deadline > nowMs) return undefined;
    }
    return nowMs >= this.deadline ? this.finish('timeout') : undefined;
  }

  stop(): DigitCollectionResult | undefined {
    return this.result ? undefined : this.finish('stopped');
  }

  private finish(reason: DigitCollectionResult['reason']): DigitCollectionResult {
    this.result = { collectionId: this.id, digits: this.digits, reason };
    return this.result;
  }
}

function validate(o: DigitCollectionOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('collectDigits: options required');
  if (typeof o.collectionId !== 'string' || o.collectionId === '') throw new TypeError('collectDigits: collectionId must be a non-empty string');
  if (typeof o.endpointId !== 'string' || o.endpointId === '') throw new TypeError('collectDigits: endpointId must be a non-empty string');
  if (!Number.isInteger(o.maxDigits) || o.maxDigits < 1) throw new TypeError('collectDigits: maxDigits must be an integer ≥ 1');
  for (const k of ['firstDigitTimeoutMs', 'interDigitTimeoutMs'] as const) {
    const v = o[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`collectDigits: ${k} must be a finite number ≥ 0`);
  }
  if (o.terminator !== undefined && (typeof o.terminator !== 'string' || (o.terminator !== '' && (o.terminator.length !== 1 || !DIGITS.includes(o.terminator.toUpperCase()))))) {
    throw new TypeError('collectDigits: terminator must be one DTMF digit');
  }
  if (o.afterPlaybackId !== undefined && typeof o.afterPlaybackId !== 'string') throw new TypeError('collectDigits: afterPlaybackId must be a string');
}
