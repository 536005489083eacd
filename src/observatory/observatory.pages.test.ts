import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { html, signedIn, visitor } from '../registry/pages.test-support.js';
import { element, escapeHtml, links } from '../test-support/html.js';
import { registryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { reportObject, sight } from './observatory.test-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const tokens = await registryTokens(t);
  // Public figures add up groups of 5 or more similar objects, each rounded to 5: FR 12 → 10, IT 6 → 5, ES 7 → 5; DE (2) and BE (1) are left out.
  const french: string[] = [];
  for (let i = 0; i < 12; i++) french.push(await reportObject(t, tokens.louvre, { country: 'FR', reportedOn: `2024-0${1 + (i % 2)}-10`, type: 'sculpture', placeKind: 'museum' }));
  for (let i = 0; i < 6; i++) await reportObject(t, tokens.prado, { country: 'IT', reportedOn: '2023-05-01' });
  for (let i = 0; i < 7; i++) await reportObject(t, tokens.prado, { country: 'ES', reportedOn: '2022-05-01', placeKind: 'place-of-worship' });
  await reportObject(t, tokens.louvre, { country: 'DE', reportedOn: '2024-06-01' });
  await reportObject(t, tokens.louvre, { country: 'DE', reportedOn: '2024-06-02' });
  await reportObject(t, tokens.louvre, { country: 'BE', reportedOn: '2024-06-03' });
  // Six French objects seen in Switzerland, one in the United Kingdom.
  for (const id of french.slice(0, 6)) await sight(t, id, 'CH');
  await sight(t, french[6] as string, 'GB');
});
afterAll(() => t.close());

const page = (path: string, status = 200) => html(t.app.request(path), status);
const decode = (text: string) => text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

/** The data table of a chart section: its rows' keys and counts, as shown. */
function tableOf(body: string, id: string): Array<{ key: string; count: string }> {
  const section = element(body, new RegExp(`<section class="obs-chart-section" id="${id}"[^>]*>`));
  expect(section, id).toBeDefined();
  return [...(section as string).matchAll(/<tr data-key="([^"]*)">[\s\S]*?<td class="number" data-count="?[^>]*>([^<]*)<\/td>/g)].map((match) => ({ key: decode(match[1] as string), count: decode(match[2] as string) }));
}

