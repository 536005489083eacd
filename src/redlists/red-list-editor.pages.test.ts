import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../registry/pages.test-support.js';
import { hiddenInput } from '../test-support/browser.js';
import { element, escapeHtml, links } from '../test-support/html.js';
import { jpeg } from '../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

let t: TestApp;
let admin: Person;
let editor: Person;
let otherEditor: Person;
let registrar: Person;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, 'admin', 'secretariat');
  editor = await signedIn(t, 'red-list-editor', 'expert-museum');
  otherEditor = await signedIn(t, 'red-list-editor', 'expert-museum');
  registrar = await signedIn(t, 'registrar', 'louvre');
});
afterAll(() => t.close());

/** Posts a form of the page at `formPage` (loaded first, for its CSRF token and version) with `fields`. */
async function submit(person: Person, formPage: string, action: string, fields: Record<string, string>): Promise<Response> {
  const page = await html(person.browser.get(formPage));
  const version = hiddenInput(page, 'version');
  return person.browser.post(action, { _csrf: person.browser.csrf(), ...(version === undefined ? {} : { version }), ...fields });
}

/** Posts the category form as the browser does (multipart), photos by field name. */
async function submitCategory(person: Person, action: string, fields: Record<string, string>, photos: Record<string, Buffer> = {}): Promise<Response> {
  const body = new FormData();
  body.append('_csrf', person.browser.csrf());
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const [name, bytes] of Object.entries(photos)) body.append(name, new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'vessel photo.jpg');
  const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
  return t.app.request(action, { method: 'POST', body, headers: { Cookie: cookie } });
}

const NEW_LIST = {
  slug: 'sahel',
  'edition.year': '2026',
  languages: 'fr en es ar',
  'region.countries': 'ml ne',
  'title.fr': 'Liste rouge du Sahel',
  'title.en': 'Red List of the Sahel',
  'region.name.en': 'Sahel',
  'introduction.en': 'Objects at risk in the Sahel.',
  'category.id': 'ceramics',
  'category.name.en': 'Ceramics',
};

async function createList(person: Person, slug: string): Promise<void> {
  const response = await submit(person, '/en/red-lists/edit', '/en/red-lists/edit', { ...NEW_LIST, slug });
  expect(location(response)).toBe(`/en/red-lists/edit/${slug}?saved=created`);
}

describe('who may edit', () => {
  it('sends anonymous visitors to sign in and refuses other roles', async () => {
    expect(location(await visitor(t).get('/en/red-lists/edit'))).toBe('/en/login?next=%2Fen%2Fred-lists%2Fedit');
    expect(location(await visitor(t).get('/fr/red-lists/edit/sahel/categories'))).toMatch(/^\/fr\/login\?next=/);
    const refused = await html(registrar.browser.get('/es/red-lists/edit'), 403);
    expect(refused).toContain(escapeHtml(translate('es', 'forbidden.title')));
    const nav = await html(registrar.browser.get('/en/'));
    expect(links(nav)).not.toContain('/en/red-lists/edit');
  });

  it('shows editors their own lists only; admins every list; a list one does not edit does not exist for them', async () => {
    await createList(editor, 'mine');
    await createList(otherEditor, 'theirs');
    const own = await html(editor.browser.get('/en/red-lists/edit'));
    expect(links(own)).toContain('/en/red-lists/edit/mine');
    expect(links(own)).not.toContain('/en/red-lists/edit/theirs');
    expect(links(own)).toContain('/en/red-lists/edit');
    await html(editor.browser.get('/en/red-lists/edit/theirs'), 404);
    await html(editor.browser.get('/en/red-lists/edit/theirs/legal'), 404);
    const all = await html(admin.browser.get('/en/red-lists/edit'));
    expect(links(all)).toEqual(expect.arrayContaining(['/en/red-lists/edit/mine', '/en/red-lists/edit/theirs']));
    await html(admin.browser.get('/en/red-lists/edit/theirs'));
  });
});

describe('a new list', () => {
  it('names each problem at its field and keeps what was typed', async () => {
    const response = await submit(editor, '/fr/red-lists/edit', '/fr/red-lists/edit', { ...NEW_LIST, slug: 'Bad Slug', 'title.fr': '', 'title.en': '', 'region.countries': 'Mali' });
    const page = await html(response, 400);
    expect(page).toContain(escapeHtml(translate('fr', 'redlistEditor.error.oneLanguage')));
    expect(page).toContain('<a href="#f-slug">');
    expect(page).toContain(`<a href="#f-region-countries">${escapeHtml(translate('fr', 'redlistEditor.field.countries'))}</a>`);
    expect(page).toContain(`<a href="#f-title">${escapeHtml(translate('fr', 'redlistEditor.field.title'))}</a>`);
    expect(page).toMatch(/id="f-slug" type="text" name="slug" value="Bad Slug"[^>]*aria-invalid="true"/);
    expect(page).toContain('value="Sahel"');
  });

  it('refuses a taken identifier', async () => {
    await createList(editor, 'taken');
    const page = await html(await submit(editor, '/en/red-lists/edit', '/en/red-lists/edit', { ...NEW_LIST, slug: 'taken' }), 409);
    expect(page).toContain(escapeHtml(translate('en', 'redlistEditor.error.slugTaken')));
  });
});

