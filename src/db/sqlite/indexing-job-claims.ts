import { MAX_JOB_ATTEMPTS, type IndexingJobClaims, type QueuedJob } from '../indexing-job-claims.js';
import type { Db } from '../database.js';

/**
 * Jobs as SQLite's one server process takes them: read, not held. Another process on the file
 * (`egide index rebuild`) may index the same photo meanwhile, which costs time, never correctness:
 * the last one stored wins, under a new slot.
 */
export class SqliteIndexingJobClaims implements IndexingJobClaims {
  constructor(private readonly db: Db) {}

  async claim(limit: number): Promise<QueuedJob[]> {
    const rows = await this.db
      .selectFrom('identify_jobs')
      .select(['photo_id', 'attempts'])
      .where('attempts', '<', MAX_JOB_ATTEMPTS)
      .orderBy('enqueued_at')
      .orderBy('photo_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ photoId: row.photo_id, attempts: row.attempts }));
  }

  async fail(photoId: string, error: string): Promise<void> {
    await this.db
      .updateTable('identify_jobs')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error.slice(0, 500) }))
      .where('photo_id', '=', photoId)
      .execute();
  }
}
