import { describe, expect, it } from 'vitest';
import { periodMatch, prepareCategories, rankCategories, WEIGHTS } from './category-ranking.js';
import { categoryKey, type DeclaredFacts } from './check-model.js';
import { engineTestList } from './engine-lists.test-support.js';

const index = prepareCategories([engineTestList()]);
const rank = (facts: DeclaredFacts) => rankCategories(index, facts);
const top = (facts: DeclaredFacts) => rank(facts)[0];

describe('category ranking', () => {
  it('ranks the category that matches type, material, period and region first, each part a reason', () => {
    const [first, second] = rank({ objectType: 'bowl', material: 'terracotta', period: { from: 500, to: 650 }, originCountry: 'IQ' });
    expect(first).toMatchObject({ listSlug: 'test-middle-east', edition: 2, categoryId: 'bowls', euAnnex: 'c', score: 0.85 });
    expect(first!.reasons).toEqual([
      { kind: 'type', detail: 'bowl', weight: WEIGHTS.type },
      { kind: 'material', detail: 'terracotta', weight: WEIGHTS.material },
      { kind: 'period', detail: '500..650', weight: WEIGHTS.period },
      { kind: 'region', detail: 'IQ', weight: WEIGHTS.region },
    ]);
    // The broader category shares the material and region, and ranks after it.
    expect(second).toMatchObject({ categoryId: 'ceramics' });
  });

  it.each([
    ['a plural', 'statuettes', 'bronze-figures'],
    ['a French plural with accents', 'Tablettes', 'tablets'],
    ['a Spanish name', 'cuencos', 'bowls'],
    ['a Getty AAT label', 'clay tablet', 'tablets'],
  ])('finds the type from %s', (_, objectType, categoryId) => {
    expect(top({ objectType })).toMatchObject({ categoryId, reasons: [{ kind: 'type', weight: WEIGHTS.type }] });
  });

  it('counts a synonym less than the word itself', () => {
    expect(top({ objectType: 'statue' })).toMatchObject({ categoryId: 'bronze-figures', score: 0.245, reasons: [{ kind: 'type', detail: 'figurine' }] });
  });

  it('reads the description for the category’s words and culture', () => {
    const bowls = top({ description: 'Inscribed with an Aramaic incantation in ink' });
    expect(bowls).toMatchObject({ categoryId: 'bowls', reasons: [{ kind: 'words', detail: 'inscribed,aramaic,incantation,ink' }] });
    const tablets = top({ description: 'Babylonian' });
    expect(tablets).toMatchObject({ categoryId: 'tablets', reasons: [{ kind: 'region', detail: 'culture:babylonian' }, { kind: 'words' }] });
  });

  it('halves the score of a category whose period is far from the declared one, and says so', () => {
    const ancient = top({ objectType: 'figurine', period: { from: -1000, to: -800 } })!;
    const modern = top({ objectType: 'figurine', period: { from: 1900, to: 1950 } })!;
    expect(ancient.score).toBe(0.5);
    expect(modern.score).toBe(0.175);
    expect(modern.reasons).toContainEqual({ kind: 'period', detail: 'far:2400', weight: 0 });
  });

  it('tolerates a period close to the category’s', () => {
    expect(periodMatch({ from: 820, to: 900 }, { from: 300, to: 800 })).toEqual({ strength: 0.5, detail: 'near:20' });
    expect(periodMatch({ from: 700, to: 900 }, { from: 300, to: 800 })).toEqual({ strength: 1, detail: '700..800' });
  });

  it('answers nothing from nothing, and at most the limit', () => {
    expect(rank({})).toEqual([]);
    expect(rankCategories(index, { originCountry: 'IQ' }, { limit: 2 })).toHaveLength(2);
  });

  it('lets the visual similarity weigh in when given', () => {
    const visual = new Map([[categoryKey('test-middle-east', 'tablets'), 0.9]]);
    const ranked = rankCategories(index, { material: 'clay' }, { visual, visualWeight: 0.2 });
    expect(ranked[0]).toMatchObject({ categoryId: 'tablets', reasons: [{ kind: 'material', weight: 0.16 }, { kind: 'visual', detail: '0.90', weight: 0.18 }] });
    expect(ranked[0]!.score).toBeCloseTo(0.34, 3);
  });
});
