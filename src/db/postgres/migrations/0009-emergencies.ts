import { sql, type Kysely } from 'kysely';
import { PLACE_BOX_INDEXES } from '../../migrations/0020-emergencies.js';

/** Emergencies, the incident flag of the heightened watch, places' protection and the signing keys, as SQLite's migration 0020 (db/schema.ts). */
const TEXT = 'text collate "C"';
const INT = 'bigint';
const REAL = 'double precision';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create table emergencies (
        id ${TEXT} primary key,
        kind ${TEXT} not null,
        names ${TEXT} not null,
        descriptions ${TEXT} not null,
        countries ${TEXT} not null,
        area ${TEXT},
        min_lon ${REAL},
        min_lat ${REAL},
        max_lon ${REAL},
        max_lat ${REAL},
        starts_on ${TEXT} not null,
        ends_on ${TEXT},
        status ${TEXT} not null check (status in ('active', 'closed')),
        version ${INT} not null default 1,
        created_at ${TEXT} not null,
        created_by ${INT} references users (id),
        updated_at ${TEXT} not null,
        check (ends_on is null or ends_on >= starts_on))`,
    )
    .execute(db);
  await sql`create index emergencies_by_status on emergencies (status, starts_on)`.execute(db);
  await sql
    .raw(
      `create table signing_keys (
        kid ${TEXT} primary key,
        algorithm ${TEXT} not null,
        public_jwk ${TEXT} not null,
        private_jwk ${TEXT} not null,
        created_at ${TEXT} not null,
        slot ${TEXT} unique)`,
    )
    .execute(db);
  await sql
    .raw(
      `create table no_strike_exports (
        id ${TEXT} primary key,
        emergency_id ${TEXT} not null references emergencies (id),
        format ${TEXT} not null,
        content bytea not null,
        signature ${TEXT} not null,
        place_count ${INT} not null,
        exported_by ${INT} references users (id),
        exported_at ${TEXT} not null)`,
    )
    .execute(db);
  await sql`create index no_strike_exports_by_emergency on no_strike_exports (emergency_id, exported_at)`.execute(db);
  await sql.raw(`alter table incidents add column emergency_id ${TEXT} references emergencies (id)`).execute(db);
  await sql.raw(`alter table heritage_places add column protection ${TEXT} not null default 'none' check (protection in ('none', 'general', 'special', 'enhanced'))`).execute(db);
  for (const statement of PLACE_BOX_INDEXES) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index heritage_places_width`.execute(db);
  await sql`drop index heritage_places_box`.execute(db);
  await sql`alter table heritage_places drop column protection`.execute(db);
  await sql`alter table incidents drop column emergency_id`.execute(db);
  await sql`drop table no_strike_exports`.execute(db);
  await sql`drop table signing_keys`.execute(db);
  await sql`drop table emergencies`.execute(db);
}