describe('writing a list through the pages', () => {
  it('creates, edits in three languages, uploads a photo, lists what is missing, publishes and starts a new edition', async () => {
    await createList(editor, 'sahel');
    const general = await html(editor.browser.get('/en/red-lists/edit/sahel?saved=created'));
    expect(general).toContain(escapeHtml(translate('en', 'redlistEditor.saved.created')));
    // fr, en, es side by side, then the list's other language; each input says its language, the legends and labels are the page's.
    const titles = [...general.matchAll(/<input id="f-title-([a-z]+)"[^>]* lang="([^"]+)"/g)].map((match) => [match[1], match[2]]);
    expect(titles).toEqual(['fr', 'en', 'es', 'ar'].map((lang) => [lang, lang]));
    expect(general).toContain(`<fieldset><legend>${translate('en', 'language.fr')}</legend>`);
    expect(general).toContain(escapeHtml(translate('en', 'redlistEditor.defaultDisclaimer')));

    // The publish page lists what is missing, each linked to its field.
    const missing = await html(editor.browser.get('/en/red-lists/edit/sahel/publish'));
    expect(missing).toContain('href="/en/red-lists/edit/sahel#f-title-es"');
    expect(missing).toContain('href="/en/red-lists/edit/sahel/categories/ceramics#f-name-fr"');
    expect(missing).toContain(escapeHtml(translate('en', 'redlistEditor.publish.missingTranslations', { languages: 'Español, Arabic (ar)' })));
    expect(missing).toMatch(/<button type="submit" disabled="">/);

    const texts = (name: string, base: string) => ({ [`${name}.fr`]: `${base} (fr)`, [`${name}.en`]: `${base} (en)`, [`${name}.es`]: `${base} (es)`, [`${name}.ar`]: `${base} (ar)` });
    let response = await submit(editor, '/en/red-lists/edit/sahel', '/en/red-lists/edit/sahel', {
      'edition.year': '2026',
      languages: 'fr en es ar',
      'region.countries': 'ML NE',
      ...texts('title', 'Red List of the Sahel'),
      ...texts('region.name', 'Sahel'),
      ...texts('introduction', 'Objects at risk'),
      ...texts('disclaimer', 'Not stolen'),
    });
    expect(location(response)).toBe('/en/red-lists/edit/sahel?saved=draft');
    const saved = await html(editor.browser.get(location(response)));
    expect(saved).toContain('value="Red List of the Sahel (es)"');
    expect(saved).toContain(escapeHtml(translate('en', 'redlistEditor.saved.draft')));

    response = await submit(editor, '/en/red-lists/edit/sahel/legal', '/en/red-lists/edit/sahel/legal', {
      'conventions.0.convention': 'unesco-1970',
      'conventions.0.country': 'ML',
      'conventions.0.ratified': '1987',
      'contacts.0.country': 'ML',
      'contacts.0.kind': 'police',
      'contacts.0.name': 'Office central',
      'contacts.0.email': 'office@example.ml',
      'contacts.1.country': '',
      'contacts.1.kind': 'customs',
    });
    expect(location(response)).toBe('/en/red-lists/edit/sahel/legal?saved=draft');
    const legal = await html(editor.browser.get('/en/red-lists/edit/sahel/legal'));
    expect(legal).toContain('value="office@example.ml"');
    // The stored contact, and a blank row to add another.
    expect(legal).toContain('name="contacts.1.name"');
    expect(legal).not.toContain('name="contacts.2.name"');
    expect(legal).toContain('name="contacts.0.remove"');

    const categoryPage = await html(editor.browser.get('/en/red-lists/edit/sahel/categories/ceramics'));
    response = await submitCategory(editor, '/en/red-lists/edit/sahel/categories/ceramics', {
      version: hiddenInput(categoryPage, 'version')!,
      id: 'ceramics',
      parent: '',
      ...texts('name', 'Ceramics'),
      'period.from': '500',
      'period.fromEra': 'bce',
      'period.to': '1500',
      'period.toEra': 'ce',
      objectTypes: 'Jar, bowl',
      materials: 'terracotta',
      euAnnex: 'c',
      'aat.0.id': 'http://vocab.getty.edu/aat/300010662',
      'aat.0.label': 'ceramics',
      'examples.0.credit': 'Museum photo',
      'examples.0.licence': 'CC0',
      'examples.0.institution': 'National Museum',
      ...texts('examples.0.description', 'Jar'),
    }, { 'examples.0.photo': await jpeg(640, 480) });
    expect(location(response)).toBe('/en/red-lists/edit/sahel/categories/ceramics?saved=draft');
    const withPhoto = await html(editor.browser.get('/en/red-lists/edit/sahel/categories/ceramics'));
    const image = hiddenInput(withPhoto, 'examples.0.image')!;
    expect(image).toMatch(/^ceramics-[0-9a-f]{16}\.jpg$/);
    expect(withPhoto).toContain(`src="/media/red-lists/sahel/draft/thumbnail/${image}"`);
    expect(withPhoto).toMatch(/name="period\.from" value="500"/);
    expect(withPhoto).toMatch(/<option value="bce" selected="">/);
    const draft = await t.context.redLists.getDraft(editor.principal, 'sahel');
    expect(draft.document.categories[0]).toMatchObject({ period: { from: -500, to: 1500 }, objectTypes: ['jar', 'bowl'], euAnnex: 'c', examples: [{ image, credit: 'Museum photo' }] });

    const ready = await html(editor.browser.get('/en/red-lists/edit/sahel/publish'));
    expect(ready).toContain(escapeHtml(translate('en', 'redlistEditor.publish.ready', { n: 1 })));
    response = await submit(editor, '/en/red-lists/edit/sahel/publish', '/en/red-lists/edit/sahel/publish', {});
    expect(location(response)).toBe('/en/red-lists/edit/sahel?saved=published');
    const published = await html(editor.browser.get(location(response)));
    expect(published).toContain(escapeHtml(translate('en', 'redlistEditor.saved.published')));
    expect(links(published)).toContain('/en/red-lists/sahel/editions/1');
    expect((await t.context.redLists.getPublished('sahel')).edition).toBe(1);

    response = await submit(editor, '/en/red-lists/edit/sahel', '/en/red-lists/edit/sahel/editions', {});
    expect(location(response)).toBe('/en/red-lists/edit/sahel?saved=edition');
    const next = await html(editor.browser.get(location(response)));
    expect(next).toContain(escapeHtml(translate('en', 'redlistEditor.draft.of', { n: 2, date: '' }).split(',')[0]!));
    expect(links(next)).toContain('/en/red-lists/sahel/editions/1');
  });
});

