import { foldForSearch } from '../i18n/fold.js';
import { searchTokens } from '../i18n/search-text.js';
import { editsOf, queryWords, significantWords } from '../registry/search/search.service.js';
import type { Category, RedListDocument, Texts } from './red-list-document.js';
import { ancestorsOf, effectivePeriod } from './red-list-text.js';

/**
 * Search across the published Red Lists. Their categories are few (30 lists × 60 categories is
 * 1,800), so each process keeps them in an in-memory index, rebuilt when the lists' version changes:
 * no database round trip, no engine-specific SQL. Words are folded as the registry's search folds them
 * (accents, case), match whole or as a prefix, and a word with one typo is corrected; a category
 * matches when every word does, in any of its fields and any language of its list.
 */

/** What a query word matched in: the category's name, type (keywords, AAT labels), material, features, region or culture, description. */
export const SEARCH_FIELDS = ['name', 'type', 'material', 'features', 'regionOrCulture', 'description'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];

/** Name > type/material > features > region or culture > description. */
const FIELD_WEIGHTS: Record<SearchField, number> = { name: 8, type: 5, material: 5, features: 3, regionOrCulture: 2, description: 1 };
/** A word found whole counts fully; as the beginning of a word, or corrected, less. */
const PREFIX_FACTOR = 0.75;
const TYPO_FACTOR = 0.5;
/** Shorter words are not read as prefixes ("a" begins everything) nor corrected (one edit away, almost anything is a word). */
const MIN_PREFIX_LENGTH = 2;
const MIN_CORRECTABLE_LENGTH = 4;
export const MAX_SEARCH_LIMIT = 200;

/** The published lists as the search reads them (RedListService): a version that changes with any list, and the latest editions. */
export interface PublishedListsSource {
  readonly version: number;
  listPublished(): Promise<Array<{ slug: string; edition: number; document: RedListDocument }>>;
}

export interface RedListSearchQuery {
  q?: string | undefined;
  /** ISO 3166-1 alpha-2: lists whose region includes the country. */
  country?: string | undefined;
  /** A material keyword of the category or of a broader one (accents and case ignored). */
  material?: string | undefined;
  /** Years (negative: BCE): categories whose period overlaps [from, to]; one end may be missing. */
  from?: number | undefined;
  to?: number | undefined;
  /** One list, by slug. */
  list?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface RedListSearchHit {
  list: { slug: string; edition: number; title: Texts; languages: string[]; demonstration: boolean };
  category: Category;
  /** The category's broader categories, nearest first. */
  ancestors: Category[];
  score: number;
  /** The fields the words were found in, in SEARCH_FIELDS order. */
  matched: SearchField[];
}

export interface RedListSearchResult {
  total: number;
  hits: RedListSearchHit[];
  /** Query words replaced by a close indexed word (one typo), e.g. [["amphorra", "amphora"]]. */
  corrections: Array<[string, string]>;
}

/** The filter values the lists hold, for a search form's choices. */
export interface SearchOptions {
  countries: string[];
  materials: string[];
  lists: Array<{ slug: string; title: Texts; languages: string[] }>;
}

interface IndexedCategory {
  list: RedListSearchHit['list'];
  category: Category;
  ancestors: Category[];
  countries: ReadonlySet<string>;
  /** Folded materials of the category and its broader ones. */
  materials: ReadonlySet<string>;
  period: { from: number; to: number } | undefined;
}

interface Posting {
  doc: number;
  field: SearchField;
}

interface Index {
  version: number;
  docs: IndexedCategory[];
  postings: Map<string, Posting[]>;
  /** The indexed words, sorted, for prefix ranges. */
  terms: string[];
  options: SearchOptions;
}

const allTexts = (texts: Texts | undefined): string => (texts ? Object.values(texts).join(' ') : '');

/** Each field's text for the index: every language of the list together. */
function fieldTexts(category: Category): Record<SearchField, string> {
  return {
    name: allTexts(category.name),
    type: [...category.objectTypes, ...category.aat.map((concept) => concept.label)].join(' '),
    material: category.materials.join(' '),
    features: allTexts(category.features),
    regionOrCulture: allTexts(category.regionOrCulture),
    description: allTexts(category.description),
  };
}

function buildIndex(version: number, lists: Array<{ slug: string; edition: number; document: RedListDocument }>): Index {
  const docs: IndexedCategory[] = [];
  const postings = new Map<string, Posting[]>();
  const ordered = [...lists].sort((a, b) => a.slug.localeCompare(b.slug));
  for (const { slug, edition, document } of ordered) {
    const list = { slug, edition, title: document.title, languages: document.languages, demonstration: document.demonstration };
    const countries = new Set(document.region.countries);
    for (const category of document.categories) {
      const ancestors = ancestorsOf(category, document.categories);
      const doc = docs.length;
      const period = effectivePeriod(category, document.categories);
      docs.push({
        list,
        category,
        ancestors,
        countries,
        materials: new Set([category, ...ancestors].flatMap((each) => each.materials.map(foldForSearch))),
        period: period && { from: period.from, to: period.to },
      });
      for (const [field, text] of Object.entries(fieldTexts(category)) as Array<[SearchField, string]>) {
        for (const word of new Set(searchTokens(text))) {
          const list = postings.get(word);
          if (list) list.push({ doc, field });
          else postings.set(word, [{ doc, field }]);
        }
      }
    }
  }
  const options: SearchOptions = {
    countries: [...new Set(ordered.flatMap((each) => each.document.region.countries))].sort(),
    materials: [...new Set(docs.flatMap((doc) => doc.category.materials))].sort((a, b) => a.localeCompare(b)),
    lists: ordered.map(({ slug, document }) => ({ slug, title: document.title, languages: document.languages })),
  };
  return { version, docs, postings, terms: [...postings.keys()].sort(), options };
}

/** The indexed words that begin with `prefix` (itself excluded): a range of the sorted terms. */
function termsStartingWith(terms: readonly string[], prefix: string): string[] {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (terms[middle]! < prefix) low = middle + 1;
    else high = middle;
  }
  const found: string[] = [];
  for (let i = low; i < terms.length && terms[i]!.startsWith(prefix); i++) if (terms[i] !== prefix) found.push(terms[i]!);
  return found;
}

