import type { Principal } from '../../roles.js';
import type { AuditTrail } from '../../audit/audit.service.js';
import { foldForSearch } from '../../i18n/fold.js';
import { t } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { pickText } from '../derived-columns.js';
import type { ObjectDescription } from '../object-record.js';
import { OBJECT_STATUSES, type ObjectStatus } from '../status.js';
import { entryByKey, OBJECT_TYPES } from '../vocabulary.js';
import { audienceOf } from '../visibility.js';
import type { FacetCounts, HitRow, ObjectSearchStore, SearchCriteria, SearchWord } from '../../db/search-store.js';
import { searchTokens } from '../../i18n/search-text.js';
import type { FacetValue, Range, SearchHit, SearchQuery, SearchResult } from './search.types.js';

/** Words of a query beyond this are ignored (a pasted paragraph is not a search). */
const MAX_WORDS = 8;
/** Words shorter than this are never corrected: one edit away, almost anything is a word. */
const MIN_CORRECTABLE_LENGTH = 4;
/** Values kept per facet (the most frequent). */
const MAX_FACET_VALUES = 50;
export const MAX_LIMIT = 100;
export const MAX_SUGGESTIONS = 8;

export type FacetName = keyof SearchResult['facets'];

/** A suggestion for autocomplete: the title or maker of an object the caller may see. */
export interface Suggestion {
  text: string;
  kind: 'title' | 'maker';
}

/**
 * The words of a query as the index holds them: case and accents folded ("Évêque" → "eveque"),
 * split on anything that is not a letter or digit (`searchTokens`).
 */
export function queryWords(q: string | undefined): string[] {
  if (!q) return [];
  return searchTokens(q).slice(0, MAX_WORDS);
}

/**
 * Words too common to narrow a search (English, French, Spanish), left out of a query that has
 * other words: "portrait of a woman" searches "portrait woman". Folded, as queries are.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with',
  'au', 'aux', 'avec', 'd', 'de', 'des', 'du', 'en', 'et', 'l', 'la', 'le', 'les', 'ou', 'par', 'pour', 'sur', 'un', 'une',
  'al', 'con', 'del', 'el', 'las', 'los', 'o', 'para', 'por', 'unas', 'uno', 'unos', 'y',
]);

/** The words to search for: stop words dropped unless nothing else is left. */
export function significantWords(words: readonly string[]): string[] {
  const kept = words.filter((word) => !STOP_WORDS.has(word));
  return kept.length > 0 ? kept : [...words];
}

/**
 * How each word matches: the last one, being typed, as a prefix ("portr" finds "portrait") from
 * two letters; the others as whole words. (FTS5 indexes prefixes of up to four letters; a longer
 * prefix is read by merging every word that starts with it, which for the last word only is cheap
 * enough on a large registry.)
 */
