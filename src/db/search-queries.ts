/**
 * What the two search stores (sqlite/object-search.ts, postgres/object-search.ts) ask of the
 * database in the same SQL on both engines: the filters of a search, the candidates' columns, the
 * facet counts of what a caller sees, hit details, and the reading of an aggregate's rows. The
 * plans, and the SQL only one engine reads, stay in the adapters.
 */
import { expressionBuilder, sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { audienceCondition } from './audience-condition.js';
import type { Db } from './database.js';
import type { Database } from './schema.js';
import {
  emptyFacets,
  type FacetCounts,
  type FacetName,
  type HitRow,
  type NumberRange,
  type RangeColumn,
  type SearchCriteria,
  type SearchAudience,
} from './search-store.js';

export function visibility(visible: SearchAudience): Expression<SqlBool> {
  return audienceCondition(expressionBuilder<Database, 'objects'>(), visible);
}

/** The distinct values as a list of parameters, for `in (…)`. */
export const list = (values: readonly (string | number)[]) => sql.join([...new Set(values)].map((value) => sql`${value}`));

/** The conditions AND-ed; true when there are none. */
export const allOf = (conditions: RawBuilder<unknown>[]) => (conditions.length === 0 ? sql`true` : sql.join(conditions, sql` and `));

/** A filter of the criteria. */
export interface Filter {
  facet: FacetName | 'range' | 'alerts';
  values: string[];
  /** A condition on `objects`. */
  condition: RawBuilder<unknown>;
}

/** The filters of the criteria, cheapest first (SQLite evaluates conditions in order; materials cost an index probe per object). */
export function filtersOf(criteria: SearchCriteria): Filter[] {
  const filters: Filter[] = [];
  if (criteria.alertsOnly) filters.push({ facet: 'alerts', values: [], condition: sql`objects.published = 1` });
  if (criteria.types?.length) filters.push({ facet: 'type', values: criteria.types, condition: sql`objects.object_type in (${list(criteria.types)})` });
  if (criteria.statuses?.length) filters.push({ facet: 'status', values: criteria.statuses, condition: sql`objects.status in (${list(criteria.statuses)})` });
  if (criteria.countries?.length) filters.push({ facet: 'country', values: criteria.countries, condition: sql`objects.country in (${list(criteria.countries)})` });
  if (criteria.periods?.length) {
    const overlaps = criteria.periods.map(
      (start) =>
        sql`(coalesce(objects.earliest_year, objects.latest_year) <= ${start + 99} and coalesce(objects.latest_year, objects.earliest_year) >= ${start})`,
    );
    filters.push({ facet: 'period', values: criteria.periods.map(String), condition: sql`(${sql.join(overlaps, sql` or `)})` });
  }
  for (const [column, range] of Object.entries(criteria.ranges) as Array<[RangeColumn, NumberRange | undefined]>) {
    if (!range) continue;
    const ref = sql.ref(`objects.${column}`);
    const bounds = [sql`${ref} is not null`];
    if (range.min !== undefined) bounds.push(sql`${ref} >= ${range.min}`);
    if (range.max !== undefined) bounds.push(sql`${ref} <= ${range.max}`);
    filters.push({ facet: 'range', values: [], condition: allOf(bounds) });
  }
  if (criteria.materials?.length) {
    filters.push({
      facet: 'material',
      values: criteria.materials,
      condition: sql`exists (select 1 from object_materials m where m.material in (${list(criteria.materials)}) and m.object_seq = objects.seq)`,
    });
  }
  return filters;
}

/** The filters `object_facet_counts` counts the objects of. */
export const countedFilters = <F extends Filter>(filters: F[]): F[] => filters.filter((filter) => filter.facet !== 'range' && filter.facet !== 'alerts');

/** What `object_facet_counts` rows a search's scope reads: every status (what the caller sees), and the counted filters' values. */
export function facetCountsWanted(filters: Filter[]): RawBuilder<unknown> {
  const wanted = [sql`facet = 'status'`, ...countedFilters(filters).map((filter) => sql`(facet = ${filter.facet} and value in (${list(filter.values)}))`)];
  return sql`(${sql.join(wanted, sql` or `)})`;
}

/** Whether a row of `object_facet_counts` (aliased `objects`) counts objects in the caller's scope (the alert list only, when asked). */
export function inCallerScope(visible: SearchAudience, criteria: SearchCriteria): RawBuilder<unknown> {
  return criteria.alertsOnly ? sql`(${visibility(visible)}) and objects.published = 1` : sql`(${visibility(visible)})`;
}

/** An (organisation, published, reported) partition of the registry, with how many objects it holds. */
export type Partition = [organisationId: number, published: number, reported: number, objects: number];

/** The partitions holding objects the caller sees, from the `status` rows of `object_facet_counts` (each object has one status). */
export function visiblePartitions(rows: ReadonlyArray<{ facet: string; organisation_id: number; published: number; reported: number; n: number; seen: unknown }>): Partition[] {
  const partitions = new Map<string, Partition>();
  for (const row of rows) {
    if (row.facet !== 'status' || !row.seen) continue;
    const key = `${row.organisation_id}/${row.published}/${row.reported}`;
    const [, , , n] = partitions.get(key) ?? [0, 0, 0, 0];
    partitions.set(key, [row.organisation_id, row.published, row.reported, n + row.n]);
  }
  return [...partitions.values()];
}

/** Facets whose values objects have one of (several selected values add up); the others may have several. */
const SINGLE_VALUED: ReadonlySet<string> = new Set(['type', 'status', 'country']);

/** The exact total when the search is filtered on one counted facet only (and perhaps the alert list), from the sizes the scope counted. */
export function knownTotalOf<F extends Filter>(filters: F[], filterSizesSeen: Map<F, number>): number | undefined {
  const counted = filters.filter((filter) => filter.facet !== 'alerts');
  const [only] = counted;
  return counted.length === 1 && only && only.facet !== 'range' && (SINGLE_VALUED.has(only.facet) || new Set(only.values).size === 1)
    ? filterSizesSeen.get(only)
    : undefined;
}

/** The columns of `objects` a candidate carries after its seq and score, for facets and ordering (see `readAggregate`). */
export const CANDIDATE_COLUMNS = sql`objects.status, objects.object_type, objects.country, objects.earliest_year, objects.latest_year, objects.updated_at`;

/** A row of an aggregate statement: the total, one facet value's count, or one candidate of the page. */
export interface AggregateRow {
  facet: FacetName | 'total' | 'page';
  value: string | number | null;
  n: number;
  score: number | null;
  updated_at: string | null;
}

/** The total, facet counts and page seqs (in the requested order) of an aggregate's rows. */
export function readAggregate(rows: AggregateRow[], relevance: boolean): { total: number; facets: FacetCounts; page: number[] } {
  const facets = emptyFacets();
  let total = 0;
  const page: Array<{ seq: number; score: number | null; updated_at: string | null }> = [];
  for (const row of rows) {
    if (row.facet === 'total') total = row.n;
    else if (row.facet === 'page') page.push({ seq: Number(row.value), score: row.score, updated_at: row.updated_at });
    else if (row.value !== null) facets[row.facet].set(String(row.value), row.n);
  }
  page.sort((a, b) =>
    relevance
      ? (a.score ?? 0) - (b.score ?? 0) || b.seq - a.seq
      : (a.updated_at ?? '') < (b.updated_at ?? '') ? 1 : (a.updated_at ?? '') > (b.updated_at ?? '') ? -1 : b.seq - a.seq,
  );
  return { total, facets, page: page.map((entry) => entry.seq) };
}

/** Exact counts of everything the caller sees (optionally the alert list only), from `object_facet_counts`. */
export async function countedFacets(db: Db, visible: SearchAudience, criteria: SearchCriteria): Promise<{ facets: FacetCounts; total: number }> {
  const { rows } = await sql<{ facet: FacetName; value: string; n: number }>`
    select facet, value, sum(n) as n from object_facet_counts as objects
    where (${visibility(visible)}) ${criteria.alertsOnly ? sql`and objects.published = 1` : sql``}
    group by facet, value having sum(n) > 0`.execute(db);
  const facets = emptyFacets();
  let total = 0;
  for (const row of rows) {
    facets[row.facet].set(row.value, (facets[row.facet].get(row.value) ?? 0) + row.n);
    if (row.facet === 'status') total += row.n;
  }
  return { facets, total };
}

/**
 * Hit details for a page of seqs, in that order (visibility applied again: nothing leaks by
 * mistake); `inPage` is the engine's condition that `objects.seq` is one of them.
 */
export async function hitRows(db: Db, visible: SearchAudience, seqs: number[], inPage: RawBuilder<unknown>): Promise<HitRow[]> {
  if (seqs.length === 0) return [];
  const { rows } = await sql<HitRow>`
    select objects.seq, objects.id, objects.inventory_number, objects.title, objects.status, objects.published,
           objects.object_type, objects.description, organisations.slug as organisation_slug, organisations.name as organisation_name,
           (select p.id from object_photos p where p.object_seq = objects.seq order by p.position limit 1) as photo_id
    from objects join organisations on organisations.id = objects.organisation_id
    where ${inPage} and (${visibility(visible)})`.execute(db);
  const bySeq = new Map(rows.map((row) => [row.seq, row]));
  return seqs.map((seq) => bySeq.get(seq)).filter((row): row is HitRow => row !== undefined);
}
