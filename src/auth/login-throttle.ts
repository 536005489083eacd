import { RateLimiter } from './rate-limiter.js';

const WINDOW_MS = 15 * 60 * 1000;

/** Login throttling: per address and account, and per address alone (against password spraying). */
export class LoginThrottle {
  private readonly perAccount = new RateLimiter(5, WINDOW_MS);
  private readonly perAddress = new RateLimiter(30, WINDOW_MS);

  /**
   * Counts an attempt before its password is checked (the check is slow on purpose, so attempts
   * sent together would otherwise all be checked against a limit none of them has counted yet).
   * Returns 0 when the attempt may proceed, else the seconds to wait.
   */
  reserve(address: string, email: string): number {
    const account = `${address}|${email}`;
    const waitAccount = this.perAccount.acquire(account);
    if (waitAccount > 0) return Math.max(waitAccount, this.perAddress.retryAfter(address));
    const waitAddress = this.perAddress.acquire(address);
    if (waitAddress > 0) this.perAccount.release(account);
    return waitAddress;
  }

  /** A reserved attempt that succeeded: the account's failures are forgotten, and it does not count against the address. */
  succeeded(address: string, email: string): void {
    this.perAccount.reset(`${address}|${email}`);
    this.perAddress.release(address);
  }

  /** A reserved attempt that could not be judged (an error on our side): it does not count. */
  abandoned(address: string, email: string): void {
    this.perAccount.release(`${address}|${email}`);
    this.perAddress.release(address);
  }
}
