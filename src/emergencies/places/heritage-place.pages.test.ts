import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { escapeHtml, htmlLang } from '../../test-support/html.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { sampleSite } from './heritage-place.test-support.js';

describe('heritage place pages', () => {
  let t: TestApp;
  let assessor: Person;
  let registrar: Person;
  const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('en', key, params));

  beforeAll(async () => {
    t = await createTestApp();
    assessor = await signedIn(t, 'heritage-assessor', 'blue-shield');
    registrar = await signedIn(t, 'registrar', 'city-museum');
  });
  afterAll(() => t.close());

  async function postForm(person: Person, path: string, fields: Record<string, string>): Promise<Response> {
    await html(person.browser.get(path));
    return person.browser.post(path, { _csrf: person.browser.csrf(), ...fields });
  }

  it('records a place from the form, then shows it with its map, in the reader’s language', async () => {
    const created = await postForm(assessor, '/en/heritage-places/new', {
      'names.en': 'Tell Form',
      otherNames: 'ar: تل فورم',
      kind: 'archaeological-site',
      country: 'IQ',
      longitude: '44.42',
      latitude: '32.54',
      locationCertainty: 'approximate',
      'period.text': 'Neo-Babylonian',
      'period.earliestYear': '-626',
      sensitive: '',
    });
    const path = location(created);
    expect(path).toMatch(/^\/en\/heritage-places\/[0-9a-z]{16}\?saved=created$/);
    const page = await html(assessor.browser.get(path));
    expect(htmlLang(page)).toBe('en');
    expect(page).toContain('<h1>Tell Form</h1>');
    expect(page).toContain('<span lang="ar">تل فورم</span>');
    expect(page).toContain(en('places.saved.created'));
    expect(page).toContain(en('places.year.bce', { year: 626 }));
    expect(page).toContain('<svg');
    expect(page).toContain(en('places.assess'));
    // The public sees the place and its region, never a form nor the position.
    const publicPage = await html(visitor(t).get(path.replace('?saved=created', '')));
    expect(publicPage).toContain(en('places.region.notice'));
    expect(publicPage).not.toContain('44.42');
    expect(publicPage).not.toContain(en('places.assess'));
  });

  it('records and edits the 1954 Hague Convention protection from the form, shown to those who see the position', async () => {
    const form = await html(assessor.browser.get('/en/heritage-places/new'));
    expect(form).toContain('<select id="f-protection" name="protection"');
    expect(form).toContain(`<option value="enhanced">${en('emergencies.protection.enhanced')}</option>`);
    const fields = { 'names.en': 'Protected tell', kind: 'archaeological-site', country: 'SY', longitude: '38.9', latitude: '35.9', protection: 'special' };
    const path = location(await postForm(assessor, '/en/heritage-places/new', fields)).replace('?saved=created', '');
    const page = await html(assessor.browser.get(path));
    expect(page).toContain(`<dt>${en('places.field.protection')}</dt><dd>${en('emergencies.protection.special')}</dd>`);
    expect(await html(assessor.browser.get(`${path}/edit`))).toContain('<option value="special" selected="">');
    expect(await html(visitor(t).get(path))).not.toContain(en('places.field.protection'));
    expect(location(await postForm(assessor, `${path}/edit`, { ...fields, protection: 'general', version: '1' }))).toBe(`${path}?saved=updated`);
    expect(await html(assessor.browser.get(path))).toContain(en('emergencies.protection.general'));
  });

  it('names the faulty field: a missing name, a position out of range', async () => {
    const unnamed = await html(postForm(assessor, '/en/heritage-places/new', { kind: 'monument', country: 'IQ', longitude: '20', latitude: '32' }), 400);
    expect(unnamed).toContain('data-error-summary');
    expect(unnamed).toContain('<a href="#f-names-en">');
    const outOfRange = await html(postForm(assessor, '/en/heritage-places/new', { 'names.en': 'Far', kind: 'monument', country: 'IQ', longitude: '200', latitude: '32' }), 400);
    expect(outOfRange).toContain(en('places.error.geometry', { field: 'geometry.coordinates' }));
    expect(outOfRange).toContain('value="200"');
  });

  it('says in the page’s language what the service refused: an unknown organisation, an assessment dated in the future', async () => {
    const fr = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('fr', key, params));
    const unknown = await html(postForm(assessor, '/fr/heritage-places/new', { 'names.fr': 'Musée inconnu', kind: 'museum', country: 'FR', longitude: '2.3', latitude: '48.8', organisation: 'no-such-museum' }), 400);
    expect(unknown).toContain(fr('places.error.organisation', { slug: 'no-such-museum' }));
    expect(unknown).not.toContain('unknown organisation');
    const place = await t.context.heritagePlaces.create(assessor.principal, sampleSite());
    await html(assessor.browser.get(`/fr/heritage-places/${place.id}/assess`));
    const body = new FormData();
    body.append('_csrf', assessor.browser.csrf());
    for (const [name, value] of Object.entries({ assessedOn: '2999-01-01', phase: 'situation-analysis', condition: 'poor', damageExtent: '11-30', recommendation: '', priority: 'high' })) body.append(name, value);
    const cookie = [...assessor.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    const future = await html(t.app.request(`/fr/heritage-places/${place.id}/assess`, { method: 'POST', body, headers: { Cookie: cookie } }), 400);
    expect(future).toContain(fr('places.error.assessedOn'));
    expect(future).not.toContain('in the future');
  });

  it('refuses a save over a newer one and shows the current version', async () => {
    const place = await t.context.heritagePlaces.create(assessor.principal, sampleSite());
    const form = await html(assessor.browser.get(`/en/heritage-places/${place.id}/edit`));
    expect(form).toContain('<input type="hidden" name="version" value="1"');
    const fields = { 'names.en': 'Renamed', kind: 'archaeological-site', country: 'SY', longitude: '38.2', latitude: '34.5', version: '1' };
    expect(location(await assessor.browser.post(`/en/heritage-places/${place.id}/edit`, { _csrf: assessor.browser.csrf(), ...fields }))).toBe(`/en/heritage-places/${place.id}?saved=updated`);
    const stale = await html(assessor.browser.post(`/en/heritage-places/${place.id}/edit`, { _csrf: assessor.browser.csrf(), ...fields, 'names.en': 'Lost' }), 409);
    expect(stale).toContain(en('places.error.changed'));
    expect(stale).toContain('value="Renamed"');
  });

  it('records an assessment with a photo from the desktop form: signed, in the history table, with a warning for the photo without position', async () => {
    const place = await t.context.heritagePlaces.create(assessor.principal, sampleSite());
    await html(assessor.browser.get(`/en/heritage-places/${place.id}/assess`));
    const body = new FormData();
    body.append('_csrf', assessor.browser.csrf());
    for (const [name, value] of Object.entries({ assessedOn: new Date().toISOString().slice(0, 10), phase: 'situation-analysis', condition: 'very-bad', damageExtent: '31-60', 'threats.0.type': 'shelling', 'threats.0.category': 'armed-conflict', 'threats.0.probability': 'high', recommendation: 'Shore up the arch', priority: 'high', placeVersion: '1' })) {
      body.append(name, value);
    }
    body.append('photos', new File([new Uint8Array(await jpeg())], 'arch.jpg', { type: 'image/jpeg' }));
    const cookie = [...assessor.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    const response = await t.app.request(`/en/heritage-places/${place.id}/assess`, { method: 'POST', body, headers: { Cookie: cookie } });
    expect(location(response)).toBe(`/en/heritage-places/${place.id}?saved=assessed&warnings=1#latest`);
    const page = await html(assessor.browser.get(`/en/heritage-places/${place.id}?saved=assessed&warnings=1`));
    expect(page).toContain(en('places.saved.warnings', { warnings: 1 }));
    expect(page).toContain(`<span class="condition condition-very-bad">${en('places.condition.very-bad')}</span>`);
    expect(page).toContain('<th scope="col">');
    expect(page).toContain(escapeHtml(`${assessor.principal.displayName}, `));
    expect(page).toMatch(/<img src="\/media\/heritage-places\/photos\/[0-9a-z]{16}\/thumbnail"/);
  });

  it('lets a registrar edit their museum only, and sends the public to sign in', async () => {
    const museum = await t.context.heritagePlaces.create(registrar.principal, sampleSite({ kind: 'museum', names: { en: 'City museum' } }));
    expect(museum.organisation?.slug).toBe('city-museum');
    await html(registrar.browser.get(`/en/heritage-places/${museum.id}/edit`));
    const site = await t.context.heritagePlaces.create(assessor.principal, sampleSite());
    await html(registrar.browser.get(`/en/heritage-places/${site.id}/edit`), 403);
    expect(location(await visitor(t).get(`/en/heritage-places/${site.id}/assess`))).toMatch(/^\/en\/login\?next=/);
  });

  it('lists places with filters that work without JavaScript', async () => {
    const page = await html(visitor(t).get('/es/heritage-places?kind=museum'));
    expect(page).toContain('<option value="museum" selected="">');
    expect(page).toContain('City museum');
    expect(page).not.toContain('Tell Form');
  });
});
