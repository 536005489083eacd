import { RateLimitRepository } from '../auth/rate-limit.repository.js';
import type { Logger } from '../config/logger.js';
import type { IndexingJobClaims } from '../db/indexing-job-claims.js';
import { InProcessChangeFeed, type ChangeFeed } from '../db/change-feed.js';
import type { DatabaseHandle, DialectName, Db } from '../db/database.js';
import { PostgresChangeFeed } from '../db/postgres/change-feed.js';
import { PostgresIndexingJobClaims } from '../db/postgres/indexing-job-claims.js';
import { SqliteIndexingJobClaims } from '../db/sqlite/indexing-job-claims.js';

/** What processes serving one database coordinate through, in the engine's own way. */
export interface SharedState {
  changes: ChangeFeed;
  jobClaims: IndexingJobClaims;
  /** Attempt counters (sign-in, identification rate limits), the same table on both engines. */
  counters: RateLimitRepository;
}

/**
 * PostgreSQL: several processes may serve the database, so changes go through LISTEN/NOTIFY and
 * indexing jobs are claimed. SQLite: one server process, an in-process feed, jobs read as they are.
 */
export async function openSharedState(handle: DatabaseHandle, url: string | undefined, logger: Logger): Promise<SharedState> {
  if (handle.dialect === 'postgres' && url) {
    return { changes: await PostgresChangeFeed.start(url, handle.db, logger), jobClaims: indexingJobClaims('postgres', handle.db), counters: new RateLimitRepository(handle.db) };
  }
  return {
    changes: new InProcessChangeFeed((topic, error) => logger.error('change handler failed', { topic, error })),
    jobClaims: indexingJobClaims('sqlite', handle.db),
    counters: new RateLimitRepository(handle.db),
  };
}

export function indexingJobClaims(dialect: DialectName, db: Db): IndexingJobClaims {
  return dialect === 'postgres' ? new PostgresIndexingJobClaims(db) : new SqliteIndexingJobClaims(db);
}
