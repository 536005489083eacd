import { sql, type Kysely } from 'kysely';
import { PURGE_ACTION } from '../audit-checkpoints.js';

/**
 * The audit trail is append-only, as in SQLite (see ../sqlite/audit-triggers.ts): no entry may be
 * changed, and an entry may be deleted only when a purge checkpoint already in the trail covers it
 * (its `throughId`). Truncation, which skips row triggers, is refused too.
 */
export async function createAuditTriggers<DB>(db: Kysely<DB>): Promise<void> {
  await sql`
    create function audit_entries_unchangeable() returns trigger language plpgsql as $$
    begin raise exception 'audit entries cannot be changed'; end $$`.execute(db);
  await sql
    .raw(
      `create function audit_entries_purge_only() returns trigger language plpgsql as $$
       begin
         if tg_op = 'TRUNCATE' or old.id > (
           select coalesce(max((details::jsonb ->> 'throughId')::bigint), 0) from audit_entries where action = '${PURGE_ACTION}'
         ) then
           raise exception 'audit entries cannot be deleted, except by a purge';
         end if;
         return old;
       end $$`,
    )
    .execute(db);
  await sql`create trigger audit_entries_no_update before update on audit_entries for each row execute function audit_entries_unchangeable()`.execute(db);
  await sql`create trigger audit_entries_no_delete before delete on audit_entries for each row execute function audit_entries_purge_only()`.execute(db);
  await sql`create trigger audit_entries_no_truncate before truncate on audit_entries for each statement execute function audit_entries_purge_only()`.execute(db);
}

export async function dropAuditTriggers<DB>(db: Kysely<DB>): Promise<void> {
  for (const fn of ['audit_entries_unchangeable', 'audit_entries_purge_only']) await sql.raw(`drop function if exists ${fn}() cascade`).execute(db);
}
