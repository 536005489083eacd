import type { PostgresCluster } from '../src/test-support/postgres-cluster.js';
import { startTestCluster } from '../src/test-support/postgres-test-cluster.js';
import { TEST_POSTGRES_ADMIN_URL } from '../src/test-support/test-database.js';

let cluster: PostgresCluster | undefined;

/**
 * Vitest global setup: with `EGIDE_TEST_DIALECT=postgres`, one throwaway cluster for the run,
 * with a migrated template that every test database copies (a copy takes ~20 ms, migrating ~1 s).
 * A missing PostgreSQL fails the run: it never falls back to SQLite.
 */
export async function setup(): Promise<void> {
  if (process.env.EGIDE_TEST_DIALECT !== 'postgres') return;
  cluster = await startTestCluster();
  process.env[TEST_POSTGRES_ADMIN_URL] = cluster.adminUrl;
}

export function teardown(): void {
  cluster?.stop();
}
