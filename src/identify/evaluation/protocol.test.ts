import { describe, expect, it } from 'vitest';
import { percentile, scoreOutcomes, type QueryOutcome } from './protocol.js';

const outcome = (kind: QueryOutcome['kind'], truth: string | undefined, shown: Array<[string, QueryOutcome['verdict']]>, ms = 100): QueryOutcome => ({
  kind,
  truth,
  verdict: shown[0]?.[1] ?? 'no-match',
  shown: shown.map(([objectId, verdict]) => ({ objectId, verdict, inliers: verdict === 'match' ? 30 : 14 })),
  bestInliers: shown.length > 0 ? 30 : 5,
  notEnoughDetail: false,
  ms,
});

describe('scoreOutcomes', () => {
  it('counts recall by the rank of the object photographed, and a match for the wrong object as a false match', () => {
    const figures = scoreOutcomes([
      outcome('positive', 'A', [['A', 'match']], 10), // right first
      outcome('positive', 'B', [['X', 'match'], ['B', 'possible']], 20), // a known wrong candidate first: recall@5 only, and a false match
      outcome('positive', 'C', [['X', 'possible'], ['Y', 'possible'], ['Z', 'possible'], ['W', 'possible'], ['V', 'possible'], ['C', 'possible']], 30), // sixth: neither
      outcome('positive', 'D', [], 40), // not found
      outcome('negative', undefined, [['A', 'match']], 50), // a negative said to match
      outcome('negative', undefined, [['B', 'possible']], 60),
      outcome('negative', undefined, [], 70),
      outcome('negative', undefined, [], 1000),
    ]);
    expect(figures).toMatchObject({ positives: 4, negatives: 4, recallAt1: 0.25, recallAt5: 0.5, notEnoughDetail: 0, worstNegativeInliers: 30 });
    expect(figures.falseMatches).toEqual({ count: 2, rate: 0.25, negatives: 1, positives: 1 });
    expect(figures.possible).toEqual({ count: 2, rate: 0.25, negatives: 1, positives: 1 });
    expect(figures.latencyMs).toEqual({ p50: 40, p95: 1000 });
  });

  it('takes nearest-rank percentiles whatever the order', () => {
    expect(percentile([5, 1, 4, 2, 3], 0.5)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 0.95)).toBe(5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
