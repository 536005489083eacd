import type { Logger } from '../config/logger.js';
import { DatabaseUnreachableError } from './connection-errors.js';

const FIRST_DELAY_MS = 1000;
/** A database down for long is tried every 10 s: each try logs a line, and a waiting start should not wait much past its return. */
const LONGEST_DELAY_MS = 10_000;

/**
 * Runs `open` (which connects to the database) until it does not fail for want of the database,
 * waiting 1, 2, 4… up to 10 s between tries and logging each failed try, for `timeoutMs` at most;
 * then gives up with a DatabaseUnreachableError that says how long it tried. A database starting
 * at the same time as Egide (a compose file, a reboot) is waited for, not a crash loop.
 */
export async function untilReachable<T>(open: () => Promise<T>, options: { timeoutMs: number; logger: Logger }): Promise<T> {
  const started = performance.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof DatabaseUnreachableError)) throw error;
      const waited = performance.now() - started;
      const delayMs = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), LONGEST_DELAY_MS, options.timeoutMs - waited);
      if (delayMs <= 0) {
        throw new DatabaseUnreachableError(`${error.message} Gave up after ${attempt} tries in ${Math.round(waited / 1000)} s (EGIDE_DATABASE_CONNECT_TIMEOUT).`, { cause: error });
      }
      options.logger.warn('database unreachable; trying again', { attempt, retryInMs: Math.round(delayMs), reason: error.message });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
