/**
 * What every shortlisting index must do: run `candidateIndexContract(...)` inside a test file with
 * a factory of empty indexes and descriptors of distinct images (similar ones for the same number).
 */
import { describe, expect, it } from 'vitest';
import type { CandidateIndex } from './features.js';

export interface IndexFixture<D> {
  index: CandidateIndex<D>;
  /** A descriptor of image `n`; `variant` > 0 gives a slightly different one of the same image. */
  descriptor(n: number, variant?: number): D;
}

export function candidateIndexContract<D>(name: string, make: () => IndexFixture<D>): void {
  describe(`candidate index contract: ${name}`, () => {
    const filled = (count: number) => {
      const fixture = make();
      for (let n = 0; n < count; n++) fixture.index.add(n * 3 + 1, fixture.descriptor(n));
      return fixture;
    };

    it('ranks the image a query shows first, among many', () => {
      const { index, descriptor } = filled(200);
      expect(index.size).toBe(200);
      for (const n of [0, 57, 199]) expect(index.search(descriptor(n, 1), 5)[0]?.slot).toBe(n * 3 + 1);
    });

    it('returns at most `limit` results, best first', () => {
      const { index, descriptor } = filled(50);
      const results = index.search(descriptor(7, 1), 10);
      expect(results.length).toBeLessThanOrEqual(10);
      for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    });

    it('forgets a removed image, and finds it again once re-added', () => {
      const { index, descriptor } = filled(50);
      index.remove(10 * 3 + 1);
      expect(index.has(31)).toBe(false);
      expect(index.size).toBe(49);
      expect(index.search(descriptor(10, 1), 100).some((r) => r.slot === 31)).toBe(false);
      index.add(31, descriptor(10));
      expect(index.search(descriptor(10, 1), 5)[0]?.slot).toBe(31);
    });

    it('replaces what a slot held when it is added again', () => {
      const { index, descriptor } = filled(50);
      index.add(4, descriptor(30));
      expect(index.size).toBe(50);
      expect(index.search(descriptor(1, 1), 1)[0]?.slot).not.toBe(4);
      expect(index.search(descriptor(30, 1), 2).map((r) => r.slot)).toContain(4);
    });

    it('searches only the slots allowed', () => {
      const { index, descriptor } = filled(50);
      const results = index.search(descriptor(20, 1), 10, (slot) => slot !== 61);
      expect(results.some((r) => r.slot === 61)).toBe(false);
      expect(index.search(descriptor(20, 1), 10, () => false)).toEqual([]);
    });

    it('answers an empty index with nothing', () => {
      expect(make().index.search(make().descriptor(0), 5)).toEqual([]);
    });
  });
}
