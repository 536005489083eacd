import type { Db } from './database.js';

/**
 * The port between search (registry/search/search.service.ts) and the engines: what a search asks of
 * the database, implemented by db/sqlite/object-search.ts (FTS5) and db/postgres/object-search.ts
 * (tsvector), both checked by registry/search/search-store.contract.ts.
 */

/**
 * The bounds of the plans, tuned on the 1M-object benchmark on two cores; tests lower them to
 * exercise the approximate paths on a few objects. Each engine reads those its plans have.
 */
export interface SearchLimits {
  /** Full-text matches examined when each is looked up in the covering index. */
  openExamine: number;
  /** Full-text matches examined when checked against the set of seqs the caller may see. */
  probeExamine: number;
  /** Largest set of seqs the probe plan uses (visible objects, or a selective filter's). */
  probeSetLimit: number;
  /** An organisation's seq range is read when it holds at least this many objects the caller sees… */
  homeMin: number;
  /** …and they fill at least this share of the range; its newest matches examined at most. */
  homeDensity: number;
  homeExamine: number;
  /** Filters only: what the caller sees is read whole (from `objects_scope`) up to this size. */
  scopeScanLimit: number;
  /** Filters only: the most selective filter drives through its index when it selects at most this. */
  driveLimit: number;
  /** Filters only, otherwise: the newest objects examined, and the candidates kept among them. */
  filterScan: number;
  filterKeep: number;
  /** Facets count at most this many of the best candidates. */
  facetLimit: number;
  /** bm25 counts each word's matches (its document frequency) first: only for words with at most this many. */
  bm25WordLimit: number;
  /** A word is checked for visible matches among at most this many of its newest matches. */
  checkLimit: number;
}

export const DEFAULT_LIMITS: Readonly<SearchLimits> = Object.freeze({
  openExamine: 5_000,
  probeExamine: 20_000,
  probeSetLimit: 100_000,
  homeMin: 5_000,
  homeDensity: 0.5,
  homeExamine: 4_000,
  scopeScanLimit: 100_000,
  driveLimit: 20_000,
  filterScan: 100_000,
  filterKeep: 10_000,
  facetLimit: 2_000,
  bm25WordLimit: 100_000,
  checkLimit: 20_000,
});

/** The facets counted in advance per organisation and visibility flags (`object_facet_counts`). */
export const COUNTED_FACETS = ['status', 'type', 'country', 'period', 'material'] as const;

export type FacetName = (typeof COUNTED_FACETS)[number];
export type FacetCounts = Record<FacetName, Map<string, number>>;

export const emptyFacets = (): FacetCounts => ({ type: new Map(), material: new Map(), status: new Map(), country: new Map(), period: new Map() });

/**
 * Every facet value of every object, one row each: what `object_facet_counts` counts (both
 * engines read this SQL: migrations fill the counts with it, tests recount with it).
 */
export const FACET_ROWS_SQL = `
  select 'status' as facet, status as value, organisation_id, published, reported from objects
  union all select 'type', object_type, organisation_id, published, reported from objects where object_type is not null
  union all select 'country', country, organisation_id, published, reported from objects where country is not null
  union all select 'period', cast(c.start as text), o.organisation_id, o.published, o.reported from objects o
  join search_centuries c on c.start between coalesce(o.earliest_year, o.latest_year) - 99 and coalesce(o.latest_year, o.earliest_year)
  union all select 'material', m.material, o.organisation_id, o.published, o.reported from object_materials m join objects o on o.seq = m.object_seq`;

/**
 * Whom a search answers, as plain data (registry/visibility.ts `audienceOf`): the objects each kind
 * of caller sees, which the stores turn into SQL (`audienceCondition`, audience-condition.ts). It reads
 * `organisation_id`, `published` and `reported` only, so stores also apply it to their own tables
 * holding those columns (facet counts, PostgreSQL's search documents).
 */
