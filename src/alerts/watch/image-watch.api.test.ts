import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankPhoto, painting } from '../../test-support/identify-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { zipOf } from '../../test-support/zip.js';

/** Each test describes real photos on the describe pool: seconds alone, much more on a loaded machine. */
const PHOTO_TEST_MS = 120_000;

describe('/api/v1/image-watches', () => {
  let t: TestApp;
  let dealer: string;
  let other: string;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const send = (token: string, method: string, path: string, body?: unknown) =>
    t.app.request(`/api/v1${path}`, { method, headers: { ...bearer(token), ...(body ? { 'Content-Type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const upload = (token: string, id: string, files: Array<{ name: string; bytes: Buffer }>) => {
    const form = new FormData();
    for (const file of files) form.append('photos', new File([new Uint8Array(file.bytes)], file.name));
    return t.app.request(`/api/v1/image-watches/${id}/photos`, { method: 'POST', headers: bearer(token), body: form });
  };

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('marketplace', 'A marketplace', 'partner');
    dealer = await t.token('registrar', 'marketplace');
    await t.context.organisations.ensure('auction-house', 'An auction house', 'partner');
    other = await t.token('registrar', 'auction-house');
  }, 60_000);
  afterAll(() => t.close());

  it('keeps a marketplace’s watch in step with its listings: create, add photos and an archive, remove, delete', async () => {
    expect((await t.app.request('/api/v1/image-watches')).status).toBe(401);
    const created = await send(dealer, 'POST', '/image-watches', { label: 'Listings', channels: { inApp: false, email: true, webhookId: null }, lang: 'fr' });
    expect(created.status).toBe(201);
    const watch = (await created.json()) as { id: string; channels: unknown; photoCount: number };
    expect(created.headers.get('Location')).toBe(`/api/v1/image-watches/${watch.id}`);
    expect(watch).toMatchObject({ label: 'Listings', channels: { inApp: false, email: true, webhookId: null }, lang: 'fr', photoCount: 0 });
    expect(await t.context.alerts.subscriptions.get((await t.context.accounts.principalFromApiToken(dealer))!, watch.id)).toMatchObject({ kind: 'image-watch', channels: { email: 'immediate' } });
    expect((await send(dealer, 'POST', '/image-watches', { label: '', channels: { inApp: true, email: false, webhookId: null }, lang: 'fr' })).status).toBe(400);

    const added = await upload(dealer, watch.id, [
      { name: 'listing-1.jpg', bytes: await painting(0) },
      { name: 'blank.jpg', bytes: await blankPhoto() },
      { name: 'listings.zip', bytes: zipOf([{ name: 'listing-2.jpg', bytes: await painting(1), deflate: true }]) },
      { name: 'broken.zip', bytes: Buffer.from('not an archive') },
    ]);
    expect(added.status).toBe(200);
    const body = (await added.json()) as { added: Array<{ id: string; label: string; thumbnailUrl: string }>; refused: Array<{ label: string; code: string }> };
    expect(body.added.map((photo) => photo.label)).toEqual(['listing-1.jpg', 'listing-2.jpg']);
    expect(body.added[0]!.thumbnailUrl).toBe(`/media/watches/${watch.id}/photos/${body.added[0]!.id}`);
    expect(body.refused.map(({ label, code }) => [label, code])).toEqual([
      ['broken.zip', 'zip-invalid'],
      ['blank.jpg', 'photo.not-enough-detail'],
    ]);

    const read = (await (await send(dealer, 'GET', `/image-watches/${watch.id}`)).json()) as { photoCount: number; photos: Array<{ label: string }> };
    expect(read.photoCount).toBe(2);
    expect(read.photos.map((photo) => photo.label)).toEqual(['listing-1.jpg', 'listing-2.jpg']);
    expect(((await (await send(dealer, 'GET', '/image-watches')).json()) as { items: Array<{ id: string; photoCount: number }> }).items).toEqual([expect.objectContaining({ id: watch.id, photoCount: 2 })]);

    // Another person's token sees none of it.
    expect((await send(other, 'GET', `/image-watches/${watch.id}`)).status).toBe(404);
    expect((await upload(other, watch.id, [{ name: 'x.jpg', bytes: await painting(2) }])).status).toBe(404);
    expect((await send(other, 'DELETE', `/image-watches/${watch.id}/photos/${body.added[0]!.id}`)).status).toBe(404);
    expect(((await (await send(other, 'GET', '/image-watches')).json()) as { items: unknown[] }).items).toEqual([]);

    expect((await send(dealer, 'DELETE', `/image-watches/${watch.id}/photos/${body.added[0]!.id}`)).status).toBe(204);
    expect((await send(dealer, 'DELETE', `/image-watches/${watch.id}/photos/${body.added[0]!.id}`)).status).toBe(404);
    expect((await send(dealer, 'DELETE', `/image-watches/${watch.id}`)).status).toBe(204);
    expect((await send(dealer, 'GET', `/image-watches/${watch.id}`)).status).toBe(404);
    expect(await t.context.watchedPhotos.list({ kind: 'image-watch', ownerId: watch.id })).toEqual([]);
  }, PHOTO_TEST_MS);

  it('documents its operations in the OpenAPI document', async () => {
    const document = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId: string }>> };
    expect(document.paths['/image-watches']?.get?.operationId).toBe('listImageWatches');
    expect(document.paths['/image-watches/{id}/photos']?.post?.operationId).toBe('addWatchedPhotos');
    expect(document.paths['/image-watches/{id}/photos/{photoId}']?.delete?.operationId).toBe('removeWatchedPhoto');
  });
});
