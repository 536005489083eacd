import { sql, type Kysely } from 'kysely';
import { createSearchTriggers, dropSearchTriggers } from '../search-triggers.js';

/**
 * Search on PostgreSQL (see ../object-search.ts for how searches read these):
 * - `object_search`: each object's words as a tsvector (title weight A, maker B, classification C,
 *   body D), written by the index writer (../object-search-index.ts) from the same folded words
 *   the queries use, with copies of the three visibility columns kept by a trigger, so that the
 *   visibility rule narrows the matches inside one table (a bitmap AND of the GIN index and the
 *   caller's partitions) instead of after a join;
 * - `search_terms`: how many objects hold each word (typo correction, and the bounds of a plan);
 * - `object_facet_counts`, `search_centuries`: the counts of unfiltered searches, as on SQLite
 *   (../../sqlite/registry-search-schema.ts), kept exact by statement triggers;
 * - covering indexes of `objects` for the candidates' filter and facet columns.
 */
const STATEMENTS = [
  `create table search_centuries (start bigint primary key)`,
  `insert into search_centuries (start) select generate_series(-10000, 2100, 100)`,
  `create table object_facet_counts (
    facet text collate "C" not null,
    value text collate "C" not null,
    organisation_id bigint not null,
    published bigint not null,
    reported bigint not null,
    n bigint not null,
    primary key (facet, value, organisation_id, published, reported))`,
  `create table object_search (
    seq bigint primary key references objects (seq) on delete cascade,
    organisation_id bigint not null,
    published bigint not null,
    reported bigint not null,
    document tsvector not null)`,
  `create index object_search_document on object_search using gin (document)`,
  `create index object_search_published on object_search (published, seq)`,
  `create index object_search_reported on object_search (reported, seq)`,
  `create index object_search_organisation on object_search (organisation_id, seq)`,
  `create table search_terms (term text collate "C" primary key, objects bigint not null)`,
  `create index objects_search on objects (seq) include (organisation_id, published, reported, status, object_type, country,
    earliest_year, latest_year, height_cm, width_cm, depth_cm, weight_kg, updated_at)`,
  `create index objects_scope on objects (organisation_id, published, reported, seq) include (status, object_type, country,
    earliest_year, latest_year, height_cm, width_cm, depth_cm, weight_kg, updated_at)`,
  `create index objects_updated on objects (updated_at, seq) include (organisation_id, published, reported)`,
  `create index object_materials_search on object_materials (object_seq, material)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await sql.raw(statement).execute(db);
  await createSearchTriggers(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await dropSearchTriggers(db);
  for (const table of ['search_terms', 'object_search', 'object_facet_counts', 'search_centuries']) await sql.raw(`drop table ${table}`).execute(db);
  for (const index of ['objects_search', 'objects_scope', 'objects_updated', 'object_materials_search']) await sql.raw(`drop index ${index}`).execute(db);
}
