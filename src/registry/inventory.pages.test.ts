import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { html, location, makeObject, type Person, report, signedInCast, visitor } from './pages.test-support.js';
import type { ObjectView } from './object-view.js';

let t: TestApp;
let louvre: Person;
let prado: Person;
let investigator: Person;
let admin: Person;
let louvreObjects: ObjectView[];
let pradoObjects: ObjectView[];

beforeAll(async () => {
  t = await createTestApp();
  ({ louvre, prado, investigator, admin } = await signedInCast(t));
  louvreObjects = [await makeObject(t, louvre), await makeObject(t, louvre)];
  pradoObjects = [await makeObject(t, prado), await makeObject(t, prado)];
  // A Prado object on the public alert list: Louvre registrars see it, but not in their inventory.
  await report(t, prado, pradoObjects[0]!.id, true);
});
afterAll(() => t.close());

const listed = (page: string, lang: string) => [...page.matchAll(new RegExp(`<h3><a href="/${lang}/objects/([0-9a-z]+)"`, 'g'))].map((match) => match[1]);

describe('the inventory', () => {
  it.each(LANGUAGES)('lists only the registrar’s organisation’s objects, in %s, with status and completeness', async (lang) => {
    const page = await html(louvre.browser.get(`/${lang}/inventory`));
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${escapeHtml(translate(lang, 'inventory.title'))}</h1>`);
    expect(listed(page, lang).sort()).toEqual(louvreObjects.map((view) => view.id).sort());
    expect(page).toContain(escapeHtml(translate(lang, 'inventory.count', { count: 2 })));
    expect(page).toContain(escapeHtml(translate(lang, 'status.in-collection')));
    expect(page).toContain(escapeHtml(translate(lang, 'inventory.completeness', { score: new Intl.NumberFormat(lang, { style: 'percent' }).format(louvreObjects[0]!.completeness.score) })));
    expect(links(page)).toContain(`/${lang}/objects/new`);
    // Registrars have no organisation filter.
    expect(page).not.toContain('name="organisation"');
  });

  it('filters by status', async () => {
    const page = await html(prado.browser.get('/en/inventory?status=stolen'));
    expect(listed(page, 'en')).toEqual([pradoObjects[0]!.id]);
    expect(page).toMatch(/<option value="stolen" selected="">/);
  });

  it('shows admins every organisation, with a filter', async () => {
    const all = await html(admin.browser.get('/en/inventory'));
    expect(listed(all, 'en').sort()).toEqual([...louvreObjects, ...pradoObjects].map((view) => view.id).sort());
    expect(all).toContain('name="organisation"');
    const prados = await html(admin.browser.get('/en/inventory?organisation=prado'));
    expect(listed(prados, 'en').sort()).toEqual(pradoObjects.map((view) => view.id).sort());
    expect(prados).toMatch(/<option value="prado" selected="">/);
  });

  it('sends anonymous visitors to sign in, and refuses investigators', async () => {
    expect(location(await visitor(t).get('/en/inventory'))).toBe(`/en/login?next=${encodeURIComponent('/en/inventory')}`);
    await html(investigator.browser.get('/en/inventory'), 403);
  });

  it('shows Inventory in the main navigation to registrars and admins only', async () => {
    const nav = (page: string) => /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(page)?.[0] ?? '';
    expect(nav(await html(louvre.browser.get('/fr/alerts')))).toContain('href="/fr/inventory"');
    expect(nav(await html(admin.browser.get('/fr/alerts')))).toContain('href="/fr/inventory"');
    expect(nav(await html(investigator.browser.get('/fr/alerts')))).not.toContain('href="/fr/inventory"');
    const anonymous = nav(await html(visitor(t).get('/fr/alerts')));
    expect(anonymous).not.toContain('href="/fr/inventory"');
    expect(anonymous).toContain('href="/fr/search"');
    expect(anonymous).toContain('href="/fr/alerts"');
  });

  it('the home page leads to the alerts and the search', async () => {
    const home = await html(visitor(t).get('/es/'));
    expect(links(home)).toEqual(expect.arrayContaining(['/es/alerts', '/es/search']));
  });
});
