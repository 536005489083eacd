import type { Kysely } from 'kysely';

/**
 * The customs check (src/redlists/customs/): each check an officer ran, for their organisation —
 * who, when, where, the facts declared, the identifications of the photos, the engine's answer as
 * JSON and the list editions it read; then the officer's decision, once (who, when, why when it
 * overrides the recommendation). PostgreSQL: migration 0005.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customs_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('officer', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('latitude', 'real')
    .addColumn('longitude', 'real')
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('identification_ids', 'text', (c) => c.notNull())
    .addColumn('assessment', 'text', (c) => c.notNull())
    .addColumn('editions', 'text', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decision_reason', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id'))
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('customs_checks_by_organisation').on('customs_checks').columns(['organisation_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('customs_checks').execute();
}
