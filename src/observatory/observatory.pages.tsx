/**
 * `/{lang}/observatory`: the observatory's figures for everyone — a world map coloured by the chosen
 * measure, the flows from the country of theft to where objects resurface, time series and
 * breakdowns, outcomes — each with its data table, a sentence saying what it shows, what is counted
 * and its CSV and JSON; the filters in the URL; the figures of others beside, never summed.
 */
import { raw } from 'hono/html';
import { Hono } from 'hono';
import { DomainError, type FieldIssue } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import type { Lang } from '../i18n/languages.js';
import { isCountryCode } from '../maps/countries.js';
import { MapLegend } from '../maps/map-legend.js';
import { renderMapSvg } from '../maps/world-map.js';
import { countryName } from '../registry/object.components.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { renderPage, type PageOptions } from '../web/page-responses.js';
import { datasetsPath, ExternalFiguresSection } from './external-figures.components.js';
import type { ExternalDataset } from './external-datasets.service.js';
import type { ChartRow, ObservatoryChart, ObservatoryChartId, ObservatoryFilters, ObservatoryMeasure } from './observatory-figures.js';
import { countryMap, flowMap, mapText } from './observatory-maps.js';
import { openDataPaths } from './observatory-open-data.js';
import { UNKNOWN_KEY } from './observatory-queries.js';
import { libraryPath } from './library.pages.js';
import { observatoryReportPath } from './observatory-report.routes.js';
import type { ObservatoryService } from './observatory.service.js';
import type { ExternalDatasetService } from './external-datasets.service.js';
import { BarChart, ColumnChart, LineChart, type TimeSlot } from './observatory-svg.components.js';
import { breakdownSummary, ChartSection, countText, FiltersForm, observatoryHref, OutcomeFigures, seriesSummary } from './observatory.components.js';

export interface ObservatoryPageDeps extends PageOptions {
  observatory: ObservatoryService;
  externalDatasets: ExternalDatasetService;
}

const BREAKDOWNS = ['by-region', 'by-type', 'by-material', 'by-period', 'by-place-kind', 'by-method'] as const;

/** Shown figures of the page: one chart each. */
interface Figures {
  byCountry: ObservatoryChart;
  flows: ObservatoryChart;
  series: ObservatoryChart;
  breakdowns: ObservatoryChart[];
  outcomes: ObservatoryChart;
}

export function observatoryPages(deps: ObservatoryPageDeps) {
  return new Hono<AppEnv>().get('/:lang/observatory', async (c) => {
    const query = c.req.query();
    const lang = c.get('lang');
    const viewer = c.get('principal') ?? null;
    let filters: ObservatoryFilters;
    try {
      filters = deps.observatory.filtersFromQuery(query);
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'invalid') throw error;
      return renderPage(c, deps, (page) => <ObservatoryPage page={page} query={query} errors={error.issues} />, 400);
    }
    const chart = (id: ObservatoryChartId) => deps.observatory.chart(id, filters, viewer, lang);
    const oneYear = filters.from !== undefined && filters.from === filters.to;
    const [byCountry, flows, series, outcomes, breakdowns, datasets] = await Promise.all([
      chart('by-country'),
      chart('flows'),
      chart(oneYear ? 'by-month' : 'by-year'),
      chart('outcomes'),
      Promise.all(BREAKDOWNS.map(chart)),
      deps.externalDatasets.withRows(),
    ]);
    const figures: Figures = { byCountry, flows, series, breakdowns, outcomes };
    const drill = (row: ChartRow, id: ObservatoryChartId) => deps.observatory.drillThrough(viewer, filters, { chart: id, key: row.key }, lang);
    return renderPage(c, deps, (page) => <ObservatoryPage page={page} query={query} errors={[]} filters={filters} figures={figures} datasets={datasets} drill={deps.observatory.seesExact(viewer) ? drill : undefined} />);
  });
}

interface PageProps {
  page: PageContext;
  query: Record<string, string | undefined>;
  errors: readonly FieldIssue[];
  filters?: ObservatoryFilters;
  figures?: Figures;
  datasets?: readonly ExternalDataset[];
  drill?: ((row: ChartRow, chart: ObservatoryChartId) => string | null) | undefined;
}

