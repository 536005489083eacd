import { sql, type Kysely } from 'kysely';
import { FACET_ROWS_SQL } from '../search-store.js';

/**
 * SQLite-only parts of the registry schema:
 * - `objects_fts`, a contentless FTS5 index keyed by `objects.seq`. Tokens are folded (case and
 *   diacritics: "eveque" finds "Évêque") and prefix indexes make "eve*" cheap.
 * - triggers that make `object_history` append-only, whatever code writes to it.
 */
export async function createRegistrySearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`
    create virtual table objects_fts using fts5(
      title, maker, classification, body,
      content = '', contentless_delete = 1,
      tokenize = 'unicode61 remove_diacritics 2',
      prefix = '2 3 4'
    )`.execute(db);
  await sql`create virtual table objects_fts_vocab using fts5vocab(objects_fts, 'row')`.execute(db);
  await sql`
    create trigger object_history_no_update before update on object_history
    begin select raise(abort, 'object_history is append-only'); end`.execute(db);
  await sql`
    create trigger object_history_no_delete before delete on object_history
    begin select raise(abort, 'object_history is append-only'); end`.execute(db);
}

/** Object columns that search reads for each candidate: the covering indexes hold them all. */
const CANDIDATE_COLUMNS = [
  'status', 'object_type', 'country', 'earliest_year', 'latest_year', 'height_cm', 'width_cm', 'depth_cm', 'weight_kg', 'updated_at',
];

/** The facet values of one objects row (`new` or `old`) as (facet, value) pairs; materials come from their own table. */
const facetValuesOf = (row: string) => `
  select 'status' as facet, ${row}.status as value
  union all select 'type', ${row}.object_type where ${row}.object_type is not null
  union all select 'country', ${row}.country where ${row}.country is not null
  union all select 'period', cast(start as text) from search_centuries
    where start between coalesce(${row}.earliest_year, ${row}.latest_year) - 99 and coalesce(${row}.latest_year, ${row}.earliest_year)`;

/**
 * Search support (migration 0003):
 * - `objects_search`, a covering index keyed by `seq`: for each full-text match, search reads
 *   visibility, filter and facet columns from this narrow index instead of the wide objects rows;
 * - `objects_scope`, the same columns keyed by organisation and visibility flags: what a caller
 *   may see is a union of such (organisation, published, reported) partitions, read in order;
 * - `objects_updated`, for "newest first" lists with the visibility columns at hand;
 * - `object_materials_search` (object, material), so that counting a set's materials reads one index;
 * - `object_facet_counts`: per organisation, `published` and `reported` flags, how many objects
 *   have each status, type, country, century and material. Triggers keep it exact on every write,
 *   so the counts of an unfiltered search (every object a caller may see) are a sum over a few
 *   hundred rows, for any caller, instead of a scan of the registry;
 * - `search_state.scope_version`, bumped by the same triggers whenever an object is added or
 *   changes, so that search may keep the set of seqs a caller sees between searches.
 */