/** The download links of a chart section. */
function downloadsOf(body: string, id: string): Record<string, string> {
  const section = element(body, new RegExp(`<section class="obs-chart-section" id="${id}"[^>]*>`)) as string;
  return Object.fromEntries([...section.matchAll(/<a href="([^"]*)" data-format="(csv|json)"/g)].map((match) => [match[2], decode(match[1] as string)]));
}

/** A CSV of the open-data API as key → count (its `total` row left out). */
async function csvCounts(href: string): Promise<Record<string, string>> {
  const response = await t.app.request(href);
  expect(response.status).toBe(200);
  const [header, ...lines] = (await response.text()).trim().split(/\r?\n/);
  const columns = (header as string).split(',');
  const [key, count] = [columns.indexOf('key'), columns.indexOf('count')];
  return Object.fromEntries(lines.map((line) => line.split(',')).filter((cells) => cells[key] !== 'total').map((cells) => [cells[key], cells[count]]));
}

const asCsv = (shown: string) => (shown === 'fewer than 5' ? '<5' : shown.replace(/,/g, ''));

describe('the observatory page, for the public', () => {
  it('is in the main navigation', async () => {
    expect(links(await page('/fr/'))).toContain('/fr/observatory');
  });

  it('colours the world map by country, each country labelled and linked to the page filtered on it', async () => {
    const body = await page('/en/observatory');
    const map = element(body, /<div class="obs-map">/) as string;
    expect(map).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="obs-map-countries-title obs-map-countries-desc"/);
    expect(map).toContain('<title id="obs-map-countries-title">Map: Objects reported stolen or missing, by country</title>');
    const france = /<a href="([^"]*)" tabindex="-1"><path d="[^"]*" fill="(#[0-9a-f]{6})" data-country="FR"><title>([^<]*)<\/title>/.exec(map);
    expect(france?.[1]).toBe('/en/observatory?country=FR');
    expect(france?.[2]).not.toBe('#ffffff');
    expect(france?.[3]).toBe('France: 10');
    // Germany's 2 objects are merged with Belgium's: the map shows Germany without a figure.
    expect(map).toMatch(/<path d="[^"]*" fill="#ffffff" data-country="DE">/);
    expect(body).toContain('Most: France (10), then Spain (5), Italy (5).');
  });

  it('gives the same numbers in the map, its table and its CSV, leaving out countries under 5', async () => {
    const body = await page('/en/observatory');
    const rows = tableOf(body, 'obs-by-country');
    expect(rows).toEqual([
      { key: 'FR', count: '10' },
      { key: 'ES', count: '5' },
      { key: 'IT', count: '5' },
    ]);
    const csv = await csvCounts(downloadsOf(body, 'obs-by-country')['csv'] as string);
    expect(Object.fromEntries(rows.map((row) => [row.key, asCsv(row.count)]))).toEqual(csv);
    const json = (await (await t.app.request(downloadsOf(body, 'obs-by-country')['json'] as string)).json()) as { rows: Array<{ key: string; count: unknown }> };
    expect(json.rows.find((row) => row.key === 'FR')?.count).toEqual({ value: 10 });
  });

  it('draws every breakdown with the numbers of its table and of its CSV', async () => {
    const body = await page('/en/observatory');
    for (const id of ['by-year', 'by-region', 'by-type', 'by-material', 'by-period', 'by-place-kind', 'by-method', 'flows']) {
      const rows = tableOf(body, `obs-${id}`);
      expect(rows.length, id).toBeGreaterThan(0);
      const csv = await csvCounts(downloadsOf(body, `obs-${id}`)['csv'] as string);
      expect(Object.fromEntries(rows.map((row) => [row.key, asCsv(row.count)])), id).toEqual(csv);
    }
    // The bars are drawn with the table's counts, in its order.
    const placeKinds = element(body, /<section class="obs-chart-section" id="obs-by-place-kind"[^>]*>/) as string;
    const drawn = [...(element(placeKinds, /<svg class="obs-chart"[^>]*>/) as string).matchAll(/<text x="[\d.]+" y="[\d.]+" font-size="11"[^>]*>([^<]*)<\/text>/g)].map((match) => decode(match[1] as string));
    expect(drawn).toEqual(tableOf(body, 'obs-by-place-kind').map((row) => row.count));
  });

  it('draws the flows from the country of theft to the country of sighting, with their table', async () => {
    const body = await page('/en/observatory');
    // One object seen in the United Kingdom is too few to publish.
    expect(tableOf(body, 'obs-flows')).toEqual([{ key: 'FR>CH', count: '5' }]);
    const flows = element(body, /<section class="obs-chart-section" id="obs-flows"[^>]*>/) as string;
    expect(flows).toContain('<g class="map-flow" data-from="FR" data-to="CH"><title>France → Switzerland: 5</title>');
    expect(flows).toContain('The most frequent route: France → Switzerland (5).');
    expect(links(flows)).toContain('/en/observatory?country=CH');
  });

  it('says what is counted and how small counts are protected', async () => {
    const body = await page('/en/observatory');
    expect(body).toContain(escapeHtml(translate('en', 'observatory.privacy.public')));
    expect(body).toContain(translate('en', 'observatory.counted.flows'));
    expect(body).not.toContain(translate('en', 'observatory.table.show'));
  });
});

describe('categories left out of public figures', () => {
  const section = (body: string, id: string) => element(body, new RegExp(`<section class="obs-chart-section" id="${id}"[^>]*>`)) as string;
  const leftOut = (html: string) => element(html, /<tr data-key="left-out">/);

  it('are said on every public chart, and read “fewer than 5” in its table', async () => {
    const body = await page('/en/observatory');
    for (const id of ['obs-by-country', 'obs-flows', 'obs-by-year', 'obs-by-region', 'obs-by-type', 'obs-by-material', 'obs-by-period', 'obs-by-place-kind', 'obs-by-method']) {
      const chart = section(body, id);
      expect(chart, id).toContain(translate('en', 'observatory.chart.leftOut'));
      const row = leftOut(chart);
      expect(row, id).toContain(`<th scope="row">${translate('en', 'observatory.table.others')}</th>`);
      expect(row, id).toContain('<td class="number">fewer than 5</td>');
    }
    expect(leftOut(section(await page('/es/observatory'), 'obs-by-type'))).toContain('<td class="number">menos de 5</td>');
    expect(section(body, 'obs-outcomes')).not.toContain('left-out');
  });

  it('are not there for investigators, who see every category', async () => {
    const investigator = await signedIn(t, 'investigator', 'police-pages');
    const body = await html(investigator.browser.get('/en/observatory'));
    expect(body).not.toContain('data-key="left-out"');
    expect(body).not.toContain(translate('en', 'observatory.chart.leftOut'));
  });
});

