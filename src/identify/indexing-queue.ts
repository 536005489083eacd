import type { Logger } from '../config/logger.js';
import type { DescribePool } from './describe-pool.js';
import type { IdentifyRepository } from './identify.repository.js';

/** The bytes of a registry photo to index (its display variant), or undefined if it is gone. */
export type ReadPhoto = (photoId: string) => Promise<Buffer | undefined>;

const IDLE_POLL_MS = 2000;

/**
 * Works through the persistent queue of photos to index (identify_jobs, filled by triggers): each
 * photo's features are written and its job removed in one transaction, so a process killed midway
 * only redoes the photo it was on. A photo that cannot be read is retried, then left reported.
 */
export class IndexingQueue {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly repository: IdentifyRepository,
    /** Describes photos (on every core) as the engine indexes them. */
    private readonly describer: Pick<DescribePool, 'describe'>,
    /** Names the extractor, stored with each photo's features. */
    private readonly extractor: string,
    private readonly readPhoto: ReadPhoto,
    private readonly logger?: Logger,
  ) {}

  /** Indexes up to `limit` queued photos, several at a time; returns how many jobs it handled (indexed or failed). */
  async runOnce(limit = 8): Promise<{ indexed: number; failed: number }> {
    let indexed = 0;
    let failed = 0;
    const jobs = await this.repository.pendingJobs(limit);
    await Promise.all(
      jobs.map(async (job) => {
        try {
          const bytes = await this.readPhoto(job.photoId);
          if (!bytes) throw new Error('the photo file is missing');
          const { description } = await this.describer.describe(bytes, 'reference');
          await this.repository.saveIndexed(job.photoId, this.extractor, description, new Date().toISOString());
          indexed++;
        } catch (error) {
          failed++;
          const reason = error instanceof Error ? error.message : String(error);
          await this.repository.failJob(job.photoId, reason);
          this.logger?.warn('photo not indexed', { photoId: job.photoId, attempt: job.attempts + 1, reason });
        }
      }),
    );
    return { indexed, failed };
  }

  /** Runs until the queue is empty (retrying failures up to their limit), reporting progress. */
  async drain(onProgress?: (done: number, remaining: number) => void): Promise<{ indexed: number; failed: number }> {
    const total = { indexed: 0, failed: 0 };
    for (;;) {
      const round = await this.runOnce(16);
      if (round.indexed + round.failed === 0) return total;
      total.indexed += round.indexed;
      total.failed += round.failed;
      onProgress?.(total.indexed + total.failed, (await this.repository.counts()).pending);
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
    const queued = await this.repository.enqueueAll(new Date().toISOString());
    report.onQueued?.(queued);
    const result = await this.drain(report.onProgress);
    return { ...result, moved: await this.repository.compactSlots() };
  }

  /** Keeps indexing in the background: new photos are picked up within a couple of seconds. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        const round = await this.runOnce().catch((error: unknown) => {
          this.logger?.error('indexing failed', { reason: error instanceof Error ? error.message : String(error) });
          return { indexed: 0, failed: 0 };
        });
        if (round.indexed + round.failed === 0 && !this.stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, IDLE_POLL_MS);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
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
}
