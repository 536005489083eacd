import type { Kysely } from 'kysely';

/**
 * Image watches (src/alerts/watch/): the photos watched for each owner — an image-watch
 * subscription, or a certificate whose lot stays watched — described as the identification index
 * describes registry photos, so that each new alert photo is searched against them. `seq` is the
 * slot in the in-memory index. PostgreSQL: migration 0014.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('watched_photos')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('owner_kind', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('extractor', 'text', (c) => c.notNull())
    .addColumn('hash_high', 'integer', (c) => c.notNull())
    .addColumn('hash_low', 'integer', (c) => c.notNull())
    .addColumn('words', 'blob', (c) => c.notNull())
    .addColumn('features', 'blob', (c) => c.notNull())
    .addColumn('thumbnail', 'blob', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('watched_photos_by_owner').on('watched_photos').columns(['owner_kind', 'owner_id', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('watched_photos').execute();
}
