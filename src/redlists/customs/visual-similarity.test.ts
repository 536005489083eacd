import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../bench/seeded-random.js';
import { jpeg, png } from '../../test-support/photo-images.js';
import { categoryKey } from './check-model.js';
import { describePhoto, VisualExampleIndex } from './visual-similarity.js';

const vector = (random: () => number) => Float32Array.from({ length: 192 }, () => random() - 0.5);

describe('visual similarity to the examples', () => {
  it('scores each category by its most similar example, and can leave one out', () => {
    const index = new VisualExampleIndex();
    const a = vector(seededRandom(1));
    const b = vector(seededRandom(2));
    index.add('list', 'bowls', a);
    index.add('list', 'bowls', b);
    index.add('list', 'tablets', a.map((value) => -value));
    const scores = index.similarities(a);
    expect(scores.get(categoryKey('list', 'bowls'))).toBeCloseTo(1, 5);
    // Opposite: no similarity at all.
    expect(scores.has(categoryKey('list', 'tablets'))).toBe(false);
    expect(index.similarities(a, 0).get(categoryKey('list', 'bowls'))).toBeLessThan(0.5);
  });

  it('scores a photo against 9,000 examples in well under 300 ms', () => {
    const index = new VisualExampleIndex();
    const random = seededRandom(3);
    for (let example = 0; example < 9000; example++) index.add(`list-${example % 30}`, `category-${example % 60}`, vector(random));
    const started = performance.now();
    const scores = index.similarities(vector(random));
    expect(performance.now() - started).toBeLessThan(300);
    expect(scores.size).toBe(60);
  });

  it('describes the same picture alike whatever its file format', async () => {
    const index = new VisualExampleIndex();
    index.add('list', 'bowls', await describePhoto(await png(600, 400)));
    expect(index.similarities(await describePhoto(await jpeg(600, 400))).get(categoryKey('list', 'bowls'))).toBeGreaterThan(0.99);
  });
});
