import { type Kysely } from 'kysely';

/**
 * Accuracy reports of identification (src/identify/evaluation/, db/schema-identify-evaluation.ts),
 * read newest first, by release. PostgreSQL: migration 0016.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identify_evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identify_evaluations_by_version').on('identify_evaluations').columns(['version', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identify_evaluations').execute();
}
