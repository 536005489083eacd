import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribePool } from '../../identify/describe-pool.js';
import { IdentificationEngine } from '../../identify/identification-engine.js';
import { blankPhoto, painting, rephotographed, unregisteredPainting } from '../../test-support/identify-images.js';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { WatchIndex } from './watch-index.js';
import { TooManyWatchedPhotosError, WatchedPhotos, MAX_PHOTOS_PER_OWNER } from './watched-photos.js';
import { WatchedPhotosRepository, type WatchOwner } from './watched-photos.repository.js';

/** Each test describes real photos on the describe pool: seconds alone, much more on a loaded machine. */
const PHOTO_TEST_MS = 120_000;

describe('watched photos: the identification engine in reverse', () => {
  let t: TestApp;
  let tokens: RegistryTokens;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const dealer: WatchOwner = { kind: 'image-watch', ownerId: 'watch-1' };
  const certificate: WatchOwner = { kind: 'certificate', ownerId: 'certificate-1' };

  /** An object of the Louvre with `photo`, indexed by the identification unless `index` is false. */
  async function objectWithPhoto(n: number, photo: Buffer, index = true): Promise<string> {
    const created = await t.app.request('/api/v1/objects', {
      method: 'POST',
      headers: { ...bearer(tokens.louvre), 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber: `W-${n}`, title: { en: `Painting ${n}` }, objectType: [{ label: { en: 'paintings' } }] } }),
    });
    const { id } = (await created.json()) as { id: string };
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(photo)], `${n}.jpg`));
    expect((await t.app.request(`/api/v1/objects/${id}/photos`, { method: 'POST', headers: bearer(tokens.louvre), body: form })).status).toBe(201);
    if (index) await t.context.indexingQueue.drain();
    return id;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
  }, 60_000);
  afterAll(() => t.close());

  it('finds a dealer’s stock photo in a new alert’s photo, with the evidence, and forgets it when the watch ends', async () => {
    const watched = t.context.watchedPhotos;
    // The dealer photographed its stock itself: other photos of the paintings than the museum's.
    const stock = await Promise.all([1, 2, 3].map(async (n) => ({ source: await rephotographed(await painting(n)), label: `lot-${n}.jpg` })));
    const registered = await watched.register(dealer, [...stock, { source: await blankPhoto(), label: 'blank.jpg' }, { source: Buffer.from('not an image'), label: 'notes.txt' }]);
    expect(registered.added.map((photo) => photo.label)).toEqual(['lot-1.jpg', 'lot-2.jpg', 'lot-3.jpg']);
    expect(registered.refused.map(({ label, error }) => [label, error.code])).toEqual([
      ['blank.jpg', 'photo.not-enough-detail'],
      ['notes.txt', 'photo.not-an-image'],
    ]);
    await watched.register(certificate, [{ source: await painting(4), label: 'lot-4.jpg' }]);
    expect((await watched.list(dealer)).map((photo) => photo.label)).toEqual(['lot-1.jpg', 'lot-2.jpg', 'lot-3.jpg']);
    expect(await watched.counts('image-watch', ['watch-1', 'watch-2'])).toEqual(new Map([['watch-1', 3]]));
    const thumbnail = await watched.thumbnail(dealer, registered.added[1]!.id);
    expect(thumbnail?.subarray(8, 12).toString()).toBe('WEBP');
    expect(await watched.thumbnail(certificate, registered.added[1]!.id)).toBeUndefined();

    const stolen = await objectWithPhoto(2, await painting(2));
    const hits = await watched.matchObject(stolen);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ watched: { id: registered.added[1]!.id, owner: dealer, label: 'lot-2.jpg' }, verdict: 'match' });
    expect(hits[0]!.score).toBeGreaterThanOrEqual(0.5);
    expect(hits[0]!.inliers).toBeGreaterThanOrEqual(20);
    // Only one kind of watcher asked for: a certificate watches another painting.
    expect(await watched.matchObject(stolen, 'certificate')).toEqual([]);
    expect((await watched.matchObject(stolen, 'image-watch')).map((hit) => hit.watched.label)).toEqual(['lot-2.jpg']);

    // A photo the identification has not indexed yet is described on the spot.
    const notIndexed = await objectWithPhoto(4, await painting(4), false);
    expect((await watched.matchObject(notIndexed)).map((hit) => [hit.watched.owner.kind, hit.watched.label])).toEqual([['certificate', 'lot-4.jpg']]);
    // An unrelated painting matches nothing.
    expect(await watched.matchObject(await objectWithPhoto(5, await unregisteredPainting()))).toEqual([]);

    expect(await watched.remove(dealer, registered.added[0]!.id)).toBe(1);
    expect(await watched.remove(dealer)).toBe(2);
    expect(await watched.matchObject(stolen)).toEqual([]);
    expect(await watched.list(dealer)).toEqual([]);
  }, PHOTO_TEST_MS);

  it('follows the photos another process registers or removes', async () => {
    const ours = t.context.watchedPhotos;
    await ours.refresh();
    // Another server on the same database: its own index, its own service.
    const { engine } = t.context.identifyIndex;
    const repository = new WatchedPhotosRepository(t.context.db);
    const describer = new DescribePool(engine.settings, 1);
    const theirs = new WatchedPhotos({
      repository,
      index: new WatchIndex(repository, new IdentificationEngine(engine.extractor, engine.vocabulary, engine.settings)),
      describer,
      readRegistryPhoto: () => Promise.resolve(undefined),
    });
    const other: WatchOwner = { kind: 'image-watch', ownerId: 'watch-2' };
    await theirs.register(other, [{ source: await painting(6), label: 'stock-6.jpg' }]).finally(() => describer.close());
    const stolen = await objectWithPhoto(6, await painting(6));
    expect((await ours.matchObject(stolen)).map((hit) => hit.watched.label)).toEqual(['stock-6.jpg']);
    await theirs.remove(other);
    expect(await ours.matchObject(stolen)).toEqual([]);
  }, PHOTO_TEST_MS);

  it('refuses more photos than a watch holds, adding none', async () => {
    const owner: WatchOwner = { kind: 'image-watch', ownerId: 'watch-3' };
    const files = Array.from({ length: MAX_PHOTOS_PER_OWNER + 1 }, (_, n) => ({ source: Buffer.alloc(0), label: `${n}.jpg` }));
    await expect(t.context.watchedPhotos.register(owner, files)).rejects.toBeInstanceOf(TooManyWatchedPhotosError);
    expect(await t.context.watchedPhotos.list(owner)).toEqual([]);
  }, PHOTO_TEST_MS);
});
