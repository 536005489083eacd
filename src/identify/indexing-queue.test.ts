import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { painting, rephotographed } from '../test-support/identify-images.js';
import { registryTokens, type RegistryTokens } from '../test-support/registry.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { testDialect } from '../test-support/test-database.js';
import { indexingJobClaims } from '../app/shared-state.js';
import { DescribePool } from './describe-pool.js';
import { DEFAULT_ENGINE_SETTINGS, IdentificationEngine } from './identification-engine.js';
import { MAX_JOB_ATTEMPTS } from '../db/indexing-job-claims.js';
import { IndexingQueue, type IndexingQueueParts, type ReadPhoto } from './indexing-queue.js';
import { OrbExtractor } from './orb-extractor.js';
import { ReferenceIndex } from './reference-index.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

/** A queue that finds no job must never describe anything. */
const neverCalled = {
  describe: () => {
    throw new Error('no job, nothing to describe');
  },
};

describe('indexing queue and reference index', () => {
  let t: TestApp;
  let tokens: RegistryTokens;

  /** A painting with its photo, through the API as a registrar adds it; returns the photo id. */
  async function addPaintingPhoto(n: number): Promise<string> {
    const headers = { Authorization: `Bearer ${tokens.louvre}` };
    const created = await t.app.request('/api/v1/objects', {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ description: { inventoryNumber: `INV-${n}`, title: { en: `Painting ${n}` } } }),
    });
    const { id } = (await created.json()) as { id: string };
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(await painting(n))], `${n}.jpg`));
    const photo = await t.app.request(`/api/v1/objects/${id}/photos`, { method: 'POST', headers, body: form });
    return ((await photo.json()) as { id: string }).id;
  }

  /** A second process: its own engine and in-memory index over the same database. */
  const freshIndex = () => new ReferenceIndex(t.context.identifyRepository, new IdentificationEngine(new OrbExtractor(), shippedVocabulary()));

  /** Another worker on the same queue. */
  const queue = (describer: IndexingQueueParts['describer'], readPhoto: ReadPhoto) =>
    new IndexingQueue({ repository: t.context.identifyRepository, claims: indexingJobClaims(testDialect(), t.context.db), describer, extractor: 'orb-v1', readPhoto });

  beforeEach(async () => {
    t = await createTestApp();
    tokens = await registryTokens(t);
  });
  afterEach(() => t.close());

  it('queues every photo added in the same transaction, and keeps the job until its features are written', async () => {
    const photoId = await addPaintingPhoto(0);
    expect(await t.context.identifyRepository.counts()).toEqual({ indexed: 0, pending: 1, failed: 0 });
    // A process killed now loses nothing: another one finds the job and indexes the photo.
    const restarted = queue(neverCalled, async () => undefined);
    expect(await t.context.db.selectFrom('identify_jobs').select(['photo_id', 'attempts']).execute()).toEqual([{ photo_id: photoId, attempts: 0 }]);
    expect(await t.context.indexingQueue.runOnce()).toEqual({ indexed: 1, failed: 0 });
    expect(await t.context.identifyRepository.counts()).toEqual({ indexed: 1, pending: 0, failed: 0 });
    expect(await restarted.runOnce()).toEqual({ indexed: 0, failed: 0 });
  });

  it('retries a photo it cannot read, then leaves it reported as failed', async () => {
    await addPaintingPhoto(0);
    const pool = new DescribePool(DEFAULT_ENGINE_SETTINGS, 1);
    const broken = queue(pool, async () => Buffer.from('not an image'));
    for (let attempt = 0; attempt < MAX_JOB_ATTEMPTS + 1; attempt++) await broken.runOnce();
    await pool.close();
    expect(await t.context.identifyRepository.counts()).toEqual({ indexed: 0, pending: 0, failed: 1 });
    expect(await indexingJobClaims(testDialect(), t.context.db).claim(10)).toEqual([]);
    // A rebuild gives it a new chance.
    expect(await t.context.identifyRepository.enqueueAll(new Date().toISOString())).toBe(1);
    expect(await t.context.indexingQueue.drain()).toEqual({ indexed: 1, failed: 0 });
  });

  it('keeps the job of a photo it could not read while the database was unreachable: no attempt counted, nothing dropped', async () => {
    const photoId = await addPaintingPhoto(0);
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const cutOff = queue(neverCalled, async () => {
      throw outage;
    });
    await expect(cutOff.runOnce()).rejects.toBe(outage);
    expect(await t.context.db.selectFrom('identify_jobs').select(['photo_id', 'attempts', 'last_error']).execute()).toEqual([{ photo_id: photoId, attempts: 0, last_error: null }]);
    expect(await t.context.identifyRepository.counts()).toEqual({ indexed: 0, pending: 1, failed: 0 });
  });

  it('loads what another process indexed, and forgets photos indexed again or deleted', async () => {
    const first = await addPaintingPhoto(0);
    await addPaintingPhoto(1);
    await t.context.indexingQueue.drain();
    const index = freshIndex();
    // Told of the change without ever having been loaded (a command that only indexes): it stays unloaded.
    await index.refreshIfLoaded();
    expect(index.size).toBe(0);
    await index.refresh();
    expect(index.size).toBe(2);

    // Indexed again (a rebuild): a new slot replaces the old one.
    await t.context.identifyRepository.enqueueAll(new Date().toISOString());
    await t.context.indexingQueue.drain();
    await index.refresh();
    expect(index.size).toBe(2);
    expect([...(await t.context.identifyRepository.liveSeqs())].every((seq) => index.engine.has(seq))).toBe(true);

    // A deleted photo takes its features with it (trigger), and leaves the index.
    await t.context.db.deleteFrom('object_photos').where('id', '=', first).execute();
    await index.refresh();
    expect(index.size).toBe(1);
    expect(await t.context.identifyRepository.counts()).toEqual({ indexed: 1, pending: 0, failed: 0 });
  }, 30_000);

  it('a rebuild renumbers the slots 0…n−1 each time; a loaded index reloads and identification still finds the object', async () => {
    const repository = t.context.identifyRepository;
    const gone = await addPaintingPhoto(0);
    await addPaintingPhoto(1);
    await addPaintingPhoto(2);
    await t.context.indexingQueue.drain();
    await t.context.db.deleteFrom('object_photos').where('id', '=', gone).execute();
    const index = freshIndex();
    await index.refresh();
    const fieldPhoto = await rephotographed(await painting(1));
    // The app's own index (a server's) is loaded by this first identification, before the rebuilds.
    expect(await identifiedInventoryNumber(fieldPhoto)).toBe('INV-1');

    for (const generation of [1, 2]) {
      expect(await t.context.indexingQueue.rebuild()).toEqual({ indexed: 2, failed: 0, moved: 2 });
      const state = await repository.state();
      expect(state).toEqual({ count: 2, maxSeq: 1, generation });
      const slots = (await repository.liveSeqs()).sort();
      expect(slots).toEqual([0, 1]);
      await index.refresh();
      expect(index.size).toBe(2);
      expect(slots.every((slot) => index.engine.has(slot))).toBe(true);
      expect(await identifiedInventoryNumber(fieldPhoto)).toBe('INV-1');
    }

    // Dense already: nothing moves, and the next photo takes the next slot.
    expect(await repository.compactSlots()).toBe(0);
    await addPaintingPhoto(3);
    await t.context.indexingQueue.drain();
    expect(await repository.state()).toEqual({ count: 3, maxSeq: 2, generation: 2 });
  }, 90_000);

  /** What the registrar's identification of `photo` ranks first, through the API (the app's loaded index). */
  async function identifiedInventoryNumber(photo: Buffer): Promise<string | undefined> {
    const form = new FormData();
    form.append('photo', new File([new Uint8Array(photo)], 'field.jpg'));
    const response = await t.app.request('/api/v1/identify', { method: 'POST', headers: { Authorization: `Bearer ${tokens.louvre}` }, body: form });
    expect(response.status).toBe(200);
    const result = (await response.json()) as { candidates: Array<{ inventoryNumber: string }> };
    return result.candidates[0]?.inventoryNumber;
  }
});
