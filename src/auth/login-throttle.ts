import type { RateLimit, RateLimitRepository } from './rate-limit.repository.js';

const WINDOW_MS = 15 * 60 * 1000;
const PER_ACCOUNT: RateLimit = { max: 5, windowMs: WINDOW_MS };
const PER_ADDRESS: RateLimit = { max: 30, windowMs: WINDOW_MS };

const accountKey = (address: string, email: string) => `login:account:${address}|${email}`;
const addressKey = (address: string) => `login:address:${address}`;

/**
 * Login throttling: per address and account, and per address alone (against password spraying).
 * The counters are in the database, so every process serving it (several `egide serve` behind a
 * load balancer) throttles a client together.
 */
export class LoginThrottle {
  constructor(private readonly counters: RateLimitRepository) {}

  /**
   * Counts an attempt before its password is checked (the check is slow on purpose, so attempts
   * sent together would otherwise all be checked against a limit none of them has counted yet).
   * Returns 0 when the attempt may proceed, else the seconds to wait.
   */
  async reserve(address: string, email: string): Promise<number> {
    const account = accountKey(address, email);
    const waitAccount = await this.counters.acquire(account, PER_ACCOUNT);
    if (waitAccount > 0) return Math.max(waitAccount, await this.counters.retryAfter(addressKey(address), PER_ADDRESS));
    const waitAddress = await this.counters.acquire(addressKey(address), PER_ADDRESS);
    if (waitAddress > 0) await this.counters.release(account, PER_ACCOUNT);
    return waitAddress;
  }

  /** A reserved attempt that succeeded: the account's failures are forgotten, and it does not count against the address. */
  async succeeded(address: string, email: string): Promise<void> {
    await this.counters.reset(accountKey(address, email));
    await this.counters.release(addressKey(address), PER_ADDRESS);
  }

  /** A reserved attempt that could not be judged (an error on our side): it does not count. */
  async abandoned(address: string, email: string): Promise<void> {
    await this.counters.release(accountKey(address, email), PER_ACCOUNT);
    await this.counters.release(addressKey(address), PER_ADDRESS);
  }
}
