import { sql, type Kysely } from 'kysely';
import { writeTransaction } from '../write-transaction.js';
import { rebuildUsers } from './users-table.js';

/** `pragma foreign_keys = off` does nothing inside a transaction: the users rebuild makes its own, with them off. */
export const ownTransaction = true;

/**
 * Heritage places at risk and their assessments (src/emergencies/places/), and the role
 * `heritage-assessor` (users rebuilt as 0015 did). A place keeps its GeoJSON geometry as text and
 * its bounding box in indexed columns (the emergencies' area queries), plus the 1° grid cell box
 * the public is shown instead of a sensitive position. Assessments are append-only: the database
 * refuses to change one. PostgreSQL: migration 0008.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuildUsers(db, [...ROLES_BEFORE, 'heritage-assessor']);
  await writeTransaction(db, async (trx) => {
    for (const statement of HERITAGE_PLACE_SCHEMA) await sql.raw(statement).execute(trx);
  });
}

/** Fails (and changes nothing: the users come first) while a `heritage-assessor` user exists. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await rebuildUsers(db, ROLES_BEFORE);
  await writeTransaction(db, async (trx) => {
    for (const table of ['heritage_assessment_photos', 'heritage_assessments', 'heritage_places']) await sql.raw(`drop table ${table}`).execute(trx);
  });
}

const ROLES_BEFORE = ['admin', 'registrar', 'investigator', 'red-list-editor'];

const ASSESSMENTS_ARE_FINAL = 'an assessment never changes: record a new one';

const HERITAGE_PLACE_SCHEMA = [
  `create table heritage_places (
    id text primary key,
    names text not null,
    kind text not null,
    geometry text not null,
    location_certainty text not null,
    country text not null,
    period text,
    earliest_year integer,
    latest_year integer,
    cultural_affiliation text,
    organisation_id integer references organisations (id),
    description text,
    sensitive integer not null,
    min_lon real not null,
    min_lat real not null,
    max_lon real not null,
    max_lat real not null,
    region_west integer not null,
    region_south integer not null,
    region_east integer not null,
    region_north integer not null,
    latest_assessment_id text,
    latest_condition text,
    version integer not null default 1,
    created_at text not null,
    created_by integer references users (id),
    updated_at text not null,
    updated_by integer references users (id))`,
  `create index heritage_places_lon on heritage_places (min_lon, max_lon)`,
  `create index heritage_places_lat on heritage_places (min_lat, max_lat)`,
  `create index heritage_places_country on heritage_places (country, kind)`,
  `create index heritage_places_organisation on heritage_places (organisation_id)`,
  `create table heritage_assessments (
    id text primary key,
    place_id text not null references heritage_places (id),
    assessed_on text not null,
    phase text not null,
    condition text not null,
    damage_extent text not null,
    threats text not null,
    recommendation text not null,
    priority text not null,
    notes text,
    assessor_id integer not null references users (id),
    assessor_name text not null,
    organisation_id integer not null references organisations (id),
    organisation_name text not null,
    created_at text not null,
    place_version integer not null,
    seen_place_version integer,
    idempotency_key text)`,
  `create index heritage_assessments_place on heritage_assessments (place_id, assessed_on, created_at)`,
  `create unique index heritage_assessments_idempotency on heritage_assessments (assessor_id, idempotency_key)`,
  `create trigger heritage_assessments_final_update before update on heritage_assessments
    begin select raise(abort, '${ASSESSMENTS_ARE_FINAL}'); end`,
  `create trigger heritage_assessments_final_delete before delete on heritage_assessments
    begin select raise(abort, '${ASSESSMENTS_ARE_FINAL}'); end`,
  `create table heritage_assessment_photos (
    id text primary key,
    assessment_id text not null references heritage_assessments (id),
    position integer not null,
    content_type text not null,
    width integer not null,
    height integer not null,
    latitude real,
    longitude real,
    created_at text not null)`,
  `create index heritage_assessment_photos_assessment on heritage_assessment_photos (assessment_id, position)`,
];
