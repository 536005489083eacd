/**
 * The SQLite side of registry search: FTS5 matching and bm25 ranking, filters, facet counts and
 * suggestions. Every statement applies the caller's visibility rule (`visibleTo` of
 * registry/visibility.ts, passed in as `visible`) to the rows it reads, counts included; the
 * shortcuts below only choose where to read from.
 *
 * Cost model (1M objects, 2 cores, measured): enumerating a full-text match costs ~0.1 µs, looking
 * its columns up in the covering index `objects_search` ~0.7 µs, bm25 ~1 µs per row plus one pass
 * over each word's matches (its document frequency); checking a match against a table of seqs
 * ~0.1 µs; reading `objects_scope` ~0.1 µs per object. A search therefore examines a bounded number
 * of candidates, and says so when there were more (`StoreResult.examined`, `totalExact`):
 *
 * - no words, no filters (everything the caller sees, or the alert list): counts come from
 *   `object_facet_counts`, kept exact by triggers; the page from a date index. Always exact.
 * - words: the matches are read in one or more "arms" (`textArms`): the seq range of the
 *   organisation that holds most of what the caller sees (a registrar's inventory, imported
 *   together), and the rest of what the caller sees through a table of seqs (kept between searches
 *   until an object changes); or only such a table (the public, investigators, a selective filter);
 *   or, for callers who see nearly everything, the matches themselves. Each arm examines at most
 *   its bound of newest matches: exact below it; beyond, the total counts the examined matches (a
 *   lower bound) and ranking and facets cover them.
 * - filters only: driven by the most selective filter's index when it keeps few objects; else what
 *   the caller sees, read from `objects_scope`; else (admins) the newest objects, bounded.
 *
 * Relevance is bm25 with column weights title 10, maker 5, classification 2, body 1, when each
 * word's document frequency is affordable (`bm25WordLimit`); otherwise title and maker matches
 * rank first, newest first within each (`rankedByColumn`). Facets count the best `facetLimit`
 * candidates in the requested order (all of them when fewer). A total cut short is replaced by
 * the exact one from `object_facet_counts` when the search is filtered on one facet only.
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
  list,
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

/** Column weights for bm25: title, maker, classification (type, materials, techniques), body. */
const BM25 = sql.raw('bm25(objects_fts, 10.0, 5.0, 2.0, 1.0)');

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The FTS5 query for the words: each a quoted string (so no word is read as an operator), AND-ed. */
export function matchExpression(words: readonly SearchWord[]): string {
  return words.map((word) => `${quote(word.text)}${word.prefix ? '*' : ''}`).join(' ');
}

/** FTS5 has prefix indexes up to this length; a longer prefix query merges every matching word's list. */
const INDEXED_PREFIX = 4;
/** A longer prefix is replaced by the words it stands for (read from the vocabulary) up to this many. */
const MAX_EXPANSION = 32;
/** Above every code point: the end of the range of words starting with a prefix. */
const AFTER_PREFIX = String.fromCodePoint(0x10ffff);

/** A word of a query as FTS5 will read it, with how many objects it matches when known. */
interface Phrase {
  expression: string;
  /** Objects matching (an upper bound for an expanded prefix; for a whole word, counted up to `bm25WordLimit` + 1), when known. */
  objects?: number | undefined;
}

/**
 * An integer parameter bound as an SQLite INTEGER. better-sqlite3 binds JS numbers as REAL, and
 * FTS5 only seeks on rowid constraints given as integers: with a REAL bound it reads the whole
 * doclist (measured: 1.7 ms → 49 ms for a range query on a common word).
 */
const int = (value: number) => sql`${BigInt(Math.trunc(value))}`;

/** A filter of the criteria, with the seqs of the objects it keeps through its own index (for driving a search from it). */
interface IndexedFilter extends Filter {
  seqs?: RawBuilder<unknown> | undefined;
}