interface WordMatch {
  score: number;
  fields: Set<SearchField>;
}

export class RedListSearch {
  private index: Index | undefined;
  private building: Promise<Index> | undefined;

  constructor(private readonly source: PublishedListsSource) {}

  async search(query: RedListSearchQuery): Promise<RedListSearchResult> {
    const index = await this.current();
    const words = significantWords(queryWords(query.q));
    const corrections: Array<[string, string]> = [];
    const wordMatches = words.map((word) => this.matchWord(index, word, corrections));
    const hits: RedListSearchHit[] = [];
    for (const [doc, entry] of index.docs.entries()) {
      if (!passesFilters(entry, query)) continue;
      let score = 0;
      const fields = new Set<SearchField>();
      let everyWord = true;
      for (const matches of wordMatches) {
        const match = matches.get(doc);
        if (!match) {
          everyWord = false;
          break;
        }
        score += match.score;
        for (const field of match.fields) fields.add(field);
      }
      if (!everyWord) continue;
      hits.push({ list: entry.list, category: entry.category, ancestors: entry.ancestors, score, matched: SEARCH_FIELDS.filter((field) => fields.has(field)) });
    }
    // Stable: equal scores keep the lists' and categories' order.
    hits.sort((a, b) => b.score - a.score);
    const offset = Math.max(0, Math.trunc(query.offset ?? 0));
    const limit = Math.min(Math.max(0, Math.trunc(query.limit ?? 50)), MAX_SEARCH_LIMIT);
    return { total: hits.length, hits: hits.slice(offset, offset + limit), corrections };
  }

  /** The countries, materials and lists the published lists hold. */
  async options(): Promise<SearchOptions> {
    return (await this.current()).options;
  }

  /** The index of the lists' current version, rebuilt once (whoever asks meanwhile waits for the same build). */
  private async current(): Promise<Index> {
    const version = this.source.version;
    if (this.index?.version === version) return this.index;
    if (!this.building) {
      this.building = this.source
        .listPublished()
        .then((lists) => (this.index = buildIndex(version, lists)))
        .finally(() => (this.building = undefined));
    }
    return this.building;
  }

  /**
   * The categories a word matches, each with its best weighted score and the fields it was found in:
   * the word whole, words it begins, or, when the lists hold neither, the words one typo away.
   */
  private matchWord(index: Index, word: string, corrections: Array<[string, string]>): Map<number, WordMatch> {
    const found: Array<[string, number]> = [];
    if (index.postings.has(word)) found.push([word, 1]);
    if (word.length >= MIN_PREFIX_LENGTH) for (const term of termsStartingWith(index.terms, word)) found.push([term, PREFIX_FACTOR]);
    if (found.length === 0 && word.length >= MIN_CORRECTABLE_LENGTH && !/^\d+$/.test(word)) {
      const near = [...editsOf(word)].filter((term) => index.postings.has(term));
      // The correction most categories use is the one reported; every one of them matches.
      near.sort((a, b) => index.postings.get(b)!.length - index.postings.get(a)!.length || a.localeCompare(b));
      if (near[0]) corrections.push([word, near[0]]);
      for (const term of near) found.push([term, TYPO_FACTOR]);
    }
    const matches = new Map<number, WordMatch>();
    for (const [term, factor] of found) {
      for (const { doc, field } of index.postings.get(term)!) {
        const score = FIELD_WEIGHTS[field] * factor;
        const match = matches.get(doc);
        if (!match) matches.set(doc, { score, fields: new Set([field]) });
        else {
          match.score = Math.max(match.score, score);
          match.fields.add(field);
        }
      }
    }
    return matches;
  }
}

function passesFilters(entry: IndexedCategory, query: RedListSearchQuery): boolean {
  if (query.list !== undefined && entry.list.slug !== query.list) return false;
  if (query.country !== undefined && !entry.countries.has(query.country.toUpperCase())) return false;
  if (query.material !== undefined && !entry.materials.has(foldForSearch(query.material.trim()))) return false;
  if (query.from !== undefined || query.to !== undefined) {
    if (!entry.period) return false;
    if (query.to !== undefined && entry.period.from > query.to) return false;
    if (query.from !== undefined && entry.period.to < query.from) return false;
  }
  return true;
}
