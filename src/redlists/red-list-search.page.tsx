import type { MessageKey } from '../i18n/i18n.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { pageNumber, Pagination, queryString } from '../web/pagination.js';
import { redListCategoryPath, redListPath, redListSearchPath } from './red-list-paths.js';
import { countryName, DemonstrationBadge, Text } from './red-list.components.js';
import type { RedListSearchResult, SearchOptions } from './red-list-search.js';
import { formatPeriod, textFor } from './red-list-text.js';
import { periodIssue, RedListSearchQuerySchema, type RedListSearchParams } from './red-list.schemas.js';

const RESULTS_PER_PAGE = 25;
const FIELDS = ['q', 'country', 'material', 'from', 'to', 'list'] as const;
type FormField = (typeof FIELDS)[number];
const FIELD_LABELS: Record<FormField, MessageKey> = {
  q: 'redlists.search.words',
  country: 'redlists.search.country',
  material: 'redlists.search.material',
  from: 'redlists.search.from',
  to: 'redlists.search.to',
  list: 'redlists.search.list',
};

/** The search as the form sent it: what is valid searched, what is not named and left out. */
export interface SearchForm {
  query: RedListSearchParams;
  /** The values typed, shown back in the form. */
  raw: Partial<Record<FormField, string>>;
  invalid: FormField[];
  page: number;
}

/** Reads the URL's search (the API's schema): an invalid filter is left out and named, never a failed page. */
export function readSearchForm(params: Record<string, string>): SearchForm {
  const raw: Partial<Record<FormField, string>> = {};
  for (const field of FIELDS) if (params[field]?.trim()) raw[field] = params[field].trim();
  const page = pageNumber(params.page);
  const paging = { limit: String(RESULTS_PER_PAGE), offset: String((page - 1) * RESULTS_PER_PAGE) };
  const first = RedListSearchQuerySchema.safeParse({ ...raw, ...paging });
  const invalid = first.success ? [] : [...new Set(first.error.issues.map((issue) => issue.path[0] as FormField))];
  const kept = Object.fromEntries(Object.entries(raw).filter(([field]) => !invalid.includes(field as FormField)));
  let query = RedListSearchQuerySchema.parse({ ...kept, ...paging });
  if (periodIssue(query)) {
    invalid.push('from');
    query = { ...query, from: undefined, to: undefined };
  }
  return { query, raw, invalid, page };
}

export function RedListSearchPage({ page, form, result, options }: { page: PageContext; form: SearchForm; result: RedListSearchResult; options: SearchOptions }) {
  const { t, lang } = page;
  const searched = Object.keys(form.raw).length > 0;
  return (
    <Layout page={page} title={t('redlists.search.title')}>
      <h1>{t('redlists.search.title')}</h1>
      <RedListSearchForm page={page} form={form} options={options} />
      {form.invalid.length > 0 && (
        <p class="notice error" role="alert">
          {t('redlists.search.invalid', { fields: form.invalid.map((field) => t(FIELD_LABELS[field])).join(', ') })}
        </p>
      )}
      {result.corrections.map(([typed, read]) => (
        <p class="notice">{t('redlists.search.corrected', { typed, read })}</p>
      ))}
      {searched && (
        <p class="count" role="status">
          {t('redlists.search.count', { count: result.total })}
        </p>
      )}
      {searched && result.total === 0 && <p class="empty">{t('redlists.search.none')}</p>}
      <ol class="object-list rl-results">
        {result.hits.map((hit) => {
          const languages = hit.list.languages;
          return (
            <li class="object-item">
              <div class="object-item-body">
                <h2 class="rl-hit-title">
                  <a href={redListCategoryPath(lang, hit.list.slug, hit.category.id)}>
                    <Text texts={hit.category.name} page={page} languages={languages} />
                  </a>
                </h2>
                <p class="muted">
                  <a href={redListPath(lang, hit.list.slug)}>
                    <Text texts={hit.list.title} page={page} languages={languages} />
                  </a>
                  {hit.list.demonstration && (
                    <>
                      {' '}
                      <DemonstrationBadge page={page} />
                    </>
                  )}
                  {hit.ancestors.length > 0 && ' › '}
                  {[...hit.ancestors].reverse().map((ancestor, i) => (
                    <>
                      {i > 0 && ' › '}
                      <Text texts={ancestor.name} page={page} languages={languages} />
                    </>
                  ))}
                </p>
                <dl class="object-item-facts">
                  {hit.category.period && (
                    <div>
                      <dt>{t('redlists.period')}</dt>
                      <dd>{formatPeriod(hit.category.period, t, lang)}</dd>
                    </div>
                  )}
                  {hit.matched.length > 0 && (
                    <div>
                      <dt>{t('redlists.search.matched')}</dt>
                      <dd>{hit.matched.map((field) => t(`redlists.field.${field}`)).join(', ')}</dd>
                    </div>
                  )}
                </dl>
              </div>
            </li>
          );
        })}
      </ol>
      <Pagination
        page={page}
        current={form.page}
        total={result.total}
        pageSize={RESULTS_PER_PAGE}
        href={(n) => `${redListSearchPath(lang)}${queryString([...FIELDS.map((field): [string, string | undefined] => [field, form.raw[field]]), ['page', n]])}`}
      />
    </Layout>
  );
}

