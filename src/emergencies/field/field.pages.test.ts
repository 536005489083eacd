import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { hiddenInput } from '../../test-support/browser.js';
import { escapeHtml } from '../../test-support/html.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { PlaceView } from '../places/heritage-place.service.js';
import { FIELD_VERSION, fieldAssetUrl } from './field-assets.js';

describe('the field app’s pages', () => {
  let t: TestApp;
  let assessor: Person;
  let registrar: Person;
  let site: PlaceView;
  let museum: PlaceView;
  const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escapeHtml(translate('en', key, params));

  /** The form as a browser without JavaScript sends it: multipart, with the page's token and key. */
  async function post(person: Person, fields: Record<string, string>, photos: Buffer[] = []): Promise<Response> {
    const page = await html(person.browser.get('/en/field'));
    const body = new FormData();
    body.append('_csrf', person.browser.csrf());
    body.append('idempotencyKey', fields.idempotencyKey ?? hiddenInput(page, 'idempotencyKey')!);
    for (const [name, value] of Object.entries(fields)) if (name !== 'idempotencyKey') body.append(name, value);
    for (const photo of photos) body.append('photos', new File([new Uint8Array(photo)], 'site.jpg', { type: 'image/jpeg' }));
    const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return t.app.request('/en/field', { method: 'POST', body, headers: { Cookie: cookie } });
  }

  const today = new Date().toISOString().slice(0, 10);
  const valid = () => ({ place: site.id, assessedOn: today, phase: 'situation-analysis', condition: 'poor', damageExtent: '11-30', 'threats.0.category': 'looting', 'threats.0.type': 'illegal digging', 'threats.0.probability': 'high', 'threats.1.category': 'other', 'threats.1.type': '', 'threats.1.probability': 'medium', recommendation: 'Fence it.', priority: 'high', notes: '' });

  beforeAll(async () => {
    t = await createTestApp();
    assessor = await signedIn(t, 'heritage-assessor', 'blue-shield');
    registrar = await signedIn(t, 'registrar', 'musee-field');
    const admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    site = await t.context.heritagePlaces.create(admin, { names: { en: 'Mound of Qala', fr: 'Tell de Qala' }, kind: 'archaeological-site', geometry: { type: 'Point', coordinates: [36.12345, 35.54321] }, locationCertainty: 'exact', country: 'SY', protection: 'none' });
    museum = await t.context.heritagePlaces.create(admin, { names: { en: 'Field museum' }, kind: 'museum', geometry: { type: 'Point', coordinates: [2.35, 48.85] }, locationCertainty: 'exact', country: 'FR', organisation: 'musee-field', protection: 'none' });
  }, 60_000);
  afterAll(() => t.close());

  it('shows assessors their places, the form and the app shell; others sign in or are refused', async () => {
    const page = await html(assessor.browser.get('/en/field'));
    expect(page).toContain('<strong>Mound of Qala</strong>');
    expect(page).toContain(`<option value="${site.id}" data-version="1">Mound of Qala</option>`);
    expect(page).toContain('<input id="f-photos" type="file" name="photos" accept="image/*" capture="environment" multiple');
    expect(page).toContain(`<script type="module" src="${fieldAssetUrl('field-app.js')}" defer=""></script>`);
    expect(page).toContain('<link rel="manifest" href="/en/field/manifest.webmanifest"/>');
    expect(page).toContain('data-worker="/field-sw.js"');
    // The script gets messages as written, to fill and pluralise itself.
    expect(page).toContain('{count} place|{count} places');
    expect(page).toContain(`<input id="f-assessedOn" name="assessedOn" type="date" value="${today}"`);

    const registrarPage = await html(registrar.browser.get('/en/field'));
    expect(registrarPage).toContain('<strong>Field museum</strong>');
    expect(registrarPage).not.toContain('Mound of Qala');

    expect(location(await visitor(t).get('/en/field'))).toBe('/en/login?next=%2Fen%2Ffield');
    const investigator = await signedIn(t, 'investigator', 'police-field');
    expect((await investigator.browser.get('/en/field')).status).toBe(403);
  });

  it('searches places without JavaScript, by name, kind or country, accents aside', async () => {
    const found = await html(assessor.browser.get('/en/field?q=qala'));
    expect(found).toContain('<strong>Mound of Qala</strong>');
    expect(found).not.toContain('<strong>Field museum</strong>');
    expect(found).toContain(en('field.places.count', { count: 1 }));
    expect(await html(assessor.browser.get('/fr/field?q=musee'))).toContain('<strong>Field museum</strong>');
    expect(await html(assessor.browser.get('/en/field?q=nowhere'))).toContain(en('field.places.none'));
  });

  it('gives the phone its places as JSON, with positions only for those who may see them', async () => {
    const response = await assessor.browser.get('/en/field/places.json');
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const { items } = (await response.json()) as { items: Array<Record<string, unknown>> };
    expect(items.find((item) => item.id === site.id)).toEqual({ id: site.id, name: 'Mound of Qala', kind: 'archaeological-site', country: 'SY', countryName: 'Syria', latestCondition: null, version: 1, position: { lat: 35.54321, lon: 36.12345 } });
    const registrarItems = ((await (await registrar.browser.get('/en/field/places.json')).json()) as { items: Array<{ id: string }> }).items;
    expect(registrarItems.map((item) => item.id)).toEqual([museum.id]);
    expect((await visitor(t).get('/en/field/places.json')).status).toBe(303);
  });

  it('serves the service worker with its versioned shell, the versioned files and the manifests', async () => {
    const worker = await t.app.request('/field-sw.js');
    expect(worker.headers.get('Cache-Control')).toBe('no-cache');
    const text = await worker.text();
    const shell = JSON.parse(/^const SHELL = (.*);$/m.exec(text)![1]!) as { version: string; assets: string[]; pages: string[] };
    expect(shell.version).toBe(FIELD_VERSION);
    expect(shell.pages).toEqual(['/fr/field', '/en/field', '/es/field']);
    expect(shell.assets).toContain(fieldAssetUrl('field-queue.js'));
    expect(shell.assets).toContain('/es/field/manifest.webmanifest');
    for (const asset of shell.assets) expect((await t.app.request(asset)).status, asset).toBe(200);

    const script = await t.app.request(fieldAssetUrl('field-app.js'));
    expect(script.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect((await t.app.request('/field/000000000000/field-app.js')).status).toBe(404);
    const manifest = (await (await t.app.request('/fr/field/manifest.webmanifest')).json()) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: translate('fr', 'field.manifest.name'), start_url: '/fr/field', scope: '/fr/field', lang: 'fr' });
  });

  it('records an assessment sent without JavaScript, once however often it is sent', async () => {
    const fields = { ...valid(), idempotencyKey: 'b0f7a3b8-2d5e-4a57-9d0e-1f2a3b4c5d6e' };
    const first = await post(assessor, fields, [await jpeg(320, 240)]);
    expect(first.status).toBe(303);
    expect(location(first)).toBe(`/en/field?saved=${site.id}`);
    expect((await post(assessor, fields, [await jpeg(320, 240)])).status).toBe(303);
    const assessments = await t.context.heritagePlaces.assessments(assessor.principal, site.id);
    expect(assessments).toHaveLength(1);
    expect(assessments[0]).toMatchObject({ condition: 'poor', threats: [{ category: 'looting', type: 'illegal digging', probability: 'high' }], photos: [{ position: null }] });
  });

  it('shows the form again with each error named', async () => {
    const response = await post(assessor, { ...valid(), condition: '', assessedOn: '2019-01-01', place: '' });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('<a href="#f-condition">');
    expect(page).toContain('<a href="#f-place">');
    // The service refuses a visit before the place was recorded, by field.
    const early = await post(assessor, { ...valid(), assessedOn: '2019-01-01' });
    expect(early.status).toBe(400);
    expect(await early.text()).toContain('<a href="#f-assessedOn">');
  });
});
