import { sql, type Kysely } from 'kysely';

/**
 * Museum emergency plans (src/emergencies/plans/): each object's evacuation priority, where it is
 * (building, floor, room, unit, shelf and the code shown), how to handle and pack it; the movements
 * recorded when objects are moved (each also enters the object's history); and the small JPEG
 * thumbnails the evacuation list embeds, made once per photo. PostgreSQL: migration 0010.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evacuation_plans')
    .addColumn('object_seq', 'integer', (c) => c.primaryKey().references('objects.seq').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('priority', 'integer', (c) => c.notNull().check(sql`priority between 1 and 3`))
    .addColumn('building', 'text', (c) => c.notNull())
    .addColumn('floor', 'text', (c) => c.notNull())
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('shelf', 'text', (c) => c.notNull())
    .addColumn('location_code', 'text', (c) => c.notNull())
    .addColumn('location_key', 'text', (c) => c.notNull())
    .addColumn('handling', 'text', (c) => c.notNull())
    .addColumn('packing', 'text', (c) => c.notNull())
    .addColumn('packing_note', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();
  // The evacuation list's order: priority, then where the object is (read in chunks along this index).
  await db.schema.createIndex('evacuation_plans_in_order').on('evacuation_plans').columns(['organisation_id', 'priority', 'location_key', 'object_seq']).execute();
  await db.schema
    .createTable('evacuation_movements')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('object_seq', 'integer', (c) => c.notNull().references('objects.seq').onDelete('cascade'))
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('from_location', 'text')
    .addColumn('to_location', 'text', (c) => c.notNull())
    .addColumn('moved_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'integer')
    .addColumn('mover', 'text', (c) => c.notNull())
    .addColumn('arrival_condition', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('evacuation_movements_by_organisation').on('evacuation_movements').columns(['organisation_id', 'moved_at']).execute();
  await db.schema.createIndex('evacuation_movements_by_object').on('evacuation_movements').columns(['object_seq', 'moved_at']).execute();
  await db.schema
    .createTable('evacuation_thumbnails')
    .addColumn('photo_id', 'text', (c) => c.primaryKey())
    .addColumn('jpeg', 'blob', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evacuation_thumbnails').execute();
  await db.schema.dropTable('evacuation_movements').execute();
  await db.schema.dropTable('evacuation_plans').execute();
}
