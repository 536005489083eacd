/**
 * The observatory's filters as they come in a query string (pages and the open-data API): each one
 * checked, a bad one refused with a 400 naming the parameter.
 */
import { invalid } from '../errors.js';
import { countriesInRegion, isCountryCode, isRegionCode } from '../maps/countries.js';
import { entryByKey, OBJECT_TYPES } from '../registry/vocabulary.js';
import { OBSERVATORY_MEASURES, type ObservatoryFilters, type ObservatoryMeasure } from './observatory-figures.js';

export type ObservatoryQuery = Record<string, string | undefined>;

export const OBSERVATORY_STATUSES = ['stolen', 'missing', 'recovered', 'found'] as const;
type FilterStatus = (typeof OBSERVATORY_STATUSES)[number];

/** Incident years the observatory accepts: the registry's incidents are modern; 1900 leaves room for old thefts. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

function year(query: ObservatoryQuery, name: 'from' | 'to'): number | undefined {
  const text = query[name]?.trim();
  if (!text) return undefined;
  if (!/^\d{4}$/.test(text) || Number(text) < FIRST_YEAR || Number(text) > LAST_YEAR) {
    throw invalid(`The parameter "${name}" must be a year between ${FIRST_YEAR} and ${LAST_YEAR}.`, [{ field: name, message: 'not a year' }]);
  }
  return Number(text);
}

function oneOf<T extends string>(query: ObservatoryQuery, name: string, values: readonly T[]): T | undefined {
  const text = query[name]?.trim();
  if (!text) return undefined;
  if (!(values as readonly string[]).includes(text)) {
    throw invalid(`The parameter "${name}" must be one of ${values.join(', ')}.`, [{ field: name, message: `unknown value "${text}"` }]);
  }
  return text as T;
}

/** The filters of a query; unknown parameters are left for the caller (`format`, `lang`…). */
export function parseObservatoryFilters(query: ObservatoryQuery): ObservatoryFilters {
  const filters: ObservatoryFilters = {};
  const from = year(query, 'from');
  const to = year(query, 'to');
  if (from !== undefined && to !== undefined && from > to) {
    throw invalid(`The period is inverted: "from" (${from}) is after "to" (${to}).`, [{ field: 'from', message: 'after "to"' }]);
  }
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  const region = query['region']?.trim();
  if (region) {
    if (!isRegionCode(region)) throw invalid(`The parameter "region" must be a UN M49 region code (e.g. 150).`, [{ field: 'region', message: `unknown region "${region}"` }]);
    filters.region = region;
  }
  const country = query['country']?.trim().toUpperCase();
  if (country) {
    if (!isCountryCode(country)) throw invalid(`The parameter "country" must be an ISO 3166-1 alpha-2 code.`, [{ field: 'country', message: `unknown country "${country}"` }]);
    if (filters.region && !countriesInRegion(filters.region).includes(country)) {
      throw invalid(`The country ${country} is not in the region ${filters.region}.`, [{ field: 'country', message: 'not in the region' }]);
    }
    filters.country = country;
  }
  const type = query['type']?.trim();
  if (type) {
    if (!entryByKey('objectType', type)) throw invalid(`The parameter "type" must be a key of the object-type vocabulary.`, [{ field: 'type', message: `unknown type "${type}"` }]);
    filters.type = type;
  }
  const status = oneOf<FilterStatus>(query, 'status', OBSERVATORY_STATUSES);
  if (status) filters.status = status;
  const measure = oneOf<ObservatoryMeasure>(query, 'measure', OBSERVATORY_MEASURES);
  if (measure) filters.measure = measure;
  return filters;
}

/** The type and every narrower type (a filter on paintings counts oil paintings too). */
export function typeAndNarrower(type: string): string[] {
  const keys = [type];
  for (let i = 0; i < keys.length; i += 1) {
    for (const entry of OBJECT_TYPES) if (entry.parent === keys[i] && !keys.includes(entry.key)) keys.push(entry.key);
  }
  return keys;
}

/** The countries a filter keeps (country, or a region's countries), or undefined for every country. */
export function countriesOf(filters: ObservatoryFilters): string[] | undefined {
  if (filters.country) return [filters.country];
  if (filters.region) return countriesInRegion(filters.region);
  return undefined;
}

/** The filters as query-string pairs, in a stable order (links, cache keys, drill-through). */
export function filterParams(filters: ObservatoryFilters): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const name of ['from', 'to', 'region', 'country', 'type', 'status', 'measure'] as const) {
    const value = filters[name];
    if (value !== undefined) pairs.push([name, String(value)]);
  }
  return pairs;
}
