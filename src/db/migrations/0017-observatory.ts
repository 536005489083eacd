import { sql, type Kysely } from 'kysely';
import { createObservatoryTriggers, dropObservatoryTriggers } from '../sqlite/observatory-triggers.js';

/**
 * The observatory of illicit traffic (src/observatory/): the kind of place of an incident; the
 * objects whose figures changed, marked by triggers (`observatory_dirty`), then logged under the
 * data version that counted them (`observatory_changes`), so that every process brings its figures
 * up to date by reading those objects only; the data version. PostgreSQL: migration 0006.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('incidents').addColumn('place_kind', 'text').execute();
  await db.schema
    .createTable('observatory_changes')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('object_seq', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('observatory_changes_version').on('observatory_changes').column('version').execute();
  await db.schema.createTable('observatory_dirty').addColumn('object_seq', 'integer', (c) => c.primaryKey()).execute();
  await db.schema
    .createTable('observatory_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into observatory_state (id, version, updated_at) values (1, 0, ${new Date().toISOString()})`.execute(db);
  await createObservatoryTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropObservatoryTriggers(db);
  for (const table of ['observatory_state', 'observatory_dirty', 'observatory_changes']) await db.schema.dropTable(table).execute();
  await db.schema.alterTable('incidents').dropColumn('place_kind').execute();
}
