import type { Limits } from '../config.ts';
import { RateLimiter } from './rateLimit.ts';

/**
 * Login attempts are limited by what fails, not by what is tried: wrong passwords for one account from
 * one address, and wrong passwords from one address over all accounts. A right password is never
 * counted, and buckets refill by the minute, so nobody is locked out for good: guessing one agent's
 * password from an address stops that guessing (for that agent, from there) without stopping the other
 * agents who sign in from the same office address; an address that guesses at many accounts waits too.
 * While a pair or an address waits, its attempts are refused before the password is checked, so the
 * answer says nothing about whether the password was right.
 */
export class LoginLimits {
  private readonly perAccount: RateLimiter;
  private readonly perAddress: RateLimiter;

  constructor(limits: Pick<Limits, 'loginFailuresPerAccount' | 'loginFailuresPerAddress'>) {
    // A bucket of N failures, refilled at N a minute (a few a minute at most for one account).
    this.perAccount = new RateLimiter(limits.loginFailuresPerAccount, limits.loginFailuresPerAccount);
    this.perAddress = new RateLimiter(limits.loginFailuresPerAddress, limits.loginFailuresPerAddress);
  }

  /** Whether an attempt for `username` from `address` may be checked now. */
  allows(address: string, username: string, now: number): boolean {
    return this.perAddress.allows(address, now) && this.perAccount.allows(accountKey(address, username), now);
  }

  /** Counts a wrong password (or an unknown user). */
  failed(address: string, username: string, now: number): void {
    this.perAddress.take(address, now);
    this.perAccount.take(accountKey(address, username), now);
  }
}

function accountKey(address: string, username: string): string {
  return `${address}\u0000${username.toLowerCase()}`;
}
