import { sql, type Kysely } from 'kysely';

const BUMP = 'update identify_visibility set version = version + 1;';

/**
 * `identify_visibility.version` moves whenever the set of indexed photos someone may identify
 * against could change: a photo indexed or forgotten, an object published, reported, handed to
 * another organisation, deleted, or a photo moved to another object. Triggers, so that no code
 * path (service, import, SQL) can leave a cached list of visible photos stale.
 */
export async function createVisibilityTriggers(db: Kysely<unknown>): Promise<void> {
  const triggers = [
    `create trigger identify_images_visibility_added after insert on identify_images begin ${BUMP} end`,
    `create trigger identify_images_visibility_removed after delete on identify_images begin ${BUMP} end`,
    `create trigger objects_visibility_changed after update of published, reported, organisation_id on objects
      when old.published is not new.published or old.reported is not new.reported or old.organisation_id is not new.organisation_id
      begin ${BUMP} end`,
    `create trigger objects_visibility_removed after delete on objects begin ${BUMP} end`,
    `create trigger object_photos_visibility_moved after update of object_seq on object_photos
      when old.object_seq is not new.object_seq begin ${BUMP} end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export async function dropVisibilityTriggers(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['identify_images_visibility_added', 'identify_images_visibility_removed', 'objects_visibility_changed', 'objects_visibility_removed', 'object_photos_visibility_moved']) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
}
