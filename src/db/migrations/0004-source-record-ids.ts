import { sql, type Kysely } from 'kysely';

/**
 * Objects remember the id of the record they were imported from (a LIDO `lidoRecID`, a Linked Art
 * `id`, a mapped CSV column), so that importing the source again updates them even when their
 * inventory number changed there. Unique per organisation when present; objects entered by hand
 * or imported without one have none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('objects').addColumn('source_id', 'text').execute();
  await db.schema
    .createIndex('objects_org_source')
    .unique()
    .on('objects')
    .columns(['organisation_id', 'source_id'])
    .where(sql.ref('source_id'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('objects_org_source').execute();
  await db.schema.alterTable('objects').dropColumn('source_id').execute();
}
