/**
 * How each chart's figures come out of the cube of facts (observatory-cube.ts): which tally, and
 * how its groups become rows (countries folded into regions, types into broader ones).
 */
import { regionOf } from '../maps/countries.js';
import { typePath } from '../registry/vocabulary.js';
import type { FigureCube, TallyBy } from './observatory-cube.js';
import type { ObservatoryChartId, ObservatoryFilters, ObservatoryMeasure } from './observatory-figures.js';
import { countriesOf, typeAndNarrower } from './observatory-filters.js';

export interface DataRow {
  key: string;
  n: number;
  from?: string;
  to?: string;
}

/** A chart's figures (exact, or published), before they are labelled for a viewer. */
export interface ChartData {
  chart: ObservatoryChartId;
  measure: ObservatoryMeasure;
  rows: DataRow[];
  total: number;
  outcome?: { reported: number; recovered: number; days: Array<[number, number]> };
}

/** Key of a row whose breakdown is not known (an incident without country, place…). */
export const UNKNOWN_KEY = 'unknown';

/** The measure a chart counts: flows always follow sightings, outcomes start from reports. */
export function measureOf(chart: ObservatoryChartId, filters: ObservatoryFilters): ObservatoryMeasure {
  if (chart === 'flows') return 'sightings';
  if (chart === 'outcomes') return 'reported';
  return filters.measure ?? 'reported';
}

/** The type a stored type counts under: the level just below the filtered type, or the top level. */
function shownType(stored: string, filtered: string | undefined): string {
  if (stored === '') return UNKNOWN_KEY;
  const path = typePath(stored).map((entry) => entry.key);
  if (path.length === 0) return stored;
  if (!filtered) return path[0]!;
  return path[path.indexOf(filtered) + 1] ?? filtered;
}

const TALLIES: Record<Exclude<ObservatoryChartId, 'outcomes'>, TallyBy> = {
  'by-country': 'country',
  'by-region': 'country',
  'by-year': 'year',
  'by-month': 'month',
  'by-type': 'type',
  'by-material': 'material',
  'by-period': 'period',
  'by-place-kind': 'place-kind',
  'by-method': 'method',
  flows: 'flow',
};

/** Groups summed under another key (countries into regions, types into broader ones); an undefined key is left out. */
function fold(groups: ReadonlyMap<string, number>, keyOf: (key: string) => string | undefined): DataRow[] {
  const rows = new Map<string, number>();
  for (const [group, n] of groups) {
    const key = keyOf(group);
    if (key !== undefined) rows.set(key, (rows.get(key) ?? 0) + n);
  }
  return [...rows].map(([key, n]) => ({ key, n }));
}

/** The figures of a chart: exact, or sums of published cells for the public. */
export function chartData(chart: ObservatoryChartId, filters: ObservatoryFilters, cube: FigureCube, published: boolean): ChartData {
  const measure = measureOf(chart, filters);
  const selectionOf = (m: ObservatoryMeasure) => ({
    measure: m,
    from: filters.from,
    to: filters.to,
    countries: countriesOf(filters),
    types: filters.type ? typeAndNarrower(filters.type) : undefined,
    status: filters.status,
  });
  const totalOf = (m: ObservatoryMeasure) => cube.tally(selectionOf(m), 'total', published).get('') ?? 0;
  const total = totalOf(measure);
  if (chart === 'outcomes') {
    const recovered = totalOf('recovered');
    const days = [...cube.tally(selectionOf('recovered'), 'days', published)].map(([value, n]): [number, number] => [Number(value), n]);
    return {
      chart,
      measure,
      rows: [
        { key: 'reported', n: total },
        { key: 'recovered', n: recovered },
      ],
      total,
      outcome: { reported: total, recovered, days },
    };
  }
  const groups = cube.tally(selectionOf(measure), TALLIES[chart], published);
  const orUnknown = (key: string) => (key === '' ? UNKNOWN_KEY : key);
  let rows: DataRow[];
  switch (chart) {
    case 'by-region':
      rows = fold(groups, (country) => regionOf(country)?.region ?? UNKNOWN_KEY);
      break;
    case 'by-type':
      rows = fold(groups, (type) => shownType(type, filters.type));
      break;
    case 'flows':
      // A flow needs both ends.
      rows = fold(groups, (pair) => (/^[^>]+>[^>]+$/.test(pair) ? pair : undefined)).map((row) => {
        const [from, to] = row.key.split('>') as [string, string];
        return { ...row, from, to };
      });
      break;
    case 'by-country':
    case 'by-year':
    case 'by-month':
    case 'by-material':
    case 'by-period':
    case 'by-place-kind':
    case 'by-method':
      rows = fold(groups, orUnknown);
  }
  rows.sort((a, b) => (chart === 'by-year' || chart === 'by-month' ? a.key.localeCompare(b.key) : b.n - a.n || a.key.localeCompare(b.key)));
  return { chart, measure, rows, total };
}
