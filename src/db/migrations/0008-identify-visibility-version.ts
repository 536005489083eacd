import { sql, type Kysely } from 'kysely';
import { createVisibilityTriggers, dropVisibilityTriggers } from '../sqlite/visibility-triggers.js';

/**
 * `identify_visibility`: one counter that moves whenever who may identify against which photo
 * could change (see visibility-triggers.ts), so that the list of photos a registrar may see —
 * 100,000 rows for a large museum, ~115 ms to read — is read again only when it may differ.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identify_visibility')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into identify_visibility (id, version) values (1, 0)`.execute(db);
  await createVisibilityTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropVisibilityTriggers(db);
  await db.schema.dropTable('identify_visibility').execute();
}
