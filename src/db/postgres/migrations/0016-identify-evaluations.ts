import { sql, type Kysely } from 'kysely';

/** Accuracy reports of identification, as SQLite's migration 0027 (db/schema-identify-evaluation.ts). */
const TEXT = 'text collate "C"';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table identify_evaluations (
        id ${TEXT} primary key,
        created_at ${TEXT} not null,
        version ${TEXT} not null,
        seed bigint not null,
        report ${TEXT} not null)`,
    )
    .execute(db);
  await sql`create index identify_evaluations_by_version on identify_evaluations (version, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table identify_evaluations`.execute(db);
}
