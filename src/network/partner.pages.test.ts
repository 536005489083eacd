import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES, type Lang } from '../i18n/languages.js';
import { element, escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { PARTNER_CATEGORIES } from './partner.js';
import { SEED_PARTNERS } from './seed/partners.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function page(path: string, headers: Record<string, string> = {}, status = 200): Promise<string> {
  const response = await t.app.request(path, { headers });
  expect(response.status, path).toBe(status);
  expect(response.headers.get('Content-Type')).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html.startsWith('<!doctype html>')).toBe(true);
  return html;
}

/** The slugs of the partner cards, in the order shown. */
function cardSlugs(html: string, lang: Lang): string[] {
  const cards = [...html.matchAll(/<li class="card" data-partner-card[^>]*>\s*<h3>\s*<a href="([^"]*)"/g)].map((match) => match[1] ?? '');
  for (const href of cards) expect(href.startsWith(`/${lang}/partners/`)).toBe(true);
  return cards.map((href) => href.split('/').at(-1) ?? '');
}

const slugsWhere = (keep: (partner: (typeof SEED_PARTNERS)[number]) => boolean) =>
  SEED_PARTNERS.filter(keep).map((partner) => partner.slug);

describe('the partner directory page', () => {
  it.each(LANGUAGES)('/%s/partners is in its language, with the three categories and 21 cards', async (lang) => {
    const html = await page(`/${lang}/partners`);
    expect(htmlLang(html)).toBe(lang);
    expect(html).toContain(`<title>${escapeHtml(translate(lang, 'partners.title'))} · Egide</title>`);
    const headings = [...html.matchAll(/<h2 id="heading-([a-z-]+)">([^<]*)<\/h2>/g)].map((match) => [match[1], match[2]]);
    expect(headings).toEqual(PARTNER_CATEGORIES.map((category) => [category, escapeHtml(translate(lang, `category.${category}`))]));
    expect(cardSlugs(html, lang)).toEqual(SEED_PARTNERS.map((partner) => partner.slug));
    expect(html).toContain(escapeHtml(translate(lang, 'partners.count', { count: 21 })));
    // Each card shows the partner's name in the page's language.
    for (const partner of SEED_PARTNERS) expect(html).toContain(`>${escapeHtml(partner.name[lang])}</a>`);
  });

  it('shows the acronym of the page’s language', async () => {
    const fr = await page('/fr/partners');
    const es = await page('/es/partners');
    expect(fr).toContain('<span class="acronym"> · OMD</span>');
    expect(es).toContain('<span class="acronym"> · OMA</span>');
    expect(fr).not.toContain('<span class="acronym"> · OMA</span>');
  });

  it('?theme=training shows only the partners with that theme', async () => {
    const html = await page('/en/partners?theme=training');
    const expected = slugsWhere((partner) => partner.themes.includes('training'));
    expect(expected.length).toBeGreaterThan(1);
    expect(cardSlugs(html, 'en')).toEqual(expected);
    expect(html).toContain(escapeHtml(translate('en', 'partners.count', { count: expected.length })));
    expect(html).toMatch(/<a class="tag" href="\/en\/partners\?theme=training" aria-current="true">/);
    // A category with no matching partner is left out.
    const shown = new Set(SEED_PARTNERS.filter((partner) => expected.includes(partner.slug)).map((partner) => partner.category));
    for (const category of PARTNER_CATEGORIES) expect(html.includes(`id="heading-${category}"`)).toBe(shown.has(category));
  });

  it('an unknown ?theme= is ignored rather than emptying the page', async () => {
    expect(cardSlugs(await page('/en/partners?theme=knitting'), 'en')).toHaveLength(21);
  });

  it('?q= filters on the server, without JavaScript, ignoring accents and case', async () => {
    const html = await page(`/fr/partners?q=${encodeURIComponent('PROPRIETE intellectuelle')}`);
    const slugs = cardSlugs(html, 'fr');
    expect(slugs).toContain('wipo');
    expect(slugs.length).toBeLessThan(21);
    expect(html).toContain(escapeHtml(translate('fr', 'partners.count', { count: slugs.length })));
    expect(html).toContain('name="q" value="PROPRIETE intellectuelle"');
  });

  it('?q= and ?theme= combine, and the theme links keep the search', async () => {
    const html = await page('/en/partners?theme=training&q=customs');
    expect(cardSlugs(html, 'en')).toEqual(['wco']);
    expect(html).toContain('<input type="hidden" name="theme" value="training"/>');
    expect(links(html)).toContain('/en/partners?theme=illicit-traffic&amp;q=customs');
    expect(links(html)).toContain('/en/partners?q=customs');
  });

  it('a search without results says so and offers to show all', async () => {
    const html = await page('/es/partners?q=zzzzunmatched');
    expect(cardSlugs(html, 'es')).toEqual([]);
    expect(html).toContain(escapeHtml(translate('es', 'partners.none')));
    expect(html).toContain(`<a href="/es/partners">${escapeHtml(translate('es', 'partners.filter.clear'))}</a>`);
  });

  it('escapes what the visitor typed', async () => {
    const html = await page(`/en/partners?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('a partner page', () => {
  it('shows the partner in the page’s language', async () => {
    const html = await page('/fr/partners/wco');
    expect(htmlLang(html)).toBe('fr');
    expect(html).toContain('<h1>Organisation mondiale des douanes (OMD)</h1>');
    const wco = SEED_PARTNERS.find((partner) => partner.slug === 'wco')!;
    expect(html).toContain(escapeHtml(wco.cooperation.fr));
    expect(html).toContain('href="https://www.wcoomd.org"');
    expect(links(html)).toContain('/fr/partners?theme=illicit-traffic');
  });
});

describe('not found', () => {
  it.each([
    ['fr', 'fr-FR,fr;q=0.9'],
    ['es', 'es-MX'],
    ['en', 'de-DE'],
  ] as const)('/xx/partners → 404 page in the browser’s language (%s) with links back', async (lang, acceptLanguage) => {
    const html = await page('/xx/partners', { 'Accept-Language': acceptLanguage }, 404);
    expect(htmlLang(html)).toBe(lang);
    expect(html).toContain(`<h1>${escapeHtml(translate(lang, 'notFound.title'))}</h1>`);
    expect(links(html)).toEqual(expect.arrayContaining([`/${lang}/`, `/${lang}/partners`]));
  });

  it('/fr/partners/nope → 404 page in French, whatever the browser prefers', async () => {
    const html = await page('/fr/partners/nope', { 'Accept-Language': 'es' }, 404);
    expect(htmlLang(html)).toBe('fr');
    expect(html).toContain(`<h1>${escapeHtml(translate('fr', 'notFound.title'))}</h1>`);
    expect(links(html)).toEqual(expect.arrayContaining(['/fr/', '/fr/partners']));
  });

  it('an unknown page under a language prefix → 404 in that language', async () => {
    const html = await page('/es/nothing-here', { 'Accept-Language': 'fr' }, 404);
    expect(htmlLang(html)).toBe('es');
    expect(html).toContain(escapeHtml(translate('es', 'notFound.title')));
  });
});

describe('language', () => {
  it.each([
    ['fr-FR,fr;q=0.9,en;q=0.8', '/fr/'],
    ['es-ES,es;q=0.9', '/es/'],
    ['en-GB', '/en/'],
    ['de-DE,de;q=0.9', '/en/'],
  ])('/ with Accept-Language %s redirects to %s, varying on Accept-Language', async (acceptLanguage, location) => {
    const response = await t.app.request('/', { headers: { 'Accept-Language': acceptLanguage } });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe(location);
    expect(response.headers.get('Vary')).toMatch(/Accept-Language/i);
  });

  it('/ without Accept-Language redirects to English', async () => {
    const response = await t.app.request('/');
    expect(response.headers.get('Location')).toBe('/en/');
  });

  it('/fr redirects to /fr/, and the home page renders', async () => {
    const response = await t.app.request('/fr');
    expect(response.status).toBe(301);
    expect(response.headers.get('Location')).toBe('/fr/');
    expect(htmlLang(await page('/fr/'))).toBe('fr');
  });

  it('the language switcher keeps the current path and query', async () => {
    const html = await page('/en/partners?theme=training&q=customs');
    const switcher = element(html, /<nav class="lang-switch"[^>]*>/);
    expect(switcher).toBeDefined();
    expect(links(switcher!)).toEqual([
      '/fr/partners?theme=training&amp;q=customs',
      '/en/partners?theme=training&amp;q=customs',
      '/es/partners?theme=training&amp;q=customs',
    ]);
    expect(switcher).toMatch(/href="\/en\/partners[^"]*"[^>]*aria-current="true"/);
  });

  it('the switcher on a partner page leads to the same partner', async () => {
    const switcher = element(await page('/es/partners/wipo'), /<nav class="lang-switch"[^>]*>/);
    expect(links(switcher ?? '')).toEqual(['/fr/partners/wipo', '/en/partners/wipo', '/es/partners/wipo']);
  });
});

describe('API documentation', () => {
  const operations = [
    ['get', '/partners'],
    ['post', '/partners'],
    ['get', '/partners/{slug}'],
    ['put', '/partners/{slug}'],
    ['delete', '/partners/{slug}'],
  ] as const;

  it('/en/api lists every operation of the API', async () => {
    const html = await page('/en/api');
    expect(htmlLang(html)).toBe('en');
    expect(html).toContain(`<h1>${escapeHtml(translate('en', 'api.title'))}</h1>`);
    for (const [method, path] of operations) {
      expect(html, `${method} ${path}`).toContain(`<code class="method">${method}</code><code>/api/v1${path}</code>`);
    }
    // Each write says it needs a token; the reads do not.
    const section = (method: string, path: string) => html.split(`<code class="method">${method}</code><code>/api/v1${path}</code>`)[1]!.split('</section>')[0]!;
    const needsToken = escapeHtml(translate('en', 'api.needsToken'));
    for (const [method, path] of operations) expect(section(method, path).includes(needsToken), `${method} ${path}`).toBe(method !== 'get');
    // Identification is open to anyone, though a signed-in browser's session may make it (with its CSRF token).
    expect(section('post', '/identify').includes(needsToken)).toBe(false);
    expect(links(html)).toContain('/api/v1/openapi.json');
  });

  it('/fr/api is in French', async () => {
    const html = await page('/fr/api');
    expect(htmlLang(html)).toBe('fr');
    expect(html).toContain(escapeHtml(translate('fr', 'api.title')));
  });

  it('/api/v1/openapi.json is OpenAPI 3.1 documenting the partner operations and the bearer scheme', async () => {
    const response = await t.app.request('/api/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      servers: Array<{ url: string }>;
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>>; parameters?: Array<{ name: string }>; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(doc.servers).toEqual([{ url: '/api/v1' }]);
    expect(Object.keys(doc.paths['/partners'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/partners/{slug}'] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Partner', 'PartnerInLanguage', 'Problem']));

    for (const [method, path] of operations) {
      const operation = doc.paths[path]?.[method];
      if (method === 'get') expect(operation?.security, `${method} ${path}`).toBeUndefined();
      else {
        expect(operation?.security, `${method} ${path}`).toEqual([{ bearerAuth: [] }, { sessionCookie: [], csrfToken: [] }]);
        expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
    expect(doc.paths['/partners']?.get?.parameters?.map((param) => param.name).sort()).toEqual(['category', 'lang', 'q', 'theme']);
    expect(doc.paths['/partners']?.post?.responses).toHaveProperty('415');
  });
});
