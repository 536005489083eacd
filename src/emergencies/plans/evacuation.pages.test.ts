import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, location, signedIn, type Person } from '../../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { makeObject } from './evacuation.test-support.js';

let t: TestApp;
let registrar: Person;
let other: Person;
let objectId: string;

beforeAll(async () => {
  t = await createTestApp();
  registrar = await signedIn(t, 'registrar', 'musee-pages');
  other = await signedIn(t, 'registrar', 'museo-otro');
  objectId = await makeObject(t, registrar.principal, 'P-1', 'Carved panel');
  await makeObject(t, registrar.principal, 'P-2', 'Silk banner');
});
afterAll(() => t.close());

describe('evacuation pages', () => {
  it('sets a plan from the object’s plan page, naming invalid fields, and lists it', async () => {
    const page = `/fr/evacuation/objects/${objectId}`;
    const form = await html(registrar.browser.get(page));
    expect(form).toContain('Plan d’évacuation : P-1 — Carved panel');
    const invalid = await html(registrar.browser.post(page, { _csrf: registrar.browser.csrf(), priority: '5', 'location.building': '' }), 400);
    expect(invalid).toContain('href="#f-priority"');
    expect(invalid).toContain('href="#f-location-building"');
    const saved = await registrar.browser.post(page, { _csrf: registrar.browser.csrf(), priority: '1', 'location.building': 'B1', 'location.floor': '2', 'location.room': '204', packing: ['crate', 'fragile'], handling: 'Par la base' });
    expect(location(saved)).toBe(`${page}?saved=plan`);
    const list = await html(registrar.browser.get('/fr/evacuation'));
    expect(list).toContain('B1-2-204');
    expect(list).toContain('Caisse, Fragile');
    expect(list).toContain('Sans plan');
    expect(await html(registrar.browser.get('/fr/evacuation?priority=none'))).not.toContain('B1-2-204');
  });

  it('records a batch movement by inventory numbers, and refuses unknown ones by name', async () => {
    const page = '/en/evacuation/movements';
    await html(registrar.browser.get(page));
    const refused = await html(registrar.browser.post(page, { _csrf: registrar.browser.csrf(), numbers: 'P-1\nP-404', 'to.building': 'Truck', condition: 'good' }), 400);
    expect(refused).toContain('P-404');
    const moved = await registrar.browser.post(page, { _csrf: registrar.browser.csrf(), numbers: 'P-1, P-2', 'to.building': 'Truck', 'to.room': '1', condition: 'damaged', note: 'Rain' });
    expect(location(moved)).toBe(`${page}?recorded=2`);
    const list = await html(registrar.browser.get(`${page}?recorded=2`));
    expect(list).toContain('2 movements recorded.');
    expect(list).toContain('B1-2-204');
    expect(list).toContain('Truck-1');
    expect(list).toContain('Damaged');
    // The object's history says where it went.
    expect(await html(registrar.browser.get(`/en/objects/${objectId}`))).toContain('B1-2-204 → Truck-1 — Rain');
  });

  it('keeps plans from other museums and from the public', async () => {
    expect((await other.browser.get(`/en/evacuation/objects/${objectId}`)).status).toBe(404);
    expect(await html(other.browser.get('/en/evacuation'))).not.toContain('P-1');
    expect((await other.browser.get('/en/evacuation?organisation=musee-pages')).status).toBe(403);
    expect((await t.app.request('/en/evacuation')).status).toBe(303);
  });
});
