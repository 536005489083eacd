/**
 * Drilling through from a figure to its records, for investigators and admins: the registry search
 * (src/registry/search.pages.tsx) with the filters it understands. The search filters on the
 * object's own country and current status, the nearest it has to the incident's country.
 */
import { countriesInRegion } from '../maps/countries.js';
import type { Lang } from '../i18n/languages.js';
import type { ObservatoryChartId, ObservatoryFilters } from './observatory-figures.js';
import { UNKNOWN_KEY } from './observatory-queries.js';

const STATUSES_OF = { reported: ['stolen', 'missing'], recovered: ['recovered', 'found'], sightings: [] } as const;

export function registrySearchHref(lang: Lang, filters: ObservatoryFilters, row?: { chart: ObservatoryChartId; key: string }): string {
  const params = new URLSearchParams();
  const key = row && row.key !== UNKNOWN_KEY ? row.key : undefined;
  const countries = row?.chart === 'by-country' && key ? [key] : row?.chart === 'by-region' && key ? countriesInRegion(key) : filters.country ? [filters.country] : filters.region ? countriesInRegion(filters.region) : [];
  for (const country of countries) params.append('country', country);
  const type = row?.chart === 'by-type' && key ? key : filters.type;
  if (type) params.append('type', type);
  if (row?.chart === 'by-material' && key) params.append('material', key);
  const statuses = filters.status ? [filters.status] : STATUSES_OF[filters.measure ?? 'reported'];
  for (const status of statuses) params.append('status', status);
  const query = params.toString();
  return `/${lang}/search${query ? `?${query}` : ''}`;
}
