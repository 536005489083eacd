import { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { countryName, ObjectList, periodLabel, typeKeyLabel, type ObjectListItem } from './object.components.js';
import { PAGE_SIZE, pageNumber, Pagination } from '../web/pagination.js';
import { render, type RegistryPageDeps } from './page-support.js';
import type { FacetValue, Range, SearchHit, SearchQuery, SearchResult } from './search/search.types.js';
import { OBJECT_STATUSES, type ObjectStatus } from './status.js';

const FACETS = ['type', 'material', 'status', 'country', 'period'] as const;
type Facet = (typeof FACETS)[number];
const TOLERANCES = [0, 5, 10, 20] as const;
const SIZE_FIELDS = ['height_min', 'height_max', 'width_min', 'width_max'] as const;
type SizeField = (typeof SIZE_FIELDS)[number];

/** What the search form asked for, as typed (to show it back) and as a query (to run it). */
export interface SearchForm {
  q: string;
  selected: Record<Facet, string[]>;
  sizes: Record<SizeField, string>;
  tolerance: number;
  alertsOnly: boolean;
  sort: 'relevance' | 'newest';
  page: number;
}

/** A size as typed ("12,5" or "12.5"), when it is a non-negative number. */
function size(text: string): number | undefined {
  const normalised = text.trim().replace(',', '.');
  const n = Number(normalised);
  return normalised !== '' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function range(min: string, max: string): Range | undefined {
  const from = size(min);
  const to = size(max);
  return from === undefined && to === undefined ? undefined : { min: from, max: to };
}

export function readSearchForm(url: URL): SearchForm {
  const params = url.searchParams;
  const many = (name: string) => [...new Set(params.getAll(name).map((value) => value.trim()).filter(Boolean))].slice(0, 30);
  const tolerance = Number(params.get('tolerance'));
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    selected: {
      type: many('type'),
      material: many('material'),
      status: many('status').filter((value) => (OBJECT_STATUSES as readonly string[]).includes(value)),
      country: many('country').map((value) => value.toUpperCase()),
      period: many('period'),
    },
    sizes: Object.fromEntries(SIZE_FIELDS.map((name) => [name, (params.get(name) ?? '').trim().slice(0, 20)])) as Record<SizeField, string>,
    tolerance: (TOLERANCES as readonly number[]).includes(tolerance) ? tolerance : 0,
    alertsOnly: params.get('alerts') === '1',
    sort: params.get('sort') === 'newest' ? 'newest' : 'relevance',
    page: pageNumber(params.get('page') ?? undefined),
  };
}

export function searchQueryOf(form: SearchForm): SearchQuery {
  return {
    q: form.q || undefined,
    type: form.selected.type.length ? form.selected.type : undefined,
    material: form.selected.material.length ? form.selected.material : undefined,
    status: form.selected.status.length ? (form.selected.status as ObjectStatus[]) : undefined,
    country: form.selected.country.length ? form.selected.country : undefined,
    period: form.selected.period.length ? form.selected.period : undefined,
    height: range(form.sizes.height_min, form.sizes.height_max),
    width: range(form.sizes.width_min, form.sizes.width_max),
    tolerance: form.tolerance ? form.tolerance / 100 : undefined,
    alertsOnly: form.alertsOnly || undefined,
    sort: form.sort,
    limit: PAGE_SIZE,
    offset: (form.page - 1) * PAGE_SIZE,
  };
}

/** The form's query string, for pagination links (page 1 left out). */
function formQuery(form: SearchForm, page: number): string {
  const params = new URLSearchParams();
  if (form.q) params.append('q', form.q);
  for (const facet of FACETS) for (const value of form.selected[facet]) params.append(facet, value);
  for (const name of SIZE_FIELDS) if (form.sizes[name]) params.append(name, form.sizes[name]);
  if (form.tolerance) params.append('tolerance', String(form.tolerance));
  if (form.alertsOnly) params.append('alerts', '1');
  if (form.sort !== 'relevance') params.append('sort', form.sort);
  if (page > 1) params.append('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Search across what the visitor may see: words, facets with counts, measurement ranges; works without JavaScript. */
export function searchPages(deps: RegistryPageDeps) {
  return new Hono<AppEnv>().get('/:lang/search', async (c) => {
    const form = readSearchForm(new URL(c.req.url));
    const result = await deps.search.search(c.get('principal'), searchQueryOf(form), c.get('lang'));
    return render(c, deps, (page) => <SearchPage page={page} form={form} result={result} />);
  });
}

function hitItem(hit: SearchHit, lang: Lang): ObjectListItem {
  return {
    id: hit.id,
    title: hit.title,
    thumbnailUrl: hit.thumbnailUrl,
    status: hit.status,
    onAlertList: hit.onAlertList,
    type: typeKeyLabel(hit.objectType, lang),
    dating: hit.dating,
    makers: hit.makers,
    organisation: hit.organisation.name,
    inventoryNumber: hit.inventoryNumber,
  };
}

function facetLabel(facet: Facet, value: FacetValue | { value: string; label?: string }, page: PageContext): string {
  const { t, lang } = page;
  switch (facet) {
    case 'status':
      return (OBJECT_STATUSES as readonly string[]).includes(value.value) ? t(`status.${value.value as ObjectStatus}`) : value.value;
    case 'country':
      return countryName(value.value, lang);
    case 'period':
      return periodLabel(value.value, lang, t);
    case 'type':
      return value.label && value.label !== value.value ? value.label : typeKeyLabel(value.value, lang);
    case 'material':
      return value.label || value.value;
  }
}

function SearchPage({ page, form, result }: { page: PageContext; form: SearchForm; result: SearchResult }) {
  const { t, lang, principal } = page;
  const action = `/${lang}/search`;
  const filtered = FACETS.some((facet) => form.selected[facet].length > 0) || SIZE_FIELDS.some((name) => form.sizes[name]) || form.alertsOnly;
  return (
    <Layout page={page} title={form.q ? `${form.q} · ${t('search.title')}` : t('search.title')}>
      <h1>{t('search.title')}</h1>
      {!principal && <p class="lead">{t('search.lead.public')}</p>}
      <form method="get" action={action} class="search-layout">
        <div class="filters search-box" role="search">
          <div class="row">
            <div class="field">
              <label for="search-q">{t('search.label')}</label>
              <input id="search-q" type="search" name="q" value={form.q} placeholder={t('search.placeholder')} autocomplete="off" maxlength={200} />
            </div>
            <button type="submit">{t('search.submit')}</button>
          </div>
          <div class="row">
            <div class="field">
              <label for="search-sort">{t('search.sort')}</label>
              <select id="search-sort" name="sort">
                <option value="relevance" selected={form.sort === 'relevance'}>
                  {t('search.sort.relevance')}
                </option>
                <option value="newest" selected={form.sort === 'newest'}>
                  {t('search.sort.newest')}
                </option>
              </select>
            </div>
            {/* The public sees the alert list only: the choice is for those who see more. */}
            {principal && (
              <p class="checkbox">
                <input id="search-alerts" type="checkbox" name="alerts" value="1" checked={form.alertsOnly} />
                <label for="search-alerts">{t('search.alertsOnly')}</label>
              </p>
            )}
          </div>
        </div>

        <div class="search-facets" aria-label={t('search.filters')} role="group">
          <h2 class="facets-heading">{t('search.filters')}</h2>
          {FACETS.map((facet) => {
            const offered = result.facets[facet];
            // Chosen values stay on the list (and can be unticked) even when nothing matches them now.
            const chosen = form.selected[facet].filter((value) => !offered.some((option) => option.value === value)).map((value) => ({ value, label: value, count: 0 }));
            const options = [...chosen, ...offered];
            if (options.length === 0) return null;
            const selectedCount = form.selected[facet].length;
            return (
              <details class="facet" open={selectedCount > 0 || undefined}>
                <summary>
                  {t(`search.facet.${facet}`)}
                  {selectedCount > 0 && <span class="facet-selected"> ({selectedCount})</span>}
                </summary>
                <fieldset class="facet-options">
                  <legend class="visually-hidden">{t(`search.facet.${facet}`)}</legend>
                  {options.map((option, index) => (
                    <p class="checkbox">
                      <input id={`facet-${facet}-${index}`} type="checkbox" name={facet} value={option.value} checked={form.selected[facet].includes(option.value)} />
                      <label for={`facet-${facet}-${index}`}>
                        {facetLabel(facet, option, page)} <span class="facet-count">({option.count})</span>
                      </label>
                    </p>
                  ))}
                </fieldset>
              </details>
            );
          })}
          <details class="facet" open={SIZE_FIELDS.some((name) => form.sizes[name]) || undefined}>
            <summary>{t('search.size')}</summary>
            <div class="size-grid">
              {SIZE_FIELDS.map((name) => (
                <div class="field">
                  <label for={`search-${name}`}>{t(`search.${name.replace('_', '.') as 'height.min' | 'height.max' | 'width.min' | 'width.max'}`)}</label>
                  <input id={`search-${name}`} type="text" inputmode="decimal" name={name} value={form.sizes[name]} maxlength={20} />
                </div>
              ))}
              <div class="field">
                <label for="search-tolerance">{t('search.tolerance')}</label>
                <select id="search-tolerance" name="tolerance">
                  {TOLERANCES.map((pct) => (
                    <option value={String(pct)} selected={pct === form.tolerance}>
                      {pct === 0 ? t('search.tolerance.none') : t('search.tolerance.pct', { pct })}
                    </option>
                  ))}
                </select>
              </div>
            </div>
          </details>
          <p class="action-links">
            <button type="submit" class="secondary">
              {t('search.apply')}
            </button>
            {(filtered || form.q) && <a href={action}>{t('search.clear')}</a>}
          </p>
        </div>

        <div class="search-results">
          {result.corrections.map(([typed, used]) => (
            <p class="notice">{t('search.corrected', { typed, used })}</p>
          ))}
          <p class="count" role="status">
            {t('search.count', { count: result.total })}
          </p>
          {/* Subscriptions live in alerts/subscriptions/ (not imported by this lower domain): the same query string. */}
          {principal && (form.q || filtered) && (
            <p>
              <a href={`/${lang}/alerts/subscriptions/new${formQuery(form, 1)}`}>{t('alerts.subscriptions.subscribeSearch')}</a>
            </p>
          )}
          {result.items.length === 0 ? (
            <p class="empty">{t('search.none')}</p>
          ) : (
            <ObjectList items={result.items.map((hit) => hitItem(hit, lang))} page={page} show={{ organisation: principal !== null }} />
          )}
          <Pagination current={form.page} total={result.total} page={page} href={(n) => `${action}${formQuery(form, n)}`} />
        </div>
      </form>
    </Layout>
  );
}