export function searchWords(words: readonly string[]): SearchWord[] {
  return words.map((text, i) => ({ text, prefix: i === words.length - 1 && text.length >= 2 }));
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The words one edit away from `word` (Norvig): a letter deleted, two neighbours swapped, a
 * letter replaced or inserted. The alphabet is a–z plus the word's own letters (for other scripts).
 */
export function editsOf(word: string): Set<string> {
  const letters = [...new Set([...LETTERS, ...word])];
  const chars = [...word];
  const edits = new Set<string>();
  for (let i = 0; i <= chars.length; i++) {
    const left = chars.slice(0, i).join('');
    const right = chars.slice(i);
    if (right.length > 0) edits.add(left + right.slice(1).join(''));
    if (right.length > 1) edits.add(left + right[1] + right[0] + right.slice(2).join(''));
    for (const letter of letters) {
      if (right.length > 0) edits.add(left + letter + right.slice(1).join(''));
      edits.add(left + letter + right.join(''));
    }
  }
  edits.delete(word);
  edits.delete('');
  return edits;
}

/** An object type key and every narrower key under it ("paintings" → oil paintings, watercolours…). */
export function typeWithNarrower(key: string): string[] {
  const keys = [key];
  for (let i = 0; i < keys.length; i++) for (const entry of OBJECT_TYPES) if (entry.parent === keys[i] && !keys.includes(entry.key)) keys.push(entry.key);
  return keys;
}

/** "1800" → 1800; anything that is not a century's first year is refused. */
export function parsePeriod(value: string): number | undefined {
  const year = Number(value.trim());
  return Number.isInteger(year) && year % 100 === 0 && year >= -10_000 && year <= 2_100 ? year : undefined;
}

/** A range widened by a relative tolerance: 30–40 at 5 % → 28.5–42. */
export function withTolerance(range: Range | undefined, tolerance: number): Range | undefined {
  if (!range || (range.min === undefined && range.max === undefined)) return undefined;
  const low = range.min === undefined ? undefined : range.min * (1 - tolerance);
  const high = range.max === undefined ? undefined : range.max * (1 + tolerance);
  return { min: low === undefined ? undefined : round(low), max: high === undefined ? undefined : round(high) };
}

const round = (value: number) => Number(value.toPrecision(12));

const EN_ORDINALS: Record<string, string> = { one: 'st', two: 'nd', few: 'rd', other: 'th' };
const enOrdinal = new Intl.PluralRules('en', { type: 'ordinal' });

function roman(n: number): string {
  const numerals: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let rest = n;
  let out = '';
  for (const [value, numeral] of numerals) {
    while (rest >= value) {
      out += numeral;
      rest -= value;
    }
  }
  return out;
}

/** "1800" → "19th century" / "XIXe siècle" / "siglo XIX"; "-500" → "5th century BCE". */
export function centuryLabel(start: number, lang: Lang): string {
  const bce = start < 0;
  const n = bce ? -start / 100 : start / 100 + 1;
  switch (lang) {
    case 'fr':
      return `${roman(n)}${n === 1 ? 'er' : 'e'} siècle${bce ? ' av. J.-C.' : ''}`;
    case 'es':
      return `siglo ${roman(n)}${bce ? ' a. C.' : ''}`;
    case 'en':
      return `${n}${EN_ORDINALS[enOrdinal.select(n)] ?? 'th'} century${bce ? ' BCE' : ''}`;
  }
}

const regionNames = new Map<Lang, Intl.DisplayNames>();
function countryLabel(code: string, lang: Lang): string {
  let names = regionNames.get(lang);
  if (!names) regionNames.set(lang, (names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' })));
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

function facetLabel(facet: FacetName, value: string, lang: Lang): string {
  switch (facet) {
    case 'type':
      return entryByKey('objectType', value)?.label[lang] ?? value;
    case 'material':
      return entryByKey('material', value)?.label[lang] ?? value;
    case 'status':
      return (OBJECT_STATUSES as readonly string[]).includes(value) ? t(lang, `status.${value as ObjectStatus}`) : value;
    case 'country':
      return countryLabel(value, lang);
    case 'period':
      return centuryLabel(Number(value), lang);
  }
}

function facetValues(facet: FacetName, counts: ReadonlyMap<string, number>, lang: Lang): FacetValue[] {
  const values = [...counts].filter(([, count]) => count > 0).map(([value, count]) => ({ value, label: facetLabel(facet, value, lang), count }));
  if (facet === 'period') return values.sort((a, b) => Number(a.value) - Number(b.value));
  return values.sort((a, b) => b.count - a.count || a.label.localeCompare(b.label, lang)).slice(0, MAX_FACET_VALUES);
}

/**
 * Search across the registry: words (accents and case ignored, prefixes, one typo per word
 * tolerated), facets and measurement ranges, always limited to what the caller may see
 * (`audienceOf`, turned into SQL by the store). The SQL lives in each engine's store (see db/search-store.ts).
 */
export class SearchService {
  /** `store`: the engine's search, chosen in app/context.ts. Without `audit`, searches are not recorded. */
  constructor(
    private readonly store: ObjectSearchStore,
    private readonly audit?: AuditTrail,
  ) {}

  async search(principal: Principal | null, query: SearchQuery, lang: Lang): Promise<SearchResult> {
    const words = significantWords(queryWords(query.q));
    const criteria = this.criteria(query, searchWords(words));
    const visible = audienceOf(principal);
    let result = await this.store.search(visible, criteria);
    let corrections: Array<[string, string]> = [];
    if (result.total === 0 && words.length > 0) {
      const corrected = await this.correct(principal, words);
      if (corrected.corrections.length > 0) {
        corrections = corrected.corrections;
        result = await this.store.search(visible, { ...criteria, words: searchWords(corrected.words) });
      }
    }
    await this.audit?.recordInvestigation(principal, { action: 'search', details: { query, total: result.total } });
    const facets = {} as SearchResult['facets'];
    for (const facet of ['type', 'material', 'status', 'country', 'period'] as const) facets[facet] = facetValues(facet, result.facets[facet], lang);
    return {
      total: result.total,
      items: result.hits.map((row) => hit(row, lang)),
      facets,
      corrections,
      ...(result.examined === undefined && result.facetsOver === undefined && !result.rankedByColumn
        ? {}
        : {
            approximate: {
              examined: result.examined,
              totalIsLowerBound: !result.totalExact,
              facetsOver: result.facetsOver,
              rankedByColumn: result.rankedByColumn,
            },
          }),
    };
  }

  /** The public alert list: the same for every caller, so it is read as the public sees it. */
  async alerts(limit: number, offset: number, lang: Lang): Promise<{ total: number; items: SearchHit[] }> {
    const { total, items } = await this.search(null, { alertsOnly: true, sort: 'newest', limit, offset }, lang);
    return { total, items };
  }

  /** Up to eight titles and makers of objects the caller may see, for what is being typed. */
  async suggest(principal: Principal | null, prefix: string, lang: Lang): Promise<Suggestion[]> {
    const words = queryWords(prefix);
    const last = words.at(-1);
    if (!last || (words.length === 1 && last.length < 2)) return [];
    const rows = await this.store.suggest(audienceOf(principal), searchWords(words), MAX_SUGGESTIONS * 4);
    const suggestions: Suggestion[] = [];
    const seen = new Set<string>();
    const matches = (text: string) => {
      const folded = queryWords(text);
      return words.every((word, i) => folded.some((candidate) => (i === words.length - 1 ? candidate.startsWith(word) : candidate === word || candidate.startsWith(word))));
    };
    const add = (text: string, kind: Suggestion['kind']) => {
      const key = foldForSearch(text);
      if (!text || seen.has(key) || suggestions.length >= MAX_SUGGESTIONS) return;
      seen.add(key);
      suggestions.push({ text, kind });
    };
    for (const row of rows) {
      const description = JSON.parse(row.description) as ObjectDescription;
      const titles = [pickText(description.title, lang), ...Object.values(description.title)];
      const title = titles.find((text) => text && matches(text));
      if (title) add(title.trim(), 'title');
      for (const maker of description.makers) if (matches(maker.name)) add(maker.name.trim(), 'maker');
    }
    return suggestions;
  }

  private criteria(query: SearchQuery, words: SearchWord[]): SearchCriteria {
    const tolerance = Math.min(Math.max(query.tolerance ?? 0, 0), 0.5);
    return {
      words,
      types: query.type?.length ? [...new Set(query.type.flatMap(typeWithNarrower))] : undefined,
      materials: query.material?.length ? query.material : undefined,
      statuses: query.status?.length ? query.status : undefined,
      countries: query.country?.length ? query.country.map((code) => code.toUpperCase()) : undefined,
      periods: query.period?.length ? query.period.map(parsePeriod).filter((year): year is number => year !== undefined) : undefined,
      ranges: {
        height_cm: withTolerance(query.height, tolerance),
        width_cm: withTolerance(query.width, tolerance),
        depth_cm: withTolerance(query.depth, tolerance),
        weight_kg: withTolerance(query.weight, tolerance),
      },
      alertsOnly: query.alertsOnly ?? false,
      sort: query.sort ?? (words.length > 0 ? 'relevance' : 'newest'),
      limit: Math.min(Math.max(Math.trunc(query.limit), 0), MAX_LIMIT),
      offset: Math.max(Math.trunc(query.offset), 0),
    };
  }

  /**
   * Typo tolerance, when a query finds nothing: each word that matches no object the caller may
   * see is replaced by the registry word one edit away that most objects use, provided that word
   * matches an object the caller may see (so a correction never reveals a hidden object's words).
   */
  private async correct(principal: Principal | null, words: string[]): Promise<{ words: string[]; corrections: Array<[string, string]> }> {
    const visible = audienceOf(principal);
    const corrected = [...words];
    const corrections: Array<[string, string]> = [];
    for (const [i, word] of words.entries()) {
      const asSearched = searchWords(words)[i]!;
      if (word.length < MIN_CORRECTABLE_LENGTH || /^\d+$/.test(word)) continue;
      if (await this.store.matchesVisible(visible, [asSearched])) continue;
      const known = await this.store.termFrequencies([...editsOf(word)]);
      const candidates = [...known].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      for (const [term] of candidates.slice(0, 5)) {
        if (await this.store.matchesVisible(visible, [{ text: term, prefix: false }])) {
          corrected[i] = term;
          corrections.push([word, term]);
          break;
        }
      }
    }
    return { words: corrected, corrections };
  }
}

function hit(row: HitRow, lang: Lang): SearchHit {
  const description = JSON.parse(row.description) as ObjectDescription;
  return {
    id: row.id,
    inventoryNumber: row.inventory_number,
    title: pickText(description.title, lang) || row.title,
    status: row.status as ObjectStatus,
    onAlertList: row.published === 1,
    objectType: row.object_type,
    organisation: { slug: row.organisation_slug, name: row.organisation_name },
    thumbnailUrl: row.photo_id ? `/media/photos/${row.photo_id}/thumbnail` : null,
    dating: description.dating?.display ?? null,
    makers: description.makers.map((maker) => maker.name),
  };
}

export type { FacetCounts };
