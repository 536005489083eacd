import { sql, type Kysely } from 'kysely';
import { createRegistrySearchIndex } from '../sqlite/registry-search-schema.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('objects')
    // `seq` is the compact internal key the search index and child tables use; `id` is the public one.
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('inventory_number', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('object_type', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('sensitive', 'text', (c) => c.notNull())
    .addColumn('earliest_year', 'integer')
    .addColumn('latest_year', 'integer')
    .addColumn('height_cm', 'real')
    .addColumn('width_cm', 'real')
    .addColumn('depth_cm', 'real')
    .addColumn('diameter_cm', 'real')
    .addColumn('weight_kg', 'real')
    .addColumn('country', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reported', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('updated_by', 'integer', (c) => c.references('users.id'))
    .addUniqueConstraint('objects_org_inventory', ['organisation_id', 'inventory_number'])
    .execute();
  for (const [name, columns] of [
    ['objects_published', ['published', 'updated_at']],
    ['objects_reported', ['reported']],
    ['objects_org_status', ['organisation_id', 'status']],
    ['objects_status', ['status']],
    ['objects_type', ['object_type']],
    ['objects_country', ['country']],
    ['objects_years', ['earliest_year', 'latest_year']],
    ['objects_height', ['height_cm']],
    ['objects_width', ['width_cm']],
  ] as const) {
    await db.schema.createIndex(name).on('objects').columns([...columns]).execute();
  }

  await db.schema
    .createTable('object_materials')
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('material', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('object_materials_pk', ['material', 'object_seq'])
    .execute();
  await db.schema.createIndex('object_materials_object').on('object_materials').column('object_seq').execute();

  await db.schema
    .createTable('object_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('file', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('object_photos_object').on('object_photos').columns(['object_seq', 'position']).execute();

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('discovered_on', 'text')
    .addColumn('reported_on', 'text', (c) => c.notNull())
    .addColumn('reporter', 'text', (c) => c.notNull())
    .addColumn('reporter_contact', 'text')
    .addColumn('circumstances', 'text')
    .addColumn('police_report_number', 'text')
    .addColumn('place', 'text')
    .addColumn('country', 'text')
    .addColumn('publish', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('incidents_object').on('incidents').column('object_seq').execute();

  await db.schema
    .createTable('object_history')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('changes', 'text', (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
  await db.schema.createIndex('object_history_object').on('object_history').columns(['object_seq', 'id']).execute();

  await createRegistrySearchIndex(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists objects_fts`.execute(db);
  for (const table of ['object_history', 'incidents', 'object_photos', 'object_materials', 'objects']) {
    await db.schema.dropTable(table).execute();
  }
}
