import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { LANGUAGES } from '../i18n/languages.js';
import { hiddenInput } from '../test-support/browser.js';
import { element, escapeHtml, htmlLang } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { html, location, makeObject, type Person, signedInCast, visitor } from './pages.test-support.js';

let t: TestApp;
let louvre: Person;
let prado: Person;
let investigator: Person;
let admin: Person;

beforeAll(async () => {
  t = await createTestApp();
  ({ louvre, prado, investigator, admin } = await signedInCast(t));
});
afterAll(() => t.close());

const countObjects = async () => (await t.context.objectRepository.page(null, { limit: 1, offset: 0 })).total + (await t.context.objectRepository.page(admin.principal, { limit: 1, offset: 0 })).total;

/** A complete form, as a registrar would fill it in. */
function filledForm(csrf: string, inventoryNumber: string): Record<string, string> {
  return {
    _csrf: csrf,
    inventoryNumber,
    type: 'jars',
    typeFree: 'apothecary jar',
    'title.fr': 'Pot à pharmacie',
    'title.en': 'Apothecary jar',
    'title.es': '',
    'subject.en': 'Floral decoration',
    'description.fr': 'Faïence à décor bleu sur fond blanc.',
    'distinguishingFeatures.en': 'Chip on the rim, old label under the base.',
    'materials.0': 'faïence',
    'materials.1': '',
    'materials.2': 'cobalt blue',
    'techniques.0': 'painting',
    'measurements.0.dimension': 'height',
    'measurements.0.value': '23,5',
    'measurements.0.unit': 'cm',
    'measurements.0.part': '',
    'measurements.1.dimension': 'diameter',
    'measurements.1.value': '',
    'measurements.1.unit': 'cm',
    'measurements.2.dimension': 'weight',
    'measurements.2.value': '1.2',
    'measurements.2.unit': 'kg',
    'inscriptions.0.kind': 'label',
    'inscriptions.0.text': 'Theriaca',
    'inscriptions.0.position': 'front',
    'inscriptions.0.language': 'la',
    'dating.display': 'c. 1730',
    'dating.earliest': '1720',
    'dating.latest': '1740',
    'makers.0.name': 'Manufacture de Nevers',
    'makers.0.role': 'manufacturer',
    'places.0.name': 'Nevers',
    'places.0.country': 'FR',
    'places.0.kind': 'origin',
    relatedWrittenMaterial: 'Inventory 1901, no. 45\nCatalogue 1985, p. 12',
    crossReferences: 'INV-2024-002',
    dateDocumented: '2024-05-02',
    'sensitive.storageLocation': 'Reserve C',
    'sensitive.ownerContact': 'registrar@louvre.test',
    'sensitive.address': '',
  };
}

