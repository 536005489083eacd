import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate, type MessageKey } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { element, escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** What the home page says exists, each in the page's language. */
const DESCRIBED: readonly MessageKey[] = [
  'home.lead',
  'home.entry.identify',
  'home.entry.alerts',
  'home.entry.search',
  'home.entry.partners',
  'home.exchange',
  'home.exchange.imports.body',
  'home.exchange.oai.body',
  'home.exchange.iiif.body',
  'home.entry.api',
];

describe('home page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it.each(LANGUAGES)('%s: describes the partners, registry and search, alerts with photos, identification, imports, OAI-PMH and IIIF', async (lang) => {
    const response = await t.app.request(`/${lang}/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(htmlLang(html)).toBe(lang);
    for (const key of DESCRIBED) expect(html, `${lang} ${key}`).toContain(escapeHtml(translate(lang, key)));
    expect(links(html)).toEqual(
      expect.arrayContaining([`/${lang}/identify`, `/${lang}/alerts`, `/${lang}/search`, `/${lang}/partners`, `/${lang}/api`, '/oai?verb=Identify']),
    );
  });

  it('leads with identification: the first call to action of the hero', async () => {
    const hero = element(await (await t.app.request('/en/')).text(), /<section class="hero">/);
    expect(links(hero ?? '')[0]).toBe('/en/identify');
    expect(hero).toContain(escapeHtml(translate('en', 'home.cta.identify')));
  });
});
