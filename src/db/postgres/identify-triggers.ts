import { sql, type Kysely } from 'kysely';
import { ISO_NOW } from './iso-now.js';

/**
 * Every photo added to the registry gets an indexing job in the same transaction, and a deleted
 * photo takes its job and indexed features with it, as in SQLite (see ../sqlite/identify-triggers.ts).
 * The clean-up runs before the delete: PostgreSQL checks `identify_images.photo_id`'s foreign key
 * in an after-trigger that fires before any of ours (triggers fire by name, "RI_…" first).
 */
export async function createIdentifyTriggers(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create function object_photos_identify_job() returns trigger language plpgsql as $$
       begin
         insert into identify_jobs (photo_id, enqueued_at, attempts) values (new.id, ${ISO_NOW}, 0) on conflict (photo_id) do nothing;
         return null;
       end $$`,
    )
    .execute(db);
  await sql`
    create function object_photos_identify_forget() returns trigger language plpgsql as $$
    begin
      delete from identify_jobs where photo_id = old.id;
      delete from identify_images where photo_id = old.id;
      return old;
    end $$`.execute(db);
  await sql`create trigger object_photos_identify_job after insert on object_photos for each row execute function object_photos_identify_job()`.execute(db);
  await sql`create trigger object_photos_identify_forget before delete on object_photos for each row execute function object_photos_identify_forget()`.execute(db);
}

export async function dropIdentifyTriggers(db: Kysely<unknown>): Promise<void> {
  for (const fn of ['object_photos_identify_job', 'object_photos_identify_forget']) await sql.raw(`drop function if exists ${fn}() cascade`).execute(db);
}
