/**
 * The observatory in a real browser, on a 390 px phone: a visitor opens it, reaches the filters with
 * the keyboard, narrows the figures to Europe, follows a country on the map and one in the flow
 * table, and downloads the CSV behind a chart to find the numbers of the page's table. The page
 * never scrolls sideways.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import type { TestApp } from '../../src/test-support/test-app.js';
import { reportObject, sight } from '../../src/observatory/observatory.test-support.js';
import { expectNoSideways, useE2E, type E2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;

/** Incidents and sightings through the running server's API and database, as the observatory's own tests make them. */
async function seed(e2e: E2E): Promise<void> {
  const context = e2e.server.context;
  await context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await context.organisations.ensure('prado', 'Museo del Prado', 'museum');
  // The helpers take a test app: the server over HTTP, with its context, is one.
  const server = { app: { request: (path: string, init?: RequestInit) => fetch(e2e.url(path), init) }, context } as unknown as TestApp;
  const louvre = await context.accounts.createApiToken('louvre', 'registrar', 'e2e');
  const prado = await context.accounts.createApiToken('prado', 'registrar', 'e2e');
  const french: string[] = [];
  for (let i = 0; i < 10; i++) french.push(await reportObject(server, louvre, { country: 'FR', reportedOn: '2024-04-10', type: 'sculpture' }));
  for (let i = 0; i < 6; i++) await reportObject(server, prado, { country: 'ES', reportedOn: '2023-02-01', type: 'sculpture' });
  for (let i = 0; i < 5; i++) await reportObject(server, prado, { country: 'PE', reportedOn: '2023-03-01', type: 'sculpture' });
  for (const id of french.slice(0, 5)) await sight(server, id, 'CH');
  const admin = await context.accounts.servicePrincipal('secretariat', 'admin');
  await context.library.create(admin, {
    kind: 'case-study',
    texts: {
      en: { title: 'A stolen chalice returned to its parish', summary: 'Seen at an auction abroad, identified from its registry record, returned within a year.' },
      fr: { title: 'Un calice volé rendu à sa paroisse' },
    },
    countries: ['FR', 'BE'],
    themes: ['restitution'],
    source: 'Secretariat of the network',
    licence: 'CC BY 4.0',
    publishedOn: '2025-09-01',
  });
}

const session = useE2E(seed);
const phonePage = async () => session.newPage(await session.newContext(PHONE));

/** The rows of a chart's data table: key → count as shown. */
async function tableRows(page: Page, chart: string): Promise<Record<string, string>> {
  const rows = page.locator(`table[data-chart="${chart}"] tbody tr`);
  const entries: Array<[string, string]> = [];
  for (let index = 0; index < (await rows.count()); index++) {
    const row = rows.nth(index);
    entries.push([(await row.getAttribute('data-key')) ?? '', (await row.locator('[data-count]').innerText()).trim()]);
  }
  return Object.fromEntries(entries);
}

describe('the library on a phone', () => {
  it('is reached from the observatory, finds an item by a word and opens it, nothing wider than the screen', async () => {
    const page = await phonePage();
    await page.goto('/en/observatory');
    await page.locator('ul.obs-links').getByRole('link', { name: 'Resource library' }).click();
    await page.waitForURL('**/en/observatory/library');
    await expectNoSideways(page);
    await page.locator('#lib-q').fill('chalice');
    await page.locator('#lib-q').press('Enter');
    await page.waitForURL('**/en/observatory/library?q=chalice*');
    const result = page.getByRole('link', { name: 'A stolen chalice returned to its parish' });
    expect((await result.boundingBox())?.width).toBeLessThanOrEqual(390);
    await result.click();
    await page.waitForURL(/\/en\/observatory\/library\/\d+$/);
    expect((await page.locator('h1').innerText()).trim()).toBe('A stolen chalice returned to its parish');
    expect(await page.locator('main').innerText()).toContain('Seen at an auction abroad');
    await expectNoSideways(page);
    await page.close();
  });
});

describe('the observatory on a phone', () => {
  it('opens with its map scaled to the screen, and the keyboard reaches the filters', async () => {
    const page = await phonePage();
    const response = await page.goto('/en/observatory');
    expect(response?.status()).toBe(200);
    expect((await page.locator('h1').innerText()).trim()).toBe('Observatory of illicit traffic');
    const map = page.getByRole('img', { name: 'Map: Objects reported stolen or missing, by country' });
    const box = await map.boundingBox();
    expect(box?.width).toBeGreaterThan(300);
    expect(box?.width).toBeLessThanOrEqual(390);
    await expectNoSideways(page);

    let reached = false;
    for (let presses = 0; presses < 40 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'f-measure');
    }
    expect(reached, 'Tab reaches the first filter').toBe(true);
    await page.close();
  });

  it('narrows to a region with the filters, then follows a country on the map and in the flow table', async () => {
    const page = await phonePage();
    await page.goto('/en/observatory');
    await page.getByLabel('Region', { exact: true }).selectOption('150');
    await Promise.all([page.waitForURL(/region=150/), page.getByRole('button', { name: 'Show' }).click()]);
    expect(await tableRows(page, 'by-country')).toEqual({ FR: '10', ES: '5' });
    expect(await page.getByLabel('Region', { exact: true }).inputValue()).toBe('150');
    await expectNoSideways(page);

    // Zoomed to Europe, France is large enough to tap.
    await Promise.all([page.waitForURL(/country=FR/), page.locator('.obs-map svg [data-country="FR"]').first().click()]);
    expect(new URL(page.url()).searchParams.get('country')).toBe('FR');
    expect(new URL(page.url()).searchParams.get('region')).toBe('150');
    expect(await tableRows(page, 'by-country')).toEqual({ FR: '10' });
    await expectNoSideways(page);

    await page.goto('/en/observatory');
    const flows = page.locator('table[data-chart="flows"]');
    expect(await tableRows(page, 'flows')).toEqual({ 'FR>CH': '5' });
    await Promise.all([page.waitForURL(/country=CH/), flows.getByRole('link', { name: 'Switzerland' }).click()]);
    expect(new URL(page.url()).searchParams.get('country')).toBe('CH');
    await expectNoSideways(page);
    await page.close();
  });

  it('downloads the CSV behind a chart with the numbers of its table', async () => {
    const page = await phonePage();
    await page.goto('/en/observatory');
    const shown = await tableRows(page, 'by-country');
    expect(shown).toEqual({ FR: '10', ES: '5', PE: '5' });
    const href = await page.locator('#obs-by-country a[data-format="csv"]').getAttribute('href');
    const response = await page.request.get(href ?? '');
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    const [header, ...lines] = (await response.text()).trim().split(/\r?\n/);
    const columns = (header ?? '').split(',');
    const downloaded = Object.fromEntries(
      lines
        .map((line) => line.split(','))
        .filter((cells) => cells[columns.indexOf('key')] !== 'total')
        .map((cells) => [cells[columns.indexOf('key')], cells[columns.indexOf('count')]]),
    );
    expect(downloaded).toEqual(shown);
    await page.close();
  });
});
