import { sql, type Kysely } from 'kysely';

const TEXT = 'text collate "C"';
const INT = 'bigint';
const REAL = 'double precision';

/**
 * Heritage places and their assessments, as SQLite's migration 0019: the `heritage-assessor` role,
 * places with their bounding box and generalised region in indexed columns, assessments (append-only:
 * a trigger refuses any change) and their photos.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await setRoles(db, [...ROLES_BEFORE, 'heritage-assessor']);
  for (const statement of SCHEMA) await sql.raw(statement).execute(db);
}

/** Fails (and changes nothing: migrations are atomic here) while a `heritage-assessor` user exists. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop function heritage_assessments_final() cascade').execute(db);
  for (const table of ['heritage_assessment_photos', 'heritage_assessments', 'heritage_places']) await sql.raw(`drop table ${table}`).execute(db);
  await setRoles(db, ROLES_BEFORE);
}

const ROLES_BEFORE = ['admin', 'registrar', 'investigator', 'red-list-editor'];

async function setRoles(db: Kysely<unknown>, roles: readonly string[]): Promise<void> {
  await sql
    .raw(`alter table users drop constraint users_role_check, add constraint users_role_check check (role in (${roles.map((role) => `'${role}'`).join(', ')}))`)
    .execute(db);
}

const SCHEMA = [
  `create table heritage_places (
    id ${TEXT} primary key,
    names ${TEXT} not null,
    kind ${TEXT} not null,
    geometry ${TEXT} not null,
    location_certainty ${TEXT} not null,
    country ${TEXT} not null,
    period ${TEXT},
    earliest_year ${INT},
    latest_year ${INT},
    cultural_affiliation ${TEXT},
    organisation_id ${INT} references organisations (id),
    description ${TEXT},
    sensitive ${INT} not null,
    min_lon ${REAL} not null,
    min_lat ${REAL} not null,
    max_lon ${REAL} not null,
    max_lat ${REAL} not null,
    region_west ${INT} not null,
    region_south ${INT} not null,
    region_east ${INT} not null,
    region_north ${INT} not null,
    latest_assessment_id ${TEXT},
    latest_condition ${TEXT},
    version ${INT} not null default 1,
    created_at ${TEXT} not null,
    created_by ${INT} references users (id),
    updated_at ${TEXT} not null,
    updated_by ${INT} references users (id))`,
  `create index heritage_places_lon on heritage_places (min_lon, max_lon)`,
  `create index heritage_places_lat on heritage_places (min_lat, max_lat)`,
  `create index heritage_places_country on heritage_places (country, kind)`,
  `create index heritage_places_organisation on heritage_places (organisation_id)`,
  `create table heritage_assessments (
    id ${TEXT} primary key,
    place_id ${TEXT} not null references heritage_places (id),
    assessed_on ${TEXT} not null,
    phase ${TEXT} not null,
    condition ${TEXT} not null,
    damage_extent ${TEXT} not null,
    threats ${TEXT} not null,
    recommendation ${TEXT} not null,
    priority ${TEXT} not null,
    notes ${TEXT},
    assessor_id ${INT} not null references users (id),
    assessor_name ${TEXT} not null,
    organisation_id ${INT} not null references organisations (id),
    organisation_name ${TEXT} not null,
    created_at ${TEXT} not null,
    place_version ${INT} not null,
    seen_place_version ${INT},
    idempotency_key ${TEXT})`,
  `create index heritage_assessments_place on heritage_assessments (place_id, assessed_on, created_at)`,
  `create unique index heritage_assessments_idempotency on heritage_assessments (assessor_id, idempotency_key)`,
  `create function heritage_assessments_final() returns trigger language plpgsql as $$
    begin raise exception 'an assessment never changes: record a new one'; end $$`,
  `create trigger heritage_assessments_final before update or delete on heritage_assessments
    for each row execute function heritage_assessments_final()`,
  `create table heritage_assessment_photos (
    id ${TEXT} primary key,
    assessment_id ${TEXT} not null references heritage_assessments (id),
    position ${INT} not null,
    content_type ${TEXT} not null,
    width ${INT} not null,
    height ${INT} not null,
    latitude ${REAL},
    longitude ${REAL},
    created_at ${TEXT} not null)`,
  `create index heritage_assessment_photos_assessment on heritage_assessment_photos (assessment_id, position)`,
];
