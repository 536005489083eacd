import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { DescribePool } from './describe-pool.js';
import { IdentificationEngine } from './identification-engine.js';
import { OrbExtractor } from './orb-extractor.js';
import { shippedVocabulary } from './shipped-vocabulary.js';

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
