import { sql, type Kysely } from 'kysely';

/**
 * `identify_index_state.generation` moves when the identification index's slots are renumbered
 * (`egide index rebuild` compacts them): an index loaded in memory, which follows new slots as they
 * come, then knows to load everything again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identify_index_state')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('generation', 'integer', (c) => c.notNull())
    .execute();
  await sql`insert into identify_index_state (id, generation) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('identify_index_state').execute();
}