export async function createSearchAggregates(db: Kysely<unknown>): Promise<void> {
  // FTS5 keeps up to this much of a transaction's new postings in memory before writing a segment
  // (default 1 MB): an import batch becomes one segment instead of several, and later merges have
  // less to do (measured at 1M objects: 4,800 → 5,700 objects/s through upsertMany).
  await sql`insert into objects_fts (objects_fts, rank) values ('hashsize', 33554432)`.execute(db);
  const columns = CANDIDATE_COLUMNS.join(', ');
  await sql.raw(`create index objects_search on objects (seq, organisation_id, published, reported, ${columns})`).execute(db);
  await sql.raw(`create index objects_scope on objects (organisation_id, published, reported, seq, ${columns})`).execute(db);
  await sql`create index objects_updated on objects (updated_at, seq, organisation_id, published, reported)`.execute(db);
  await sql`create index object_materials_search on object_materials (object_seq, material)`.execute(db);
  await sql`
    create table object_facet_counts (
      facet text not null,
      value text not null,
      organisation_id integer not null,
      published integer not null,
      reported integer not null,
      n integer not null,
      primary key (facet, value, organisation_id, published, reported)
    ) without rowid`.execute(db);
  await sql`create table search_centuries (start integer primary key)`.execute(db);
  await sql`
    insert into search_centuries (start)
    with recursive c(start) as (select -10000 union all select start + 100 from c where start < 2100)
    select start from c`.execute(db);

  const add = (row: string, extra = '') => `
    insert into object_facet_counts (facet, value, organisation_id, published, reported, n)
    select facet, value, ${row}.organisation_id, ${row}.published, ${row}.reported, 1 from (${facetValuesOf(row)}${extra}) where true
    on conflict (facet, value, organisation_id, published, reported) do update set n = n + 1;`;
  const remove = (row: string, extra = '') => `
    update object_facet_counts set n = n - 1
    where organisation_id = ${row}.organisation_id and published = ${row}.published and reported = ${row}.reported
      and (facet, value) in (${facetValuesOf(row)}${extra});`;
  const materialsOf = (row: string) => `\n  union all select 'material', material from object_materials where object_seq = ${row}.seq`;
  const watched = ['organisation_id', 'published', 'reported', 'status', 'object_type', 'country', 'earliest_year', 'latest_year'];

  await sql`create table search_state (id integer primary key check (id = 1), scope_version integer not null)`.execute(db);
  await sql`insert into search_state (id, scope_version) values (1, 0)`.execute(db);
  const bump = 'update search_state set scope_version = scope_version + 1 where id = 1;';

  await sql.raw(`create trigger objects_facet_counts_insert after insert on objects begin ${add('new')} ${bump} end`).execute(db);
  await sql
    .raw(
      `create trigger objects_facet_counts_update after update of ${watched.join(', ')} on objects
       when ${watched.map((column) => `old.${column} is not new.${column}`).join(' or ')}
       begin ${remove('old', materialsOf('old'))} ${add('new', materialsOf('new'))} ${bump} end`,
    )
    .execute(db);
  await sql.raw(`create trigger objects_facet_counts_delete after delete on objects begin ${remove('old')} ${bump} end`).execute(db);
  await sql
    .raw(
      `create trigger object_materials_facet_counts_insert after insert on object_materials begin
         insert into object_facet_counts (facet, value, organisation_id, published, reported, n)
         select 'material', new.material, organisation_id, published, reported, 1 from objects where seq = new.object_seq
         on conflict (facet, value, organisation_id, published, reported) do update set n = n + 1;
       end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger object_materials_facet_counts_delete after delete on object_materials begin
         update object_facet_counts set n = n - 1
         where facet = 'material' and value = old.material
           and (organisation_id, published, reported) = (select organisation_id, published, reported from objects where seq = old.object_seq);
       end`,
    )
    .execute(db);

  // Objects already there (the migration may run on a filled registry).
  await sql
    .raw(
      `insert into object_facet_counts (facet, value, organisation_id, published, reported, n)
       select facet, value, organisation_id, published, reported, count(*) from (${FACET_ROWS_SQL})
       group by facet, value, organisation_id, published, reported`,
    )
    .execute(db);
}

export async function dropSearchAggregates(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['objects_facet_counts_insert', 'objects_facet_counts_update', 'objects_facet_counts_delete', 'object_materials_facet_counts_insert', 'object_materials_facet_counts_delete']) {
    await sql.raw(`drop trigger if exists ${trigger}`).execute(db);
  }
  await sql`drop table if exists object_facet_counts`.execute(db);
  await sql`drop table if exists search_state`.execute(db);
  await sql`drop table if exists search_centuries`.execute(db);
  await sql`drop index if exists objects_updated`.execute(db);
  await sql`drop index if exists object_materials_search`.execute(db);
  await sql`drop index if exists objects_search`.execute(db);
  await sql`drop index if exists objects_scope`.execute(db);
}
