import { sql, type Kysely } from 'kysely';

/**
 * The triggers that keep search's derived tables exact (see migrations/0002-search.ts). They run
 * once per statement over its transition tables, so an import batch of a thousand objects adds
 * up its counts in one upsert instead of a thousand; rows are upserted in key order, so that two
 * transactions never lock the same counts in opposite orders.
 */

/** Facet values of the objects in `rows` (a transition table) as (facet, value, partition) rows; with their materials or not. */
const facetRows = (rows: string, materials: boolean) => `
  select 'status' as facet, o.status as value, o.organisation_id, o.published, o.reported from ${rows} o
  union all select 'type', o.object_type, o.organisation_id, o.published, o.reported from ${rows} o where o.object_type is not null
  union all select 'country', o.country, o.organisation_id, o.published, o.reported from ${rows} o where o.country is not null
  union all select 'period', c.start::text, o.organisation_id, o.published, o.reported from ${rows} o
    join search_centuries c on c.start between coalesce(o.earliest_year, o.latest_year) - 99 and coalesce(o.latest_year, o.earliest_year)
  ${materials ? `union all select 'material', m.material, o.organisation_id, o.published, o.reported from ${rows} o join object_materials m on m.object_seq = o.seq` : ''}`;

/** Adds the signed rows (facet, value, partition, d) to `object_facet_counts`. */
const addFacetCounts = (signed: string) => `
  insert into object_facet_counts (facet, value, organisation_id, published, reported, n)
  select facet, value, organisation_id, published, reported, sum(d) from (${signed}) s
  group by facet, value, organisation_id, published, reported having sum(d) <> 0
  order by facet, value, organisation_id, published, reported
  on conflict (facet, value, organisation_id, published, reported) do update set n = object_facet_counts.n + excluded.n;`;

/** Adds the signed rows (term, d) to `search_terms`. */
const addTerms = (signed: string) => `
  insert into search_terms (term, objects)
  select term, sum(d) from (${signed}) s group by term having sum(d) <> 0 order by term
  on conflict (term) do update set objects = search_terms.objects + excluded.objects;`;

/**
 * The partition of each material row's object, looked up by primary key (`offset 0` keeps the
 * lookup per row): a transition table has no statistics, and joined as a whole the planner read
 * all of `objects` for each import batch (~45 ms at 40,000 objects, growing with the registry).
 */
const materialFacetRows = (rows: string, d: number) => `
  select 'material' as facet, m.material as value, o.organisation_id, o.published, o.reported, ${d} as d from ${rows} m
  cross join lateral (select organisation_id, published, reported from objects where objects.seq = m.object_seq offset 0) o`;
export const MATERIAL_FACET_COUNTS_ADDED = addFacetCounts(materialFacetRows('added', 1));
export const MATERIAL_FACET_COUNTS_REMOVED = addFacetCounts(materialFacetRows('removed', -1));

const termsOf = (rows: string, d: number) => `select unnest(tsvector_to_array(document)) as term, ${d} as d from ${rows}`;

const FUNCTIONS: Array<[name: string, body: string]> = [
  ['objects_facet_counts_added', addFacetCounts(`select *, 1 as d from (${facetRows('added', false)}) f`)],
  [
    'objects_facet_counts_changed',
    addFacetCounts(`select *, 1 as d from (${facetRows('after_rows', true)}) f union all select *, -1 from (${facetRows('before_rows', true)}) f`),
  ],
  // Materials go first (their own trigger counts them): a deleted object has none left.
  ['objects_facet_counts_removed', addFacetCounts(`select *, -1 as d from (${facetRows('removed', false)}) f`)],
  ['object_materials_facet_counts_added', MATERIAL_FACET_COUNTS_ADDED],
  ['object_materials_facet_counts_removed', MATERIAL_FACET_COUNTS_REMOVED],
  ['search_terms_added', addTerms(termsOf('added', 1))],
  ['search_terms_changed', addTerms(`${termsOf('after_rows', 1)} union all ${termsOf('before_rows', -1)}`)],
  ['search_terms_removed', addTerms(termsOf('removed', -1))],
];

const TRIGGERS = [
  `create trigger objects_facet_counts_added after insert on objects referencing new table as added for each statement execute function objects_facet_counts_added()`,
  `create trigger objects_facet_counts_changed after update on objects referencing old table as before_rows new table as after_rows for each statement execute function objects_facet_counts_changed()`,
  `create trigger objects_facet_counts_removed after delete on objects referencing old table as removed for each statement execute function objects_facet_counts_removed()`,
  `create trigger object_materials_facet_counts_added after insert on object_materials referencing new table as added for each statement execute function object_materials_facet_counts_added()`,
  `create trigger object_materials_facet_counts_removed after delete on object_materials referencing old table as removed for each statement execute function object_materials_facet_counts_removed()`,
  `create trigger search_terms_added after insert on object_search referencing new table as added for each statement execute function search_terms_added()`,
  `create trigger search_terms_changed after update on object_search referencing old table as before_rows new table as after_rows for each statement execute function search_terms_changed()`,
  `create trigger search_terms_removed after delete on object_search referencing old table as removed for each statement execute function search_terms_removed()`,
  `create trigger object_search_visibility after update of organisation_id, published, reported on objects for each row
    when (old.organisation_id is distinct from new.organisation_id or old.published is distinct from new.published or old.reported is distinct from new.reported)
    execute function object_search_visibility()`,
];

export async function createSearchTriggers(db: Kysely<unknown>): Promise<void> {
  for (const [name, body] of FUNCTIONS) {
    await sql.raw(`create function ${name}() returns trigger language plpgsql as $$ begin ${body} return null; end $$`).execute(db);
  }
  await sql`
    create function object_search_visibility() returns trigger language plpgsql as $$
    begin
      update object_search set organisation_id = new.organisation_id, published = new.published, reported = new.reported where seq = new.seq;
      return null;
    end $$`.execute(db);
  for (const trigger of TRIGGERS) await sql.raw(trigger).execute(db);
}

export async function dropSearchTriggers(db: Kysely<unknown>): Promise<void> {
  for (const name of [...FUNCTIONS.map(([name]) => name), 'object_search_visibility']) await sql.raw(`drop function if exists ${name}() cascade`).execute(db);
}
