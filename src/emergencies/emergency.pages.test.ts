import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate } from '../i18n/i18n.js';
import { html, makeObject, signedIn, visitor, type Person } from '../registry/pages.test-support.js';
import { verifyDetached } from '../signing/signing.service.js';
import { escapeHtml, htmlLang } from '../test-support/html.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { AREA_WITH_HOLE, api, declare, sceneInside, square } from './emergency.test-support.js';

let t: TestApp;
let admin: Person;
let investigator: Person;
let registrar: Person;
let outsider: Person;
let emergencyId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signedIn(t, 'admin', 'secretariat');
  investigator = await signedIn(t, 'investigator', 'interpol');
  registrar = await signedIn(t, 'registrar', 'valley-museum');
  outsider = await signedIn(t, 'registrar', 'far-museum');
  const adminToken = await t.token('admin');
  await sceneInside(t, adminToken, 'valley-museum');
  emergencyId = await declare(t, adminToken, { names: { en: 'Valley conflict', fr: 'Conflit de la vallée', es: 'Conflicto del valle' }, countries: ['TN'], area: AREA_WITH_HOLE });
});
afterAll(() => t.close());

describe('the emergency pages', () => {
  it('list the emergencies and show a dashboard with figures, a condition table, a map and the places, in the visitor’s language', async () => {
    expect(await html(visitor(t).get('/fr/emergencies'))).toContain('Conflit de la vallée');
    const page = await html(visitor(t).get(`/fr/emergencies/${emergencyId}`));
    expect(htmlLang(page)).toBe('fr');
    expect(page).toContain(escapeHtml('Lieux concernés'));
    expect(page).toContain('<table');
    expect(page).toMatch(/<svg[^>]*role="img"/);
    expect(page).toContain('Tell Alpha');
    expect(page).not.toContain('Hole Mosque');
    // The public sees the sensitive site by its region, and no export form.
    expect(page).toContain(escapeHtml('région en degrés entiers'));
    expect(page).not.toContain('no-strike');
  });

  it('are in the site navigation with the heritage places, for everyone', async () => {
    const home = await html(visitor(t).get('/es/'));
    expect(home).toContain(`<a href="/es/emergencies">${escapeHtml(translate('es', 'emergencies.nav'))}</a>`);
    expect(home).toContain(`<a href="/es/heritage-places">${escapeHtml(translate('es', 'places.nav'))}</a>`);
  });

  it('answer 404 for an unknown emergency', async () => {
    await html(visitor(t).get('/en/emergencies/nothing-here'), 404);
  });

  it('let an admin declare an emergency from a pasted area, naming a bad one', async () => {
    await html(admin.browser.get('/en/emergencies/new'));
    const form = { kind: 'earthquake', 'names.en': 'Coastal earthquake', countries: '', startsOn: '2026-02-06', status: 'active' };
    const refused = await html(admin.browser.post('/en/emergencies/new', { ...form, area: '{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]}', _csrf: admin.browser.csrf() }), 400);
    expect(refused).toContain('The area is not a valid polygon');
    // A drawing tool's Feature, with a hole: no place lies inside.
    const saved = await admin.browser.post('/en/emergencies/new', { ...form, area: JSON.stringify({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [square(-80, -20, -70, -10), square(-76, -16, -74, -14)] } }), _csrf: admin.browser.csrf() });
    expect(saved.status).toBe(303);
    const dashboard = await html(admin.browser.get(saved.headers.get('Location')!));
    expect(dashboard).toContain('Coastal earthquake');
    expect(dashboard).toContain('No heritage place is recorded inside.');
  });

  it('refuse the declaration form to others', async () => {
    await html(registrar.browser.get('/en/emergencies/new'), 403);
    expect((await visitor(t).get('/en/emergencies/new')).status).toBe(303);
  });

  it('let an investigator export a no-strike list, then download the file and its signature, which verifies', async () => {
    await html(investigator.browser.get(`/en/emergencies/${emergencyId}`));
    const exported = await investigator.browser.post(`/en/emergencies/${emergencyId}/no-strike`, { format: 'csv', _csrf: investigator.browser.csrf() });
    expect(exported.status).toBe(303);
    const page = await html(investigator.browser.get(exported.headers.get('Location')!));
    const [file, signature] = [...page.matchAll(/href="([^"]*\/no-strike\/[^"]*\/(?:file|signature))"/g)].map((match) => match[1]!);
    const bytes = new Uint8Array(await (await investigator.browser.get(file!)).arrayBuffer());
    const jws = await (await investigator.browser.get(signature!)).text();
    const keys = (await (await api(t, 'GET', '/signing-keys')).json()) as { keys: Array<{ kid: string }> };
    expect((await verifyDetached(bytes, jws, keys)).kid).toBe(keys.keys[0]!.kid);
    expect(new TextDecoder().decode(bytes)).toContain('Tell Alpha');
    // A registrar may not fetch it.
    await html(registrar.browser.get(file!), 403);
  });
});

describe('the heightened watch', () => {
  it('explains itself on the report form of a museum inside, flags the report and marks it on the alert list', async () => {
    const inside = await makeObject(t, registrar);
    const form = await html(registrar.browser.get(`/en/objects/${inside.id}/report`));
    expect(form).toContain(escapeHtml('Heightened watch: Valley conflict'));
    const reported = await registrar.browser.post(`/en/objects/${inside.id}/report`, { method: 'theft', reporter: 'Registrar', reportedOn: new Date().toISOString().slice(0, 10), publish: 'yes', _csrf: registrar.browser.csrf() });
    expect(reported.status).toBe(303);
    const view = await t.context.objects.get(registrar.principal, inside.id);
    expect(view.incidents[0]!.emergencyId).toBe(emergencyId);
    expect(view.onAlertList).toBe(true);
    const alerts = await html(visitor(t).get('/en/alerts'));
    expect(alerts).toContain('Emergency area');
  });

  it('leaves a museum outside every emergency alone', async () => {
    const far = await makeObject(t, outsider);
    expect(await html(outsider.browser.get(`/en/objects/${far.id}/report`))).not.toContain('Heightened watch');
    await t.context.objects.reportIncident(outsider.principal, far.id, { method: 'loss', reporter: 'Registrar', publish: true });
    expect((await t.context.objects.get(outsider.principal, far.id)).incidents[0]!.emergencyId).toBeNull();
  });
});
