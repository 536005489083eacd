import type { Kysely } from 'kysely';

/**
 * Attempt counters in the database (src/auth/rate-limit.repository.ts), so that every process
 * serving the same data counts a client's attempts together (passwords, second-factor codes,
 * identifications): a fixed window per key. And the claim deadline of an indexing job, which
 * PostgreSQL's queue sets (several processes claim jobs there; SQLite's one writer needs no claim):
 * the column exists on both engines so that their schemas stay one (db/schema.ts).
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
