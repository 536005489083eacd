import { sql, type Kysely } from 'kysely';

/**
 * Heritage in emergencies (src/emergencies/, src/signing/): emergencies the secretariat declares
 * (countries and/or a drawn area, a period, a status), the flag of an incident reported from inside
 * one (the heightened watch), a place's protection status, the no-strike lists exported (as signed), and the network's signing keys (no-strike lists are signed with the
 * same key by every instance). PostgreSQL: migration 0009.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of SCHEMA) await sql.raw(statement).execute(db);
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

const PROTECTIONS = "'none', 'general', 'special', 'enhanced'";

/**
 * The places meeting an emergency's box (emergency.repository.ts): a range on min_lon bounded on
 * both sides by the widest footprint (its own index answers max() at once), the other edges read
 * from the same index. A range on one edge alone scanned half the table (60,000 of 100,000 places
 * for a 4° box, ~300 ms on SQLite). Same statements on PostgreSQL (migration 0009).
 */
export const PLACE_BOX_INDEXES = [
  'create index heritage_places_box on heritage_places (min_lon, max_lon, min_lat, max_lat)',
  'create index heritage_places_width on heritage_places ((max_lon - min_lon))',
];

const SCHEMA = [
  `create table emergencies (
    id text primary key,
    kind text not null,
    names text not null,
    descriptions text not null,
    countries text not null,
    area text,
    min_lon real,
    min_lat real,
    max_lon real,
    max_lat real,
    starts_on text not null,
    ends_on text,
    status text not null check (status in ('active', 'closed')),
    version integer not null default 1,
    created_at text not null,
    created_by integer references users (id),
    updated_at text not null,
    check (ends_on is null or ends_on >= starts_on))`,
  `create index emergencies_by_status on emergencies (status, starts_on)`,
  // The current key has slot = 'current' (one row at most: the unique index settles two instances
  // generating one at once); a retired key keeps its row (null) so that older signatures still verify.
  `create table signing_keys (
    kid text primary key,
    algorithm text not null,
    public_jwk text not null,
    private_jwk text not null,
    created_at text not null,
    slot text unique)`,
  // What was handed out, byte for byte, with its signature: the file and its .sig are downloaded from here.
  `create table no_strike_exports (
    id text primary key,
    emergency_id text not null references emergencies (id),
    format text not null,
    content blob not null,
    signature text not null,
    place_count integer not null,
    exported_by integer references users (id),
    exported_at text not null)`,
  `create index no_strike_exports_by_emergency on no_strike_exports (emergency_id, exported_at)`,
  `alter table incidents add column emergency_id text references emergencies (id)`,
  // A place's protection under the 1954 Hague Convention, as no-strike lists hand it to armed forces.
  `alter table heritage_places add column protection text not null default 'none' check (protection in (${PROTECTIONS}))`,
  ...PLACE_BOX_INDEXES,
];