export type SearchAudience =
  | { sees: 'everything' }
  | { sees: 'alert-list' }
  | { sees: 'alert-list-and-reported' }
  | { sees: 'alert-list-and-organisation'; organisationId: number };

export interface SearchWord {
  /** Folded (lower case, no accents), one token as the index holds them (`searchTokens`, i18n/search-text.ts). */
  text: string;
  /** Matches any word starting with `text`. */
  prefix: boolean;
}

export interface NumberRange {
  min?: number | undefined;
  max?: number | undefined;
}

export type RangeColumn = 'height_cm' | 'width_cm' | 'depth_cm' | 'weight_kg';

export interface SearchCriteria {
  words: SearchWord[];
  /** Object type keys, narrower types included. */
  types?: string[] | undefined;
  materials?: string[] | undefined;
  statuses?: string[] | undefined;
  countries?: string[] | undefined;
  /** Centuries by their first year (1800 = 1800–1899). */
  periods?: number[] | undefined;
  /** Already widened by the tolerance. */
  ranges: Partial<Record<RangeColumn, NumberRange | undefined>>;
  alertsOnly: boolean;
  sort: 'relevance' | 'newest';
  limit: number;
  offset: number;
}

export interface HitRow {
  seq: number;
  id: string;
  inventory_number: string | null;
  title: string;
  status: string;
  published: number;
  object_type: string | null;
  description: string;
  organisation_slug: string;
  organisation_name: string;
  photo_id: string | null;
}

export interface StoreResult {
  total: number;
  hits: HitRow[];
  facets: FacetCounts;
  /** False when `total` counts only the candidates examined (a lower bound). */
  totalExact: boolean;
  /** Candidates examined, when there were more than a search examines (ranking and facets cover these). */
  examined?: number | undefined;
  /** Candidates the facets count, when fewer than `total` (the best ones in the requested order). */
  facetsOver?: number | undefined;
  /** Relevance ranked by whether the title or maker matches, newest first, instead of bm25. */
  rankedByColumn?: boolean | undefined;
}

export interface ObjectSearchStore {
  search(visible: SearchAudience, criteria: SearchCriteria): Promise<StoreResult>;
  /** Whether the words together match at least one object the caller may see. */
  matchesVisible(visible: SearchAudience, words: SearchWord[]): Promise<boolean>;
  /** How many objects use each of these exact index terms (absent terms are left out). */
  termFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /** Descriptions of up to `limit` visible objects whose title or maker matches the words, newest first. */
  suggest(visible: SearchAudience, words: SearchWord[], limit: number): Promise<Array<{ description: string }>>;
}

/** The text of one object as the full-text index holds it, each field already joined across languages. */
export interface SearchDocument {
  title: string;
  maker: string;
  classification: string;
  body: string;
}

declare const preparedEntry: unique symbol;
/** An index entry as one engine writes it, made by that engine's `prepare` (only it reads one). */
export interface PreparedSearchEntry {
  readonly [preparedEntry]: true;
}

/** Writes an engine's full-text index, keyed by `objects.seq`; call inside the transaction that writes the object. */
export interface SearchIndexWriter {
  put(db: Db, seq: number, doc: SearchDocument): Promise<void>;
  /**
   * The entry of a document, made outside any transaction (CPU only, no database): an import
   * prepares the next batch's entries while the database writes the current batch.
   */
  prepare(doc: SearchDocument): PreparedSearchEntry;
  /**
   * Indexes objects just inserted (nothing to replace), a few hundred per statement; for imports.
   * They are found by public id, so that the statement can be sent while the one inserting the
   * objects still runs: the objects' rows must be inserted by a statement issued before this call,
   * on the same transaction.
   */
  insertMany(db: Db, entries: ReadonlyArray<{ id: string; entry: PreparedSearchEntry }>): Promise<void>;
  /** Maintenance after a bulk import (searches stay correct without it). */
  optimize(db: Db): Promise<void>;
}
