import { sql, type Kysely } from 'kysely';

/** `object_history` is append-only, whatever code writes to it: updates, deletes and truncation raise. */
export async function createHistoryTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function object_history_append_only() returns trigger language plpgsql as $$
    begin raise exception 'object_history is append-only'; end $$`.execute(db);
  await sql`create trigger object_history_no_update before update on object_history for each row execute function object_history_append_only()`.execute(db);
  await sql`create trigger object_history_no_delete before delete on object_history for each row execute function object_history_append_only()`.execute(db);
  await sql`create trigger object_history_no_truncate before truncate on object_history for each statement execute function object_history_append_only()`.execute(db);
}

export async function dropHistoryTriggers(db: Kysely<unknown>): Promise<void> {
  await sql`drop function if exists object_history_append_only() cascade`.execute(db);
}
