import { sql, type Kysely } from 'kysely';

/**
 * `identify_visibility.version` moves whenever the set of indexed photos someone may identify
 * against could change, as in SQLite (see ../sqlite/visibility-triggers.ts): a photo indexed or
 * forgotten, an object published, reported, handed to another organisation, deleted, or a photo
 * moved to another object.
 */
export async function createVisibilityTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function identify_visibility_bump() returns trigger language plpgsql as $$
    begin update identify_visibility set version = version + 1; return null; end $$`.execute(db);
  const bump = 'for each row execute function identify_visibility_bump()';
  const triggers = [
    `create trigger identify_images_visibility_added after insert on identify_images ${bump}`,
    `create trigger identify_images_visibility_removed after delete on identify_images ${bump}`,
    `create trigger objects_visibility_changed after update of published, reported, organisation_id on objects for each row
      when (old.published is distinct from new.published or old.reported is distinct from new.reported or old.organisation_id is distinct from new.organisation_id)
      execute function identify_visibility_bump()`,
    `create trigger objects_visibility_removed after delete on objects ${bump}`,
    `create trigger object_photos_visibility_moved after update of object_seq on object_photos for each row
      when (old.object_seq is distinct from new.object_seq) execute function identify_visibility_bump()`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export async function dropVisibilityTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists identify_visibility_bump() cascade`.execute(db);
}
