import { sql, type Kysely } from 'kysely';

/** Due-diligence certificates, as SQLite's migration 0026 (db/schema-certificates.ts). */
const TEXT = 'text collate "C"';
const INT = 'bigint';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table certificates (
        id ${TEXT} primary key,
        check_id ${TEXT} not null,
        lot_id ${TEXT} not null,
        organisation_id ${INT} not null references organisations (id),
        user_id ${INT} not null references users (id),
        issued_at ${TEXT} not null,
        kid ${TEXT} not null,
        content ${TEXT} not null,
        jws ${TEXT} not null,
        watched ${INT} not null check (watched in (0, 1)),
        revoked_at ${TEXT},
        revocation_reason ${TEXT} check (revocation_reason in ('alert-match', 'withdrawn')),
        revoked_by ${INT} references users (id),
        unique (check_id, lot_id))`,
    )
    .execute(db);
  await sql`create index certificates_by_organisation on certificates (organisation_id, issued_at)`.execute(db);
  await sql`create index certificates_revoked on certificates (revoked_at) where revoked_at is not null`.execute(db);
  await sql
    .raw(
      `create table certificate_matches (
        certificate_id ${TEXT} not null references certificates (id),
        object_id ${TEXT} not null,
        kind ${TEXT} not null check (kind in ('text', 'photo')),
        alert_event_id ${INT} not null,
        evidence ${TEXT} not null,
        found_at ${TEXT} not null,
        primary key (certificate_id, object_id, kind))`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table certificate_matches`.execute(db);
  await sql`drop table certificates`.execute(db);
}