/** The seqs a filter keeps, read from its own index; none for the alert list, centuries and ranges. */
function indexedSeqs(filter: Filter): RawBuilder<unknown> | undefined {
  switch (filter.facet) {
    case 'type':
      return sql`select seq from objects indexed by objects_type where ${filter.condition}`;
    case 'status':
      return sql`select seq from objects indexed by objects_status where ${filter.condition}`;
    case 'country':
      return sql`select seq from objects indexed by objects_country where ${filter.condition}`;
    case 'material':
      return sql`select distinct object_seq as seq from object_materials where material in (${list(filter.values)})`;
    case 'alerts':
    case 'period':
    case 'range':
      return undefined;
  }
}

/** The candidates of a search, as a `select` of seq, score and the facet columns (see `aggregate`). */
type Candidates = RawBuilder<unknown>;

/** What the caller may see, from `object_facet_counts`: its size and its (organisation, published, reported) partitions. */
interface Scope {
  size: number;
  partitions: Partition[];
  /** Every object in the registry. */
  everything: number;
  /** How many objects each counted filter keeps, in all (its index's size) and among those the caller sees (exact for type, status, country; at most for several materials or centuries). */
  filterSizes: Map<IndexedFilter, number>;
  filterSizesSeen: Map<IndexedFilter, number>;
}

type SeqRange = [low: number, high: number];

/** One way of reading full-text matches (see `textArms`). */
interface Arm {
  /** Seqs to read matches in (FTS5 seeks to the range). */
  range: SeqRange;
  /** A set of seqs each match is checked against. */
  probe?: RawBuilder<unknown> | undefined;
  /** A further condition on `objects`. */
  condition?: RawBuilder<unknown> | undefined;
  /** Newest matches examined at most. */
  examine: number;
}

/** A set of seqs known to hold every result, and how to list it. */
interface SeqSet {
  size: number;
  seqs: RawBuilder<unknown>;
}

/** Sets of seqs kept between searches (temporary tables of this connection), most recently used last. */
const SCOPE_SETS_KEPT = 6;