/** Words and filters, as a plain GET form (the URL is the search: shareable, works without JavaScript). */
export function RedListSearchForm({ page, form, options }: { page: PageContext; form?: SearchForm; options: SearchOptions }) {
  const { t, lang } = page;
  const raw = form?.raw ?? {};
  const invalid = (field: FormField) => (form?.invalid.includes(field) ? 'true' : undefined);
  return (
    <form class="filters wrap-rows rl-search" method="get" action={redListSearchPath(lang)} role="search">
      <div class="row">
        <div class="field">
          <label for="rl-q">{t('redlists.search.words')}</label>
          <input id="rl-q" type="search" name="q" value={raw.q ?? ''} placeholder={t('redlists.search.placeholder')} maxlength={200} aria-invalid={invalid('q')} />
        </div>
        <div class="field">
          <label for="rl-country">{t('redlists.search.country')}</label>
          <select id="rl-country" name="country" aria-invalid={invalid('country')}>
            <option value="">{t('redlists.search.anyCountry')}</option>
            {options.countries
              .map((code) => [code, countryName(code, lang)] as const)
              .sort((a, b) => a[1].localeCompare(b[1], lang))
              .map(([code, name]) => (
                <option value={code} selected={raw.country?.toUpperCase() === code}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div class="field">
          <label for="rl-material">{t('redlists.search.material')}</label>
          <select id="rl-material" name="material" aria-invalid={invalid('material')}>
            <option value="">{t('redlists.search.anyMaterial')}</option>
            {options.materials.map((material) => (
              <option value={material} selected={raw.material === material} lang="en">
                {material}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="row">
        <div class="field compact">
          <label for="rl-from">{t('redlists.search.from')}</label>
          <input id="rl-from" type="number" name="from" value={raw.from ?? ''} step={1} inputmode="numeric" aria-describedby="rl-years-hint" aria-invalid={invalid('from')} />
        </div>
        <div class="field compact">
          <label for="rl-to">{t('redlists.search.to')}</label>
          <input id="rl-to" type="number" name="to" value={raw.to ?? ''} step={1} inputmode="numeric" aria-describedby="rl-years-hint" aria-invalid={invalid('to')} />
        </div>
        <div class="field">
          <label for="rl-list">{t('redlists.search.list')}</label>
          <select id="rl-list" name="list" aria-invalid={invalid('list')}>
            <option value="">{t('redlists.search.anyList')}</option>
            {options.lists.map((list) => {
              const title = textFor(list.title, lang, list.languages);
              return (
                <option value={list.slug} selected={raw.list === list.slug} lang={title.lang === lang ? undefined : title.lang}>
                  {title.text}
                </option>
              );
            })}
          </select>
        </div>
        <button type="submit">{t('redlists.search.submit')}</button>
      </div>
      <p id="rl-years-hint" class="hint">
        {t('redlists.search.yearHint')}
      </p>
    </form>
  );
}
