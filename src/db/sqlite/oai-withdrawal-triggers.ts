import { sql, type Kysely } from 'kysely';

/** The moment of the change, as `updated_at` stores it (ISO 8601 with milliseconds, UTC). */
const NOW = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/**
 * Triggers that keep `oai_withdrawals` (migration 0005) exact whatever code writes to `objects`: an
 * object that leaves what the public sees (unpublished, or deleted) leaves a tombstone with the
 * organisation and status it had while public, so that OAI-PMH reports it deleted in the sets it
 * was in; an object that comes back removes its tombstone.
 */
export async function createWithdrawalTriggers(db: Kysely<unknown>): Promise<void> {
  const tombstone = `insert into oai_withdrawals (object_id, organisation_id, status, withdrawn_at)
    values (old.id, old.organisation_id, old.status, ${NOW})
    on conflict (object_id) do update set organisation_id = excluded.organisation_id, status = excluded.status, withdrawn_at = excluded.withdrawn_at;`;
  await sql
    .raw(`create trigger objects_oai_withdrawn after update of published on objects when old.published = 1 and new.published = 0 begin ${tombstone} end`)
    .execute(db);
  await sql.raw(`create trigger objects_oai_deleted after delete on objects when old.published = 1 begin ${tombstone} end`).execute(db);
  const untombstone = 'delete from oai_withdrawals where object_id = new.id;';
  await sql
    .raw(`create trigger objects_oai_republished after update of published on objects when new.published = 1 begin ${untombstone} end`)
    .execute(db);
  await sql.raw(`create trigger objects_oai_inserted after insert on objects when new.published = 1 begin ${untombstone} end`).execute(db);
}

export async function dropWithdrawalTriggers(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['objects_oai_withdrawn', 'objects_oai_deleted', 'objects_oai_republished', 'objects_oai_inserted']) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
}
