import { Kysely } from 'kysely';
import { migrateToLatest } from '../src/db/database.js';
import { createPostgresDialect } from '../src/db/postgres/postgres-dialect.js';
import type { Database } from '../src/db/schema.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from '../src/test-support/postgres-cluster.js';
import { TEMPLATE_DATABASE, TEST_POSTGRES_ADMIN_URL } from '../src/test-support/test-database.js';

let cluster: PostgresCluster | undefined;

/**
 * Vitest global setup: with `EGIDE_TEST_DIALECT=postgres`, one throwaway cluster for the run,
 * with a migrated template that every test database copies (a copy takes ~20 ms, migrating ~1 s).
 * A missing PostgreSQL fails the run: it never falls back to SQLite.
 */
export async function setup(): Promise<void> {
  if (process.env.EGIDE_TEST_DIALECT !== 'postgres') return;
  cluster = await startPostgresCluster();
  const url = await createDatabase(cluster.adminUrl, TEMPLATE_DATABASE);
  const db = new Kysely<Database>({ dialect: createPostgresDialect(url).dialect });
  try {
    await migrateToLatest(db, 'postgres');
  } finally {
    await db.destroy();
  }
  process.env[TEST_POSTGRES_ADMIN_URL] = cluster.adminUrl;
}

export function teardown(): void {
  cluster?.stop();
}
