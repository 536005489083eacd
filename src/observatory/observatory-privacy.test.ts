import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildChart } from './observatory-charts.js';
import { FigureCube } from './observatory-cube.js';
import { factsOf, type Fact, type SourceObject } from './observatory-facts.js';
import { OBSERVATORY_CHARTS, type ObservatoryChart, type ObservatoryChartId, type ObservatoryFilters, type PublishedCount } from './observatory-figures.js';
import { publishCell, THRESHOLD } from './observatory-privacy.js';
import { chartData } from './observatory-queries.js';
import { regionOf } from '../maps/countries.js';

/**
 * The privacy property: an object whose finest cells hold fewer than THRESHOLD objects changes no
 * public figure. For random incident sets with one private "target" object, every public chart
 * under every filter set is computed with and without the target, from the same cube of facts the
 * service uses: they must be identical. Then no attack on public figures — a total minus its rows, a filter
 * minus a narrower one (A vs A∧B), a year minus its months, a chart against another — can tell
 * whether the target exists, let alone its cell's value, since every figure it could combine is the
 * same in both worlds. The exact figures investigators see do differ (the test would catch a leak).
 */

const COUNTRIES = ['FR', 'DE', 'ES', 'MA'];
const TYPES = ['oil-paintings', 'watercolours', 'paintings', 'statues', 'busts'];
const STATUSES = ['stolen', 'missing', 'recovered', 'found'];
const YEARS = [2023, 2024];

interface Incident {
  country: string;
  type: string;
  status: string;
  year: number;
  month: number;
  method: string;
  placeKind: string;
  material: string;
  seenIn: string | null;
}

const incident = fc.record({
  country: fc.constantFrom(...COUNTRIES),
  type: fc.constantFrom(...TYPES),
  status: fc.constantFrom(...STATUSES),
  year: fc.constantFrom(...YEARS),
  month: fc.integer({ min: 1, max: 12 }),
  method: fc.constantFrom('theft', 'burglary', 'looting'),
  placeKind: fc.constantFrom('museum', 'private-home', 'place-of-worship'),
  material: fc.constantFrom('oil-paint', 'marble', 'bronze'),
  seenIn: fc.option(fc.constantFrom(...COUNTRIES), { freq: 3 }),
});

/**
 * Groups of identical incidents (so that cells of 5 or more are common), the target, and up to 3
 * objects in the target's own cell (same year, country, type and status; other month, place…), so
 * that its cell holds 1 to 4.
 */
const world = fc.record({
  groups: fc.array(fc.record({ incident, copies: fc.integer({ min: 1, max: 9 }) }), { minLength: 1, maxLength: 12 }),
  target: incident,
  neighbours: fc.array(incident, { maxLength: 3 }),
});

type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

function sourceOf(seq: number, i: Incident): SourceObject {
  const date = `${i.year}-${String(i.month).padStart(2, '0')}-10`;
  return {
    seq,
    status: i.status,
    objectType: i.type,
    earliestYear: 1850,
    latestYear: 1860,
    materials: [i.material],
    incidents: [{ country: i.country, method: i.method, placeKind: i.placeKind, reportedOn: date, discoveredOn: null }],
    recoveries: i.status === 'recovered' || i.status === 'found' ? [`${i.year}-12-20T00:00:00.000Z`] : [],
    sightings: i.seenIn ? [{ country: i.seenIn, at: `${i.year}-11-01T00:00:00.000Z` }] : [],
  };
}

function cubeOf(objects: readonly SourceObject[]): FigureCube {
  const cube = new FigureCube();
  cube.replace([], objects.flatMap(factsOf));
  return cube;
}

function filterSets(target: Incident): ObservatoryFilters[] {
  const y = { from: target.year, to: target.year };
  return [
    {},
    y,
    { country: target.country },
    { type: target.type },
    { type: 'visual-works' },
    { status: target.status as ObservatoryFilters['status'] },
    { region: '150' },
    { ...y, country: target.country, type: target.type },
    { ...y, country: target.country, type: target.type, status: target.status as ObservatoryFilters['status'] },
    { measure: 'sightings', country: target.seenIn ?? target.country },
    { measure: 'recovered', ...y },
    { region: regionOf(target.country)!.subRegion },
    { ...y, region: regionOf(target.country)!.region },
  ];
}

const valueOf = (count: PublishedCount) => ('value' in count ? count.value : 0);

/**
 * The subtractions an attacker would try, each a number computed from public figures only: a
 * total minus its rows, a region minus its countries, a year minus its months, a country minus
 * each type, every status minus each one. A hidden cell would show as a difference that changes
 * with the target.
 */
