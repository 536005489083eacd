import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import { andesList, levantList, publishLists } from '../redlists/red-list-public.test-support.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { SAMPLE_CSV, sampleDatasetMetadata, sampleLibraryItem } from './library.test-support.js';

const BASE = '/api/v1';
let t: TestApp;
let tokens: RegistryTokens;

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  await publishLists(t, [levantList(), andesList()]);
});
afterAll(() => t.close());

const call = (method: string, path: string, token?: string, body?: unknown) =>
  t.app.request(`${BASE}${path}`, {
    method,
    headers: { ...(token && { Authorization: `Bearer ${token}` }), ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  expect(response.status, text.slice(0, 500)).toBe(status);
  return JSON.parse(text) as T;
}

/** A Louvre object, stolen then recovered. */
async function recoveredObject(): Promise<string> {
  const object = await ok<{ id: string }>(await call('POST', '/objects', tokens.louvre, { description: { title: { en: 'Reliquary' } } }), 201);
  await ok(await call('POST', `/objects/${object.id}/incidents`, tokens.louvre, { method: 'theft', reporter: 'Registrar', publish: false }), 201);
  await ok(await call('POST', `/objects/${object.id}/status`, tokens.louvre, { status: 'recovered', reason: 'Found in an auction' }));
  return object.id;
}

describe('external datasets API', () => {
  it('imports CSV, serves it as JSON and CSV, and replaces it under the same slug', async () => {
    const metadata = sampleDatasetMetadata({ slug: 'europol-like' });
    const created = await ok<{ replaced: boolean; dataset: { rowCount: number } }>(await call('POST', '/observatory/datasets', tokens.admin, { ...metadata, csv: SAMPLE_CSV }), 201);
    expect([created.replaced, created.dataset.rowCount]).toEqual([false, 4]);
    const dataset = await ok<{ rows: unknown[]; caveats: string }>(await call('GET', '/observatory/datasets/europol-like'));
    expect(dataset.rows[0]).toEqual({ area: '150', year: 2022, value: 40 });
    const csv = await call('GET', '/observatory/datasets/europol-like/rows.csv');
    expect(csv.headers.get('Content-Type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n').slice(0, 2)).toEqual(['region,year,value,unit,source', '150,2022,40,seizures,A police cooperation body: Survey on crimes against cultural property']);
    const again = await ok<{ replaced: boolean }>(await call('POST', '/observatory/datasets', tokens.admin, { ...metadata, rows: [{ country: 'FR', value: 3 }] }));
    expect(again.replaced).toBe(true);
    const { items } = await ok<{ items: Array<{ slug: string; shape: unknown }> }>(await call('GET', '/observatory/datasets'));
    expect(items.find((item) => item.slug === 'europol-like')?.shape).toEqual({ area: 'country', year: false });
  });

  it('refuses a dataset with bad rows, naming each, and writes nothing', async () => {
    const response = await call('POST', '/observatory/datasets', tokens.admin, { ...sampleDatasetMetadata({ slug: 'bad-one' }), csv: 'country,value\nXX,1\nFR,2\ntotal,5\n' });
    const problem = await ok<Problem>(response, 400);
    expect(problem.errors).toEqual([{ field: 'line 2: country', message: 'unknown country code "XX" (ISO 3166-1 alpha-2, or total)' }]);
    expect((await call('GET', '/observatory/datasets/bad-one')).status).toBe(404);
    const total = await ok<Problem>(await call('POST', '/observatory/datasets', tokens.admin, { ...sampleDatasetMetadata(), csv: 'country,value\nFR,2\nDE,2\ntotal,5\n' }), 400);
    expect(total.errors?.map((issue) => issue.field)).toEqual(['line 4: value']);
    expect((await call('POST', '/observatory/datasets', tokens.louvre, { ...sampleDatasetMetadata(), csv: SAMPLE_CSV })).status).toBe(403);
  });
});

describe('library API', () => {
  it('searches across languages with accents folded, and filters', async () => {
    const item = await ok<{ id: number }>(await call('POST', '/observatory/library', tokens.admin, sampleLibraryItem()), 201);
    await ok(await call('POST', '/observatory/library', tokens.admin, sampleLibraryItem({ kind: 'news', texts: { en: { title: 'Customs seize bronze statuettes' } }, countries: ['IQ'], themes: ['customs'] })), 201);
    const found = await ok<{ items: Array<{ id: number }>; total: number }>(await call('GET', '/observatory/library?q=EVEQUE%20liturg'));
    expect(found.items.map((each) => each.id)).toEqual([item.id]);
    const customs = await ok<{ items: Array<{ kind: string }> }>(await call('GET', '/observatory/library?theme=customs&country=iq&kind=news'));
    expect(customs.items.map((each) => each.kind)).toEqual(['news']);
    expect((await ok<{ total: number }>(await call('GET', '/observatory/library?q=liturg&country=IQ'))).total).toBe(0);
    expect((await ok<Problem>(await call('GET', '/observatory/library?theme=cooking'), 400)).errors?.map((issue) => issue.field)).toEqual(['theme']);
  });

  it('updates, attaches a PDF and deletes an item, refusing non-admins', async () => {
    const item = await ok<{ id: number }>(await call('POST', '/observatory/library', tokens.admin, sampleLibraryItem()), 201);
    expect((await call('PUT', `/observatory/library/${item.id}`, tokens.louvre, sampleLibraryItem())).status).toBe(403);
    const updated = await ok<{ source: string }>(await call('PUT', `/observatory/library/${item.id}`, tokens.admin, sampleLibraryItem({ source: 'UNESCO' })));
    expect(updated.source).toBe('UNESCO');
    const form = new FormData();
    form.append('document', new File([new TextEncoder().encode('%PDF-1.7\nhello\n%%EOF')], 'guide.pdf'));
    const withPdf = await ok<{ document: { fileName: string } }>(await t.app.request(`${BASE}/observatory/library/${item.id}/document`, { method: 'POST', headers: { Authorization: `Bearer ${tokens.admin}` }, body: form }));
    expect(withPdf.document.fileName).toBe('guide.pdf');
    const pdf = await call('GET', `/observatory/library/${item.id}/document`);
    expect([pdf.status, pdf.headers.get('Content-Type'), (await pdf.text()).slice(0, 8)]).toEqual([200, 'application/pdf', '%PDF-1.7']);
    expect((await call('DELETE', `/observatory/library/${item.id}`, tokens.admin)).status).toBe(204);
    expect((await call('GET', `/observatory/library/${item.id}`)).status).toBe(404);
  });

  it('lists a case study drawn from an object only with its owner’s consent', async () => {
    const objectId = await recoveredObject();
    const study = await ok<{ id: number; listed: boolean }>(await call('POST', '/observatory/library', tokens.admin, sampleLibraryItem({ kind: 'case-study', objectId, texts: { en: { title: 'The reliquary recovered' } } })), 201);
    expect(study.listed).toBe(false);
    const publicSearch = async () => (await ok<{ items: Array<{ id: number }> }>(await call('GET', '/observatory/library?kind=case-study'))).items.map((each) => each.id);
    expect(await publicSearch()).not.toContain(study.id);
    expect((await call('GET', `/observatory/library/${study.id}`)).status).toBe(404);
    // Another museum's registrar neither sees it nor consents; the owner's does.
    expect((await call('POST', `/observatory/library/${study.id}/consent`, tokens.prado, { consent: true })).status).toBe(404);
    expect((await call('POST', `/observatory/library/${study.id}/consent`, tokens.investigator, { consent: true })).status).toBe(403);
    expect((await ok<{ listed: boolean }>(await call('POST', `/observatory/library/${study.id}/consent`, tokens.louvre, { consent: true }))).listed).toBe(true);
    expect(await publicSearch()).toContain(study.id);
    await ok(await call('POST', `/observatory/library/${study.id}/consent`, tokens.louvre, { consent: false }));
    expect(await publicSearch()).not.toContain(study.id);
  });

  it('refuses a case study drawn from an object that is not recovered', async () => {
    const object = await ok<{ id: string }>(await call('POST', '/objects', tokens.louvre, { description: { title: { en: 'Vase' } } }), 201);
    const problem = await ok<Problem>(await call('POST', '/observatory/library', tokens.admin, sampleLibraryItem({ kind: 'case-study', objectId: object.id })), 400);
    expect(problem.errors).toEqual([{ field: 'objectId', message: 'the object is not recovered or found' }]);
  });

  it('gives the national laws of the published Red Lists by country', async () => {
    const { items } = await ok<{ items: Array<{ country: string; laws: Array<{ reference: string; list: { slug: string } }> }> }>(await call('GET', '/observatory/library/laws?country=lb'));
    expect(items).toEqual([{ country: 'LB', laws: [expect.objectContaining({ reference: 'Decree 166/1933', list: expect.objectContaining({ slug: 'levant-demo' }) })] }]);
  });
});