describe('saving', () => {
  it('refuses a stale save, keeps the input and lists the fields it would overwrite with their stored value', async () => {
    await createList(editor, 'stale');
    const page = await html(editor.browser.get('/en/red-lists/edit/stale'));
    const version = hiddenInput(page, 'version')!;
    const form = { _csrf: editor.browser.csrf(), version, 'edition.year': '2026', languages: 'fr en es ar', 'region.countries': 'ML', 'region.name.en': 'Sahel', 'introduction.en': 'Intro', 'disclaimer.en': 'Not stolen' };
    expect(location(await editor.browser.post('/en/red-lists/edit/stale', { ...form, 'title.en': 'First save' }))).toBe('/en/red-lists/edit/stale?saved=draft');
    const refused = await html(editor.browser.post('/en/red-lists/edit/stale', { ...form, 'title.en': 'My own words' }), 409);
    expect(refused).toContain(escapeHtml(translate('en', 'redlistEditor.conflict')));
    expect(refused).toContain('value="My own words"');
    // Only the title differs from what the other save stored: it is listed, with the stored words.
    const changes = element(refused, /<ul class="conflict-changes">/)!;
    expect(refused).toContain(escapeHtml(translate('en', 'redlistEditor.conflict.changed', { count: 1 })));
    expect(changes).toContain('<a href="#f-title-en">Title (English)</a>');
    expect(changes).toContain('<q lang="en" dir="auto">First save</q>');
    expect(links(changes)).toEqual(['#f-title-en']);
    // The form now carries the stored version: saving again goes through.
    const again = hiddenInput(refused, 'version')!;
    expect(Number(again)).toBeGreaterThan(Number(version));
    expect(location(await editor.browser.post('/en/red-lists/edit/stale', { ...form, version: again, 'title.en': 'My own words' }))).toBe('/en/red-lists/edit/stale?saved=draft');
    expect((await t.context.redLists.getDraft(editor.principal, 'stale')).document.title.en).toBe('My own words');
  });

  it('compares a stale category save with the category it was typed over, even when it renames it', async () => {
    await createList(editor, 'stale-category');
    const form = await html(editor.browser.get('/en/red-lists/edit/stale-category/categories/ceramics'));
    const version = hiddenInput(form, 'version')!;
    expect(location(await submitCategory(editor, '/en/red-lists/edit/stale-category/categories/ceramics', { version, id: 'ceramics', 'name.en': 'Pottery' }))).toBe('/en/red-lists/edit/stale-category/categories/ceramics?saved=draft');
    const refused = await html(await submitCategory(editor, '/en/red-lists/edit/stale-category/categories/ceramics', { version, id: 'ceramic-ware', 'name.en': 'Ceramics' }), 409);
    const changes = element(refused, /<ul class="conflict-changes">/)!;
    expect(links(changes)).toEqual(['#f-id', '#f-name-en']);
    expect(changes).toContain('<q>ceramics</q>');
    expect(changes).toContain('<q lang="en" dir="auto">Pottery</q>');
  });

  it('names a missing text at its field in the page’s language', async () => {
    await createList(editor, 'missing-title');
    const response = await submit(editor, '/es/red-lists/edit/missing-title', '/es/red-lists/edit/missing-title', { 'edition.year': '2026', languages: 'fr en es ar', 'region.countries': 'ML', 'region.name.en': 'Sahel', 'introduction.en': 'Intro', 'disclaimer.en': 'Not stolen' });
    const page = await html(response, 400);
    expect(page).toContain(`<p class="field-error" id="f-title">${escapeHtml(translate('es', 'redlistEditor.error.oneLanguage'))}</p>`);
    expect(page).toContain('<a href="#f-title">');
  });

  it('offers no parent that would make a cycle, and refuses one posted all the same', async () => {
    await createList(editor, 'tree');
    const add = await submitCategory(editor, '/en/red-lists/edit/tree/categories', { version: hiddenInput(await html(editor.browser.get('/en/red-lists/edit/tree/categories/new')), 'version')!, id: 'jars', parent: 'ceramics', 'name.en': 'Jars' });
    expect(location(add)).toBe('/en/red-lists/edit/tree/categories/jars?saved=draft');
    const tree = await html(editor.browser.get('/en/red-lists/edit/tree/categories'));
    expect(element(tree, /<ul class="category-tree">/)).toMatch(/ceramics[\s\S]*<ul>[\s\S]*jars/);
    const ceramics = await html(editor.browser.get('/en/red-lists/edit/tree/categories/ceramics'));
    const parentSelect = element(ceramics, /<select id="f-parent"[^>]*>/)!;
    expect(parentSelect).not.toContain('value="jars"');
    const refused = await html(await submitCategory(editor, '/en/red-lists/edit/tree/categories/ceramics', { version: hiddenInput(ceramics, 'version')!, id: 'ceramics', parent: 'jars', 'name.en': 'Ceramics' }), 400);
    expect(refused).toContain(`<p class="field-error" id="f-parent-error">${escapeHtml(translate('en', 'redlistEditor.error.parent'))}</p>`);
  });
});

