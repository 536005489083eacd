import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { html } from '../registry/pages.test-support.js';
import { element, escapeHtml, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { andesList, levantList, publishLists } from './red-list-public.test-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await publishLists(t, [levantList({ edition: { number: 1, year: 2024 } }), levantList(), andesList()]);
});
afterAll(() => t.close());

const page = (path: string, status = 200) => html(t.app.request(path), status);
const disclaimer = (body: string) => element(body, /<aside class="rl-disclaimer"[^>]*>/);

describe('the Red Lists page', () => {
  it('shows every published list with its region, edition, category count and demonstration badge', async () => {
    const body = await page('/en/red-lists');
    expect(body).toContain('Demonstration Red List of the Levant');
    expect(body).toContain('Red List of the Andes');
    expect(body).toContain(escapeHtml(translate('en', 'redlists.edition', { number: 2, year: 2025 })));
    expect(body).toContain(translate('en', 'redlists.categoryCount', { count: 5 }));
    expect(body).toContain('Lebanon, Syria');
    expect(body.match(/class="badge rl-demo"/g)).toHaveLength(1);
    expect(body).toContain('action="/en/red-lists/search"');
  });

  it('shows a list without the visitor’s language in its own, marked with lang', async () => {
    const body = await page('/es/red-lists');
    expect(body).toContain('<span lang="fr" dir="auto">Liste rouge de démonstration du Levant</span>');
    expect(body).toContain('>Lista roja de los Andes</a>');
  });

  it('is linked from the main navigation', async () => {
    expect(links(await page('/fr/'))).toContain('/fr/red-lists');
  });
});

describe('a Red List page', () => {
  it('puts the disclaimer first, labels a demonstration, and links the booklet', async () => {
    const body = await page('/en/red-lists/levant-demo');
    expect(disclaimer(body)).toContain('The objects shown are not stolen: they illustrate protected types.');
    expect(body.indexOf('rl-disclaimer')).toBeLessThan(body.indexOf('id="rl-introduction"'));
    expect(body).toContain(escapeHtml(translate('en', 'redlists.demonstration.notice')));
    expect(links(body)).toContain('/en/red-lists/levant-demo/booklet.pdf');
  });

  it('gives the other languages side by side', async () => {
    const body = await page('/en/red-lists/levant-demo');
    expect(body).toContain('<span lang="ar" dir="auto">القائمة الحمراء التجريبية للمشرق</span>');
    const introduction = body.slice(body.indexOf('id="rl-introduction"'));
    expect(element(introduction, /<details class="rl-other-languages">/)).toContain('<dd lang="fr" dir="auto" class="prose">Une introduction.</dd>');
  });

  it('shows the categories as a tree, the legal section and contacts per country', async () => {
    const body = await page('/en/red-lists/levant-demo');
    for (const id of ['ceramics', 'painted-bowls', 'oil-lamps', 'metalwork', 'bronze-statuettes']) expect(links(body)).toContain(`/en/red-lists/levant-demo/categories/${id}`);
    expect(body).toContain('Ratified in 1992');
    expect(body).toContain('Not ratified');
    expect(body).toContain('Decree 166/1933');
    expect(body).toContain('export prohibited');
    expect(body).toContain('objects more than 100 years old');
    expect(body).toContain('<h3>Lebanon</h3>');
    expect(body).toContain('mailto:heritage@customs.example');
    expect(body).toContain('href="tel:+963110000000"');
  });

  it('keeps earlier editions readable, saying they are not the latest', async () => {
    const latest = await page('/en/red-lists/levant-demo');
    expect(links(latest)).toContain('/en/red-lists/levant-demo/editions/1');
    expect(latest).not.toContain('rl-old-edition');
    const first = await page('/en/red-lists/levant-demo/editions/1');
    expect(first).toContain(escapeHtml(translate('en', 'redlists.olderEdition', { number: 1, year: 2024 })));
    expect(links(first)).toContain('/en/red-lists/levant-demo/editions/1/categories/painted-bowls');
    expect(first).toContain('src="/media/red-lists/levant-demo/1/thumbnail/bowl-1.jpg"');
    expect(disclaimer(first)).toBeDefined();
  });

  it('answers 404 for an unknown list or edition', async () => {
    await page('/en/red-lists/nowhere', 404);
    await page('/en/red-lists/levant-demo/editions/9', 404);
  });
});

