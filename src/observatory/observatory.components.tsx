/**
 * The parts of the observatory page: the filters form, and each chart's section — its drawing, a
 * sentence saying what it shows, what is counted, its data table (the same numbers as the drawing,
 * linked for drilling down) and its CSV and JSON behind it.
 */
import type { Child } from 'hono/jsx';
import type { FieldIssue } from '../errors.js';
import type { Lang } from '../i18n/languages.js';
import { COUNTRIES, CONTINENTS, REGIONS, regionName } from '../maps/countries.js';
import { CountryOptions, ErrorSummary, Field, fieldId, formatNumber, formatPercent, issuesFor, describedBy } from '../registry/object.components.js';
import { OBJECT_TYPES, typePath } from '../registry/vocabulary.js';
import type { PageContext } from '../web/page-context.js';
import { OBSERVATORY_MEASURES, type ChartRow, type ObservatoryChart, type ObservatoryChartId, type ObservatoryFilters, type PublishedCount } from './observatory-figures.js';
import { filterParams, OBSERVATORY_STATUSES } from './observatory-filters.js';
import { publishedCount } from './observatory-privacy.js';
import { openDataPaths } from './observatory-open-data.js';

/** The API's base (src/app/app.tsx's API_BASE; a domain does not import the composition). */
const API_BASE = '/api/v1';
/** Rows a summary sentence names: the first and the two after it read well aloud. */
const SUMMARY_ROWS = 3;

export const observatoryPath = (lang: string) => `/${lang}/observatory`;

/** The page with these filters (links of the table rows, the map's countries). */
export function observatoryHref(lang: Lang, filters: ObservatoryFilters): string {
  const query = new URLSearchParams(filterParams(filters)).toString();
  return `${observatoryPath(lang)}${query ? `?${query}` : ''}`;
}

/** The chart's data behind the page: the open-data API with the same filters and language. */
export function chartDataHref(chart: ObservatoryChartId, filters: ObservatoryFilters, format: 'csv' | 'json', lang: Lang): string {
  const query = new URLSearchParams([...filterParams(filters), ['lang', lang]]).toString();
  return `${API_BASE}${format === 'csv' ? openDataPaths.chartCsv(chart) : openDataPaths.chart(chart)}?${query}`;
}

/** A count as the page writes it: "1,200", or "fewer than 5" for a suppressed one. */
export function countText(count: PublishedCount, page: PageContext): string {
  return 'value' in count ? formatNumber(count.value, page.lang) : page.t('observatory.fewerThan', { n: count.fewerThan });
}

const shown = (row: ChartRow) => ('value' in row.count ? row.count.value : 0);

/** "Most: France (120), then Italy (85), Spain (40)." — the largest rows of a breakdown, in words. */
export function breakdownSummary(rows: readonly ChartRow[], page: PageContext, ignore: readonly string[] = []): string {
  const { t } = page;
  const ranked = rows.filter((row) => shown(row) > 0 && !ignore.includes(row.key)).sort((a, b) => shown(b) - shown(a));
  const item = (row: ChartRow) => t('observatory.summary.item', { label: row.label, count: countText(row.count, page) });
  const [first, ...rest] = ranked.slice(0, SUMMARY_ROWS);
  if (!first) return t('observatory.summary.none');
  return rest.length === 0 ? t('observatory.summary.top', { first: item(first) }) : t('observatory.summary.topThen', { first: item(first), then: rest.map(item).join(', ') });
}

/** "From 2019 to 2024: highest in 2022 (150)." */
export function seriesSummary(rows: readonly ChartRow[], page: PageContext): string {
  const peak = [...rows].sort((a, b) => shown(b) - shown(a))[0];
  const [first, last] = [rows[0], rows[rows.length - 1]];
  if (!peak || !first || !last || shown(peak) === 0) return page.t('observatory.summary.none');
  return page.t('observatory.summary.series', { first: first.label, last: last.label, peak: peak.label, count: countText(peak.count, page) });
}

