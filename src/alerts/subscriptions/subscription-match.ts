import type { ObjectRow } from '../../db/schema.js';
import { searchTokens } from '../../i18n/search-text.js';
import { materialKeys, searchDocument } from '../../registry/derived-columns.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { parsePeriod, queryWords, searchWords, significantWords, typeWithNarrower, withTolerance } from '../../registry/search/search.service.js';
import type { Range } from '../../registry/search/search.types.js';
import type { SubscriptionQuery } from './subscription.js';

/** What a saved search is matched against: one object as stored, its description parsed once. */
export interface MatchableObject {
  row: Pick<ObjectRow, 'status' | 'object_type' | 'country' | 'earliest_year' | 'latest_year' | 'height_cm' | 'width_cm' | 'depth_cm' | 'weight_kg'>;
  description: ObjectDescription;
}

/** The object's words and materials, computed once for all the saved searches of an alert. */
export interface PreparedObject extends MatchableObject {
  words: ReadonlySet<string>;
  materials: ReadonlySet<string>;
}

export function prepareObject(object: MatchableObject): PreparedObject {
  const document = searchDocument(object.description);
  return { ...object, words: new Set(searchTokens(Object.values(document).join(' '))), materials: new Set(materialKeys(object.description)) };
}

/**
 * Whether one object answers a saved search, by the registry search's rules (registry/search):
 * the query's significant words as words, the last one as a prefix from two letters; types with
 * their narrower types; centuries as the period facet counts them; measurements within the
 * query's tolerance. Typo correction is left out: an alert is sent for what was asked. Visibility
 * is checked apart, with the registry's rule (`visibleTo`).
 */
export function matchesQuery(query: SubscriptionQuery, object: PreparedObject): boolean {
  const { row } = object;
  for (const word of searchWords(significantWords(queryWords(query.q)))) {
    if (word.prefix ? ![...object.words].some((candidate) => candidate.startsWith(word.text)) : !object.words.has(word.text)) return false;
  }
  if (query.type?.length && (row.object_type === null || !query.type.flatMap(typeWithNarrower).includes(row.object_type))) return false;
  if (query.material?.length && !query.material.some((material) => object.materials.has(material))) return false;
  if (query.status?.length && !query.status.includes(row.status as never)) return false;
  if (query.country?.length && (row.country === null || !query.country.map((code) => code.toUpperCase()).includes(row.country))) return false;
  if (query.period?.length && !query.period.map(parsePeriod).some((start) => start !== undefined && inCentury(start, row.earliest_year, row.latest_year))) return false;
  const tolerance = Math.min(Math.max(query.tolerance ?? 0, 0), 0.5);
  const ranges: Array<[Range | undefined, number | null]> = [
    [query.height, row.height_cm],
    [query.width, row.width_cm],
    [query.depth, row.depth_cm],
    [query.weight, row.weight_kg],
  ];
  return ranges.every(([range, value]) => within(withTolerance(range, tolerance), value));
}

/** As `FACET_ROWS_SQL` (db/search-store.ts) counts a century: it overlaps the object's dating. */
function inCentury(start: number, earliest: number | null, latest: number | null): boolean {
  const from = earliest ?? latest;
  const to = latest ?? earliest;
  return from !== null && to !== null && start >= from - 99 && start <= to;
}

function within(range: Range | undefined, value: number | null): boolean {
  if (!range) return true;
  if (value === null) return false;
  return (range.min === undefined || value >= range.min) && (range.max === undefined || value <= range.max);
}
