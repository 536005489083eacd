import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DescribePool } from './describe-pool.js';
import { IdentificationEngine, verifyHere } from './identification-engine.js';
import { OrbExtractor } from './orb-extractor.js';
import { shippedVocabulary } from './shipped-vocabulary.js';
import { prepareImage } from './prepare-image.js';
import { painting, rephotographed } from '../test-support/identify-images.js';

describe('DescribePool', () => {
  const pool = new DescribePool(new IdentificationEngine(new OrbExtractor(), shippedVocabulary()).settings, 1);
  afterAll(() => pool.close());

  it('runs many jobs on one worker without adding listeners per job (no MaxListenersExceededWarning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const photo = await sharp({ create: { width: 160, height: 120, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
      const described = await Promise.all(Array.from({ length: 15 }, () => pool.describe(photo, 'reference')));
      expect(described.every(({ image }) => image.width === 160)).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 60_000);
});

describe('a query photo described in bands, one per worker', () => {
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary());
  const pool = new DescribePool(engine.settings, 2);
  afterAll(() => pool.close());

  it('finds the keypoints the whole photo gives, each once, with its word and signature', async () => {
    const photo = await rephotographed(await painting(2));
    const { description: banded } = await pool.describe(photo, 'query');
    const whole = await engine.describe(await prepareImage(photo, engine.settings.queryMaxSide), 'query');
    const count = (description: typeof whole) => description.words.length;
    const point = (description: typeof whole, i: number) => [description.features.points[i * 2]!, description.features.points[i * 2 + 1]!, description.features.octaves[i]!] as const;
    // The arrays kept in step, and the photo's hash as a whole.
    expect(banded.features.descriptors.length).toBe(count(banded) * 32);
    expect(banded.features.buckets.length).toBe(count(banded));
    expect(banded.signatures.length).toBe(count(banded) * 2);
    expect(banded.hash).toEqual(whole.hash);
    expect(Math.abs(count(banded) - count(whole))).toBeLessThan(count(whole) * 0.1);
    // Both bands contribute, and each keypoint is found once, where the whole photo has one (a band's
    // pyramid is resampled from its own first row, so coarse levels may move by a pixel or two).
    const height = whole.features.height;
    const inTop = Array.from({ length: count(banded) }, (_, i) => point(banded, i)[1] < height / 2).filter(Boolean).length;
    expect(inTop).toBeGreaterThan(count(banded) * 0.2);
    expect(inTop).toBeLessThan(count(banded) * 0.8);
    const cell = (x: number, y: number, octave: number) => `${Math.round(x / 4)},${Math.round(y / 4)},${octave}`;
    const wholeCells = new Set(Array.from({ length: count(whole) }, (_, i) => cell(...point(whole, i))));
    const bandedCells = Array.from({ length: count(banded) }, (_, i) => cell(...point(banded, i)));
    const exact = new Set(Array.from({ length: count(banded) }, (_, i) => point(banded, i).join(',')));
    expect(exact.size).toBe(count(banded));
    expect(bandedCells.filter((c) => wholeCells.has(c)).length).toBeGreaterThan(count(banded) * 0.8);
  }, 60_000);

  it('verifies candidates on its workers as the request thread would, in the order given', async () => {
    const [registered, other] = await Promise.all([painting(2), painting(5)]);
    const { description: query } = await pool.describe(await rephotographed(registered), 'query');
    const references = await Promise.all(
      [registered, other, registered].map(async (photo) => ({ features: (await pool.describe(photo, 'reference')).description.features, model: 'homography' as const })),
    );
    const onWorkers = await pool.verify(query.features, references);
    expect(onWorkers).toEqual(await verifyHere(query.features, references));
    expect(onWorkers[0]!.inliers).toBeGreaterThan(30);
    expect(onWorkers[1]!.inliers).toBe(0);
    expect(onWorkers[2]).toEqual(onWorkers[0]);
  }, 60_000);
});
