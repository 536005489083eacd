import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../i18n/languages.js';
import { assessCheck } from './assess-check.js';
import { prepareCategories } from './category-ranking.js';
import type { AssessInput } from './check-model.js';
import { engineTestList } from './engine-lists.test-support.js';
import { reasonText } from './reason-text.js';

const lists = [engineTestList()];
const base: Omit<AssessInput, 'facts'> = { registryMatches: [], hasPhoto: true, lists, index: prepareCategories(lists), today: new Date('2025-06-01T00:00:00Z') };

describe('assessCheck', () => {
  it('answers a cuneiform tablet from Iraq to France: its category, the licence, the prohibition, hold', () => {
    const result = assessCheck({ ...base, facts: { objectType: 'tablet', material: 'clay', period: { from: -1800, to: -1600 }, originCountry: 'IQ', destinationCountry: 'FR', declaredValueEur: 4000 } });
    expect(result.categories[0]).toMatchObject({ categoryId: 'tablets', score: 0.85 });
    expect(result.rules.filter((rule) => rule.applies === 'yes').map((rule) => rule.rule)).toEqual(['eu-import-licence', 'eu-illicit-export', 'origin-export', 'convention']);
    expect(result.rules.find((rule) => rule.rule === 'eu-import-licence')!.reasons[0]).toMatchObject({ key: 'customs.reason.annexFromCategory' });
    expect(result.recommendation.action).toBe('hold');
    expect(result.missing).toEqual([]);
  });

  it('answers with no photo and no facts, and says what is missing', () => {
    const result = assessCheck({ ...base, hasPhoto: false, facts: {} });
    expect(result.categories).toEqual([]);
    expect(result.recommendation.action).toBe('release');
    // The value too: an importer statement depends on it.
    expect(result.missing).toEqual(['photo', 'objectType', 'material', 'period', 'originCountry', 'destinationCountry', 'declaredValueEur']);
  });

  it('gives every reason a message in every language, its parameters filled', () => {
    const result = assessCheck({ ...base, facts: { objectType: 'archaeological bowl', period: { from: 1700, to: 1800 }, originCountry: 'IQ', destinationCountry: 'FR' } });
    const reasons = [...result.rules.flatMap((rule) => rule.reasons), ...result.recommendation.reasons];
    for (const lang of LANGUAGES) {
      for (const reason of reasons) expect(reasonText(reason, lang)).not.toMatch(/\{\w+\}|customs\./);
    }
  });
});
