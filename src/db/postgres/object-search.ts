/**
 * The PostgreSQL side of registry search: the same answers as SQLite's (../sqlite/object-search.ts,
 * both checked by registry/search/search-store.contract.ts) from a tsvector per object
 * (`object_search`, see migrations/0002-search.ts). Every statement applies the caller's visibility
 * rule to the rows it reads; `object_search` holds copies of the three columns the rule reads, so
 * the rule narrows the matches inside that table (a bitmap AND of the GIN index with the caller's
 * partitions), and again on `objects` wherever it is read (filters, hits).
 *
 * Plans, bounded as on SQLite (`SearchLimits`):
 * - no words, no filters: counts from `object_facet_counts`, the page from the date index; exact.
 * - words: the newest `openExamine` visible matches that pass the filters (a GIN index cannot list
 *   matches newest first, so the search starts from a seq floor estimated from the words'
 *   document frequencies in `search_terms`, lowered until it holds that many); exact below the
 *   bound, else the total counts the examined ones (a lower bound) and ranking and facets cover them.
 * - filters only: every candidate when the caller sees at most `scopeScanLimit` objects or a filter
 *   keeps at most `driveLimit` (the planner drives from the most selective index); else the
 *   newest `filterScan` objects, at most `filterKeep` kept.
 *
 * Relevance, when every match was examined, is bm25-like: the sum over the words of bm25's idf
 * (from `search_terms`) times `ts_rank` with field weights title 10, maker 5, classification 2,
 * body 1 (which saturates with repeated occurrences, as bm25's term frequency does, and divides
 * by the log of the document's length). A true bm25 would need each word's frequency per object
 * and field in a table of its own (~50 rows per object). When the matches were cut short, title
 * and maker matches rank first, newest first within each (`rankedByColumn`), as on SQLite.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../database.js';
import {
  allOf,
  CANDIDATE_COLUMNS,
  countedFacets,
  countedFilters,
  facetCountsWanted,
  filtersOf,
  hitRows,
  inCallerScope,
  knownTotalOf,
  readAggregate,
  visibility,
  visiblePartitions,
  type AggregateRow,
  type Filter,
  type Partition,
} from '../search-queries.js';
import {
  DEFAULT_LIMITS,
  emptyFacets,
  type FacetName,
  type HitRow,
  type ObjectSearchStore,
  type SearchCriteria,
  type SearchLimits,
  type SearchWord,
  type StoreResult,
  type SearchAudience,
} from '../search-store.js';

/** ts_rank's weights for labels D, C, B, A: body 1, classification 2, maker 5, title 10 (at most 1 each). */
const RANK_WEIGHTS = '{0.1, 0.2, 0.5, 1.0}';
/** ts_rank's normalisation 1: divided by 1 + the log of the document's length. */
const RANK_NORMALISATION = 1;
/** Above every code point: the end of the range of words starting with a prefix. */
const AFTER_PREFIX = String.fromCodePoint(0x10ffff);
/** The seq floor is first set to hold this many times the expected number of matches, then lowered fourfold each time it held too few. */
const FLOOR_MARGIN = 1.25;
const FLOOR_STEP = 4;

/** A tsquery literal: the words AND-ed, prefixes as `:*`, each restricted to `labels` when given. Words are letters and digits only. */
function tsquery(words: readonly SearchWord[], labels = ''): string {
  return words
    .map((word) => {
      const modifiers = `${word.prefix ? '*' : ''}${labels}`;
      return `'${word.text.replaceAll("'", "''").replaceAll('\\', '\\\\')}'${modifiers ? `:${modifiers}` : ''}`;
    })
    .join(' & ');
}

/** What the caller may see, from `object_facet_counts`. */
interface Scope {
  /** Objects the caller sees (on the alert list only, when asked). */
  size: number;
  /** Every object in the registry. */
  everything: number;
  /** How many objects each counted filter keeps among those the caller sees (exact for type, status, country; at most for several materials or centuries). */
  filterSizesSeen: Map<Filter, number>;
  /** The (organisation, published, reported) partitions holding objects the caller sees. */
  partitions: Partition[];
}

type SeqRange = [low: number, high: number];

