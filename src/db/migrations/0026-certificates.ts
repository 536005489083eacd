import { sql, type Kysely } from 'kysely';

/**
 * Due-diligence certificates (src/duediligence/certificates/): each certificate as issued (its
 * signed content and JWS), its revocation, and the alerts that matched a watched lot with their
 * evidence. PostgreSQL: migration 0015.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of SCHEMA) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table certificate_matches`.execute(db);
  await sql`drop table certificates`.execute(db);
}

const SCHEMA = [
  // One certificate per lot of a check: issuing it again (a form sent twice) gives the same one.
  `create table certificates (
    id text primary key,
    check_id text not null,
    lot_id text not null,
    organisation_id integer not null references organisations (id),
    user_id integer not null references users (id),
    issued_at text not null,
    kid text not null,
    content text not null,
    jws text not null,
    watched integer not null check (watched in (0, 1)),
    revoked_at text,
    revocation_reason text check (revocation_reason in ('alert-match', 'withdrawn')),
    revoked_by integer references users (id),
    unique (check_id, lot_id))`,
  `create index certificates_by_organisation on certificates (organisation_id, issued_at)`,
  `create index certificates_revoked on certificates (revoked_at) where revoked_at is not null`,
  `create table certificate_matches (
    certificate_id text not null references certificates (id),
    object_id text not null,
    kind text not null check (kind in ('text', 'photo')),
    alert_event_id integer not null,
    evidence text not null,
    found_at text not null,
    primary key (certificate_id, object_id, kind))`,
];
