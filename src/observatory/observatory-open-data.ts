/**
 * The observatory's open data: charts as CSV (the same numbers as their JSON, a suppressed count
 * written "<5"), the complete yearly dataset in one CSV with a `chart` column, and the dataset's
 * description in DCAT (JSON-LD) with its licence, update date and every distribution.
 */
import { csvLine } from '../interop/csv/object-csv.js';
import { t } from '../i18n/i18n.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import { OBSERVATORY_CHARTS, type ObservatoryChart, type PublishedCount } from './observatory-figures.js';

/** Egide's own figures are published under CC BY 4.0: reuse with attribution (issue 15). */
export const OBSERVATORY_LICENCE = 'https://creativecommons.org/licenses/by/4.0/';

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';
export const JSON_LD_MEDIA_TYPE = 'application/ld+json';

/** Where each distribution is served, under the API's base (`/api/v1`). */
export const openDataPaths = {
  chart: (chart: string) => `/observatory/charts/${chart}`,
  chartCsv: (chart: string) => `/observatory/charts/${chart}/rows.csv`,
  year: (year: number | string) => `/observatory/years/${year}`,
  yearCsv: (year: number | string) => `/observatory/years/${year}/rows.csv`,
  dataset: '/observatory/dataset',
};

const CSV_COLUMNS = ['chart', 'measure', 'key', 'label', 'from', 'to', 'count', 'exact', 'updated_at'];

function countCell(count: PublishedCount): string {
  return 'value' in count ? String(count.value) : `<${count.fewerThan}`;
}

/** The charts as CSV rows: each chart's rows, then its `total` (and, for outcomes, the share and median). */
export function chartsCsv(charts: readonly ObservatoryChart[]): string {
  let text = csvLine(CSV_COLUMNS);
  for (const chart of charts) {
    const line = (key: string, label: string, count: string, from = '', to = '') =>
      csvLine([chart.chart, chart.measure, key, label, from, to, count, chart.exact ? 'true' : 'false', chart.updatedAt]);
    for (const row of chart.rows) text += line(row.key, row.label, countCell(row.count), row.from, row.to);
    text += line('total', 'total', countCell(chart.total));
    if (chart.outcome) {
      text += line('share-recovered', 'share recovered', chart.outcome.shareRecovered === null ? '' : String(chart.outcome.shareRecovered));
      text += line('median-days-to-recovery', 'median days to recovery', chart.outcome.medianDaysToRecovery === null ? '' : String(chart.outcome.medianDaysToRecovery));
    }
  }
  return text;
}

const texts = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => LANGUAGES.map((lang: Lang) => ({ '@value': t(lang, key, params), '@language': lang }));

/** The dataset in DCAT: `apiUrl` is the API's absolute base (https://…/api/v1), `years` those with figures. */
export function datasetJsonLd(apiUrl: string, updatedAt: string, years: readonly number[]): Record<string, unknown> {
  const distribution = (url: string, mediaType: string, title: ReturnType<typeof texts>) => ({
    '@type': 'dcat:Distribution',
    'dct:title': title,
    'dcat:downloadURL': { '@id': `${apiUrl}${url}` },
    'dcat:mediaType': mediaType,
    'dct:license': { '@id': OBSERVATORY_LICENCE },
  });
  return {
    '@context': {
      dcat: 'http://www.w3.org/ns/dcat#',
      dct: 'http://purl.org/dc/terms/',
      foaf: 'http://xmlns.com/foaf/0.1/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    },
    '@id': `${apiUrl}${openDataPaths.dataset}`,
    '@type': 'dcat:Dataset',
    'dct:title': texts('observatoryData.dataset.title'),
    'dct:description': texts('observatoryData.dataset.description'),
    'dct:license': { '@id': OBSERVATORY_LICENCE },
    'dct:modified': { '@value': updatedAt, '@type': 'xsd:dateTime' },
    'dct:publisher': { '@type': 'foaf:Organization', 'foaf:name': 'Egide' },
    'dcat:keyword': ['illicit traffic', 'cultural property', 'theft', 'trafic illicite', 'tráfico ilícito'],
    'dcat:distribution': [
      ...OBSERVATORY_CHARTS.flatMap((chart) => [
        distribution(openDataPaths.chart(chart), 'application/json', texts(`observatoryData.chart.${chart}`)),
        distribution(openDataPaths.chartCsv(chart), 'text/csv', texts(`observatoryData.chart.${chart}`)),
      ]),
      ...years.flatMap((year) => [
        distribution(openDataPaths.year(year), 'application/json', texts('observatoryData.dataset.year', { year })),
        distribution(openDataPaths.yearCsv(year), 'text/csv', texts('observatoryData.dataset.year', { year })),
      ]),
    ],
  };
}