describe('editors of a list', () => {
  it('lets admins add and remove Red List editors by e-mail, and says why a person cannot be added', async () => {
    await createList(editor, 'shared');
    const email = (person: Person) => `person${person.principal.displayName.split(' ')[1]}-${person.principal.role}@${person.principal.organisationSlug}.test`;
    let response = await submit(admin, '/en/red-lists/edit/shared', '/en/red-lists/edit/shared/editors', { email: email(otherEditor) });
    expect(location(response)).toBe('/en/red-lists/edit/shared?saved=editor-added#editors');
    await html(otherEditor.browser.get('/en/red-lists/edit/shared'));
    const refused = await html(await submit(admin, '/fr/red-lists/edit/shared', '/fr/red-lists/edit/shared/editors', { email: email(registrar) }), 400);
    expect(refused).toContain(escapeHtml(translate('fr', 'redlistEditor.editors.notEditor', { email: email(registrar) })));
    response = await submit(admin, '/en/red-lists/edit/shared', '/en/red-lists/edit/shared/editors/remove', { email: email(otherEditor) });
    expect(location(response)).toBe('/en/red-lists/edit/shared?saved=editor-removed#editors');
    await html(otherEditor.browser.get('/en/red-lists/edit/shared'), 404);
    // Editors see who edits with them, but do not choose.
    const own = await html(editor.browser.get('/en/red-lists/edit/shared'));
    expect(own).not.toContain('action="/en/red-lists/edit/shared/editors"');
    expect((await editor.browser.post('/en/red-lists/edit/shared/editors', { _csrf: editor.browser.csrf(), email: email(otherEditor) })).status).toBe(403);
  });
});
