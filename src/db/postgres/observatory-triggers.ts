import { sql, type Kysely } from 'kysely';

/**
 * The objects whose observatory figures must be computed again, marked by the same writes as in
 * SQLite (see ../sqlite/observatory-triggers.ts).
 */
export async function createObservatoryTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function observatory_mark_row() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') then
        insert into observatory_dirty (object_seq) values (old.object_seq) on conflict do nothing;
      end if;
      if tg_op in ('UPDATE', 'INSERT') then
        insert into observatory_dirty (object_seq) values (new.object_seq) on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db);
  await createMarkReportedRowFunction(db);
  await sql`
    create function observatory_mark_object() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        insert into observatory_dirty (object_seq) values (old.seq) on conflict do nothing;
      else
        insert into observatory_dirty (object_seq) values (new.seq) on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db);
  const triggers = [
    `create trigger observatory_incident_written after insert or update or delete on incidents for each row execute function observatory_mark_row()`,
    `create trigger observatory_object_changed after update of status, object_type, earliest_year, latest_year, reported on objects for each row
      when (new.reported = 1 or old.reported = 1) execute function observatory_mark_object()`,
    `create trigger observatory_object_removed after delete on objects for each row when (old.reported = 1) execute function observatory_mark_object()`,
    `create trigger observatory_material_written after insert or delete on object_materials for each row execute function observatory_mark_reported_row()`,
    `create trigger observatory_sighting_written after insert or delete on sightings for each row execute function observatory_mark_row()`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export async function dropObservatoryTriggers(db: Kysely<unknown>): Promise<void> {
  for (const fn of ['observatory_mark_row', 'observatory_mark_reported_row', 'observatory_mark_object']) await sql.raw(`drop function if exists ${fn}() cascade`).execute(db);
}

/** The row trigger function migration 0017 replaced by statement triggers (kept for that migration's `down`). */
export async function createMarkReportedRowFunction(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function observatory_mark_reported_row() returns trigger language plpgsql as $$
    declare target bigint;
    begin
      if tg_op = 'DELETE' then target := old.object_seq; else target := new.object_seq; end if;
      if exists (select 1 from objects where objects.seq = target and objects.reported = 1) then
        insert into observatory_dirty (object_seq) values (target) on conflict do nothing;
      end if;
      return null;
    end $$`.execute(db);
}