describe('a category page', () => {
  it('shows the category in the list’s language when the visitor’s is missing, with the other languages', async () => {
    const body = await page('/es/red-lists/levant-demo/categories/painted-bowls');
    expect(body).toMatch(/<h1 lang="fr">Bols peints<\/h1>/);
    expect(body).toContain('<span lang="en" dir="auto">Painted bowls</span>');
    expect(body).toContain('800–300 a. C.');
    expect(disclaimer(body)).toContain('lang="fr"');
  });

  it('shows period, region, features, AAT links, examples with their credit, and the breadcrumb', async () => {
    const body = await page('/en/red-lists/levant-demo/categories/painted-bowls');
    expect(body).toContain('800–300 BCE');
    expect(body).toContain('Phoenician');
    expect(body).toContain('Geometric decoration');
    expect(links(body)).toContain('http://vocab.getty.edu/aat/300152126');
    expect(body).toContain('src="/media/red-lists/levant-demo/2/display/bowl-1.jpg"');
    expect(body).toContain('alt="Example of Painted bowls, National Museum of Korea"');
    for (const text of ['KOGL Type 1', 'NMK-2', 'Held by']) expect(body).toContain(text);
    const breadcrumb = element(body, /<nav class="rl-breadcrumb"[^>]*>/) ?? '';
    expect(links(breadcrumb)).toEqual(['/en/red-lists', '/en/red-lists/levant-demo', '/en/red-lists/levant-demo/categories/ceramics']);
    expect(disclaimer(body)).toContain('The objects shown are not stolen');
    expect(body).toContain('class="badge rl-demo"');
    expect(links(body)).toContain('/api/v1/red-lists/levant-demo/categories/painted-bowls.jsonld');
  });

  it('lists its narrower categories and shows a period across eras', async () => {
    const body = await page('/fr/red-lists/levant-demo/categories/ceramics');
    expect(body).toContain('3000 av. J.-C. – 1500 apr. J.-C.');
    const narrower = body.slice(body.indexOf('id="rl-subcategories"'));
    expect(links(narrower)).toEqual(expect.arrayContaining(['/fr/red-lists/levant-demo/categories/painted-bowls', '/fr/red-lists/levant-demo/categories/oil-lamps']));
  });

  it('answers 404 for an unknown category', async () => {
    await page('/en/red-lists/levant-demo/categories/nothing', 404);
    await page('/en/red-lists/nowhere/categories/ceramics', 404);
  });
});

describe('the Red List search page', () => {
  it('finds categories from the words and filters in the URL, a typo forgiven', async () => {
    const body = await page(`/fr/red-lists/search?q=statuetes&country=SY`);
    expect(body).toContain(escapeHtml(translate('fr', 'redlists.search.corrected', { typed: 'statuetes', read: 'statuettes' })));
    expect(body).toContain(translate('fr', 'redlists.search.count', { count: 1 }));
    expect(links(body)).toContain('/fr/red-lists/levant-demo/categories/bronze-statuettes');
    expect(body).toContain('name="q" value="statuetes"');
    expect(body).toMatch(/<option value="SY" selected="">Syrie<\/option>/);
  });

  it('filters by material and period', async () => {
    const body = await page('/en/red-lists/search?material=wool&from=1000&to=1200');
    expect(links(body)).toContain('/en/red-lists/andes/categories/textiles');
    expect(body).toContain(translate('en', 'redlists.search.count', { count: 1 }));
  });

  it('names an invalid filter and searches without it', async () => {
    const body = await page('/en/red-lists/search?q=bowl&from=200&to=100');
    expect(body).toContain(escapeHtml(translate('en', 'redlists.search.invalid', { fields: translate('en', 'redlists.search.from') })));
    expect(body).toContain(translate('en', 'redlists.search.count', { count: 2 }));
    expect(body).toMatch(/id="rl-from"[^>]*aria-invalid="true"/);
  });
});
