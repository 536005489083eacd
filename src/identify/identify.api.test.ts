import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import type { ObjectView } from '../registry/object-view.js';
import { NOT_AN_IMAGE } from '../registry/photos/photo-image.js';
import { blankPhoto, painting, rephotographed, unregisteredPainting } from '../test-support/identify-images.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { IdentificationJson } from './identify.api.js';
import { TOO_SMALL_TO_IDENTIFY } from './prepare-image.js';
import { NOT_ENOUGH_DETAIL } from './verdict.js';

const BASE = '/api/v1';
const bearer = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

describe('POST /api/v1/identify', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  /** The Louvre's painting, in its collection: private to the Louvre (and admins) until reported. */
  let paintingId: string;
  let fieldPhoto: Buffer;

  const identify = (token: string | null, bytes: Buffer, filename = 'field.jpg', query = '') => {
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(bytes)], filename, { type: 'application/octet-stream' }));
    return t.app.request(`${BASE}/identify${query}`, { method: 'POST', headers: bearer(token), body: form });
  };
  const identified = async (token: string | null, bytes: Buffer, query = ''): Promise<IdentificationJson> => {
    const response = await identify(token, bytes, 'field.jpg', query);
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as IdentificationJson;
  };
  const problemOf = async (response: Response, status: number): Promise<Problem> => {
    expect(response.status).toBe(status);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    return (await response.json()) as Problem;
  };
  const json = (token: string, body: unknown) => ({ method: 'POST', headers: { ...bearer(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  /** A painting registered by `token`'s museum with its photo; returns its id. */
  async function registerPainting(token: string, inventoryNumber: string, title: Record<string, string>, photo: Buffer): Promise<string> {
    const created = await t.app.request(
      `${BASE}/objects`,
      json(token, { description: { inventoryNumber, title, objectType: [{ label: { en: 'visual works' } }, { label: { en: 'paintings' } }], makers: [{ name: 'Unknown master' }] } }),
    );
    expect(created.status).toBe(201);
    const id = ((await created.json()) as ObjectView).id;
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(photo)], `${inventoryNumber}.jpg`));
    expect((await t.app.request(`${BASE}/objects/${id}/photos`, { method: 'POST', headers: bearer(token), body: form })).status).toBe(201);
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
    const original = await painting(0);
    paintingId = await registerPainting(tokens.louvre, 'RF-1961-1', { en: 'Portrait of a man', fr: 'Portrait d’homme' }, original);
    // Other museums' paintings: the registry is never a single photo.
    for (const n of [1, 2, 3]) await registerPainting(tokens.prado, `P-${n}`, { es: `Retrato ${n}` }, await painting(n));
    // Indexed by the persistent queue the photos' trigger filled.
    expect(await t.context.indexingQueue.drain()).toEqual({ indexed: 4, failed: 0 });
    fieldPhoto = await rephotographed(original);
  }, 60_000);
  afterAll(() => t.close());

  it('finds the registrar’s own painting in a new photo of it, with evidence drawn for them only', async () => {
    const result = await identified(tokens.louvre, fieldPhoto, '?lang=fr');
    expect(result.verdict).toBe('match');
    expect(result.candidates).toHaveLength(1);
    const [candidate] = result.candidates;
    expect(candidate).toMatchObject({ objectId: paintingId, inventoryNumber: 'RF-1961-1', title: 'Portrait d’homme', verdict: 'match', status: 'in-collection' });
    expect(candidate!.inliers).toBeGreaterThanOrEqual(20);
    expect(candidate!.score).toBeGreaterThanOrEqual(0.5);
    expect(candidate!.evidenceUrl).toBe(`/media/identifications/${result.identificationId}/evidence/${paintingId}`);

    const evidence = await t.app.request(candidate!.evidenceUrl, { headers: bearer(tokens.louvre) });
    expect(evidence.status).toBe(200);
    expect(evidence.headers.get('Content-Type')).toBe('image/jpeg');
    expect(evidence.headers.get('Cache-Control')).toBe('private, no-store');
    const drawn = await sharp(Buffer.from(await evidence.arrayBuffer())).metadata();
    expect(drawn.format).toBe('jpeg');
    // Two photos side by side: wider than either.
    expect(drawn.width!).toBeGreaterThan(drawn.height!);

    // Someone else, even an admin of another organisation's or the public, gets no evidence of this identification.
    for (const other of [tokens.prado, null]) expect((await t.app.request(candidate!.evidenceUrl, { headers: bearer(other) })).status).toBe(404);
    // Nor evidence of an object the identification did not show.
    expect((await t.app.request(`/media/identifications/${result.identificationId}/evidence/0000000000000000`, { headers: bearer(tokens.louvre) })).status).toBe(404);
    // The photo as identified is kept for its author.
    const photo = await t.app.request(`/media/identifications/${result.identificationId}/photo`, { headers: bearer(tokens.louvre) });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('Content-Type')).toBe('image/jpeg');
  });

  it('follows the visibility rules: the public and other museums do not identify a private object until it is on the alert list', async () => {
    expect(await identified(null, fieldPhoto)).toMatchObject({ verdict: 'no-match', candidates: [] });
    expect(await identified(tokens.prado, fieldPhoto)).toMatchObject({ verdict: 'no-match', candidates: [] });
    expect((await identified(tokens.admin, fieldPhoto)).candidates.map((c) => c.objectId)).toEqual([paintingId]);

    const reported = await t.app.request(`${BASE}/objects/${paintingId}/incidents`, json(tokens.louvre, { method: 'theft', reporter: 'Head of security', publish: false }));
    expect(reported.status).toBe(201);
    // Reported without consent to publish: investigators identify it, the public still does not.
    expect((await identified(tokens.investigator, fieldPhoto)).candidates.map((c) => c.objectId)).toEqual([paintingId]);
    expect((await identified(null, fieldPhoto)).verdict).toBe('no-match');

    const published = await t.app.request(`${BASE}/objects/${paintingId}/incidents`, json(tokens.louvre, { method: 'theft', reporter: 'Head of security', publish: true }));
    expect(published.status).toBe(201);
    const publicResult = await identified(null, fieldPhoto);
    expect(publicResult.verdict).toBe('match');
    expect(publicResult.candidates[0]).toMatchObject({ objectId: paintingId, status: 'stolen', title: 'Portrait of a man' });
    // The anonymous author reaches its evidence by the identification's unguessable id.
    expect((await t.app.request(publicResult.candidates[0]!.evidenceUrl)).status).toBe(200);
  });

  it('says plainly that an unregistered painting is not in the registry', async () => {
    expect(await identified(tokens.admin, await rephotographed(await unregisteredPainting()))).toMatchObject({ verdict: 'no-match', candidates: [] });
  });

  it('refuses what it cannot identify, with a clear message', async () => {
    expect(await problemOf(await identify(null, Buffer.from('just some text, not a photo'), 'notes.txt'), 400)).toMatchObject({ detail: NOT_AN_IMAGE, code: 'photo.not-an-image' });
    const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#884422' } }).png().toBuffer();
    expect(await problemOf(await identify(null, tiny), 400)).toMatchObject({ detail: TOO_SMALL_TO_IDENTIFY, code: 'photo.too-small' });
    expect(await problemOf(await identify(null, await blankPhoto()), 422)).toMatchObject({ detail: NOT_ENOUGH_DETAIL, code: 'photo.not-enough-detail' });
    const missing = await problemOf(await t.app.request(`${BASE}/identify`, { method: 'POST', body: new FormData() }), 400);
    expect(missing.errors?.map((issue) => issue.field)).toContain('photo');
    const notMultipart = await t.app.request(`${BASE}/identify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(notMultipart.status).toBe(415);
    expect((await problemOf(await identify(null, fieldPhoto, 'field.jpg', '?lang=de'), 400)).errors?.[0]?.field).toBe('lang');
  });

  it('accepts photos larger than the general 1 MiB body limit', async () => {
    const large = await sharp(fieldPhoto).resize({ width: 3000 }).jpeg({ quality: 100 }).toBuffer();
    expect(large.length).toBeGreaterThan(1024 * 1024);
    expect((await identified(tokens.louvre, large)).candidates[0]?.objectId).toBe(paintingId);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await (await t.app.request(`${BASE}/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(document.paths['/identify']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
  });
});
