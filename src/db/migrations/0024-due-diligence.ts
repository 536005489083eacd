import type { Kysely } from 'kysely';

/**
 * Due-diligence checks (src/duediligence/): each check a dealer, auction house or museum ran for its
 * organisation, its state and lease (checks run in the background), and its lots — the fields as
 * submitted, stored photos, outcome and evidence, or why a row was broken. PostgreSQL: migration 0013.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('due_diligence_checks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisations.id'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('principal', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('registry_state', 'text')
    .execute();
  await db.schema.createIndex('due_diligence_checks_by_organisation').on('due_diligence_checks').columns(['organisation_id', 'created_at']).execute();
  await db.schema.createIndex('due_diligence_checks_by_state').on('due_diligence_checks').columns(['state', 'lease_until']).execute();
  await db.schema
    .createTable('due_diligence_lots')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('check_id', 'text', (c) => c.notNull().references('due_diligence_checks.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('photos', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('outcome', 'text')
    .addColumn('evidence', 'text')
    .addColumn('screened_at', 'text')
    .addUniqueConstraint('due_diligence_lots_position', ['check_id', 'position'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('due_diligence_lots').execute();
  await db.schema.dropTable('due_diligence_checks').execute();
}
