import type { Db } from '../db/database.js';

/** At most `max` attempts per key in a window of `windowMs` starting at the key's first attempt. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Windows are deleted once ended every this many acquisitions (per process): the table stays the size of the live windows. */
const PRUNE_EVERY = 1000;

/**
 * Attempt counters per key in fixed windows, kept in the database so that every process serving it
 * counts together (several `egide serve` behind a load balancer). Each operation is one statement,
 * atomic on both engines, so concurrent attempts (from any process) are counted exactly.
 */
export class RateLimitRepository {
  private acquisitions = 0;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts an attempt now, before the work it guards. Returns 0 when counted, else the seconds to
   * wait (and nothing is counted). A refused attempt leaves the count at `max + 1`, which says
   * "refused" to the caller in the same statement; `release` and `retryAfter` read it as `max`.
   */
  async acquire(key: string, limit: RateLimit): Promise<number> {
    const now = this.now();
    const nowIso = new Date(now).toISOString();
    if (++this.acquisitions % PRUNE_EVERY === 0) await this.db.deleteFrom('rate_limits').where('reset_at', '<=', nowIso).execute();
    const row = await this.db
      .insertInto('rate_limits')
      .values({ key, count: 1, reset_at: new Date(now + limit.windowMs).toISOString() })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet((eb) => {
          const ended = eb('rate_limits.reset_at', '<=', nowIso);
          return {
            count: eb.case().when(ended).then(1).when('rate_limits.count', '>=', limit.max).then(limit.max + 1).else(eb('rate_limits.count', '+', 1)).end(),
            reset_at: eb.case().when(ended).then(eb.ref('excluded.reset_at')).else(eb.ref('rate_limits.reset_at')).end(),
          };
        }),
      )
      .returning(['count', 'reset_at'])
      .executeTakeFirstOrThrow();
    return row.count > limit.max ? secondsUntil(row.reset_at, now) : 0;
  }

  /** Seconds to wait before trying again, or 0 when the key is under its limit. */
  async retryAfter(key: string, limit: RateLimit): Promise<number> {
    const now = this.now();
    const row = await this.db.selectFrom('rate_limits').select(['count', 'reset_at']).where('key', '=', key).where('reset_at', '>', new Date(now).toISOString()).executeTakeFirst();
    return row && row.count >= limit.max ? secondsUntil(row.reset_at, now) : 0;
  }

  /** Gives back an attempt counted by `acquire` that turned out not to count (e.g. it succeeded); never below zero. */
  async release(key: string, limit: RateLimit): Promise<void> {
    await this.db
      .updateTable('rate_limits')
      .set((eb) => ({ count: eb.case().when('count', '>', limit.max).then(limit.max - 1).else(eb('count', '-', 1)).end() }))
      .where('key', '=', key)
      .where('count', '>', 0)
      .where('reset_at', '>', new Date(this.now()).toISOString())
      .execute();
  }

  async reset(key: string): Promise<void> {
    await this.db.deleteFrom('rate_limits').where('key', '=', key).execute();
  }
}

function secondsUntil(resetAt: string, now: number): number {
  return Math.max(1, Math.ceil((Date.parse(resetAt) - now) / 1000));
}