function ObservatoryPage({ page, query, errors, filters, figures, datasets = [], drill }: PageProps) {
  const { t, lang } = page;
  const reportYear = filters?.from !== undefined && filters.from === filters.to ? filters.from : latestYear(figures);
  return (
    <Layout page={page} title={t('observatory.title')} description={t('observatory.lead')}>
      <h1>{t('observatory.title')}</h1>
      <p class="lead">{t('observatory.lead')}</p>
      <ul class="obs-links">
        <li>
          <a href={libraryPath(lang)}>{t('observatory.links.library')}</a>
        </li>
        <li>
          <a href={datasetsPath(lang)}>{t('observatory.links.datasets')}</a>
        </li>
        <li>
          <a href={`/api/v1${openDataPaths.dataset}`}>{t('observatory.links.openData')}</a>
        </li>
        {reportYear !== undefined && (
          <li>
            <a href={observatoryReportPath(lang, reportYear)}>{t('observatory.links.report', { year: reportYear })}</a>
          </li>
        )}
      </ul>
      <FiltersForm page={page} query={query} errors={errors} />
      {filters && figures && (
        <>
          <p class={`notice${figures.byCountry.exact ? ' obs-exact' : ''}`}>{t(figures.byCountry.exact ? 'observatory.privacy.exact' : 'observatory.privacy.public')}</p>
          <Figures page={page} filters={filters} figures={figures} drill={drill} />
          {datasets.length > 0 && <ExternalFiguresSection page={page} filters={filters} datasets={datasets} />}
          <section class="obs-about" aria-labelledby="obs-about-title">
            <h2 id="obs-about-title">{t('observatory.about.title')}</h2>
            <p>{t('observatory.about.sources')}</p>
            <p>{t('observatory.about.licence')}</p>
            <p class="muted">{t('observatory.updated', { date: new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(figures.byCountry.updatedAt)) })}</p>
          </section>
        </>
      )}
    </Layout>
  );
}

/** The latest year with a shown figure, for the report link. */
function latestYear(figures: Figures | undefined): number | undefined {
  if (!figures || figures.series.chart !== 'by-year') return undefined;
  const years = figures.series.rows.filter((row) => /^\d{4}$/.test(row.key) && 'value' in row.count).map((row) => Number(row.key));
  return years.length > 0 ? Math.max(...years) : undefined;
}

/** Largest first; "not known" last, whatever its size. */
function ranked(chart: ObservatoryChart): ObservatoryChart {
  const rank = (row: ChartRow) => (row.key === UNKNOWN_KEY ? 1 : 0);
  const value = (row: ChartRow) => ('value' in row.count ? row.count.value : 0);
  return { ...chart, rows: [...chart.rows].sort((a, b) => rank(a) - rank(b) || value(b) - value(a)) };
}

/**
 * The time axis of a series: the twelve months of its year, or every year from the first to the last
 * with figures — a year or month without any stays on the axis, empty, rather than closing the gap.
 */
function timeSlots(series: ObservatoryChart, lang: Lang): TimeSlot[] {
  const byKey = new Map(series.rows.map((row) => [row.key, row]));
  if (series.chart === 'by-month') {
    const year = series.filters.from ?? Number(series.rows[0]?.key.slice(0, 4));
    const month = new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' });
    return Array.from({ length: 12 }, (_, index) => {
      const key = `${year}-${String(index + 1).padStart(2, '0')}`;
      return { key, tick: month.format(Date.UTC(year, index, 1)), row: byKey.get(key) ?? null };
    });
  }
  const years = series.rows.filter((row) => /^\d{4}$/.test(row.key)).map((row) => Number(row.key));
  if (years.length === 0) return [];
  const first = Math.min(...years);
  return Array.from({ length: Math.max(...years) - first + 1 }, (_, index) => {
    const key = String(first + index);
    return { key, tick: key, row: byKey.get(key) ?? null };
  });
}

function chronological(chart: ObservatoryChart): ObservatoryChart {
  return { ...chart, rows: [...chart.rows].sort((a, b) => a.key.localeCompare(b.key)) };
}

