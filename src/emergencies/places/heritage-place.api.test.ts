import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_BASE } from '../../app/app.js';
import { jpeg } from '../../test-support/photo-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { leakedSecrets, taggedJpeg } from '../../test-support/tagged-photo.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { sampleMuseum, sampleSite, sampleSubmission } from './heritage-place.test-support.js';

describe('the heritage places API', () => {
  let t: TestApp;
  let tokens: RegistryTokens & { assessor: string };
  beforeAll(async () => {
    t = await createTestApp();
    tokens = { ...(await registryTokens(t)), assessor: await t.token('heritage-assessor', 'secretariat') };
  });
  afterAll(() => t.close());

  const call = (path: string, init: { method?: string; token?: string; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) =>
    t.app.request(`${API_BASE}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token ? { Authorization: `Bearer ${init.token}` } : {}),
        ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...init.headers,
      },
      body: init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? null),
    });

  async function createSite(overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
    const response = await call('/heritage-places', { method: 'POST', token: tokens.assessor, json: { ...sampleSite(), ...overrides } });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { id: string; version: number };
  }

  it('records a place for a heritage assessor, with its ETag and Location, and serves it', async () => {
    const response = await call('/heritage-places', { method: 'POST', token: tokens.assessor, json: sampleSite() });
    expect(response.status).toBe(201);
    const place = (await response.json()) as { id: string; sensitive: boolean; position: string; version: number };
    expect(place).toMatchObject({ sensitive: true, position: 'exact', version: 1, names: { en: 'Test tell' }, country: 'SY', region: { west: 38, south: 34, east: 39, north: 35 } });
    expect(response.headers.get('ETag')).toBe('"v1"');
    expect(response.headers.get('Location')).toBe(`/api/v1/heritage-places/${place.id}`);
    expect((await call(`/heritage-places/${place.id}`)).status).toBe(200);
  });

  it('names the faulty position of a geometry: out of range, unclosed, self-intersecting, a hole outside', async () => {
    const bad = async (geometry: unknown) => {
      const response = await call('/heritage-places', { method: 'POST', token: tokens.assessor, json: { ...sampleSite(), geometry } });
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    };
    expect(await bad({ type: 'Point', coordinates: [181, 10] })).toEqual(['geometry.coordinates']);
    const bowtie = [[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]];
    expect(await bad({ type: 'Polygon', coordinates: [bowtie] })).toEqual(['geometry.coordinates[0][2]']);
    expect(await bad({ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1]]]] })).toEqual(['geometry.coordinates[0][0][3]']);
    const shell = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]];
    expect(await bad({ type: 'Polygon', coordinates: [shell, [[5, 5], [6, 5], [6, 6], [5, 5]]] })).toEqual(['geometry.coordinates[1][0]']);
  });

  it('lets a registrar record and edit their museum only; investigators and other registrars are refused', async () => {
    expect((await call('/heritage-places', { method: 'POST', token: tokens.louvre, json: sampleSite() })).status).toBe(403);
    expect((await call('/heritage-places', { method: 'POST', token: tokens.investigator, json: sampleMuseum('louvre') })).status).toBe(403);
    expect((await call('/heritage-places', { method: 'POST', token: tokens.prado, json: sampleMuseum('louvre') })).status).toBe(403);
    const created = await call('/heritage-places', { method: 'POST', token: tokens.louvre, json: { ...sampleMuseum('louvre'), organisation: undefined } });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ organisation: { slug: 'louvre' }, sensitive: false, canEdit: true });
  });

  it('edits with If-Match: 428 without, 412 over a newer save (with the current ETag), nothing lost', async () => {
    const { id } = await createSite();
    const edit = (ifMatch: string | undefined, description: string) =>
      call(`/heritage-places/${id}`, { method: 'PUT', token: tokens.assessor, json: { ...sampleSite(), description }, headers: ifMatch ? { 'If-Match': ifMatch } : {} });
    expect((await edit(undefined, 'a')).status).toBe(428);
    const first = await edit('"v1"', 'first');
    expect(first.status).toBe(200);
    expect(first.headers.get('ETag')).toBe('"v2"');
    const stale = await edit('"v1"', 'second');
    expect(stale.status).toBe(412);
    expect(stale.headers.get('ETag')).toBe('"v2"');
    expect(await (await call(`/heritage-places/${id}`)).json()).toMatchObject({ description: 'first', version: 2 });
    const audit = (await (await call(`/audit?target=${id}`, { token: tokens.admin })).json()) as { items: Array<{ action: string; details: Record<string, unknown> }> };
    expect(audit.items.map((entry) => [entry.action, entry.details['version']])).toEqual([
      ['heritage-place.update', 2],
      ['heritage-place.create', 1],
    ]);
  });

  it('records the 1954 Hague Convention protection with the place, edits it, and shows it only to those who see the position', async () => {
    const { id } = await createSite({ protection: 'enhanced' });
    expect(await (await call(`/heritage-places/${id}`, { token: tokens.assessor })).json()).toMatchObject({ protection: 'enhanced', position: 'exact' });
    expect(await (await call(`/heritage-places/${id}`)).json()).not.toHaveProperty('protection');
    const edited = await call(`/heritage-places/${id}`, { method: 'PUT', token: tokens.assessor, json: { ...sampleSite(), protection: 'special' }, headers: { 'If-Match': '"v1"' } });
    expect(await edited.json()).toMatchObject({ protection: 'special', version: 2 });
    // Left out, it is none recorded, as every field of the whole place sent.
    const { id: plain } = await createSite();
    expect(await (await call(`/heritage-places/${plain}`, { token: tokens.assessor })).json()).toMatchObject({ protection: 'none' });
    const refused = await call('/heritage-places', { method: 'POST', token: tokens.assessor, json: { ...sampleSite(), protection: 'total' } });
    expect(((await refused.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['protection']);
  });

  it('answers a replayed Idempotency-Key with the first assessment (200), and reports a place changed meanwhile', async () => {
    const { id } = await createSite();
    await call(`/heritage-places/${id}`, { method: 'PUT', token: tokens.assessor, json: { ...sampleSite(), description: 'moved fence' }, headers: { 'If-Match': '"v1"' } });
    const send = () =>
      call(`/heritage-places/${id}/assessments`, { method: 'POST', token: tokens.assessor, json: sampleSubmission({ placeVersion: 1 }), headers: { 'Idempotency-Key': 'c7a1e0d2-replay-0001' } });
    const first = await send();
    expect(first.status).toBe(201);
    const body = (await first.json()) as { assessment: { id: string }; placeVersion: number; conflict: unknown };
    expect(body).toMatchObject({ placeVersion: 2, conflict: { placeVersion: 2, seenVersion: 1 }, warnings: [] });
    const again = await send();
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    const list = (await (await call(`/heritage-places/${id}/assessments`)).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);
    // Recorded once in the audit trail: the replay wrote nothing.
    const audit = (await (await call(`/audit?action=heritage-place.assess&target=${id}`, { token: tokens.admin })).json()) as { items: Array<{ details: Record<string, unknown> }> };
    expect(audit.items.map((entry) => entry.details)).toEqual([{ assessment: body.assessment.id, assessedOn: expect.any(String), condition: 'poor', photos: 0 }]);
  });

  it('takes photos as multipart parts: metadata stripped, a photo without position kept with a warning', async () => {
    const { id } = await createSite();
    const tagged = await taggedJpeg(sharp({ create: { width: 320, height: 240, channels: 3, background: '#884422' } }));
    const form = new FormData();
    form.append('assessment', JSON.stringify(sampleSubmission({ photoPositions: [{ lat: 34.5517, lon: 38.2742 }] })));
    form.append('photos', new File([new Uint8Array(tagged.bytes)], 'trench.jpg', { type: 'image/jpeg' }));
    form.append('photos', new File([new Uint8Array(await jpeg())], 'wall.jpg', { type: 'image/jpeg' }));
    const response = await call(`/heritage-places/${id}/assessments`, { method: 'POST', token: tokens.assessor, body: form });
    expect(response.status, await response.clone().text()).toBe(201);
    const result = (await response.json()) as { assessment: { photos: Array<{ url: string; position: unknown }> }; warnings: Array<{ field: string }> };
    expect(result.warnings.map((w) => w.field)).toEqual(['photos[1]']);
    expect(result.assessment.photos.map((p) => p.position)).toEqual([{ lat: 34.5517, lon: 38.2742 }, null]);
    for (const variant of ['', '/original', '/thumbnail']) {
      const photo = await t.app.request(`${result.assessment.photos[0]!.url}${variant}`, { headers: { Authorization: `Bearer ${tokens.assessor}` } });
      expect(photo.status).toBe(200);
      expect(leakedSecrets(Buffer.from(await photo.arrayBuffer()), tagged)).toEqual([]);
    }
  });

  it('refuses an assessment dated in the future or before the place was recorded, naming the field', async () => {
    const { id } = await createSite();
    const refused = async (assessedOn: string) => {
      const response = await call(`/heritage-places/${id}/assessments`, { method: 'POST', token: tokens.assessor, json: sampleSubmission({ assessedOn }) });
      expect(response.status).toBe(400);
      return ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    };
    expect(await refused('2999-01-01')).toEqual(['assessment.assessedOn']);
    expect(await refused('2001-01-01')).toEqual(['assessment.assessedOn']);
    const form = new FormData();
    form.append('assessment', JSON.stringify(sampleSubmission({ condition: 'splendid' })));
    const multipart = await call(`/heritage-places/${id}/assessments`, { method: 'POST', token: tokens.assessor, body: form });
    expect(multipart.status).toBe(400);
    expect(((await multipart.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['assessment.condition']);
  });

  it('filters the list by country, kind and latest condition', async () => {
    const { id } = await createSite({ country: 'IQ', names: { en: 'Filter tell' } });
    await call(`/heritage-places/${id}/assessments`, { method: 'POST', token: tokens.assessor, json: sampleSubmission({ condition: 'destroyed' }) });
    const found = (await (await call('/heritage-places?country=iq&kind=archaeological-site&condition=destroyed')).json()) as { items: Array<{ id: string }>; total: number };
    expect(found.items.map((p) => p.id)).toEqual([id]);
    expect(found.total).toBe(1);
    expect((await call('/heritage-places?bbox=10,20,5,30')).status).toBe(400);
  });
});
