import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { OBSERVATORY_CHARTS, type ObservatoryChart } from './observatory-figures.js';
import { reportObject, sight } from './observatory.test-support.js';

let t: TestApp;
let tokens: RegistryTokens;

const get = (path: string, token?: string) => t.app.request(`/api/v1/observatory${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});

/** CSV lines as cells (the figures' labels hold no commas or quotes here). */
const csvRows = (text: string) =>
  text
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  for (let i = 0; i < 12; i += 1) await reportObject(t, tokens.louvre, { country: 'FR', reportedOn: '2024-02-01', placeKind: 'museum' });
  for (let i = 0; i < 3; i += 1) await reportObject(t, tokens.prado, { country: 'ES', reportedOn: '2024-07-01', placeKind: 'private-home' });
  const seen = await reportObject(t, tokens.prado, { country: 'ES', reportedOn: '2023-07-01' });
  await sight(t, seen, 'PT', '2024-09-01T00:00:00.000Z');
});
afterAll(() => t.close());

describe('charts as JSON and CSV', () => {
  it('gives the public the groups of 5 or more, rounded, and the same numbers in the CSV', async () => {
    const response = await get('/charts/by-country?from=2024&to=2024');
    expect(response.status).toBe(200);
    const chart = (await response.json()) as ObservatoryChart;
    expect(chart).toMatchObject({ chart: 'by-country', measure: 'reported', exact: false, total: { value: 10 } });
    expect(chart.rows).toEqual([{ key: 'FR', label: 'France', count: { value: 10 } }]);
    const csv = await get('/charts/by-country/rows.csv?from=2024&to=2024');
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    const [header, ...rows] = csvRows(await csv.text());
    expect(header).toEqual(['chart', 'measure', 'key', 'label', 'from', 'to', 'count', 'exact', 'updated_at']);
    expect(rows.map((row) => [row[2], row[6]])).toEqual([
      ['FR', '10'],
      ['total', '10'],
    ]);
  });

  it('gives investigators exact counts, with the same numbers in the CSV', async () => {
    const chart = (await (await get('/charts/by-country?from=2024&to=2024&lang=fr', tokens.investigator)).json()) as ObservatoryChart;
    expect(chart.exact).toBe(true);
    expect(chart.rows).toEqual([
      { key: 'FR', label: 'France', count: { value: 12 } },
      { key: 'ES', label: 'Espagne', count: { value: 3 } },
    ]);
    const rows = csvRows(await (await get('/charts/by-country/rows.csv?from=2024&to=2024&lang=fr', tokens.investigator)).text()).slice(1);
    expect(rows.map((row) => [row[2], row[6], row[7]])).toEqual([
      ['FR', '12', 'true'],
      ['ES', '3', 'true'],
      ['total', '15', 'true'],
    ]);
  });

  it('serves every chart in both formats', async () => {
    for (const id of OBSERVATORY_CHARTS) {
      const json = (await (await get(`/charts/${id}`, tokens.admin)).json()) as ObservatoryChart;
      const rows = csvRows(await (await get(`/charts/${id}/rows.csv`, tokens.admin)).text()).slice(1);
      const fromCsv = rows.filter((row) => !['total', 'share-recovered', 'median-days-to-recovery'].includes(row[2]!)).map((row) => [row[2], Number(row[6])]);
      expect(fromCsv, id).toEqual(json.rows.map((row) => [row.key, 'value' in row.count ? row.count.value : NaN]));
    }
  });
});

describe('bad filters', () => {
  it.each([
    ['country=ZZ', 'country'],
    ['from=2025&to=2020', 'from'],
    ['type=spaceships', 'type'],
    ['region=999', 'region'],
    ['status=lost', 'status'],
    ['measure=volume', 'measure'],
    ['from=20x5', 'from'],
    ['region=150&country=JP', 'country'],
  ])('refuses %s naming the parameter', async (query, field) => {
    const response = await get(`/charts/by-year?${query}`);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((issue) => issue.field)).toEqual([field]);
  });

  it('refuses an unknown chart naming it', async () => {
    const response = await get('/charts/by-colour');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe('chart');
  });
});

describe('open data', () => {
  it('describes the dataset in DCAT with its licence, update date and distributions', async () => {
    const response = await get('/dataset');
    expect(response.headers.get('Content-Type')).toMatch(/^application\/ld\+json/);
    const dataset = (await response.json()) as Record<string, unknown> & { 'dcat:distribution': Array<Record<string, { '@id': string } | string>> };
    expect(dataset['@type']).toBe('dcat:Dataset');
    expect(dataset['dct:license']).toEqual({ '@id': 'https://creativecommons.org/licenses/by/4.0/' });
    expect(dataset['dct:modified']).toMatchObject({ '@type': 'xsd:dateTime' });
    expect((dataset['dct:title'] as Array<{ '@language': string }>).map((title) => title['@language'])).toEqual(['fr', 'en', 'es']);
    const urls = dataset['dcat:distribution'].map((d) => (d['dcat:downloadURL'] as { '@id': string })['@id']);
    expect(urls).toContain('http://localhost/api/v1/observatory/charts/by-country/rows.csv');
    expect(urls).toContain('http://localhost/api/v1/observatory/years/2024/rows.csv');
    // 2023 has one report only: no public figure, no yearly file.
    expect(urls).not.toContain('http://localhost/api/v1/observatory/years/2023');
    expect(dataset['dcat:distribution'].length).toBe(OBSERVATORY_CHARTS.length * 2 + 2);
  });

  it('downloads a year’s public figures in one CSV, even for an investigator', async () => {
    const text = await (await get('/years/2024/rows.csv', tokens.investigator)).text();
    const rows = csvRows(text).slice(1);
    expect(new Set(rows.map((row) => row[0]))).toEqual(new Set(OBSERVATORY_CHARTS));
    expect(rows.every((row) => row[7] === 'false')).toBe(true);
    expect(rows).toContainEqual(['by-place-kind', 'reported', 'museum', 'Museum', '', '', '10', 'false', expect.any(String)]);
    // The sightings of 2024: one, in a group under 5.
    expect(rows).toContainEqual(['by-country', 'sightings', 'total', 'total', '', '', '<5', 'false', expect.any(String)]);
    const json = (await (await get('/years/2024')).json()) as { year: number; license: string; charts: ObservatoryChart[] };
    expect(json.year).toBe(2024);
    expect(json.charts.filter((chart) => chart.chart === 'by-country').map((chart) => chart.measure)).toEqual(['reported', 'recovered', 'sightings']);
  });

  it('refuses a year that is not one', async () => {
    expect((await get('/years/24')).status).toBe(400);
  });
});
