import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateObjectSchema } from '../registry/object.schemas.js';
import { painting, rephotographed } from '../test-support/identify-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { zipOf } from '../test-support/zip.js';

const BASE = '/api/v1/due-diligence/checks';
const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

interface CheckJson {
  id: string;
  state: string;
  progress: { total: number; screened: number; broken: number; outcomes: Record<string, number> };
  links: { page: string; self: string };
  lots?: Array<{ id: number; position: number; state: string; outcome: string | null; error: string | null; photos: Array<{ name: string; url: string }>; evidence: { text: Array<{ objectId: string }>; photos: Array<{ objectId: string; evidenceUrl: string }> } | null }>;
}

describe('/api/v1/due-diligence/checks', () => {
  let t: TestApp;
  let dealer: string;
  let otherDealer: string;
  let stolenId: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('galerie', 'Galerie', 'partner');
    await t.context.organisations.ensure('maison', 'Maison', 'partner');
    await t.context.organisations.ensure('musee', 'Musée', 'museum');
    dealer = await t.token('registrar', 'galerie');
    otherDealer = await t.token('registrar', 'maison');
    const museum = await t.context.accounts.servicePrincipal('musee', 'registrar');
    const object = await t.context.objects.create(museum, CreateObjectSchema.parse({ description: { inventoryNumber: 'MU-77', title: { en: 'Harbour at dusk' }, objectType: [{ label: { en: 'paintings' } }] } }));
    stolenId = object.id;
    await t.context.photos.addPhoto(museum, object.id, await painting(2), 'harbour.jpg');
    await t.context.objects.reportIncident(museum, object.id, { method: 'theft', reporter: 'Registrar', publish: true });
    await t.context.indexingQueue.drain();
  }, 90_000);
  afterAll(() => t.close());

  const read = async (id: string, token = dealer) => {
    const response = await t.app.request(`${BASE}/${id}`, { headers: bearer(token) });
    return { status: response.status, body: (await response.json()) as CheckJson };
  };

  it('takes lots as JSON, answers 202 with the queued check, and gives each lot its outcome once screened', async () => {
    const response = await t.app.request(BASE, { method: 'POST', headers: { ...bearer(dealer), 'Content-Type': 'application/json' }, body: JSON.stringify({ lots: [{ title: 'Harbour at dusk', inventoryNumbers: ['mu 77'] }, { title: 'A chair' }] }) });
    expect(response.status, await response.clone().text()).toBe(202);
    const queued = (await response.json()) as CheckJson;
    expect(response.headers.get('Location')).toBe(`${BASE}/${queued.id}`);
    expect(queued).toMatchObject({ state: 'queued', progress: { total: 2, screened: 0 }, links: { page: `/en/due-diligence/${queued.id}` } });
    await t.context.dueDiligence.runNext({ checkId: queued.id });
    const { body } = await read(queued.id);
    expect(body.state).toBe('done');
    expect(body.lots!.map((lot) => lot.outcome)).toEqual(['match', 'no-match']);
    expect(body.lots![0]!.evidence!.text[0]!.objectId).toBe(stolenId);
    expect((await read(queued.id, otherDealer)).status).toBe(404);
    const list = (await (await t.app.request(BASE, { headers: bearer(dealer) })).json()) as { items: CheckJson[] };
    expect(list.items.map((item) => item.id)).toContain(queued.id);
  });

  it('takes a catalogue with a ZIP of photos as multipart: a photo match with its evidence, and a broken row reported', async () => {
    const body = new FormData();
    body.append('catalogue', new File(['lot,title,inventory_number,value_eur\n1,Seascape,,\n2,Vase,,lots\n'], 'sale.csv', { type: 'text/csv' }));
    body.append('archive', new File([new Uint8Array(zipOf([{ name: 'photos/lot-1.jpg', bytes: await rephotographed(await painting(2)) }]))], 'photos.zip', { type: 'application/zip' }));
    const response = await t.app.request(BASE, { method: 'POST', headers: bearer(dealer), body });
    expect(response.status, await response.clone().text()).toBe(202);
    const queued = (await response.json()) as CheckJson;
    expect(queued.progress).toMatchObject({ total: 2, broken: 1 });
    await t.context.dueDiligence.runNext({ checkId: queued.id });
    const { body: done } = await read(queued.id);
    const [seascape, vase] = done.lots!;
    expect(seascape).toMatchObject({ outcome: 'match', photos: [{ name: 'lot-1.jpg' }] });
    expect(vase).toMatchObject({ state: 'broken', error: 'value "lots" is not an amount in euros' });
    const evidence = await t.app.request(seascape!.evidence!.photos[0]!.evidenceUrl, { headers: bearer(dealer) });
    expect(evidence.status, await evidence.clone().text()).toBe(200);
    expect(evidence.headers.get('Content-Type')).toBe('image/jpeg');
    expect((await t.app.request(seascape!.photos[0]!.url, { headers: bearer(otherDealer) })).status).toBe(404);
  }, 60_000);

  it('refuses the anonymous, unreadable catalogues and other bodies, naming why', async () => {
    expect((await t.app.request(BASE, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"lots":[{"title":"x"}]}' })).status).toBe(401);
    expect((await t.app.request(BASE, { method: 'POST', headers: { ...bearer(dealer), 'Content-Type': 'application/json' }, body: '{"lots":[]}' })).status).toBe(400);
    expect((await t.app.request(BASE, { method: 'POST', headers: { ...bearer(dealer), 'Content-Type': 'text/plain' }, body: 'x' })).status).toBe(415);
    const body = new FormData();
    body.append('catalogue', new File(['price,estimate\n1,2\n'], 'prices.csv', { type: 'text/csv' }));
    const refused = await t.app.request(BASE, { method: 'POST', headers: bearer(dealer), body });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toContain('title, an inventory number or images');
  });

  it('is in the OpenAPI document', async () => {
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths[BASE.replace('/api/v1', '')]?.post?.operationId).toBe('submitDueDiligenceCheck');
    expect(document.paths[`${BASE.replace('/api/v1', '')}/{id}`]?.get?.operationId).toBe('getDueDiligenceCheck');
  });
});