/** A word with how many objects it matches at most (the sum over the words a prefix stands for). */
interface WordFrequency {
  word: SearchWord;
  objects: number;
}

export function createPostgresObjectSearch(db: Db, limits: SearchLimits = DEFAULT_LIMITS): ObjectSearchStore {
  /** Each word's document frequency from `search_terms`; `undefined` when a word matches nothing. */
  async function frequenciesOf(words: readonly SearchWord[]): Promise<WordFrequency[] | undefined> {
    const lookups = words.map((word, i) =>
      word.prefix
        ? sql`select ${i}::int as i, coalesce(sum(objects), 0) as objects from search_terms where term >= ${word.text} and term < ${word.text + AFTER_PREFIX}`
        : sql`select ${i}::int as i, coalesce(sum(objects), 0) as objects from search_terms where term = ${word.text}`,
    );
    const { rows } = await sql<{ i: number; objects: number }>`${sql.join(lookups, sql` union all `)}`.execute(db);
    const frequencies = words.map((word, i) => ({ word, objects: rows.find((row) => row.i === i)?.objects ?? 0 }));
    return frequencies.some((frequency) => frequency.objects <= 0) ? undefined : frequencies;
  }

  function hitsOf(visible: SearchAudience, seqs: number[]): Promise<HitRow[]> {
    return hitRows(db, visible, seqs, sql`objects.seq = any(${seqs}::bigint[])`);
  }

  async function scopeOf(visible: SearchAudience, criteria: SearchCriteria, filters: Filter[]): Promise<Scope> {
    const { rows } = await sql<{ facet: FacetName; value: string; n: number; seen: boolean; organisation_id: number; published: number; reported: number }>`
      select facet, value, n, coalesce(${inCallerScope(visible, criteria)}, false) as seen, organisation_id, published, reported from object_facet_counts as objects
      where ${facetCountsWanted(filters)} and n > 0`.execute(db);
    const status = rows.filter((row) => row.facet === 'status');
    const filterSizesSeen = new Map<Filter, number>();
    for (const filter of countedFilters(filters)) {
      const values = new Set(filter.values);
      filterSizesSeen.set(filter, rows.filter((row) => row.seen && row.facet === filter.facet && values.has(row.value)).reduce((sum, row) => sum + row.n, 0));
    }
    return {
      size: status.filter((row) => row.seen).reduce((sum, row) => sum + row.n, 0),
      everything: status.reduce((sum, row) => sum + row.n, 0),
      filterSizesSeen,
      partitions: visiblePartitions(rows),
    };
  }

  /**
   * Rows of these partitions only: read from `objects_scope` (keyed by them) one partition after
   * another, where the visibility rule alone (an OR of columns) reads every object's row.
   */
  function inPartitions(partitions: Scope['partitions']): RawBuilder<unknown> {
    if (partitions.length === 0) return sql`false`;
    const values = partitions.map(([organisation, published, reported]) => sql`(${organisation}::bigint, ${published}::bigint, ${reported}::bigint)`);
    return sql`(objects.organisation_id, objects.published, objects.reported) in (values ${sql.join(values)})`;
  }

  async function newestPage(visible: SearchAudience, criteria: SearchCriteria, conditions: RawBuilder<unknown>[]): Promise<number[]> {
    const { rows } = await sql<{ seq: number }>`
      select objects.seq from objects where (${visibility(visible)}) and ${allOf(conditions)}
      order by objects.updated_at desc, objects.seq desc limit ${criteria.limit} offset ${criteria.offset}`.execute(db);
    return rows.map((row) => row.seq);
  }

  /**
   * Counts and the page in one statement: the total, facet counts over the best `facetLimit`
   * candidates, and the seqs of the requested page. With `keep`, only the best `keep` candidates
   * are ranked and the total is counted apart (or given, `knownTotal`).
   */
  async function aggregate(candidates: RawBuilder<unknown>, criteria: SearchCriteria, relevance: boolean, keep?: number, knownTotal?: number) {
    const order = relevance ? sql`score, seq desc` : sql`updated_at desc, seq desc`;
    // The count of every candidate rides along the kept ones (a window over the same scan), instead of scanning them twice.
    const counted = keep !== undefined && knownTotal === undefined;
    // Kept candidates are first read in full (materialized), then ordered: asked for the first
    // `keep` in date order, the planner walks the date index through the whole registry hoping
    // to meet them early (2.4 s for a museum's drawings among 1,000,000 objects, 87 ms this way).
    const c = keep === undefined ? candidates : sql`select *${counted ? sql`, count(*) over () as counted` : sql``} from every_candidate order by ${order} limit ${keep}`;
    const total = knownTotal !== undefined ? sql`select ${knownTotal}::bigint` : counted ? sql`select coalesce(max(counted), 0) from c` : sql`select count(*) from c`;
    const { rows } = await sql<AggregateRow>`
      with ${keep === undefined ? sql`` : sql`every_candidate as materialized (${candidates}),`}
      c as materialized (${c}),
      top as materialized (select * from c order by ${order} limit ${limits.facetLimit})
      select 'total' as facet, null::text as value, (${total}) as n, null::float8 as score, null::text as updated_at
      union all select 'status', status, count(*), null, null from top group by status
      union all select 'type', object_type, count(*), null, null from top where object_type is not null group by object_type
      union all select 'country', country, count(*), null, null from top where country is not null group by country
      union all select 'period', s.start::text, count(*), null, null from top join search_centuries s
        on s.start between coalesce(top.earliest_year, top.latest_year) - 99 and coalesce(top.latest_year, top.earliest_year) group by s.start
      union all select 'material', m.material, count(*), null, null from top join object_materials m on m.object_seq = top.seq group by m.material
      union all (select 'page', seq::text, 0, score, updated_at from c order by ${order} limit ${criteria.limit} offset ${criteria.offset})`.execute(db);
    return readAggregate(rows, relevance);
  }

  /** The lowest and highest seq in `object_search`. */
  async function seqEnds(): Promise<SeqRange> {
    const { rows } = await sql<{ low: number | null; high: number | null }>`select min(seq) as low, max(seq) as high from object_search`.execute(db);
    return [rows[0]?.low ?? 0, rows[0]?.high ?? 0];
  }

  /**
   * The visible matches of a tsquery (above `floor`), to be read in full from a materialized CTE:
   * planned for all of them, PostgreSQL intersects the GIN index with the caller's partitions or
   * the seq range. Under a LIMIT it walks the primary key backwards instead, filtering each row,
   * which the planner believes stops early — and which, when the matches are rarer than its
   * estimate (prefixes, misspellings, a museum's words among a million objects), reads the whole
   * table: 260–700 ms at 1,000,000 objects, against 1–80 ms this way (`npm run bench:search`).
   */
  function everyMatch(visible: SearchAudience, query: string, floor?: number): RawBuilder<{ seq: number }> {
    return sql`
      select objects.seq from object_search as objects
      where objects.document @@ ${query}::tsquery and (${visibility(visible)}) ${floor === undefined ? sql`` : sql`and objects.seq > ${floor}`}`;
  }

  /**
   * The seqs of the newest `examine` + 1 visible matches passing the filters, newest first. The
   * floor starts where FLOOR_MARGIN times the matches examined lie (matches spread evenly over seqs) and
   * is lowered until it holds enough, or is gone. Without filters, `objects` is not read (hits are
   * checked against it again, see `hitRows`).
   */
  async function newestMatches(visible: SearchAudience, query: string, filters: Filter[], [low, high]: SeqRange, expected: number, examine: number): Promise<number[]> {
    let share = expected <= examine ? 1 : (FLOOR_MARGIN * (examine + 1)) / expected;
    for (;;) {
      const floor = share >= 1 ? undefined : Math.floor(high - (high - low + 1) * share);
      const matches = everyMatch(visible, query, floor);
      const statement =
        filters.length === 0
          ? sql<{ seq: number }>`with s as materialized (${matches}) select s.seq from s order by s.seq desc limit ${examine + 1}`
          : sql<{ seq: number }>`
              with s as materialized (${matches})
              select s.seq from s join objects on objects.seq = s.seq
              where (${visibility(visible)}) and ${allOf(filters.map((filter) => filter.condition))}
              order by s.seq desc limit ${examine + 1}`;
      const { rows } = await statement.execute(db);
      if (floor === undefined || rows.length > examine) return rows.map((row) => row.seq);
      share *= FLOOR_STEP;
    }
  }

  async function textSearch(visible: SearchAudience, criteria: SearchCriteria, filters: Filter[]): Promise<StoreResult> {
    const [frequencies, scope, ends] = await Promise.all([frequenciesOf(criteria.words), scopeOf(visible, criteria, filters), seqEnds()]);
    if (!frequencies) return { total: 0, hits: [], facets: emptyFacets(), totalExact: true };
    const query = tsquery(criteria.words);
    const narrowest = Math.min(scope.size, ...scope.filterSizesSeen.values());
    const expected = (Math.min(...frequencies.map((frequency) => frequency.objects)) * narrowest) / Math.max(1, scope.everything);
    const examine = limits.openExamine;
    // A caller who sees few objects (a museum's own, the alert list) has its matches bunched where
    // its objects were registered, not spread over the seqs as the floor assumes: all of them are
    // read at once (an intersection with the caller's partitions), never a floor lowered step by step.
    const matches = await newestMatches(visible, query, filters, ends, scope.size <= limits.scopeScanLimit ? 0 : expected, examine);
    const exact = matches.length <= examine;
    const seqs = exact ? matches : matches.slice(0, examine);
    const relevance = criteria.sort === 'relevance';
    let score: RawBuilder<unknown> = sql`null::float8`;
    if (relevance && exact) {
      // bm25's idf of each word, times its weighted, saturating frequency in the document.
      const terms = frequencies.map(({ word, objects }) => {
        const idf = Math.log(1 + (scope.everything - objects + 0.5) / (objects + 0.5));
        return sql`${idf}::float8 * ts_rank(${RANK_WEIGHTS}::float4[], d.document, ${tsquery([word])}::tsquery, ${RANK_NORMALISATION})`;
      });
      score = sql`-(${sql.join(terms, sql` + `)})`;
    } else if (relevance) {
      score = sql`case when d.document @@ ${tsquery(criteria.words, 'AB')}::tsquery then -1 else 0 end`;
    }
    const candidates = sql`
      select objects.seq, ${score} as score, ${CANDIDATE_COLUMNS}
      from object_search d join objects on objects.seq = d.seq
      where d.seq = any(${seqs}::bigint[])`;
    const { total, facets, page } = await aggregate(candidates, criteria, relevance);
    return {
      total,
      hits: await hitsOf(visible, page),
      facets,
      totalExact: exact,
      ...(relevance && !exact ? { rankedByColumn: true } : {}),
      ...(exact ? {} : { examined: examine }),
      ...(total > limits.facetLimit ? { facetsOver: limits.facetLimit } : {}),
    };
  }

  async function filterSearch(visible: SearchAudience, criteria: SearchCriteria, filters: Filter[]): Promise<StoreResult> {
    const scope = await scopeOf(visible, criteria, filters);
    const conditions = filters.map((filter) => filter.condition);
    const narrowest = Math.min(Infinity, ...scope.filterSizesSeen.values());
    const knownTotal = knownTotalOf(filters, scope.filterSizesSeen);
    if (scope.size <= limits.scopeScanLimit || narrowest <= limits.driveLimit) {
      const candidates = sql`
        select objects.seq, null::float8 as score, ${CANDIDATE_COLUMNS} from objects
        where ${scope.size < scope.everything ? inPartitions(scope.partitions) : sql`true`} and (${visibility(visible)}) and ${allOf(conditions)}`;
      const keep = Math.max(limits.facetLimit, criteria.offset + criteria.limit);
      const { total, facets, page } = await aggregate(candidates, criteria, false, keep, knownTotal);
      return { total, hits: await hitsOf(visible, page), facets, totalExact: true, ...(total > limits.facetLimit ? { facetsOver: limits.facetLimit } : {}) };
    }
    // Everything, or nearly: at most filterKeep candidates among the filterScan newest objects.
    const { rows } = await sql<{ newest: number | null }>`select max(seq) as newest from objects`.execute(db);
    const floor = (rows[0]?.newest ?? 0) - limits.filterScan;
    const candidates = sql`
      select objects.seq, null::float8 as score, ${CANDIDATE_COLUMNS} from objects
      where objects.seq > ${floor} and (${visibility(visible)}) and ${allOf(conditions)}
      order by objects.seq desc limit ${limits.filterKeep}`;
    const aggregated = await aggregate(candidates, criteria, false);
    const kept = aggregated.total >= limits.filterKeep;
    const cut = floor > 0 || kept;
    const total = cut && knownTotal !== undefined ? knownTotal : aggregated.total;
    const totalExact = !cut || knownTotal !== undefined;
    const page = cut && criteria.sort === 'newest' ? await newestPage(visible, criteria, conditions) : aggregated.page;
    return {
      total,
      hits: await hitsOf(visible, page),
      facets: aggregated.facets,
      totalExact,
      ...(cut ? { examined: kept ? limits.filterKeep : limits.filterScan } : {}),
      ...(total > limits.facetLimit ? { facetsOver: limits.facetLimit } : {}),
    };
  }

  async function search(visible: SearchAudience, criteria: SearchCriteria): Promise<StoreResult> {
    const filters = filtersOf(criteria);
    if (criteria.words.length > 0) return textSearch(visible, criteria, filters);
    if (filters.every((filter) => filter.facet === 'alerts')) {
      const [{ facets, total }, page] = await Promise.all([
        countedFacets(db, visible, criteria),
        newestPage(visible, criteria, filters.map((filter) => filter.condition)),
      ]);
      return { total, hits: await hitsOf(visible, page), facets, totalExact: true };
    }
    return filterSearch(visible, criteria, filters);
  }

  /**
   * A word no object holds (`search_terms`) answers at once. Words few objects hold are checked
   * among all their matches (see `everyMatch`); frequent ones by the first visible match a scan
   * meets, which comes early.
   */
  async function matchesVisible(visible: SearchAudience, words: SearchWord[]): Promise<boolean> {
    if (words.length === 0) return false;
    const frequencies = await frequenciesOf(words);
    if (!frequencies) return false;
    const query = tsquery(words);
    const statement =
      Math.min(...frequencies.map((frequency) => frequency.objects)) <= limits.checkLimit
        ? sql<{ seq: number }>`with s as materialized (${everyMatch(visible, query)}) select s.seq from s limit 1`
        : sql<{ seq: number }>`${everyMatch(visible, query)} limit 1`;
    const { rows } = await statement.execute(db);
    return rows.length > 0;
  }

  async function termFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const unique = [...new Set(terms)];
    if (unique.length === 0) return new Map();
    const { rows } = await sql<{ term: string; objects: number }>`
      select term, objects from search_terms where term = any(${unique}::text[]) and objects > 0`.execute(db);
    return new Map(rows.map((row) => [row.term, row.objects]));
  }

  /**
   * Title and maker matches need their weights checked on each match (the GIN index holds words,
   * not fields): the search starts from a seq floor above which about `checkLimit` matches lie,
   * lowered until enough suggestions are found.
   */
  async function suggest(visible: SearchAudience, words: SearchWord[], limit: number): Promise<Array<{ description: string }>> {
    if (words.length === 0) return [];
    const [frequencies, [low, high]] = await Promise.all([frequenciesOf(words), seqEnds()]);
    if (!frequencies) return [];
    const matches = Math.min(...frequencies.map((frequency) => frequency.objects));
    let share = matches <= limits.checkLimit ? 1 : limits.checkLimit / matches;
    for (;;) {
      const floor = share >= 1 ? undefined : Math.floor(high - (high - low + 1) * share);
      const { rows } = await sql<{ description: string }>`
        with s as materialized (${everyMatch(visible, tsquery(words, 'AB'), floor)})
        select objects.description from objects
        where objects.seq in (select s.seq from s order by s.seq desc limit ${limit})
        and (${visibility(visible)})
        order by objects.seq desc`.execute(db);
      if (floor === undefined || rows.length >= limit) return rows;
      share *= FLOOR_STEP;
    }
  }

  return { search, matchesVisible, termFrequencies, suggest };
}
