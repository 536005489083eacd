import type { Logger } from '../config/logger.js';
import type { ChangeFeed } from '../db/change-feed.js';
import { isDatabaseUnreachable } from '../db/connection-errors.js';
import type { DescribePool } from './describe-pool.js';
import type { IdentifyRepository } from './identify.repository.js';
import type { IndexingJobClaims } from '../db/indexing-job-claims.js';

/** The bytes of a registry photo to index (its display variant), or undefined if it is gone. */
export type ReadPhoto = (photoId: string) => Promise<Buffer | undefined>;

export interface IndexingQueueParts {
  repository: IdentifyRepository;
  /** How this engine's workers take jobs (several processes on PostgreSQL never take the same). */
  claims: IndexingJobClaims;
  /** Describes photos (on every core) as the engine indexes them. */
  describer: Pick<DescribePool, 'describe'>;
  /** Names the extractor, stored with each photo's features. */
  extractor: string;
  readPhoto: ReadPhoto;
  /** Told when photos were indexed, so that every process's index loads them ahead of its next search. */
  changes?: Pick<ChangeFeed, 'publish'> | undefined;
  logger?: Logger | undefined;
}

const IDLE_POLL_MS = 2000;
/** How often a drain looks again at jobs another process holds: each takes it under 2 s. */
const HELD_JOBS_POLL_MS = 500;
/** While the database cannot be reached, the queue waits longer between tries, up to this. */
const LONGEST_PAUSE_MS = 30_000;

/**
 * Works through the persistent queue of photos to index (identify_jobs, filled by triggers): each
 * photo's features are written and its job removed in one transaction, so a process killed midway
 * only redoes the photo it was on. A photo that cannot be read is retried, then left reported.
 * While the database cannot be reached, jobs stay in it, uncounted, and are tried again later.
 */
export class IndexingQueue {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly parts: IndexingQueueParts) {}

  /** Indexes up to `limit` queued photos, several at a time; returns how many jobs it handled (indexed or failed). */
  async runOnce(limit = 8): Promise<{ indexed: number; failed: number }> {
    const { repository, claims, describer, extractor, readPhoto, logger } = this.parts;
    let indexed = 0;
    let failed = 0;
    const jobs = await claims.claim(limit);
    const outcomes = await Promise.allSettled(
      jobs.map(async (job) => {
        try {
          const bytes = await readPhoto(job.photoId);
          if (!bytes) throw new Error('the photo file is missing');
          const { description } = await describer.describe(bytes, 'reference');
          await repository.saveIndexed(job.photoId, extractor, description, new Date().toISOString());
          indexed++;
        } catch (error) {
          // Not the photo's fault: the job stays as it was, for a later try.
          if (isDatabaseUnreachable(error)) throw error;
          failed++;
          const reason = error instanceof Error ? error.message : String(error);
          await claims.fail(job.photoId, reason);
          logger?.warn('photo not indexed', { photoId: job.photoId, attempt: job.attempts + 1, reason });
        }
      }),
    );
    if (indexed > 0) await this.parts.changes?.publish('identify-index');
    const unexpected = outcomes.find((outcome) => outcome.status === 'rejected');
    if (unexpected) throw unexpected.reason;
    return { indexed, failed };
  }

  /**
   * Runs until the queue is empty (retrying failures up to their limit), reporting progress. Jobs
   * other processes hold (PostgreSQL) are waited for: once it returns, no photo is left to index.
   */
  async drain(onProgress?: (done: number, remaining: number) => void): Promise<{ indexed: number; failed: number }> {
    const total = { indexed: 0, failed: 0 };
    for (;;) {
      const round = await this.runOnce(16);
      if (round.indexed + round.failed === 0) {
        if ((await this.parts.repository.counts()).pending === 0) return total;
        await new Promise((resolve) => setTimeout(resolve, HELD_JOBS_POLL_MS));
        continue;
      }
      total.indexed += round.indexed;
      total.failed += round.failed;
      onProgress?.(total.indexed + total.failed, (await this.parts.repository.counts()).pending);
    }
  }

  /**
   * Indexes every photo again (after a change of extractor or vocabulary, or to check the index),
   * then renumbers the index's slots 0…n−1: each photo indexed again got a new slot, and deleted
   * ones left gaps. Indexes loaded elsewhere (a running server) see the generation move and reload.
   */
  async rebuild(
    report: { onQueued?: (queued: number) => void; onProgress?: (done: number, remaining: number) => void } = {},
  ): Promise<{ indexed: number; failed: number; moved: number }> {
    const queued = await this.parts.repository.enqueueAll(new Date().toISOString());
    report.onQueued?.(queued);
    const result = await this.drain(report.onProgress);
    const moved = await this.parts.repository.compactSlots();
    if (moved > 0) await this.parts.changes?.publish('identify-index');
    return { ...result, moved };
  }

  /** Keeps indexing in the background: new photos are picked up within a couple of seconds. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      let outages = 0;
      while (!this.stopping) {
        let handled = 0;
        try {
          const round = await this.runOnce();
          handled = round.indexed + round.failed;
          outages = 0;
        } catch (error) {
          if (isDatabaseUnreachable(error)) outages++;
          else this.parts.logger?.error('indexing failed', { reason: error instanceof Error ? error.message : String(error) });
        }
        const pauseMs = Math.min(IDLE_POLL_MS * 2 ** outages, LONGEST_PAUSE_MS);
        if (outages > 0) this.parts.logger?.warn('indexing paused: the database cannot be reached; queued photos wait in it', { retryInMs: pauseMs });
        if (handled === 0 && !this.stopping) await this.pause(pauseMs);
      }
    })();
  }

  /** Finishes the photo in hand, then stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