function subtractions(cube: FigureCube, target: Incident): Record<string, number> {
  const chart = (id: ObservatoryChartId, f: ObservatoryFilters) => buildChart(chartData(id, f, cube, true), f, false, 'en', '');
  const sum = (c: ObservatoryChart) => c.rows.reduce((total, row) => total + valueOf(row.count), 0);
  const y = { from: target.year, to: target.year };
  const region = regionOf(target.country)!;
  const differences: Record<string, number> = {};
  for (const id of OBSERVATORY_CHARTS) {
    if (id === 'outcomes') continue;
    const whole = chart(id, y);
    differences[`${id}: total − rows`] = valueOf(whole.total) - sum(whole);
  }
  for (const code of [region.region, region.subRegion]) {
    const countries = chart('by-country', { region: code });
    differences[`region ${code} − its countries`] = valueOf(countries.total) - countries.rows.reduce((total, row) => total + valueOf(chart('by-country', { country: row.key }).total), 0);
    differences[`world by region − region ${code}`] = valueOf(chart('by-region', {}).total) - valueOf(countries.total);
  }
  differences['year − its months'] = valueOf(chart('by-year', y).total) - sum(chart('by-month', y));
  differences['years − this year'] = valueOf(chart('by-year', {}).total) - valueOf(chart('by-year', y).total);
  const inCountry = chart('by-type', { ...y, country: target.country });
  for (const type of TYPES) differences[`country − type ${type}`] = valueOf(inCountry.total) - valueOf(chart('by-type', { ...y, country: target.country, type }).total);
  for (const status of STATUSES) differences[`all − ${status}`] = valueOf(chart('by-country', y).total) - valueOf(chart('by-country', { ...y, status: status as ObservatoryFilters['status'] }).total);
  return differences;
}

/** The objects of a drawn world without and with its target, kept only when the target's cells hold fewer than THRESHOLD. */
function sources({ groups, target, neighbours }: World): { withTarget: SourceObject[]; without: SourceObject[] } {
  const others = [
    ...groups.flatMap(({ incident, copies }) => Array.from({ length: copies }, () => incident)),
    ...neighbours.map((n) => ({ ...n, year: target.year, country: target.country, type: target.type, status: target.status })),
  ];
  const without = others.map((o, i) => sourceOf(i + 1, o));
  const withTarget = [...without, sourceOf(others.length + 1, target)];
  fc.pre(targetCellsSmall(withTarget, withTarget.at(-1)!));
  return { withTarget, without };
}

function charts(cube: FigureCube, filters: readonly ObservatoryFilters[], exact: boolean): ObservatoryChart[] {
  return filters.flatMap((f) => OBSERVATORY_CHARTS.map((id) => buildChart(chartData(id, f, cube, !exact), f, exact, 'en', '')));
}

/** Whether every finest cell the target counts in holds fewer than THRESHOLD objects, the target included (its breakdowns' cells are within these). */
function targetCellsSmall(objects: readonly SourceObject[], target: SourceObject): boolean {
  const cell = (f: Fact) => [f.measure, f.year, f.country, f.objectType, f.status].join('|');
  const counts = new Map<string, number>();
  for (const fact of objects.flatMap(factsOf)) counts.set(cell(fact), (counts.get(cell(fact)) ?? 0) + 1);
  return factsOf(target).every((fact) => (counts.get(cell(fact)) ?? 0) < THRESHOLD);
}

describe('public figures and a private target object', () => {
  it('are the same with and without an object whose cells hold fewer than 5', () => {
    let compared = 0;
    fc.assert(
      fc.property(world, (drawn) => {
        const { target } = drawn;
        const { withTarget, without } = sources(drawn);
        const filters = filterSets(target);
        const cubeWith = cubeOf(withTarget);
        const cubeWithout = cubeOf(without);
        expect(charts(cubeWith, filters, false)).toEqual(charts(cubeWithout, filters, false));
        // Not vacuous: the exact figures tell the target apart.
        expect(charts(cubeWith, filters, true)).not.toEqual(charts(cubeWithout, filters, true));
        compared += 1;
      }),
      { numRuns: 150 },
    );
    expect(compared).toBe(150);
  });

  it('give the same differences with and without it, whatever is subtracted from what', () => {
    let nonZero = 0;
    fc.assert(
      fc.property(world, (drawn) => {
        const { target } = drawn;
        const { withTarget, without } = sources(drawn);
        const differences = subtractions(cubeOf(withTarget), target);
        expect(differences).toEqual(subtractions(cubeOf(without), target));
        nonZero += Object.values(differences).filter((difference) => difference !== 0).length;
      }),
      { numRuns: 100 },
    );
    // Not vacuous: the differences are real numbers (a narrower filter counts less), only the same in both worlds.
    expect(nonZero).toBeGreaterThan(0);
  });

  it('still counts the large groups the target belongs to (rounded)', () => {
    const big: Incident = { country: 'FR', type: 'oil-paintings', status: 'stolen', year: 2024, month: 3, method: 'theft', placeKind: 'museum', material: 'oil-paint', seenIn: null };
    const cube = cubeOf(Array.from({ length: 12 }, (_, i) => sourceOf(i + 1, big)));
    const [byCountry, byMonth] = charts(cube, [{}, { from: 2024, to: 2024, country: 'FR' }], false).filter((c) => c.chart === 'by-country' || c.chart === 'by-month');
    expect(byCountry!.rows).toEqual([{ key: 'FR', label: 'France', count: { value: 10 } }]);
    expect(byCountry!.total).toEqual({ value: 10 });
    expect(byMonth!.rows.map((row) => [row.key, row.count])).toEqual([['2024-03', { value: 10 }]]);
  });
});

describe('publishCell', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 5],
    [7, 5],
    [8, 10],
    [12, 10],
    [13, 15],
  ])('publishes %i as %i', (n, shown) => {
    expect(publishCell(n)).toBe(shown);
  });
});
