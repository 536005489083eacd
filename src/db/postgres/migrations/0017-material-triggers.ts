import { sql, type Kysely } from 'kysely';
import { createMarkReportedRowFunction } from '../observatory-triggers.js';
import { MATERIAL_FACET_COUNTS_ADDED, MATERIAL_FACET_COUNTS_REMOVED } from '../search-triggers.js';

/**
 * Triggers on `object_materials` made cheaper for imports (a batch of 1,000 Tate objects inserts
 * ~1,900 material rows; auto_explain on bench:search):
 * - the observatory's marks once per statement instead of a PL/pgSQL call and a lookup per row
 *   (same marks as before, see observatory-triggers.ts: objects reported, once each);
 * - the material facet counts look each row's object up by key instead of reading all of
 *   `objects` (search-triggers.ts), ~45 ms a batch at 40,000 objects.
 */
const markReported = (rows: string) => `
  insert into observatory_dirty (object_seq)
  select distinct m.object_seq from ${rows} m join objects o on o.seq = m.object_seq where o.reported = 1
  order by 1
  on conflict do nothing;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, body] of [
    ['object_materials_facet_counts_added', MATERIAL_FACET_COUNTS_ADDED],
    ['object_materials_facet_counts_removed', MATERIAL_FACET_COUNTS_REMOVED],
  ]) {
    await sql.raw(`create or replace function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
  }
  await sql`drop trigger observatory_material_written on object_materials`.execute(db);
  await sql`drop function observatory_mark_reported_row()`.execute(db);
  for (const [event, rows] of [
    ['insert', 'new table as added'],
    ['delete', 'old table as removed'],
  ] as const) {
    const table = rows.split(' ').at(-1)!;
    await sql.raw(`create function observatory_mark_materials_${table}() returns trigger language plpgsql as $$ begin ${markReported(table)} return null; end $$`).execute(db);
    await sql
      .raw(`create trigger observatory_materials_${table} after ${event} on object_materials referencing ${rows} for each statement execute function observatory_mark_materials_${table}()`)
      .execute(db);
  }
}

/** The facet count functions stay as they are: they count the same rows as before. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['added', 'removed']) await sql.raw(`drop function observatory_mark_materials_${table}() cascade`).execute(db);
  await createMarkReportedRowFunction(db);
  await sql`create trigger observatory_material_written after insert or delete on object_materials for each row execute function observatory_mark_reported_row()`.execute(db);
}
