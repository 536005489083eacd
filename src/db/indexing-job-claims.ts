/** After this many failed attempts a job stays in the queue, reported, but is no longer retried. */
export const MAX_JOB_ATTEMPTS = 3;

/** A queued photo to index, with the attempts made at it so far. */
export interface QueuedJob {
  photoId: string;
  attempts: number;
}

/**
 * How indexing workers take jobs from the queue (identify_jobs), each engine its own way:
 * sqlite/indexing-job-claims.ts, postgres/indexing-job-claims.ts.
 */
export interface IndexingJobClaims {
  /** Up to `limit` jobs to run now, oldest first, leaving out those that failed too often and those another worker holds. */
  claim(limit: number): Promise<QueuedJob[]>;
  /** A claimed job failed: one more attempt is counted, its error kept, and it is given back to the queue. */
  fail(photoId: string, error: string): Promise<void>;
}