describe('the new object form', () => {
  it.each(LANGUAGES)('is in %s and covers every Object ID category', async (lang) => {
    const page = await html(louvre.browser.get(`/${lang}/objects/new`));
    expect(htmlLang(page)).toBe(lang);
    expect(page).toContain(`<h1>${escapeHtml(translate(lang, 'objectForm.new'))}</h1>`);
    for (const name of ['inventoryNumber', 'type', 'typeFree', 'title.fr', 'title.en', 'title.es', 'subject.es', 'description.en', 'distinguishingFeatures.fr', 'materials.0', 'techniques.0', 'measurements.2.value', 'measurements.0.unit', 'inscriptions.0.text', 'dating.display', 'dating.earliest', 'dating.latest', 'makers.0.name', 'places.0.country', 'relatedWrittenMaterial', 'crossReferences', 'dateDocumented', 'sensitive.storageLocation', 'sensitive.ownerContact', 'sensitive.address']) {
      expect(page, name).toContain(`name="${name}"`);
      // Every input has its label.
      expect(page, name).toContain(`for="f-${name.replace(/\./g, '-')}"`);
    }
    // Three language columns, marked with their language.
    expect(page).toContain('<legend><span lang="fr">Français</span></legend>');
    expect(page).toMatch(/<textarea id="f-description-es" name="description.es" rows="4" lang="es"/);
    // The type select has two levels or more, labelled in the page's language.
    expect(page).toContain(`<optgroup label="${escapeHtml(translate(lang, 'objectId.photographs') === 'Photographs' ? 'ceramics' : lang === 'fr' ? 'céramiques' : 'cerámicas')}">`);
    // Registrars create in their own organisation: no organisation choice.
    expect(page).not.toContain('name="organisation"');
  });

  it('sends anonymous visitors to sign in and refuses investigators', async () => {
    expect(location(await visitor(t).get('/fr/objects/new'))).toBe(`/fr/login?next=${encodeURIComponent('/fr/objects/new')}`);
    expect(await html(investigator.browser.get('/en/objects/new'), 403)).toContain(escapeHtml(translate('en', 'forbidden.title')));
  });

  it('offers admins the organisation', async () => {
    const page = await html(admin.browser.get('/en/objects/new'));
    expect(page).toContain('name="organisation"');
    expect(page).toMatch(/<option value="secretariat" selected="">/);
  });

  it('creates the object and redirects to its page', async () => {
    await html(louvre.browser.get('/en/objects/new'));
    const response = await louvre.browser.post('/en/objects', filledForm(louvre.browser.csrf(), 'FORM-1'));
    const target = location(response);
    expect(target).toMatch(/^\/en\/objects\/[0-9a-z]{16}\?saved=created$/);
    const id = target.split('/')[3]!.split('?')[0]!;
    const view = await t.context.objects.get(louvre.principal, id);
    const d = view.description;
    expect(view.organisation.slug).toBe('louvre');
    expect(d.inventoryNumber).toBe('FORM-1');
    expect(d.objectType.map((term) => term.label.en ?? term.label.fr)).toEqual(['ceramics', 'jars', 'apothecary jar']);
    expect(d.title).toEqual({ fr: 'Pot à pharmacie', en: 'Apothecary jar' });
    expect(d.materials).toEqual([{ label: { fr: 'faïence', en: 'faience', es: 'loza estannífera' } }, { label: { en: 'cobalt blue' } }]);
    expect(d.techniques[0]?.aat).toBe('300054216');
    expect(d.measurements).toEqual([
      { dimension: 'height', value: 23.5, unit: 'cm' },
      { dimension: 'weight', value: 1.2, unit: 'kg' },
    ]);
    expect(d.inscriptions).toEqual([{ kind: 'label', text: 'Theriaca', position: 'front', language: 'la' }]);
    expect(d.dating).toEqual({ display: 'c. 1730', earliest: 1720, latest: 1740 });
    expect(d.makers).toEqual([{ name: 'Manufacture de Nevers', role: 'manufacturer' }]);
    expect(d.places).toEqual([{ name: 'Nevers', country: 'FR', kind: 'origin' }]);
    expect(d.relatedWrittenMaterial).toEqual(['Inventory 1901, no. 45', 'Catalogue 1985, p. 12']);
    expect(d.crossReferences).toEqual(['INV-2024-002']);
    expect(d.dateDocumented).toBe('2024-05-02');
    expect(view.sensitive).toEqual({ storageLocation: 'Reserve C', ownerContact: 'registrar@louvre.test' });
    expect(view.completeness.missing).toEqual(['photographs']);
    const page = await html(louvre.browser.get(target));
    expect(page).toContain(escapeHtml(translate('en', 'object.saved.created')));
  });

  it('shows each error in the page’s language beside its field, keeps the input and saves nothing', async () => {
    const before = await countObjects();
    await html(louvre.browser.get('/fr/objects/new'));
    const form = {
      ...filledForm(louvre.browser.csrf(), ''),
      'measurements.0.value': 'tall',
      'measurements.2.unit': 'cm',
      'dating.earliest': '1800',
      'dating.latest': '1700',
      'places.0.country': 'France',
    };
    const page = await html(louvre.browser.post('/fr/objects', form), 400);
    const summary = element(page, /<div class="notice error" role="alert"[^>]*>/)!;
    expect(summary).toContain(escapeHtml(translate('fr', 'form.error.summary', { count: 4 })));
    // A blank inventory number is no mistake: an object may have none (yet).
    expect(summary).not.toContain('href="#f-inventoryNumber"');
    expect(summary).toContain('href="#f-measurements-0-value"');
    expect(summary).toContain('href="#f-measurements-2-unit"');
    expect(summary).toContain('href="#f-dating-latest"');
    expect(summary).toContain('href="#f-places-0-country"');
    expect(page).not.toContain('id="f-inventoryNumber-error"');
    expect(page).toContain(`<p class="field-error" id="f-measurements-0-value-error">${escapeHtml(translate('fr', 'form.error.number'))}</p>`);
    expect(page).toMatch(/<input id="f-measurements-0-value" type="text" name="measurements.0.value" value="tall"[^>]*aria-invalid="true"/);
    expect(page).toContain('value="Pot à pharmacie"');
    expect(page).toContain('Inventory 1901, no. 45\nCatalogue 1985, p. 12</textarea>');
    expect(await countObjects()).toBe(before);
  });

  it('refuses an inventory number already used in the organisation, saying so', async () => {
    await makeObject(t, louvre, { inventoryNumber: 'TAKEN-1' });
    await html(louvre.browser.get('/es/objects/new'));
    const page = await html(louvre.browser.post('/es/objects', filledForm(louvre.browser.csrf(), 'TAKEN-1')), 409);
    expect(page).toContain(escapeHtml(translate('es', 'objectForm.error.inventoryTaken')));
  });

  it('refuses an expired form', async () => {
    const before = await countObjects();
    expect((await louvre.browser.post('/en/objects', filledForm('forged', 'FORGED-1'))).status).toBe(403);
    expect(await countObjects()).toBe(before);
  });
});

