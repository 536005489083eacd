/**
 * A chart's exact figures made into what a viewer sees: labelled in the page's language, exact for
 * investigators and admins, published through observatory-privacy.ts for everyone else.
 */
import { t } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import { regionName } from '../maps/countries.js';
import { countryName } from '../registry/object.components.js';
import { entryByKey } from '../registry/vocabulary.js';
import type { Principal } from '../roles.js';
import type { ChartRow, ObservatoryChart, ObservatoryFilters } from './observatory-figures.js';
import { exactCount, medianOf, publishedCount, publishedMedian, shareOf } from './observatory-privacy.js';
import { UNKNOWN_KEY, type ChartData } from './observatory-queries.js';

/** Investigators and admins see exact counts; everyone else (the public, registrars, editors) the published ones. */
export function seesExactFigures(viewer: Principal | null): boolean {
  return viewer?.role === 'investigator' || viewer?.role === 'admin';
}

const monthFormats = new Map<Lang, Intl.DateTimeFormat>();

function monthLabel(key: string, lang: Lang): string {
  const [year, month] = key.split('-').map(Number) as [number, number];
  let format = monthFormats.get(lang);
  if (!format) monthFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' })));
  return format.format(Date.UTC(year, month - 1, 1));
}

/** A row key's label in `lang`. */
export function rowLabel(chart: ObservatoryChart['chart'], key: string, lang: Lang): string {
  if (key === UNKNOWN_KEY) return t(lang, 'observatoryData.row.unknown');
  switch (chart) {
    case 'by-country':
      return countryName(key, lang);
    case 'by-region':
      return regionName(key, lang);
    case 'by-month':
      return monthLabel(key, lang);
    case 'by-type':
      return entryByKey('objectType', key)?.label[lang] ?? key;
    case 'by-material':
      return entryByKey('material', key)?.label[lang] ?? key;
    case 'by-period':
      return t(lang, `observatoryData.period.${key}` as Parameters<typeof t>[1]);
    case 'by-place-kind':
      return t(lang, `observatoryData.placeKind.${key}` as Parameters<typeof t>[1]);
    case 'by-method':
      return t(lang, `incident.method.${key}` as Parameters<typeof t>[1]);
    case 'flows': {
      const [from, to] = key.split('>') as [string, string];
      return `${countryName(from, lang)} → ${countryName(to, lang)}`;
    }
    case 'outcomes':
      return t(lang, `observatoryData.row.${key}` as Parameters<typeof t>[1]);
    case 'by-year':
      return key;
  }
}

/**
 * The chart labelled for its viewer: `data` is exact for investigators and admins, sums of published
 * cells for everyone else (observatory-privacy.ts), whose rows are the keys with a count left.
 */
export function buildChart(data: ChartData, filters: ObservatoryFilters, exact: boolean, lang: Lang, updatedAt: string): ObservatoryChart {
  const count = exact ? exactCount : publishedCount;
  const rows: ChartRow[] = data.rows.map(({ key, n, from, to }) => ({
    key,
    label: rowLabel(data.chart, key, lang),
    count: count(n),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
  }));
  const chart: ObservatoryChart = { chart: data.chart, measure: data.measure, filters, rows, total: count(data.total), exact, updatedAt };
  if (data.outcome) {
    const { reported, recovered, days } = data.outcome;
    chart.outcome = { shareRecovered: shareOf(recovered, reported), medianDaysToRecovery: exact ? medianOf(days) : publishedMedian(days) };
  }
  return chart;
}
