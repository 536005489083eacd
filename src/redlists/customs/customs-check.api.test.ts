import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../http/problem.js';
import { jpeg } from '../../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { levantList, publishLists } from '../red-list-public.test-support.js';
import { customsCheckEvidencePath, customsCheckPhotoPath } from '../red-list-paths.js';
import type { CheckJson } from './customs-check.schemas.js';

const BASE = '/api/v1/customs-checks';
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });
const FACTS = { objectType: 'bowl', material: 'ceramic', period: { from: -700, to: -400 }, originCountry: 'LB', destinationCountry: 'FR', declaredValueEur: 800 };

describe('/api/v1/customs-checks', () => {
  let t: TestApp;
  let customs: string;
  let police: string;
  let registrar: string;

  const post = (token: string, body: unknown, query = '') =>
    t.app.request(`${BASE}${query}`, { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const created = async (response: Response): Promise<CheckJson> => {
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as CheckJson;
  };
  const problemOf = async (response: Response, status: number): Promise<Problem> => {
    expect(response.status, await response.clone().text()).toBe(status);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    return (await response.json()) as Problem;
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('douane', 'Douane', 'agency');
    await t.context.organisations.ensure('police', 'Police', 'agency');
    await t.context.organisations.ensure('musee', 'Musée', 'museum');
    customs = await t.token('investigator', 'douane');
    police = await t.token('investigator', 'police');
    registrar = await t.token('registrar', 'musee');
    await publishLists(t, [levantList()]);
  }, 60_000);
  afterAll(() => t.close());

  it('checks declared facts sent as JSON: categories ranked with reasons, rules, recommendation, in the asked language', async () => {
    const response = await post(customs, { facts: FACTS, place: { text: 'Le Havre', latitude: 49.49, longitude: 0.1 } }, '?lang=fr');
    const check = await created(response);
    expect(response.headers.get('Location')).toBe(`${BASE}/${check.id}`);
    expect(check.organisation).toEqual({ slug: 'douane', name: 'Douane' });
    expect(check.place).toEqual({ text: 'Le Havre', latitude: 49.49, longitude: 0.1 });
    expect(check.categories[0]).toMatchObject({ listSlug: 'levant-demo', categoryId: 'painted-bowls', name: 'Bols peints', url: '/fr/red-lists/levant-demo/editions/2/categories/painted-bowls' });
    expect(check.categories[0]!.reasons.map((reason) => reason.kind)).toEqual(expect.arrayContaining(['type', 'material', 'period']));
    expect(check.categories[0]!.reasons.find((reason) => reason.kind === 'period')!.text).toBe('Période : 700–400 av. J.-C.');
    const licence = check.rules.find((rule) => rule.rule === 'eu-import-licence');
    expect(licence).toMatchObject({ applies: 'yes', documentHeld: false });
    expect(licence!.references[0]!.reference).toMatch(/2019\/880/);
    expect(check.recommendation.reasons.length).toBeGreaterThan(0);
    for (const reason of check.recommendation.reasons) expect(reason.text).not.toMatch(/^customs\./);
    expect(check.missing).toEqual(['photo']);
    expect(check.links).toEqual({ page: `/fr/customs-check/${check.id}`, pdf: `/fr/customs-check/${check.id}/report.pdf` });
    expect(check.decision).toBeNull();
  });

  it('refuses bad facts with 400, naming each field', async () => {
    const problem = await problemOf(await post(customs, { facts: { originCountry: 'xs', period: { from: 100, to: -100 }, declaredValueEur: -5 } }), 400);
    expect(problem.errors!.map((issue) => issue.field).sort()).toEqual(['facts.declaredValueEur', 'facts.originCountry', 'facts.period.to']);
    // A well-formed code that is neither an ISO country nor one of a published list.
    expect((await problemOf(await post(customs, { facts: { originCountry: 'LB', destinationCountry: 'XX' } }), 400)).errors).toEqual([
      { field: 'facts.destinationCountry', message: 'neither an ISO 3166-1 country nor a country of a published Red List' },
    ]);
    expect((await problemOf(await post(customs, { facts: { colour: 'red' } }), 400)).errors![0]!.field).toBe('facts');
    expect((await problemOf(await post(customs, { facts: {}, place: { latitude: 91 } }), 400)).errors!.map((issue) => issue.field).sort()).toEqual(['place.latitude', 'place.longitude']);
  });

  it('takes up to three photos and the facts as a multipart form, naming the form’s fields when they are wrong', async () => {
    const form = (fields: Record<string, string>, ...photos: Buffer[]) => {
      const body = new FormData();
      for (const photo of photos) body.append('photo', new File([new Uint8Array(photo)], 'field.jpg', { type: 'image/jpeg' }));
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return t.app.request(BASE, { method: 'POST', headers: bearer(customs), body });
    };
    const check = await created(
      await form({ objectType: 'bowl', material: 'ceramic', periodFrom: '700', periodFromEra: 'bce', periodTo: '400', periodToEra: 'bce', originCountry: 'lb', declaredValueEur: '800', importLicence: 'on' }, await jpeg(400, 300)),
    );
    expect(check.facts).toEqual({ objectType: 'bowl', material: 'ceramic', period: { from: -700, to: -400 }, originCountry: 'LB', declaredValueEur: 800, documents: { importLicence: true } });
    expect(check.identificationIds).toHaveLength(1);
    expect(check.missing).not.toContain('photo');
    const sides = await Promise.all([jpeg(400, 300), jpeg(300, 400), jpeg(500, 300)]);
    expect((await created(await form({ objectType: 'bowl' }, ...sides))).identificationIds).toHaveLength(3);
    expect((await problemOf(await form({ objectType: 'bowl' }, ...sides, await jpeg(200, 200)), 400)).errors).toEqual([{ field: 'photo', message: 'at most 3 files' }]);

    const bad = await problemOf(await form({ periodFrom: '100', periodTo: '50', periodToEra: 'bce', destinationCountry: 'Z9', declaredValueEur: 'lots' }), 400);
    expect(bad.errors!.map((issue) => issue.field).sort()).toEqual(['declaredValueEur', 'destinationCountry', 'periodTo']);
    expect((await problemOf(await form({ originCountry: 'ZZ' }), 400)).errors!.map((issue) => issue.field)).toEqual(['originCountry']);
    expect((await problemOf(await form({ periodPreset: 'jurassic' }), 400)).errors!.map((issue) => issue.field)).toEqual(['periodPreset']);
    const preset = await created(await form({ periodPreset: 'medieval' }));
    expect(preset.facts.period).toEqual({ from: 501, to: 1500 });
  });

  it('shows a check’s photos to whoever may read the check, and to no one else', async () => {
    const body = new FormData();
    for (const photo of [await jpeg(400, 300), await jpeg(300, 400)]) body.append('photo', new File([new Uint8Array(photo)], 'side.jpg', { type: 'image/jpeg' }));
    const check = await created(await t.app.request(BASE, { method: 'POST', headers: bearer(customs), body }));
    const colleague = await t.token('investigator', 'douane');
    const media = (path: string, token?: string) => t.app.request(path, token ? { headers: bearer(token) } : {});
    for (const [path, type] of [[customsCheckPhotoPath(check.id, 1), 'image/jpeg'], [customsCheckPhotoPath(check.id, 2, 'thumbnail'), 'image/webp']] as const) {
      const response = await media(path, colleague);
      expect(response.status).toBe(200);
      expect(response.headers.get('Content-Type')).toBe(type);
      expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    }
    for (const token of [police, registrar, undefined]) expect((await media(customsCheckPhotoPath(check.id, 1), token)).status).toBe(404);
    expect((await media(customsCheckPhotoPath(check.id, 3), colleague)).status).toBe(404);
    expect((await media(customsCheckEvidencePath(check.id, 'no-such-object'), colleague)).status).toBe(404);
  });

  it('is for investigators and admins; a check is seen by its organisation only', async () => {
    const check = await created(await post(customs, { facts: FACTS }));
    await problemOf(await t.app.request(BASE, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 401);
    await problemOf(await post(registrar, { facts: FACTS }), 403);
    await problemOf(await t.app.request(BASE, { method: 'POST', headers: { ...bearer(customs), 'Content-Type': 'text/plain' }, body: 'bowl' }), 415);

    const colleague = await t.token('investigator', 'douane');
    const read = await t.app.request(`${BASE}/${check.id}`, { headers: bearer(colleague) });
    expect(read.status).toBe(200);
    expect(((await read.json()) as CheckJson).id).toBe(check.id);
    await problemOf(await t.app.request(`${BASE}/${check.id}`, { headers: bearer(police) }), 404);
    await problemOf(await t.app.request(`${BASE}/${check.id}`, { headers: bearer(registrar) }), 403);
    await problemOf(await t.app.request(`${BASE}/${check.id}`), 401);
    const admin = await t.app.request(`${BASE}/${check.id}`, { headers: bearer(await t.token('admin')) });
    expect(admin.status).toBe(200);

    const mine = (await (await t.app.request(BASE, { headers: bearer(colleague) })).json()) as { total: number; items: CheckJson[] };
    expect(mine.items.map((item) => item.id)).toContain(check.id);
    const theirs = (await (await t.app.request(BASE, { headers: bearer(police) })).json()) as { total: number; items: CheckJson[] };
    expect(theirs.items.map((item) => item.id)).not.toContain(check.id);
  });

  it('records the decision: an override needs a reason, and a check is decided once', async () => {
    const check = await created(await post(customs, { facts: FACTS }));
    const decide = (token: string, body: unknown) => t.app.request(`${BASE}/${check.id}/decision`, { method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const other = check.recommendation.action === 'release' ? 'detain' : 'release';
    expect((await problemOf(await decide(customs, { decision: other }), 400)).errors).toEqual([{ field: 'reason', message: expect.any(String) as string }]);
    expect((await problemOf(await decide(customs, { decision: 'confiscate' }), 400)).errors![0]!.field).toBe('decision');
    await problemOf(await decide(police, { decision: other, reason: 'x' }), 404);

    const decided = await decide(customs, { decision: other, reason: 'Export certificate checked with the Lebanese customs by phone.' });
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as CheckJson).decision).toMatchObject({ decision: other, overridesRecommendation: true, reason: 'Export certificate checked with the Lebanese customs by phone.' });
    await problemOf(await decide(customs, { decision: check.recommendation.action }), 409);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths['/customs-checks']!.post!.operationId).toBe('runCustomsCheck');
    expect(document.paths['/customs-checks/{id}/decision']!.post!.operationId).toBe('decideCustomsCheck');
  });
});
