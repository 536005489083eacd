/**
 * A chart's rows as a map (src/maps/map-spec.ts): countries coloured in classes of their published
 * count, flows drawn wider for more objects. The pages and the yearly report both build their maps
 * here, so the same figure gets the same colour on screen and on paper.
 */
import type { Translate } from '../i18n/i18n.js';
import { quantileClasses, type ValueClasses } from '../maps/map-classes.js';
import { isCountryCode } from '../maps/countries.js';
import type { LegendItem } from '../maps/map-legend.js';
import type { MapSpec } from '../maps/map-spec.js';
import type { ChartRow, ObservatoryChart, PublishedCount } from './observatory-figures.js';

/** Five colour classes: more are hard to tell apart on a phone or in print, fewer flatten a spread over dozens of countries. */
export const COUNTRY_STEPS = 5;
/** Three line widths: a fourth would be confused with its neighbours at phone size. */
export const FLOW_STEPS = 3;

export interface MapText {
  title: string;
  description: string;
  /** A count as the reader sees it ("120", "fewer than 5"). */
  count: (count: PublishedCount) => string;
  /** What a legend class reads ("5–19"). */
  range: (from: number, to: number) => string;
  /** The legend entry of countries without a shown figure. */
  noData: string;
}

/** The words of a map: its title and description, counts as the reader sees them, the legend's classes as the pages and the report both write them. */
export function mapText(t: Translate, title: string, description: string, count: (count: PublishedCount) => string): MapText {
  return {
    title,
    description,
    count,
    range: (from, to) => (from === to ? t('observatory.map.single', { from }) : t('observatory.map.range', { from, to })),
    noData: t('observatory.map.noData'),
  };
}

const shownValue = (count: PublishedCount) => ('value' in count && count.value > 0 ? count.value : null);

function legendOf(classes: ValueClasses, text: MapText): LegendItem[] {
  return classes.ranges.map((range, step) => ({ step, label: text.range(range.from, range.to) }));
}

/** The choropleth of a by-country chart: countries with a shown count in classes, the others (suppressed, none) left white. */
export function countryMap(chart: ObservatoryChart, text: MapText, href?: (row: ChartRow) => string): { spec: MapSpec; legend: LegendItem[] } {
  const rows = chart.rows.filter((row) => isCountryCode(row.key));
  const classes = quantileClasses(rows.flatMap((row) => shownValue(row.count) ?? []), COUNTRY_STEPS);
  const spec: MapSpec = {
    title: text.title,
    description: text.description,
    steps: classes.ranges.length,
    // Narrowed to a region or a country, the map zooms to the countries with figures.
    ...((chart.filters.region || chart.filters.country) && { extent: 'fit' as const }),
    countries: rows.map((row) => {
      const value = shownValue(row.count);
      return { country: row.key, step: value === null ? null : classes.stepOf(value), label: `${row.label}: ${text.count(row.count)}`, ...(href && { href: href(row) }) };
    }),
  };
  return { spec, legend: [...legendOf(classes, text), { step: null, label: text.noData }] };
}

/** The flow map: one line per route between known countries, suppressed routes drawn thinnest. */
export function flowMap(chart: ObservatoryChart, text: MapText): { spec: MapSpec; legend: LegendItem[] } {
  const rows = chart.rows.filter((row) => row.from && row.to && isCountryCode(row.from) && isCountryCode(row.to));
  const classes = quantileClasses(rows.flatMap((row) => shownValue(row.count) ?? []), FLOW_STEPS);
  const spec: MapSpec = {
    title: text.title,
    description: text.description,
    steps: classes.ranges.length,
    // Most routes join neighbouring countries: at world scale they would be a few pixels long.
    extent: 'fit',
    // Wider than tall, like a screen: at 4:3 the map was taller than a desktop window.
    width: 800,
    height: 500,
    flows: rows.map((row) => {
      const value = shownValue(row.count);
      return { from: row.from as string, to: row.to as string, step: value === null ? 0 : classes.stepOf(value), label: `${row.label}: ${text.count(row.count)}` };
    }),
  };
  return { spec, legend: legendOf(classes, text) };
}
