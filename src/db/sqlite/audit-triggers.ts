import { sql, type Kysely } from 'kysely';
import { PURGE_ACTION } from '../audit-checkpoints.js';

/**
 * The audit trail is append-only: no entry may be changed, and an entry may be deleted only when a
 * purge checkpoint already in the trail covers it (its `throughId`), so that a purge keeps the
 * chain verifiable and nothing else can remove an entry quietly. Whoever can drop these triggers
 * holds the database file: `egide audit verify` then still finds what was changed.
 */
export async function createAuditTriggers<DB>(db: Kysely<DB>): Promise<void> {
  await sql
    .raw(`create trigger audit_entries_no_update before update on audit_entries begin select raise(abort, 'audit entries cannot be changed'); end`)
    .execute(db);
  await sql
    .raw(
      `create trigger audit_entries_no_delete before delete on audit_entries
       when old.id > (select coalesce(max(cast(json_extract(details, '$.throughId') as integer)), 0) from audit_entries where action = '${PURGE_ACTION}')
       begin select raise(abort, 'audit entries cannot be deleted, except by a purge'); end`,
    )
    .execute(db);
}

export async function dropAuditTriggers<DB>(db: Kysely<DB>): Promise<void> {
  for (const trigger of ['audit_entries_no_update', 'audit_entries_no_delete']) await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
}
