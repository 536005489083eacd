import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../roles.js';
import type { AppEnv } from '../http/env.js';
import { t as translate } from '../i18n/i18n.js';
import { isLang, LANGUAGES, type Lang } from '../i18n/languages.js';
import { element, escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { ObjectSearch } from './page-support.js';
import { html, makeObject, report, signedIn, visitor } from './pages.test-support.js';
import { readSearchForm, searchPages, searchQueryOf } from './search.pages.js';
import type { SearchQuery, SearchResult } from './search/search.types.js';

/**
 * The search page against a stand-in search service: what the page asks of it (the query) and how
 * it shows what it gets back (facets with counts, corrections, results, pages).
 */
let t: TestApp;
let asked: Array<{ principal: Principal | null; query: SearchQuery; lang: Lang }> = [];
let answer: SearchResult;
let app: Hono<AppEnv>;
/** Who the stand-in app says is asking. */
let asking: Principal | null = null;
const registrar: Principal = { userId: 1, displayName: 'A registrar', role: 'registrar', organisationId: 1, organisationSlug: 'louvre', via: 'session' };

const hit = (n: number) => ({
  id: `object${String(n).padStart(10, '0')}`,
  inventoryNumber: `INV-${n}`,
  title: `Portrait of a bishop ${n}`,
  status: 'stolen' as const,
  onAlertList: true,
  objectType: 'oil-paintings',
  organisation: { slug: 'louvre', name: 'Musée du Louvre' },
  thumbnailUrl: n === 1 ? '/media/photos/abc/thumbnail' : null,
  dating: 'c. 1650',
  makers: ['Philippe de Champaigne'],
});

const fakeSearch: ObjectSearch = {
  async search(principal, query, lang) {
    asked.push({ principal, query, lang });
    return answer;
  },
};

beforeAll(async () => {
  t = await createTestApp();
  app = new Hono<AppEnv>();
  app.use('/:lang/*', async (c, next) => {
    const lang = c.req.param('lang');
    if (!isLang(lang)) return c.notFound();
    c.set('lang', lang);
    c.set('principal', asking);
    return next();
  });
  app.route('/', searchPages({ objects: t.context.objects, accounts: t.context.accounts, photos: t.context.photos, search: fakeSearch, secureCookies: false }));
});
afterAll(() => t.close());

function result(overrides: Partial<SearchResult> = {}): SearchResult {
  return {
    total: 45,
    items: [hit(1), hit(2)],
    facets: {
      type: [{ value: 'oil-paintings', label: 'peintures à l’huile', count: 12 }],
      material: [{ value: 'canvas', label: 'toile', count: 9 }],
      status: [
        { value: 'stolen', label: 'stolen', count: 40 },
        { value: 'missing', label: 'missing', count: 5 },
      ],
      country: [{ value: 'ES', label: 'ES', count: 3 }],
      period: [
        { value: '1600', label: '1600', count: 30 },
        { value: '-500', label: '-500', count: 1 },
      ],
    },
    corrections: [],
    ...overrides,
  };
}

const get = async (path: string) => {
  asked = [];
  return html(app.request(path));
};

describe('the search page', () => {
  it.each(LANGUAGES)('is in %s, with the search box, facets with counts and results', async (lang) => {
    answer = result();
    const page = await get(`/${lang}/search?q=bishop`);
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${escapeHtml(translate(lang, 'search.title'))}</h1>`);
    expect(page).toContain('name="q" value="bishop"');
    expect(page).toContain(escapeHtml(translate(lang, 'search.count', { count: 45 })));
    expect(page).toContain(escapeHtml(translate(lang, 'status.missing')));
    expect(page).toContain('<span class="facet-count">(5)</span>');
    expect(links(page)).toContain(`/${lang}/objects/object0000000001`);
    expect(page).toContain('src="/media/photos/abc/thumbnail"');
    expect(page).toContain(escapeHtml(translate(lang, `search.facet.period`)));
    expect(asked[0]?.lang).toBe(lang);
  });

  it('names countries and centuries in the page’s language', async () => {
    answer = result();
    const fr = await get('/fr/search');
    expect(fr).toContain('Espagne <span class="facet-count">(3)</span>');
    expect(fr).toContain('XVIIe siècle <span class="facet-count">(30)</span>');
    expect(fr).toContain('Ve siècle av. J.-C. <span class="facet-count">(1)</span>');
    const en = await get('/en/search');
    expect(en).toContain('17th century <span class="facet-count">(30)</span>');
    expect(en).toContain('5th century BCE');
    const es = await get('/es/search');
    expect(es).toContain('siglo XVII <span class="facet-count">(30)</span>');
    expect(es).toContain('España');
  });

  it('passes facets, measurements, tolerance, order and page to the search, and ticks what was chosen', async () => {
    answer = result();
    asking = registrar;
    const page = await get('/en/search?q=bishop&type=oil-paintings&status=stolen&status=bogus&country=es&height_min=40&height_max=60%2C5&width_max=abc&tolerance=10&alerts=1&sort=newest&page=2');
    expect(asked[0]?.query).toEqual({
      q: 'bishop',
      type: ['oil-paintings'],
      material: undefined,
      status: ['stolen'],
      country: ['ES'],
      period: undefined,
      height: { min: 40, max: 60.5 },
      width: undefined,
      tolerance: 0.1,
      alertsOnly: true,
      sort: 'newest',
      limit: 20,
      offset: 20,
    });
    expect(page).toMatch(/name="type" value="oil-paintings" checked=""/);
    expect(page).toMatch(/name="status" value="stolen" checked=""/);
    expect(page).not.toMatch(/name="status" value="missing" checked/);
    expect(page).toContain('name="height_max" value="60,5"');
    expect(page).toMatch(/<option value="10" selected="">± 10 %<\/option>/);
    expect(page).toMatch(/name="alerts" value="1" checked=""/);
    // The facets with a choice are open; pagination keeps every filter.
    expect(page).toMatch(/<details class="facet" open="">\s*<summary>Type/);
    const pages = links(page).filter((href) => href.includes('page=') || href.startsWith('/en/search?q='));
    expect(pages).toContain('/en/search?q=bishop&amp;type=oil-paintings&amp;status=stolen&amp;country=ES&amp;height_min=40&amp;height_max=60%2C5&amp;width_max=abc&amp;tolerance=10&amp;alerts=1&amp;sort=newest');
    expect(pages).toContain('/en/search?q=bishop&amp;type=oil-paintings&amp;status=stolen&amp;country=ES&amp;height_min=40&amp;height_max=60%2C5&amp;width_max=abc&amp;tolerance=10&amp;alerts=1&amp;sort=newest&amp;page=3');
    asking = null;
  });

  it('keeps a chosen value that matches nothing any more, so it can be unticked', async () => {
    answer = result({ total: 0, items: [], facets: { type: [], material: [], status: [], country: [], period: [] } });
    const page = await get('/en/search?material=gold');
    expect(page).toMatch(/name="material" value="gold" checked=""/);
    expect(page).toContain(escapeHtml(translate('en', 'search.none')));
  });

  it('says which words it searched for instead of the typed ones', async () => {
    answer = result({ corrections: [['portait', 'portrait']] });
    const page = await get('/fr/search?q=portait');
    expect(page).toContain(escapeHtml(translate('fr', 'search.corrected', { typed: 'portait', used: 'portrait' })));
  });

  it('works without JavaScript: one GET form holds the words, the facets and the sizes', async () => {
    answer = result();
    const page = await get('/en/search');
    const form = element(page, /<form method="get" action="\/en\/search" class="search-layout">/)!;
    for (const name of ['q', 'type', 'material', 'status', 'country', 'period', 'height_min', 'height_max', 'width_min', 'width_max', 'tolerance', 'sort']) {
      expect(form, name).toContain(`name="${name}"`);
    }
    expect(page).not.toContain('<script');
    // Anonymous visitors are told they search the public alert list, and are not offered to narrow to it.
    expect(page).toContain(escapeHtml(translate('en', 'search.lead.public')));
    expect(form).not.toContain('name="alerts"');
  });
});

describe('reading the search form', () => {
  it('ignores unknown values and bounds what it reads', () => {
    const form = readSearchForm(new URL('http://x/en/search?q=%20a%20&tolerance=7&page=-3&sort=other&height_min=-5'));
    expect(form).toMatchObject({ q: 'a', tolerance: 0, page: 1, sort: 'relevance' });
    expect(searchQueryOf(form)).toMatchObject({ q: 'a', height: undefined, tolerance: undefined, offset: 0, sort: 'relevance' });
  });
});

describe('the search page with the registry’s search', () => {
  it('finds what the visitor may see, with facets, and only that', async () => {
    const louvre = await signedIn(t, 'registrar', 'louvre');
    const prado = await signedIn(t, 'registrar', 'prado');
    const published = await makeObject(t, louvre, { title: { en: 'Reliquary of Saint Foy' }, objectType: [{ label: { en: 'religious objects' } }, { label: { en: 'reliquaries' } }], places: [{ name: 'Conques', country: 'FR' }] });
    await report(t, louvre, published.id, true);
    const privateOne = await makeObject(t, louvre, { title: { en: 'Reliquary of Saint Peter' } });

    const anonymous = await html(visitor(t).get('/en/search?q=reliquary'));
    expect(anonymous).toContain(`/en/objects/${published.id}`);
    expect(anonymous).not.toContain(`/en/objects/${privateOne.id}`);
    expect(anonymous).toContain(escapeHtml(translate('en', 'search.count', { count: 1 })));
    expect(anonymous).toMatch(/name="country" value="FR"/);

    const owner = await html(louvre.browser.get('/en/search?q=reliquary'));
    expect(owner).toContain(`/en/objects/${published.id}`);
    expect(owner).toContain(`/en/objects/${privateOne.id}`);
    expect(await html(prado.browser.get('/en/search?q=reliquary'))).not.toContain(`/en/objects/${privateOne.id}`);

    const filtered = await html(louvre.browser.get('/fr/search?q=reliquary&status=stolen'));
    expect(filtered).toContain(`/fr/objects/${published.id}`);
    expect(filtered).not.toContain(`/fr/objects/${privateOne.id}`);
  });
});
