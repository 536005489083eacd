import { sql } from 'kysely';
import { MAX_JOB_ATTEMPTS, type IndexingJobClaims, type QueuedJob } from '../indexing-job-claims.js';
import type { Db } from '../database.js';

/**
 * A claim lasts this long. Indexing a photo takes under 2 s on a busy core; a worker that dies
 * leaves its jobs to others after this. One slower than that only costs a second indexing of the
 * same photo (the last stored wins, under a new slot), never a lost job.
 */
const CLAIM_MS = 2 * 60_000;

/**
 * Jobs as several processes on one PostgreSQL take them: each claims its jobs in one statement,
 * skipping rows another claim holds locked (`for update skip locked`), and marks them claimed
 * until a deadline (`claimed_until`, migration 0003), so two processes never index the same photo.
 */
export class PostgresIndexingJobClaims implements IndexingJobClaims {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(limit: number): Promise<QueuedJob[]> {
    const now = this.now();
    const { rows } = await sql<{ photo_id: string; attempts: number; enqueued_at: string }>`
      update identify_jobs set claimed_until = ${new Date(now + CLAIM_MS).toISOString()}
      where photo_id in (
        select photo_id from identify_jobs
        where attempts < ${MAX_JOB_ATTEMPTS} and (claimed_until is null or claimed_until <= ${new Date(now).toISOString()})
        order by enqueued_at, photo_id
        limit ${limit}
        for update skip locked)
      returning photo_id, attempts, enqueued_at`.execute(this.db);
    return rows
      .sort((a, b) => a.enqueued_at.localeCompare(b.enqueued_at) || a.photo_id.localeCompare(b.photo_id))
      .map((row) => ({ photoId: row.photo_id, attempts: row.attempts }));
  }

  async fail(photoId: string, error: string): Promise<void> {
    await sql`update identify_jobs set attempts = attempts + 1, last_error = ${error.slice(0, 500)}, claimed_until = null where photo_id = ${photoId}`.execute(this.db);
  }
}
