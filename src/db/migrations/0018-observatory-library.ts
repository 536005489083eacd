import type { Kysely } from 'kysely';

/**
 * The observatory's external datasets and resource library (src/observatory/). A dataset keeps its
 * rows as one JSON text: it is read and shown whole, never queried by row. A library item keeps its
 * texts per language as JSON, and `search_text`, its texts and source folded
 * (case and accents) for the LIKE search; an uploaded PDF lives in its own table, read only when
 * downloaded. PostgreSQL: migration 0007.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('observatory_datasets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('shape', 'text', (c) => c.notNull())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('row_count', 'integer', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema
    .createTable('library_items')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('texts', 'text', (c) => c.notNull())
    .addColumn('countries', 'text', (c) => c.notNull())
    .addColumn('themes', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('object_id', 'text')
    .addColumn('object_organisation_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('consent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('consent_by', 'integer', (c) => c.references('users.id'))
    .addColumn('search_text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('library_items_by_date').on('library_items').columns(['published_on', 'id']).execute();
  await db.schema
    .createTable('library_documents')
    .addColumn('item_id', 'integer', (c) => c.primaryKey().references('library_items.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'blob', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['library_documents', 'library_items', 'observatory_datasets']) await db.schema.dropTable(table).execute();
}