describe('filters in the URL', () => {
  it('keep their values in the form, the links and the downloads, and show one year by month', async () => {
    const body = await page('/en/observatory?from=2024&to=2024&measure=reported');
    expect(body).toMatch(/<input id="f-from" name="from"[^>]*value="2024"/);
    expect(body).toMatch(/<option value="reported" selected="">/);
    expect(tableOf(body, 'obs-by-country')[0]).toEqual({ key: 'FR', count: '10' });
    expect(links(body).map(decode)).toContain('/en/observatory?from=2024&to=2024&country=FR&measure=reported');
    expect(downloadsOf(body, 'obs-by-country')['csv']).toBe('/api/v1/observatory/charts/by-country/rows.csv?from=2024&to=2024&measure=reported&lang=en');
    expect(tableOf(body, 'obs-by-month')).toEqual([
      { key: '2024-01', count: '5' },
      { key: '2024-02', count: '5' },
    ]);
    expect(body).toContain('Objects reported stolen or missing, by month of 2024');
    // The whole year stays on the axis, the months without figures empty.
    const months = element(element(body, /<section class="obs-chart-section" id="obs-by-month"[^>]*>/) as string, /<svg class="obs-chart"[^>]*>/) as string;
    expect([...months.matchAll(/font-size="11"[^>]*>([^<]*)</g)].map((match) => match[1])).toEqual(['Jan', 'Mar', 'May', 'Jul', 'Sep', 'Nov']);
    expect(months.match(/<circle /g)).toHaveLength(2);
  });

  it('zooms the map to a region', async () => {
    const world = element(await page('/en/observatory'), /<div class="obs-map">/) as string;
    const europe = element(await page('/en/observatory?region=150'), /<div class="obs-map">/) as string;
    expect(world).toContain('viewBox="0 0 960 ');
    expect(europe).toContain('viewBox="0 0 800 600"');
    expect(europe).not.toContain('data-country="AU"');
  });

  it.each([
    ['country=ZZ', 'country', 'Country'],
    ['from=2025&to=2020', 'from', 'From (year)'],
    ['from=20x4', 'from', 'From (year)'],
    ['region=999', 'region', 'Region'],
    ['region=150&country=JP', 'country', 'Country'],
    ['type=spaceship', 'type', 'Object type'],
    ['measure=guesses', 'measure', 'Figure shown'],
  ])('refuse ?%s with a 400 naming the field', async (query, field, label) => {
    const body = await page(`/en/observatory?${query}`, 400);
    const summary = element(body, /<div class="notice error" role="alert"[^>]*>/) as string;
    expect(summary).toContain(`<a href="#f-${field}">${label}</a>`);
    expect(body).toMatch(new RegExp(`id="f-${field}"[^>]*aria-invalid="true"`));
    expect(body).not.toContain('class="obs-chart-section"');
  });

  it('name the field in the visitor’s language', async () => {
    const body = await page('/fr/observatory?country=ZZ', 400);
    expect(body).toContain('<a href="#f-country">Pays</a>');
  });
});

describe('the observatory page, for investigators', () => {
  it('shows exact counts, small ones included, with a link to the records', async () => {
    const investigator = await signedIn(t, 'investigator', 'police-pages');
    const body = await html(investigator.browser.get('/en/observatory'));
    expect(tableOf(body, 'obs-by-country')).toEqual([
      { key: 'FR', count: '12' },
      { key: 'ES', count: '7' },
      { key: 'IT', count: '6' },
      { key: 'DE', count: '2' },
      { key: 'BE', count: '1' },
    ]);
    expect(body).toContain(translate('en', 'observatory.privacy.exact'));
    expect(links(element(body, /<section class="obs-chart-section" id="obs-by-country"[^>]*>/) as string).map(decode)).toContain('/en/search?country=DE&status=stolen&status=missing');
    // The public page is not changed by an investigator's visit.
    expect(tableOf(await html(visitor(t).get('/en/observatory')), 'obs-by-country').map((row) => row.count)).toEqual(['10', '5', '5']);
  });

  it('sees the exact total where the public reads "fewer than 5"', async () => {
    const investigator = await signedIn(t, 'investigator', 'police-pages');
    expect(await html(investigator.browser.get('/en/observatory?country=DE'))).toContain('Total: 2 ·');
    expect(await page('/en/observatory?country=DE')).toContain('Total: fewer than 5 ·');
  });
});
