import type { Kysely } from 'kysely';

/**
 * What several processes on one database share: attempt counters (as SQLite's migration 0014,
 * src/auth/rate-limit.repository.ts), and the deadline of each indexing job's claim by a worker
 * (src/db/postgres/indexing-job-claims.ts; null: not claimed).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
  await db.schema.alterTable('identify_jobs').addColumn('claimed_until', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('identify_jobs').dropColumn('claimed_until').execute();
  await db.schema.dropTable('rate_limits').execute();
}
