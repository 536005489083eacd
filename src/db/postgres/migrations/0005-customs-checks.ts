import { sql, type Kysely } from 'kysely';

/** The customs checks, as SQLite's migration 0016 (db/schema.ts `CustomsCheckTable`). */
const TEXT = 'text collate "C"';
const INT = 'bigint';
const REAL = 'double precision';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table customs_checks (
        id ${TEXT} primary key,
        organisation_id ${INT} not null references organisations (id),
        user_id ${INT} not null references users (id),
        officer ${TEXT} not null,
        created_at ${TEXT} not null,
        place ${TEXT},
        latitude ${REAL},
        longitude ${REAL},
        facts ${TEXT} not null,
        identification_ids ${TEXT} not null,
        assessment ${TEXT} not null,
        editions ${TEXT} not null,
        decision ${TEXT},
        decision_reason ${TEXT},
        decided_by ${INT} references users (id),
        decided_by_name ${TEXT},
        decided_at ${TEXT})`,
    )
    .execute(db);
  await sql`create index customs_checks_by_organisation on customs_checks (organisation_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table customs_checks`.execute(db);
}
