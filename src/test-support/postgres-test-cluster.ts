import { Kysely } from 'kysely';
import { migrateToLatest } from '../db/database.js';
import { createPostgresDialect } from '../db/postgres/postgres-dialect.js';
import type { Database } from '../db/schema.js';
import { createDatabase, startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { TEMPLATE_DATABASE, TEST_POSTGRES_ADMIN_URL, testDialect } from './test-database.js';

/** A throwaway cluster with the migrated template every test database copies (a copy takes ~20 ms, migrating ~1 s). */
export async function startTestCluster(): Promise<PostgresCluster> {
  const cluster = await startPostgresCluster();
  try {
    const db = new Kysely<Database>({ dialect: createPostgresDialect(await createDatabase(cluster.adminUrl, TEMPLATE_DATABASE)).dialect });
    try {
      await migrateToLatest(db, 'postgres');
    } finally {
      await db.destroy();
    }
  } catch (error) {
    cluster.stop();
    throw error;
  }
  return cluster;
}

/**
 * Puts the test file calling it on PostgreSQL whatever the run's dialect: in a SQLite run, the
 * file's test databases (test-database.ts) are made on a cluster of its own, started by the
 * returned `start` (in a `beforeAll`) and stopped by `stop`. A missing PostgreSQL fails the file.
 */
export function onPostgres(): { start(): Promise<void>; stop(): void } {
  let cluster: PostgresCluster | undefined;
  return {
    async start() {
      if (testDialect() === 'postgres') return;
      cluster = await startTestCluster();
      process.env[TEST_POSTGRES_ADMIN_URL] = cluster.adminUrl;
    },
    stop() {
      if (!cluster) return;
      delete process.env[TEST_POSTGRES_ADMIN_URL];
      cluster.stop();
    },
  };
}
