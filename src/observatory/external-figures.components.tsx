/**
 * External figures beside Egide's own: for the observatory page (O2: render
 * `<ExternalFiguresSection page={page} filters={filters} datasets={await ctx.externalDatasets.withRows()} />`
 * in its slot) and the datasets' own pages. Each dataset is its own table, labelled with its source,
 * unit, definitions and caveats: never summed with Egide's figures nor with another dataset.
 */
import { regionName } from '../maps/countries.js';
import type { ObservatoryFilters } from './observatory-figures.js';
import { countryName, formatNumber } from '../registry/object.components.js';
import type { PageContext } from '../web/page-context.js';
import { TOTAL, type DatasetRow, type DatasetShape } from './external-dataset.js';
import type { ExternalDataset } from './external-datasets.service.js';

export const datasetsPath = (lang: string) => `/${lang}/observatory/datasets`;
export const datasetPath = (lang: string, slug: string) => `${datasetsPath(lang)}/${encodeURIComponent(slug)}`;
export const datasetDownload = (slug: string, format: 'json' | 'csv') => `/api/v1/observatory/datasets/${encodeURIComponent(slug)}${format === 'csv' ? '/rows.csv' : ''}`;

/** The rows the observatory's filters keep: its years, and its country (a region filter keeps rows of that region). Totals go with their parts. */
export function rowsForFilters(rows: readonly DatasetRow[], filters: ObservatoryFilters): DatasetRow[] {
  return rows.filter((row) => {
    if (typeof row.year === 'number' && ((filters.from !== undefined && row.year < filters.from) || (filters.to !== undefined && row.year > filters.to))) return false;
    const area = filters.country ?? filters.region;
    return area === undefined || row.area === undefined || row.area === TOTAL || row.area === area;
  });
}

export function areaLabel(area: string | undefined, shape: DatasetShape, page: PageContext): string {
  if (area === undefined) return '';
  if (area === TOTAL) return page.t('external.total');
  return shape.area === 'region' ? regionName(area, page.lang) : countryName(area, page.lang);
}

/** One dataset's rows as an accessible table, its source and unit in the caption. */
export function DatasetTable({ page, dataset, rows }: { page: PageContext; dataset: ExternalDataset; rows: readonly DatasetRow[] }) {
  const { t, lang } = page;
  return (
    <div class="table-scroll">
      <table>
        <caption>
          {dataset.title} — {dataset.source.organisation} ({t(`external.unit.${dataset.unit}`)})
        </caption>
        <thead>
          <tr>
            {dataset.shape.area && <th scope="col">{t(dataset.shape.area === 'country' ? 'external.column.country' : 'external.column.region')}</th>}
            {dataset.shape.year && <th scope="col">{t('external.column.year')}</th>}
            <th scope="col">{t('external.column.value')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class={row.area === TOTAL || row.year === TOTAL ? 'total' : undefined}>
              {dataset.shape.area && <th scope="row">{areaLabel(row.area, dataset.shape, page)}</th>}
              {dataset.shape.year && <td>{row.year === TOTAL ? t('external.total') : row.year}</td>}
              <td>{formatNumber(row.value, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Source, dates, licence, definitions and caveats: what a reader must know before comparing. */
export function DatasetFacts({ page, dataset }: { page: PageContext; dataset: ExternalDataset }) {
  const { t } = page;
  return (
    <dl class="facts">
      <dt>{t('external.source')}</dt>
      <dd>
        {dataset.source.organisation}, {dataset.source.url ? <a href={dataset.source.url}>{dataset.source.title}</a> : dataset.source.title}
      </dd>
      <dt>{t('external.publishedOn')}</dt>
      <dd>
        <time datetime={dataset.publishedOn}>{dataset.publishedOn}</time>
      </dd>
      <dt>{t('external.unit')}</dt>
      <dd>{t(`external.unit.${dataset.unit}`)}</dd>
      <dt>{t('external.definitions')}</dt>
      <dd>{dataset.definitions}</dd>
      <dt>{t('external.caveats')}</dt>
      <dd>{dataset.caveats}</dd>
      <dt>{t('external.licence')}</dt>
      <dd>{dataset.licence}</dd>
    </dl>
  );
}

/** The observatory page's section of external figures, filtered as the page is; nothing when there are none. */
export function ExternalFiguresSection({ page, filters, datasets }: { page: PageContext; filters: ObservatoryFilters; datasets: readonly ExternalDataset[] }) {
  const { t, lang } = page;
  if (datasets.length === 0) return null;
  return (
    <section class="external-figures" aria-labelledby="external-figures-title">
      <h2 id="external-figures-title">{t('external.section.title')}</h2>
      <p class="notice">{t('external.section.notSummed')}</p>
      {datasets.map((dataset) => {
        const rows = rowsForFilters(dataset.rows, filters);
        return (
          <article class="card">
            <h3>
              <a href={datasetPath(lang, dataset.slug)}>{dataset.title}</a>
            </h3>
            <p class="muted">
              {t('external.source')}: {dataset.source.organisation} · {t('external.caveats')}: {dataset.caveats}
            </p>
            {rows.length > 0 ? <DatasetTable page={page} dataset={dataset} rows={rows} /> : <p class="empty">{t('external.noRowsForFilters')}</p>}
          </article>
        );
      })}
      <p>
        <a href={datasetsPath(lang)}>{t('external.all')}</a>
      </p>
    </section>
  );
}