function Figures({ page, filters, figures, drill }: { page: PageContext; filters: ObservatoryFilters; figures: Figures; drill: PageProps['drill'] }) {
  const { t, lang } = page;
  const measure: ObservatoryMeasure = figures.byCountry.measure;
  const measureName = t(`observatory.measure.${measure}`);
  const count = (row: ChartRow) => countText(row.count, page);
  const countryHref = (code: string) => observatoryHref(lang, { ...filters, country: code });
  const drillFor = (id: ObservatoryChartId) => (drill ? (row: ChartRow) => drill(row, id) : undefined);
  const textOf = (title: string, description: string) => mapText(t, title, description, (value) => countText(value, page));

  const byCountry = ranked(figures.byCountry);
  const mapTitle = t('observatory.map.title', { measure: measureName });
  const mapSummary = breakdownSummary(byCountry.rows, page, [UNKNOWN_KEY]);
  const choropleth = countryMap(byCountry, textOf(mapTitle, mapSummary), (row) => countryHref(row.key));

  const flows = ranked(figures.flows);
  const flowsTitle = t('observatory.flows.title');
  const topFlow = flows.rows.find((row) => row.from && row.to && 'value' in row.count);
  const flowsSummary = topFlow ? t('observatory.summary.flows', { first: t('observatory.summary.item', { label: topFlow.label, count: count(topFlow) }) }) : t('observatory.summary.none');
  const flowDrawing = flowMap(flows, textOf(flowsTitle, flowsSummary));
  const countryCell = (code: string | undefined) => (code && isCountryCode(code) ? <a href={countryHref(code)}>{countryName(code, lang)}</a> : '');

  const series = chronological(figures.series);
  const oneYear = series.chart === 'by-month';
  const seriesTitle = oneYear ? t('observatory.time.byMonth', { measure: measureName, year: filters.from ?? '' }) : t('observatory.time.byYear', { measure: measureName });
  const slots = timeSlots(series, lang);

  return (
    <>
      <ChartSection level={2} page={page} chart={byCountry} id="obs-by-country" title={mapTitle} summary={mapSummary} counted={t(`observatory.counted.${measure}`)} rowHref={(row) => (isCountryCode(row.key) ? countryHref(row.key) : undefined)} drill={drillFor('by-country')} tableOpen>
        <div class="obs-map">{raw(renderMapSvg(choropleth.spec, 'obs-map-countries'))}</div>
        <MapLegend caption={t('observatory.map.legend')} steps={choropleth.spec.steps ?? 1} items={choropleth.legend} />
      </ChartSection>

      <ChartSection
        level={2}
        page={page}
        chart={flows}
        id="obs-flows"
        title={flowsTitle}
        summary={flowsSummary}
        counted={t('observatory.counted.flows')}
        columns={[
          { heading: t('observatory.flows.from'), cell: (row) => countryCell(row.from) },
          { heading: t('observatory.flows.to'), cell: (row) => countryCell(row.to) },
        ]}
        drill={drillFor('flows')}
        tableOpen
      >
        <div class="obs-map">{raw(renderMapSvg(flowDrawing.spec, 'obs-map-flows'))}</div>
        {flowDrawing.legend.length > 0 && <MapLegend caption={t('observatory.flows.legend')} steps={flowDrawing.spec.steps ?? 1} items={flowDrawing.legend} kind="line" />}
      </ChartSection>

      <ChartSection level={2} page={page} chart={series} id={`obs-${series.chart}`} title={seriesTitle} summary={seriesSummary(series.rows, page)} counted={t(`observatory.counted.${measure}`)} drill={drillFor(series.chart)}>
        {oneYear ? (
          <LineChart slots={slots} count={count} title={seriesTitle} describedBy={`obs-${series.chart}-summary`} />
        ) : (
          <ColumnChart slots={slots} count={count} title={seriesTitle} describedBy={`obs-${series.chart}-summary`} />
        )}
      </ChartSection>

      <section aria-labelledby="obs-breakdowns-title" class="obs-block">
        <h2 id="obs-breakdowns-title">{t('observatory.breakdowns')}</h2>
        <div class="obs-grid">
          {figures.breakdowns.map((chart) => {
            const sorted = ranked(chart);
            const title = `${t(`observatoryData.chart.${chart.chart}`)} — ${measureName}`;
            const id = `obs-${chart.chart}`;
            return (
              <ChartSection level={3} page={page} chart={sorted} id={id} title={title} summary={breakdownSummary(sorted.rows, page)} counted={t(`observatory.counted.${measure}`)} drill={drillFor(chart.chart)}>
                <BarChart rows={sorted.rows} count={count} title={title} describedBy={`${id}-summary`} />
              </ChartSection>
            );
          })}
        </div>
      </section>

      <ChartSection level={2} page={page} chart={figures.outcomes} id="obs-outcomes" title={t('observatory.outcomes.title')} summary={breakdownSummary(figures.outcomes.rows, page)} counted={t('observatory.counted.outcomes')}>
        <OutcomeFigures page={page} chart={figures.outcomes} />
      </ChartSection>
    </>
  );
}
