import { sql, type Kysely } from 'kysely';

const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * Every photo added to the registry, whatever adds it (API, pages, imports, SQL), gets an indexing
 * job in the same transaction; a deleted photo takes its indexed features with it. So the
 * identification index cannot miss a photo, even if the process dies before indexing it.
 */
export async function createIdentifyTriggers(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create trigger object_photos_identify_job after insert on object_photos begin
        insert into identify_jobs (photo_id, enqueued_at, attempts) values (new.id, ${NOW}, 0) on conflict (photo_id) do nothing;
      end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger object_photos_identify_forget after delete on object_photos begin
        delete from identify_jobs where photo_id = old.id;
        delete from identify_images where photo_id = old.id;
      end`,
    )
    .execute(db);
}

export async function dropIdentifyTriggers(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['object_photos_identify_job', 'object_photos_identify_forget']) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
}