/** The filters as a GET form: the URL holds them, so a filtered page can be bookmarked and shared. */
export function FiltersForm({ page, query, errors }: { page: PageContext; query: Record<string, string | undefined>; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  const value = (name: string) => query[name]?.trim() ?? '';
  const labels: Record<string, string> = {
    from: t('observatory.filters.from'),
    to: t('observatory.filters.to'),
    region: t('observatory.filters.region'),
    country: t('observatory.filters.country'),
    type: t('observatory.filters.type'),
    status: t('observatory.filters.status'),
    measure: t('observatory.filters.measure'),
  };
  const year = (name: 'from' | 'to') => (
    <Field name={name} label={labels[name] as string} errors={issuesFor(errors, name)}>
      <input id={fieldId(name)} name={name} type="text" inputmode="numeric" pattern="[0-9]{4}" maxlength={4} size={5} value={value(name)} autocomplete="off" {...describedBy(name, issuesFor(errors, name), false)} />
    </Field>
  );
  const select = (name: string, options: ReadonlyArray<readonly [string, string]>, empty: string | null) => (
    <Field name={name} label={labels[name] as string} errors={issuesFor(errors, name)}>
      <select id={fieldId(name)} name={name} {...describedBy(name, issuesFor(errors, name), false)}>
        {empty !== null && <option value="">{empty}</option>}
        {options.map(([key, text]) => (
          <option value={key} selected={key === value(name)}>
            {text}
          </option>
        ))}
      </select>
    </Field>
  );
  return (
    <form method="get" action={observatoryPath(lang)} class="filters obs-filters" aria-labelledby="obs-filters-title">
      <h2 id="obs-filters-title" class="visually-hidden">
        {t('observatory.filters.title')}
      </h2>
      <ErrorSummary errors={errors} page={page} label={(field) => labels[field] ?? field} />
      <div class="obs-filter-grid">
        {select('measure', OBSERVATORY_MEASURES.map((measure) => [measure, t(`observatory.measure.${measure}`)] as const), null)}
        {year('from')}
        {year('to')}
        {select('region', regionOptions(lang), t('observatory.filters.any'))}
        <Field name="country" label={labels['country'] as string} errors={issuesFor(errors, 'country')}>
          <select id={fieldId('country')} name="country" {...describedBy('country', issuesFor(errors, 'country'), false)}>
            <CountryOptions lang={lang} selected={value('country').toUpperCase()} emptyLabel={t('observatory.filters.any')} />
          </select>
        </Field>
        {select('type', typeOptions(lang), t('observatory.filters.any'))}
        {select('status', OBSERVATORY_STATUSES.map((status) => [status, t(`observatory.status.${status}`)] as const), t('observatory.filters.any'))}
      </div>
      <div class="row">
        <button type="submit">{t('observatory.filters.apply')}</button>
        <a href={observatoryPath(lang)}>{t('observatory.filters.reset')}</a>
      </div>
    </form>
  );
}

const intermediateRegions = new Set(COUNTRIES.flatMap((country) => country.intermediateRegion ?? []));

/** Continents first, each followed by its sub-regions (indented), then their intermediate regions. */
function regionOptions(lang: Lang): Array<readonly [string, string]> {
  const indent = (code: string) => (CONTINENTS.includes(code as (typeof CONTINENTS)[number]) ? '' : intermediateRegions.has(code) ? '\u00a0\u00a0\u00a0\u00a0' : '\u00a0\u00a0');
  return REGIONS.map((code) => [code, `${indent(code)}${regionName(code, lang)}`] as const);
}

const typeOptionsCache = new Map<Lang, Array<readonly [string, string]>>();

/** Every object type as its path ("Paintings › Oil paintings"), sorted, so narrower types follow theirs. */
function typeOptions(lang: Lang): Array<readonly [string, string]> {
  let options = typeOptionsCache.get(lang);
  if (!options) {
    const collator = new Intl.Collator(lang);
    options = OBJECT_TYPES.map((entry) => [entry.key, typePath(entry.key).map((step) => step.label[lang]).join(' › ')] as const).sort((a, b) => collator.compare(a[1], b[1]));
    typeOptionsCache.set(lang, options);
  }
  return options;
}

export interface ChartSectionProps {
  page: PageContext;
  chart: ObservatoryChart;
  /** The heading's level: 2 for a chart of its own, 3 within a group (breakdowns). */
  level: 2 | 3;
  id: string;
  title: string;
  /** The sentence that says what the drawing shows (it describes the drawing for screen readers). */
  summary: string;
  /** What is counted (observatory.counted.*). */
  counted: string;
  /** The drawing: an SVG chart or map, and its legend. */
  children: Child;
  /** Extra column headings and cells of the table (flows: from, to). */
  columns?: Array<{ heading: string; cell: (row: ChartRow) => Child }>;
  /** A row's link: the page filtered on it (a country), or nothing. */
  rowHref?: (row: ChartRow) => string | undefined;
  /** Investigators' and admins' link to the records behind a row. */
  drill?: (row: ChartRow) => string | null;
  /** Open the table (maps and flows: the table is how a keyboard follows a country). */
  tableOpen?: boolean;
}

/** A chart's section: heading, drawing, summary, what is counted, data table, downloads. */
export function ChartSection({ page, chart, level, id, title, summary, counted, children, columns = [], rowHref, drill, tableOpen = false }: ChartSectionProps) {
  const { t, lang } = page;
  // Public rows are only the categories with a published count: the others are said, never counted (the same on every public chart, so it tells nothing).
  const leftOut = !chart.exact && chart.chart !== 'outcomes';
  return (
    <section class="obs-chart-section" id={id} aria-labelledby={`${id}-title`}>
      {level === 2 ? <h2 id={`${id}-title`}>{title}</h2> : <h3 id={`${id}-title`}>{title}</h3>}
      {children}
      <p id={`${id}-summary`} class="obs-summary">
        {summary}
      </p>
      {leftOut && <p class="muted obs-left-out">{t('observatory.chart.leftOut')}</p>}
      <p class="muted obs-total">
        {t('observatory.total', { count: countText(chart.total, page) })} · {counted}
      </p>
      <details class="obs-table" open={tableOpen}>
        <summary>{t('observatory.table')}</summary>
        <div class="table-scroll">
          <table data-chart={chart.chart}>
            <caption class="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('observatory.table.label')}</th>
                {columns.map((column) => (
                  <th scope="col">{column.heading}</th>
                ))}
                <th scope="col" class="number">
                  {t('observatory.table.count')}
                </th>
                {drill && <th scope="col">{t('observatory.table.records')}</th>}
              </tr>
            </thead>
            <tbody>
              {chart.rows.map((row) => {
                const href = rowHref?.(row);
                const records = drill?.(row);
                return (
                  <tr data-key={row.key}>
                    <th scope="row">{href ? <a href={href}>{row.label}</a> : row.label}</th>
                    {columns.map((column) => (
                      <td>{column.cell(row)}</td>
                    ))}
                    <td class="number" data-count>
                      {countText(row.count, page)}
                    </td>
                    {drill && <td>{records && <a href={records}>{t('observatory.table.show')}</a>}</td>}
                  </tr>
                );
              })}
            </tbody>
            {leftOut && (
              <tfoot>
                <tr data-key="left-out">
                  <th scope="row">{t('observatory.table.others')}</th>
                  {columns.map(() => (
                    <td />
                  ))}
                  <td class="number">{countText(publishedCount(0), page)}</td>
                  {drill && <td />}
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      </details>
      <p class="obs-downloads">
        {t('observatory.download')}{' '}
        {(['csv', 'json'] as const).map((format, index) => (
          <>
            {index > 0 && ' · '}
            <a href={chartDataHref(chart.chart, chart.filters, format, lang)} data-format={format} aria-label={t('observatory.download.label', { chart: title, format: format.toUpperCase() })}>
              {t(`observatory.download.${format}`)}
            </a>
          </>
        ))}
      </p>
    </section>
  );
}

/** The outcome figures: share recovered and median days, in words and numbers (no drawing). */
export function OutcomeFigures({ page, chart }: { page: PageContext; chart: ObservatoryChart }) {
  const { t, lang } = page;
  const outcome = chart.outcome;
  return (
    <dl class="facts obs-outcomes">
      <dt>{t('observatory.outcomes.share')}</dt>
      <dd data-outcome="share">{outcome?.shareRecovered == null ? t('observatory.outcomes.notShown') : formatPercent(outcome.shareRecovered, lang)}</dd>
      <dt>{t('observatory.outcomes.median')}</dt>
      <dd data-outcome="median">
        {outcome?.medianDaysToRecovery == null ? t('observatory.outcomes.notShown') : t('observatory.outcomes.days', { count: outcome.medianDaysToRecovery })}
      </dd>
    </dl>
  );
}
