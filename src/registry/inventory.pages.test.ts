import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { escapeHtml, htmlLang, links } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { html, location, makeObject, type Person, report, signedIn, signedInCast, visitor } from './pages.test-support.js';
import { emptyDescription } from './object-record.js';
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

describe('inventory numbers to fix', () => {
  it.each(LANGUAGES)('lists, in %s, the objects without inventory number or sharing one, with a labelled filter that works without JavaScript; the object page names the others', async (lang) => {
    const registrar = await signedIn(t, 'registrar', `numbers-${lang}`);
    const imported = (sourceId: string, inventoryNumber: string | undefined, title: string) => ({
      sourceId,
      description: { ...emptyDescription(inventoryNumber), title: { en: title } },
    });
    const { results } = await t.context.objects.upsertMany(
      registrar.principal,
      registrar.principal.organisationId,
      [imported('r1', 'S-1', 'Left glove'), imported('r2', 'S-1', 'Right glove'), imported('r3', 'o. Nr.', 'Fan'), imported('r4', 'OK-1', 'Vase')],
      'test import',
    );
    const [left, right, fan, vase] = results.map((result) => (result.outcome === 'rejected' ? '' : result.id));

    const form = await html(registrar.browser.get(`/${lang}/inventory`));
    expect(form).toContain(`<label for="inventory-numbers">${escapeHtml(translate(lang, 'inventory.filter.numbers'))}</label>`);
    expect(form).toMatch(/<form class="filters wrap-rows" method="get"[\s\S]*<select id="inventory-numbers" name="numbers">/);
    expect(listed(form, lang).sort()).toEqual([left, right, fan, vase].sort());

    const missing = await html(registrar.browser.get(`/${lang}/inventory?numbers=missing`));
    expect(listed(missing, lang)).toEqual([fan]);
    expect(missing).toMatch(/<option value="missing" selected="">/);
    expect(missing).toContain(escapeHtml(translate(lang, 'inventory.numberMissing')));
    const shared = await html(registrar.browser.get(`/${lang}/inventory?numbers=shared`));
    expect(listed(shared, lang).sort()).toEqual([left, right].sort());
    expect(shared).toContain(escapeHtml(translate(lang, 'inventory.filter.numbers.shared')));
    // The count is the filtered list's.
    expect(shared).toContain(escapeHtml(translate(lang, 'inventory.count', { count: 2 })));

    const leftPage = await html(registrar.browser.get(`/${lang}/objects/${left}`));
    expect(leftPage).toContain(escapeHtml(translate(lang, 'object.completeness.numberShared')));
    expect(leftPage).toContain(`<a href="/${lang}/objects/${right}">Right glove</a>`);
    const fanPage = await html(registrar.browser.get(`/${lang}/objects/${fan}`));
    expect(fanPage).toContain(escapeHtml(translate(lang, 'object.completeness.numberMissing')));
    expect(fanPage).toContain(escapeHtml(translate(lang, 'object.completeness.numberWritten', { text: 'o. Nr.' })));
    const vasePage = await html(registrar.browser.get(`/${lang}/objects/${vase}`));
    expect(vasePage).not.toContain('inventory-number-notice');
  });
});
