import { sql, type Kysely } from 'kysely';
import { ISO_NOW } from './iso-now.js';

/**
 * `oai_withdrawals` kept exact whatever code writes to `objects`, as in SQLite (see
 * ../sqlite/oai-withdrawal-triggers.ts): an object that leaves what the public sees (unpublished,
 * or deleted) leaves a tombstone with the organisation and status it had while public; an object
 * that comes back removes its tombstone.
 */
export async function createWithdrawalTriggers(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create function objects_oai_tombstone() returns trigger language plpgsql as $$
       begin
         insert into oai_withdrawals (object_id, organisation_id, status, withdrawn_at)
         values (old.id, old.organisation_id, old.status, ${ISO_NOW})
         on conflict (object_id) do update set organisation_id = excluded.organisation_id, status = excluded.status, withdrawn_at = excluded.withdrawn_at;
         return null;
       end $$`,
    )
    .execute(db);
  await sql`
    create function objects_oai_untombstone() returns trigger language plpgsql as $$
    begin delete from oai_withdrawals where object_id = new.id; return null; end $$`.execute(db);
  const triggers = [
    `create trigger objects_oai_withdrawn after update of published on objects for each row
      when (old.published = 1 and new.published = 0) execute function objects_oai_tombstone()`,
    `create trigger objects_oai_deleted after delete on objects for each row when (old.published = 1) execute function objects_oai_tombstone()`,
    `create trigger objects_oai_republished after update of published on objects for each row when (new.published = 1) execute function objects_oai_untombstone()`,
    `create trigger objects_oai_inserted after insert on objects for each row when (new.published = 1) execute function objects_oai_untombstone()`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

export async function dropWithdrawalTriggers(db: Kysely<unknown>): Promise<void> {
  for (const fn of ['objects_oai_tombstone', 'objects_oai_untombstone']) await sql.raw(`drop function if exists ${fn}() cascade`).execute(db);
}