describe('editing an object', () => {
  it('shows the stored values, saves the changes with the reason, and keeps texts in other languages', async () => {
    const view = await makeObject(t, louvre, {
      title: { fr: 'Jarre', de: 'Krug' },
      measurements: [{ dimension: 'height', value: 30, unit: 'cm', part: 'lid' }],
      materials: [{ label: { de: 'Steingut' } }],
    });
    const page = await html(louvre.browser.get(`/en/objects/${view.id}/edit`));
    expect(page).toContain(`<h1>${escapeHtml(translate('en', 'objectForm.edit', { title: 'Jarre' }))}</h1>`);
    expect(hiddenInput(page, 'version')).toBe(String(view.version));
    expect(page).toMatch(/name="measurements.0.value" value="30"/);
    expect(page).toMatch(/<option value="jars" selected="">/);
    expect(page).toContain('name="materials.0" value="Steingut"');
    const response = await louvre.browser.post(`/en/objects/${view.id}`, {
      ...formFromPage(page),
      'title.en': 'Jar',
      'measurements.0.value': '31',
      reason: 'Measured again',
    });
    expect(location(response)).toBe(`/en/objects/${view.id}?saved=updated`);
    const after = await t.context.objects.get(louvre.principal, view.id);
    expect(after.description.title).toEqual({ fr: 'Jarre', en: 'Jar', de: 'Krug' });
    expect(after.description.measurements).toEqual([{ dimension: 'height', value: 31, unit: 'cm', part: 'lid' }]);
    expect(after.description.materials).toEqual([{ label: { de: 'Steingut' } }]);
    expect(after.description.objectType).toEqual(view.description.objectType);
    const history = await t.context.objects.history(louvre.principal, view.id);
    expect(history[0]).toMatchObject({ action: 'updated', reason: 'Measured again' });
    expect(Object.keys(history[0]!.changes).sort()).toEqual(['measurements', 'title']);
  });

  it('on a stale version, says someone else changed it, keeps the input, and saves nothing', async () => {
    const view = await makeObject(t, louvre);
    const page = await html(louvre.browser.get(`/fr/objects/${view.id}/edit`));
    await t.context.objects.update(admin.principal, view.id, { description: { dating: { display: 'vers 1700' } } }, view.version);
    const response = await louvre.browser.post(`/fr/objects/${view.id}`, { ...formFromPage(page), 'title.fr': 'Mon nouveau titre' });
    const body = await html(response, 409);
    expect(body).toContain(escapeHtml(translate('fr', 'objectForm.conflict')));
    expect(body).toContain(escapeHtml(translate('fr', 'objectForm.conflict.fields', { fields: `${translate('fr', 'objectId.title')}, ${translate('fr', 'objectId.dating')}` })));
    expect(body).toContain('value="Mon nouveau titre"');
    const stored = await t.context.objects.get(louvre.principal, view.id);
    expect(stored.description.title.fr).toBe(view.description.title.fr);
    expect(stored.description.dating?.display).toBe('vers 1700');
    // The form now carries the stored version: saving again, knowingly, replaces it.
    expect(hiddenInput(body, 'version')).toBe(String(stored.version));
    const again = await louvre.browser.post(`/fr/objects/${view.id}`, formFromPage(body));
    expect(location(again)).toBe(`/fr/objects/${view.id}?saved=updated`);
    expect((await t.context.objects.get(louvre.principal, view.id)).description.title.fr).toBe('Mon nouveau titre');
  });

  it('is for the owning organisation and admins: 404 for others who cannot see it, 403 for those who can', async () => {
    const view = await makeObject(t, louvre);
    expect(location(await visitor(t).get(`/en/objects/${view.id}/edit`))).toMatch(/^\/en\/login\?next=/);
    await html(prado.browser.get(`/en/objects/${view.id}/edit`), 404);
    await html(investigator.browser.get(`/en/objects/${view.id}/edit`), 404);
    await html(admin.browser.get(`/en/objects/${view.id}/edit`));
    await t.context.objects.reportIncident(louvre.principal, view.id, { method: 'theft', reporter: 'x', publish: true });
    await html(prado.browser.get(`/en/objects/${view.id}/edit`), 403);
    await html(investigator.browser.get(`/en/objects/${view.id}/edit`), 403);
  });
});

/** The values of a rendered form's inputs, selects and textareas, as a browser would send them. */
function formFromPage(page: string): Record<string, string> {
  const form = element(page, /<form method="post" action="\/[a-z]{2}\/objects[^"]*" class="stack object-form"[^>]*>/)!;
  const values: Record<string, string> = {};
  const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  for (const match of form.matchAll(/<input\b[^>]*\bname="([^"]+)"[^>]*>/g)) {
    const tag = match[0];
    if (/type="(file|checkbox)"/.test(tag)) continue;
    values[unescape(match[1]!)] = unescape(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? '');
  }
  for (const match of form.matchAll(/<textarea\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) values[unescape(match[1]!)] = unescape(match[2]!);
  for (const match of form.matchAll(/<select\b[^>]*\bname="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const options = [...match[2]!.matchAll(/<option value="([^"]*)"( selected="")?/g)];
    values[unescape(match[1]!)] = unescape((options.find((option) => option[2]) ?? options[0])?.[1] ?? '');
  }
  return values;
}
