import { readSearchForm, searchQueryOf } from '../../registry/search.pages.js';
import type { SubscriptionQuery } from './subscription.js';

/** The saved search of a query string, as the registry's search page reads it (paging and sorting left out). */
export function subscriptionQueryOf(search: string): SubscriptionQuery {
  const { q, type, material, status, country, period, height, width, tolerance } = searchQueryOf(readSearchForm(new URL(`http://search.invalid/?${search.replace(/^\?/, '')}`)));
  const query: SubscriptionQuery = { q, type, material, status, country, period, height, width, tolerance };
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as SubscriptionQuery;
}

/** A saved search back as the query string of `/search` (words and facets), for its links and the API. */
export function searchStringOf(query: SubscriptionQuery | null): string {
  const params = new URLSearchParams();
  if (!query) return '';
  if (query.q) params.append('q', query.q);
  for (const facet of ['type', 'material', 'status', 'country', 'period'] as const) for (const value of query[facet] ?? []) params.append(facet, value);
  // Sizes as the search form writes them (`height_min`…, the tolerance in per cent).
  for (const size of ['height', 'width'] as const) {
    const range = query[size];
    if (range?.min !== undefined) params.append(`${size}_min`, String(range.min));
    if (range?.max !== undefined) params.append(`${size}_max`, String(range.max));
  }
  if (query.tolerance) params.append('tolerance', String(Math.round(query.tolerance * 100)));
  return params.toString();
}