export function createSqliteObjectSearch(db: Db, limits: SearchLimits = DEFAULT_LIMITS): ObjectSearchStore {
  const scopeSets = new Map<string, { table: string; version: number }>();
  let tables = 0;

  /**
   * The seqs of some partitions (what a caller sees), as a temporary table kept between searches:
   * building the set costs ~0.2 µs per object (15 ms for a registrar's 80,000), reading it nothing.
   * It is rebuilt when any object was added or changed since (`search_state.scope_version`). Rows
   * are checked against the visibility rule again when read, so a set can never show too much.
   */
  async function scopeSet(visible: SearchAudience, partitions: Scope['partitions']): Promise<RawBuilder<unknown>> {
    const key = JSON.stringify(partitions.map(([organisation, published, reported]) => [organisation, published, reported]).sort());
    const { rows } = await sql<{ version: number }>`select scope_version as version from search_state where id = 1`.execute(db);
    const version = rows[0]?.version ?? -1;
    let kept = scopeSets.get(key);
    scopeSets.delete(key);
    if (!kept || kept.version !== version) {
      const table = kept?.table ?? `search_scope_${++tables}`;
      if (!kept && scopeSets.size >= SCOPE_SETS_KEPT) {
        const [oldestKey, oldest] = scopeSets.entries().next().value as [string, { table: string }];
        scopeSets.delete(oldestKey);
        await sql`drop table if exists temp.${sql.id(oldest.table)}`.execute(db);
      }
      await sql`drop table if exists temp.${sql.id(table)}`.execute(db);
      await sql`create temp table ${sql.id(table)} (seq integer primary key)`.execute(db);
      await sql`insert into temp.${sql.id(table)} (seq) ${partitionSeqs(visible, partitions)}`.execute(db);
      kept = { table, version };
    }
    scopeSets.set(key, kept);
    return sql`select seq from temp.${sql.id(kept.table)}`;
  }

  /**
   * The words as FTS5 phrases, with their document frequencies from the vocabulary. A prefix
   * longer than the prefix indexes ("castle*") would make FTS5 merge the lists of every word
   * starting with it, again for each statement that reads it; it is replaced by those words
   * (`("castle" OR "castles")`), which FTS5 reads lazily. `undefined` when a word matches nothing.
   */
  async function phrasesOf(words: readonly SearchWord[]): Promise<Phrase[] | undefined> {
    // A whole word is counted by reading its list up to what matters (the vocabulary would read all
    // of it: 20 ms for a word in 800,000 objects); a long prefix is listed from the vocabulary.
    const lookups = words.map((word) =>
      word.prefix && [...word.text].length > INDEXED_PREFIX
        ? sql`select ${word.text} as word, term, doc from objects_fts_vocab where term >= ${word.text} and term < ${word.text + AFTER_PREFIX}`
        : sql`select * from (select ${word.text} as word, ${word.text} as term, (select count(*) from (
            select 1 from objects_fts where objects_fts match ${quote(word.text)} limit ${int(limits.bm25WordLimit + 1)})) as doc) where doc > 0`,
    );
    const { rows } = await sql<{ word: string; term: string; doc: number }>`${sql.join(lookups, sql` union all `)}`.execute(db);
    const phrases: Phrase[] = [];
    for (const word of words) {
      const terms = rows.filter((row) => row.word === word.text);
      const objects = terms.reduce((sum, row) => sum + row.doc, 0);
      if (!word.prefix || [...word.text].length > INDEXED_PREFIX) {
        if (terms.length === 0) return undefined;
        if (!word.prefix) phrases.push({ expression: quote(word.text), objects });
        else if (terms.length <= MAX_EXPANSION) phrases.push({ expression: `(${terms.map((row) => quote(row.term)).join(' OR ')})`, objects });
        else phrases.push({ expression: `${quote(word.text)}*`, objects });
      } else {
        // A short prefix reads its own index; how many objects it matches is not counted here.
        phrases.push({ expression: `${quote(word.text)}*` });
      }
    }
    return phrases;
  }

  function hitsOf(visible: SearchAudience, seqs: number[]): Promise<HitRow[]> {
    return hitRows(db, visible, seqs, sql`objects.seq in (select value from json_each(${JSON.stringify(seqs)}))`);
  }

  async function scopeOf(visible: SearchAudience, criteria: SearchCriteria, filters: IndexedFilter[]): Promise<Scope> {
    const counted = countedFilters(filters);
    const { rows } = await sql<{ facet: FacetName; value: string; organisation_id: number; published: number; reported: number; n: number; seen: number }>`
      select facet, value, organisation_id, published, reported, n, coalesce(${inCallerScope(visible, criteria)}, 0) as seen from object_facet_counts as objects
      where ${facetCountsWanted(filters)} and n > 0`.execute(db);
    const statusRows = rows.filter((row) => row.facet === 'status' && row.seen);
    const everything = rows.filter((row) => row.facet === 'status').reduce((sum, row) => sum + row.n, 0);
    const filterSizes = new Map<IndexedFilter, number>();
    const filterSizesSeen = new Map<IndexedFilter, number>();
    for (const filter of counted) {
      const values = new Set(filter.values);
      const matching = rows.filter((row) => row.facet === filter.facet && values.has(row.value));
      filterSizes.set(filter, matching.reduce((sum, row) => sum + row.n, 0));
      filterSizesSeen.set(filter, matching.filter((row) => row.seen).reduce((sum, row) => sum + row.n, 0));
    }
    return { size: statusRows.reduce((sum, row) => sum + row.n, 0), partitions: visiblePartitions(rows), everything, filterSizes, filterSizesSeen };
  }

  /** The objects of some partitions, from `objects_scope` (the visibility rule still applies). */
  function inPartitions(visible: SearchAudience, partitions: Scope['partitions']): RawBuilder<unknown> {
    if (partitions.length === 0) return sql`0`;
    const values = sql.join(partitions.map(([organisation, published, reported]) => sql`(${organisation}, ${published}, ${reported})`));
    return sql`(objects.organisation_id, objects.published, objects.reported) in (values ${values}) and (${visibility(visible)})`;
  }

  function inScope(visible: SearchAudience, scope: Scope): RawBuilder<unknown> {
    return inPartitions(visible, scope.partitions);
  }

  function partitionSeqs(visible: SearchAudience, partitions: Scope['partitions']): RawBuilder<unknown> {
    return sql`select objects.seq from objects indexed by objects_scope where ${inPartitions(visible, partitions)}`;
  }

  /** The smallest known set holding every result, if one is at most `limit`: what the caller sees, or a filter's. */
  function smallestSet(visible: SearchAudience, scope: Scope, filters: IndexedFilter[], limit: number): SeqSet | undefined {
    let best: SeqSet | undefined =
      scope.size <= limit ? { size: scope.size, seqs: sql`select objects.seq from objects indexed by objects_scope where ${inScope(visible, scope)}` } : undefined;
    for (const filter of filters) {
      const size = scope.filterSizes.get(filter);
      if (filter.seqs && size !== undefined && size <= limit && size < (best?.size ?? Infinity)) best = { size, seqs: filter.seqs };
    }
    return best;
  }

  /** A page of everything visible (and filtered), newest first, exactly, whatever the number of matches. */
  async function newestPage(visible: SearchAudience, criteria: SearchCriteria, conditions: RawBuilder<unknown>[], large: boolean): Promise<number[]> {
    // A caller who sees many objects: walk the date index (it holds the visibility columns) and
    // stop at the page; one who sees few: let SQLite start from the alert-list or reported index.
    const index = large ? sql`indexed by objects_updated` : sql``;
    const { rows } = await sql<{ seq: number }>`
      select objects.seq from objects ${index} where (${visibility(visible)}) and ${allOf(conditions)}
      order by objects.updated_at desc, objects.seq desc limit ${int(criteria.limit)} offset ${int(criteria.offset)}`.execute(db);
    return rows.map((row) => row.seq);
  }

  /**
   * Counts and the page in one statement, so that the candidates never leave SQLite: the total,
   * facet counts over the best `limits.facetLimit` candidates, and the seqs of the requested page.
   * With `keep`, only the best `keep` candidates are ranked and the total is counted apart.
   */
  async function aggregate(candidates: Candidates, criteria: SearchCriteria, relevance: boolean, keep?: number, knownTotal?: number) {
    const order = relevance ? sql`score, seq desc` : sql`updated_at desc, seq desc`;
    const c = keep === undefined ? candidates : sql`select * from (${candidates}) order by ${order} limit ${int(keep)}`;
    const total =
      knownTotal !== undefined ? sql`select ${int(knownTotal)}` : keep === undefined ? sql`select count(*) from c` : sql`select count(*) from (${candidates})`;
    // Facets over the best limits.facetLimit candidates: a bounded sort (SQLite keeps only that many).
    const { rows } = await sql<AggregateRow>`
      with c as materialized (${c}),
      top as materialized (select * from c order by ${order} limit ${int(limits.facetLimit)})
      select 'total' as facet, null as value, (${total}) as n, null as score, null as updated_at
      union all select 'status', status, count(*), null, null from top group by status
      union all select 'type', object_type, count(*), null, null from top where object_type is not null group by object_type
      union all select 'country', country, count(*), null, null from top where country is not null group by country
      union all select 'period', s.start, count(*), null, null from top cross join search_centuries s
        on s.start between coalesce(top.earliest_year, top.latest_year) - 99 and coalesce(top.latest_year, top.earliest_year) group by s.start
      union all select 'material', m.material, count(*), null, null from top cross join object_materials m indexed by object_materials_search
        on m.object_seq = top.seq group by m.material
      union all select * from (select 'page', seq, 0, score, updated_at from c order by ${order} limit ${int(criteria.limit)} offset ${int(criteria.offset)})`.execute(db);
    return readAggregate(rows, relevance);
  }

  /** The seq of the `n`-th newest match (1-based) within a seq range, if there are at least `n`. */
  async function nthNewestMatch(match: string, n: number, range: SeqRange): Promise<number | undefined> {
    const { rows } = await sql<{ rowid: number }>`
      select rowid from objects_fts where objects_fts match ${match} and rowid between ${int(range[0])} and ${int(range[1])}
      order by rowid desc limit 1 offset ${int(n - 1)}`.execute(db);
    return rows[0]?.rowid;
  }

  /** The lowest and highest seq of the objects of some partitions (two index seeks per partition). */
  async function seqRange(partitions: Scope['partitions']): Promise<SeqRange> {
    const ends = partitions.map(([organisation, published, reported]) => {
      const partition = sql`organisation_id = ${organisation} and published = ${published} and reported = ${reported}`;
      return sql`select (select seq from objects indexed by objects_scope where ${partition} order by seq limit 1) as lo,
                        (select seq from objects indexed by objects_scope where ${partition} order by seq desc limit 1) as hi`;
    });
    const { rows } = await sql<{ lo: number | null; hi: number | null }>`
      select min(lo) as lo, max(hi) as hi from (${sql.join(ends, sql` union all `)})`.execute(db);
    return [rows[0]?.lo ?? 0, rows[0]?.hi ?? 0];
  }

  /**
   * How to read the matches a caller may see, as one or more arms (see the cost model above):
   * - one organisation holds most of what the caller sees (a registrar's inventory) and its objects
   *   sit close together (imported together): its seq range is read, newest matches first, and the
   *   few other objects the caller sees (the alert list) through an in-memory set;
   * - the caller sees few objects, or a filter keeps few: an in-memory set of them;
   * - otherwise the newest matches, each looked up.
   */
  async function textArms(visible: SearchAudience, scope: Scope, filters: IndexedFilter[]): Promise<Arm[]> {
    const everything: SeqRange = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
    const filterSet = smallestSet(visible, { ...scope, size: Infinity }, filters, limits.probeSetLimit);
    if (filterSet && filterSet.size < scope.size) return [{ range: everything, probe: filterSet.seqs, examine: limits.probeExamine }];
    const byOrganisation = new Map<number, number>();
    for (const [organisation, , , n] of scope.partitions) byOrganisation.set(organisation, (byOrganisation.get(organisation) ?? 0) + n);
    const [dominant, dominantSize] = [...byOrganisation].sort((a, b) => b[1] - a[1])[0] ?? [undefined, 0];
    if (dominant !== undefined && scope.size < scope.everything / 2 && dominantSize >= limits.homeMin && dominantSize >= scope.size / 2) {
      const own = scope.partitions.filter(([organisation]) => organisation === dominant);
      const range = await seqRange(own);
      if (dominantSize / (range[1] - range[0] + 1) >= limits.homeDensity) {
        const others = scope.partitions.filter(([organisation]) => organisation !== dominant);
        const othersSize = others.reduce((sum, [, , , n]) => sum + n, 0);
        const arms: Arm[] = [{ range, condition: sql`objects.organisation_id = ${dominant}`, examine: limits.homeExamine }];
        if (othersSize > 0 && othersSize <= limits.probeSetLimit) {
          arms.push({ range: everything, probe: await scopeSet(visible, others), condition: sql`objects.organisation_id <> ${dominant}`, examine: limits.probeExamine });
        } else if (othersSize > 0) {
          arms.push({ range: everything, condition: sql`objects.organisation_id <> ${dominant}`, examine: limits.openExamine });
        }
        return arms;
      }
    }
    if (scope.size <= limits.probeSetLimit) return [{ range: everything, probe: await scopeSet(visible, scope.partitions), examine: limits.probeExamine }];
    return [{ range: everything, examine: limits.openExamine }];
  }

  async function textSearch(visible: SearchAudience, criteria: SearchCriteria, filters: IndexedFilter[]): Promise<StoreResult> {
    const phrases = await phrasesOf(criteria.words);
    if (!phrases) return { total: 0, hits: [], facets: emptyFacets(), totalExact: true };
    const match = phrases.map((phrase) => phrase.expression).join(' AND ');
    const scope = await scopeOf(visible, criteria, filters);
    const arms = await textArms(visible, scope, filters);
    const relevance = criteria.sort === 'relevance';
    const boundaries = await Promise.all(arms.map((arm) => nthNewestMatch(match, arm.examine + 1, arm.range)));
    const exact = boundaries.every((boundary) => boundary === undefined);
    // bm25 needs each word's document frequency, which FTS5 counts over all the word's matches
    // before ranking: affordable only for words with few. Otherwise the candidates rank by whether
    // they match in the title or maker, newest first within each. (A single word within the
    // examined bound needs no count.)
    const bm25 =
      relevance &&
      exact &&
      (phrases.length === 1 || phrases.every((phrase) => phrase.objects !== undefined && phrase.objects <= limits.bm25WordLimit));
    const conditions = allOf(filters.map((filter) => filter.condition));
    const armSql = arms.map((arm, i) => {
      const low = Math.max(arm.range[0], (boundaries[i] ?? Number.MIN_SAFE_INTEGER) + 1);
      const range = sql`objects_fts.rowid between ${int(low)} and ${int(arm.range[1])}`;
      let score: RawBuilder<unknown> = sql`null`;
      if (bm25) score = BM25;
      else if (relevance) {
        score = sql`case when objects_fts.rowid in (
          select rowid from objects_fts where objects_fts match ${`{title maker} : (${match})`} and rowid between ${int(low)} and ${int(arm.range[1])}) then -1 else 0 end`;
      }
      // CROSS JOIN: always from the full-text matches to the objects (SQLite must never start from
      // an objects index and ask FTS5 about one object at a time). The unary + keeps the probe a filter.
      return sql`
        select objects_fts.rowid as seq, ${score} as score, ${CANDIDATE_COLUMNS}
        from objects_fts cross join objects indexed by objects_search on objects.seq = objects_fts.rowid
        where objects_fts match ${match} and ${range}
          ${arm.probe ? sql`and +objects_fts.rowid in (${arm.probe})` : sql``}
          ${arm.condition ? sql`and ${arm.condition}` : sql``}
          and (${visibility(visible)}) and ${conditions}`;
    });
    const { total, facets, page } = await aggregate(sql.join(armSql, sql` union all `), criteria, relevance);
    const examined = arms.reduce((sum, arm, i) => sum + (boundaries[i] === undefined ? 0 : arm.examine), 0);
    return {
      total,
      hits: await hitsOf(visible, page),
      facets,
      totalExact: exact,
      ...(relevance && !bm25 ? { rankedByColumn: true } : {}),
      ...(exact ? {} : { examined }),
      ...(total > limits.facetLimit ? { facetsOver: limits.facetLimit } : {}),
    };
  }

  async function filterSearch(visible: SearchAudience, criteria: SearchCriteria, filters: IndexedFilter[]): Promise<StoreResult> {
    const scope = await scopeOf(visible, criteria, filters);
    const conditions = filters.map((filter) => filter.condition);
    const drive = smallestSet(visible, scope, filters, limits.driveLimit);
    let candidates: Candidates;
    let cut = false;
    let newestScan = false;
    if (drive) {
      // Few objects to look at: from a filter's index (or what the caller sees), each looked up.
      candidates = sql`
        select objects.seq, null as score, ${CANDIDATE_COLUMNS}
        from (${drive.seqs}) d cross join objects indexed by objects_search on objects.seq = d.seq
        where (${visibility(visible)}) and ${allOf(conditions)}`;
    } else if (scope.size <= limits.scopeScanLimit) {
      // What the caller sees, read partition by partition from the covering index; every condition
      // is evaluated on the index entries.
      candidates = sql`
        select objects.seq, null as score, ${CANDIDATE_COLUMNS}
        from objects indexed by objects_scope where ${inScope(visible, scope)} and ${allOf(conditions)}`;
    } else {
      // Everything, or nearly: the newest objects, from the covering index in seq order, at most
      // limits.filterKeep kept among the limits.filterScan newest; the total counts those kept.
      const { rows } = await sql<{ newest: number | null }>`select max(seq) as newest from objects`.execute(db);
      const floor = (rows[0]?.newest ?? 0) - limits.filterScan;
      cut = floor > 0;
      newestScan = true;
      candidates = sql`
        select objects.seq, null as score, ${CANDIDATE_COLUMNS}
        from objects indexed by objects_search
        where objects.seq > ${int(floor)} and (${visibility(visible)}) and ${allOf(conditions)}
        order by objects.seq desc limit ${int(limits.filterKeep)}`;
    }
    const knownTotal = knownTotalOf(filters, scope.filterSizesSeen);
    const keep = drive || newestScan ? undefined : Math.max(limits.facetLimit, criteria.offset + criteria.limit);
    const aggregated = await aggregate(candidates, criteria, false, keep, newestScan ? undefined : knownTotal);
    if (newestScan && aggregated.total >= limits.filterKeep) cut = true;
    let { total } = aggregated;
    let totalExact = !cut;
    if (cut && knownTotal !== undefined) {
      total = knownTotal;
      totalExact = true;
    }
    const page = cut && criteria.sort === 'newest' ? await newestPage(visible, criteria, conditions, true) : aggregated.page;
    return {
      total,
      hits: await hitsOf(visible, page),
      facets: aggregated.facets,
      totalExact,
      ...(cut ? { examined: aggregated.total >= limits.filterKeep ? limits.filterKeep : limits.filterScan } : {}),
      ...(total > limits.facetLimit ? { facetsOver: limits.facetLimit } : {}),
    };
  }

  /**
   * Searches run one after the other (they share one connection anyway): a search may then evict a
   * kept set of seqs without another search, between two of its statements, still reading it.
   */
  let queue: Promise<unknown> = Promise.resolve();
  function serially<T>(work: () => Promise<T>): Promise<T> {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    search: (visible, criteria) => serially(() => searchNow(visible, criteria)),
    matchesVisible,
    termFrequencies,
    suggest,
  };

  async function searchNow(visible: SearchAudience, criteria: SearchCriteria): Promise<StoreResult> {
    const filters = filtersOf(criteria).map((filter): IndexedFilter => ({ ...filter, seqs: indexedSeqs(filter) }));
    if (criteria.words.length > 0) return textSearch(visible, criteria, filters);
    if (filters.every((filter) => filter.facet === 'alerts')) {
      const [{ facets, total }, page] = await Promise.all([
        countedFacets(db, visible, criteria),
        newestPage(visible, criteria, filters.map((filter) => filter.condition), !criteria.alertsOnly),
      ]);
      return { total, hits: await hitsOf(visible, page), facets, totalExact: true };
    }
    return filterSearch(visible, criteria, filters);
  }

  async function matchesVisible(visible: SearchAudience, words: SearchWord[]): Promise<boolean> {
    if (words.length === 0) return false;
    const phrases = await phrasesOf(words);
    if (!phrases) return false;
    const match = phrases.map((phrase) => phrase.expression).join(' AND ');
    const { rows } = await sql<{ found: number }>`
      select 1 as found
      from (select rowid from objects_fts where objects_fts match ${match} order by rowid desc limit ${int(limits.checkLimit)}) f
      cross join objects indexed by objects_search on objects.seq = f.rowid
      where ${visibility(visible)} limit 1`.execute(db);
    return rows.length > 0;
  }

  async function termFrequencies(terms: readonly string[]): Promise<Map<string, number>> {
    const frequencies = new Map<string, number>();
    const unique = [...new Set(terms)];
    for (let i = 0; i < unique.length; i += 500) {
      const { rows } = await sql<{ term: string; doc: number }>`
        select term, doc from objects_fts_vocab where term in (${list(unique.slice(i, i + 500))})`.execute(db);
      for (const row of rows) frequencies.set(row.term, row.doc);
    }
    return frequencies;
  }

  async function suggest(visible: SearchAudience, words: SearchWord[], limit: number): Promise<Array<{ description: string }>> {
    if (words.length === 0) return [];
    const phrases = await phrasesOf(words);
    if (!phrases) return [];
    const match = `{title maker} : (${phrases.map((phrase) => phrase.expression).join(' AND ')})`;
    const { rows } = await sql<{ description: string }>`
      select objects.description from objects
      where objects.seq in (
        select f.rowid
        from (select rowid from objects_fts where objects_fts match ${match} order by rowid desc limit ${int(limits.checkLimit)}) f
        cross join objects indexed by objects_search on objects.seq = f.rowid
        where ${visibility(visible)} limit ${int(limit)})
      order by objects.seq desc`.execute(db);
    return rows;
  }
}
