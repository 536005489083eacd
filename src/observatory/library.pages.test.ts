import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { levantList, publishLists } from '../redlists/red-list-public.test-support.js';
import { signedIn } from '../registry/pages.test-support.js';
import { element, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { SAMPLE_CSV, sampleDatasetMetadata, sampleLibraryItem } from './library.test-support.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  const admin = (await signedIn(t, 'admin', 'secretariat')).principal;
  await publishLists(t, [levantList()]);
  await t.context.library.create(admin, sampleLibraryItem());
  await t.context.library.create(admin, sampleLibraryItem({ kind: 'news', texts: { es: { title: 'Aduanas incautan estatuillas' } }, countries: ['LB'], themes: ['customs'], source: 'Aduana' }));
  await t.context.externalDatasets.import(admin, sampleDatasetMetadata({ slug: 'survey-pages' }), { csv: SAMPLE_CSV });
});
afterAll(() => t.close());

async function page(path: string, status = 200): Promise<string> {
  const response = await t.app.request(path);
  expect(response.status, path).toBe(status);
  return response.text();
}

describe('the observatory, its library and the figures of others', () => {
  // The page's own links, not the site's navigation (which links the observatory from every page).
  const ownLinks = async (path: string) => links(element(await page(path), /<ul class="obs-links">/) ?? '');

  it('link to each other', async () => {
    expect(await ownLinks('/en/observatory')).toEqual(expect.arrayContaining(['/en/observatory/library', '/en/observatory/datasets']));
    expect(await ownLinks('/fr/observatory/library')).toEqual(['/fr/observatory', '/fr/observatory/datasets']);
    expect(await ownLinks('/es/observatory/datasets')).toEqual(['/es/observatory', '/es/observatory/library']);
  });
});

describe('library pages', () => {
  it('finds a French text from an English page, accents folded, marked with its language', async () => {
    const html = await page('/en/observatory/library?q=Eveque');
    expect(html).toContain('<span lang="fr">Guide de l’évêque sur les objets liturgiques</span>');
    expect(html).not.toContain('Aduanas incautan');
  });

  it('filters by kind, country and theme, and shows the Red Lists’ laws of the country', async () => {
    const html = await page('/fr/observatory/library?kind=news&country=LB&theme=customs');
    expect(html).toContain('Aduanas incautan estatuillas');
    expect(html).not.toContain('évêque sur');
    expect(html).toContain('Loi sur les antiquités');
    expect(html).toContain('Decree 166/1933');
    expect(await page('/fr/observatory/library?country=Liban', 400)).toContain('country');
  });

  it('lists laws by country from the published Red Lists', async () => {
    const html = await page('/es/observatory/library/laws');
    expect(html).toContain('Líbano');
    expect(html).toContain('Decree 166/1933');
  });

  it('shows an external dataset with its source, caveats and downloads', async () => {
    const html = await page('/en/observatory/datasets/survey-pages');
    expect(html).toContain('Not every country answered');
    expect(html).toContain('/api/v1/observatory/datasets/survey-pages/rows.csv');
    expect(html).toContain('<th scope="row">Europe</th>');
  });
});
