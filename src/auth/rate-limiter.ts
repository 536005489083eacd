/**
 * Counts attempts per key in a fixed window. Kept in memory: Egide runs as one process,
 * and a restart resetting the counters is acceptable for login throttling.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before trying again, or 0 when the key is under its limit. */
  retryAfter(key: string): number {
    const window = this.current(key);
    return window && window.count >= this.max ? Math.ceil((window.resetAt - this.now()) / 1000) : 0;
  }

  /**
   * Counts an attempt now, before the work it guards, so that concurrent attempts cannot all pass
   * the check while the first ones are still running. Returns 0 when counted, otherwise the seconds
   * to wait (and nothing is counted).
   */
  acquire(key: string): number {
    const wait = this.retryAfter(key);
    if (wait > 0) return wait;
    const window = this.current(key);
    if (window) window.count += 1;
    else this.windows.set(key, { count: 1, resetAt: this.now() + this.windowMs });
    if (this.windows.size > 10_000) this.prune();
    return 0;
  }

  /** Gives back an attempt counted by `acquire` that turned out not to count (e.g. it succeeded). */
  release(key: string): void {
    const window = this.current(key);
    if (window && window.count > 0) window.count -= 1;
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private current(key: string) {
    const window = this.windows.get(key);
    if (window && window.resetAt <= this.now()) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
