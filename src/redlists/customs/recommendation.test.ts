import { describe, expect, it } from 'vitest';
import type { CategoryCandidate, RegistryMatch, RuleOutcome } from './check-model.js';
import { engineTestList } from './engine-lists.test-support.js';
import { recommend, type RecommendationInput } from './recommendation.js';

const lists = [engineTestList()];
const match = (verdict: RegistryMatch['verdict']): RegistryMatch => ({ objectId: 'obj-1', title: 'Gold crown', verdict, score: 0.9, status: 'stolen' });
const category = (score: number): CategoryCandidate => ({ listSlug: 'test-middle-east', edition: 2, categoryId: 'bowls', name: { en: 'Incantation bowls' }, score, reasons: [] });
const rule = (outcome: Partial<RuleOutcome> & Pick<RuleOutcome, 'rule' | 'applies'>): RuleOutcome => ({ reasons: [], missingFacts: [], references: [], ...outcome });
const input = (parts: Partial<RecommendationInput>): RecommendationInput => ({ facts: { originCountry: 'IQ' }, registry: [], categories: [], rules: [], lists, ...parts });

describe('recommendation', () => {
  it('detains a registry match and gives the police first', () => {
    const result = recommend(input({ registry: [match('match')], categories: [category(0.9)] }));
    expect(result.action).toBe('detain');
    expect(result.reasons).toEqual([{ key: 'customs.recommendation.reason.registryMatch', params: { title: 'Gold crown', objectId: 'obj-1', status: 'stolen' } }]);
    expect(result.contacts.map((contact) => contact.name)).toEqual(['Iraq police', 'Iraq customs', 'Iraq expert']);
  });

  it.each([
    ['a possible registry match', { registry: [match('possible')] }, 'customs.recommendation.reason.registryPossible'],
    ['a Red List category ranked high', { categories: [category(0.5)] }, 'customs.recommendation.reason.redListCategory'],
    ['an import licence required and not held', { rules: [rule({ rule: 'eu-import-licence', applies: 'yes', documentHeld: false })] }, 'customs.recommendation.reason.licenceNotHeld'],
    ['an importer statement required and not held', { rules: [rule({ rule: 'eu-importer-statement', applies: 'yes', documentHeld: false })] }, 'customs.recommendation.reason.statementNotHeld'],
    ['an export the origin prohibits', { rules: [rule({ rule: 'origin-export', applies: 'yes', exportRule: 'prohibited' })] }, 'customs.recommendation.reason.exportProhibited'],
    ['an export licence not held', { rules: [rule({ rule: 'origin-export', applies: 'yes', exportRule: 'licence', documentHeld: false })] }, 'customs.recommendation.reason.exportCertificateMissing'],
  ] as const)('holds for an expert on %s, with the origin country’s contacts', (_, parts, key) => {
    const result = recommend(input(parts));
    expect(result.action).toBe('hold');
    expect(result.reasons.map((reason) => reason.key)).toEqual([key]);
    expect(result.contacts.map((contact) => contact.name)).toEqual(['Iraq customs', 'Iraq police', 'Iraq expert']);
  });

  it('names the category in every language it has', () => {
    expect(recommend(input({ categories: [category(0.75)] })).reasons[0]).toEqual({
      key: 'customs.recommendation.reason.redListCategory',
      params: { list: 'test-middle-east', category: 'bowls', score: 75 },
      textParams: { name: { en: 'Incantation bowls' } },
    });
  });

  it('without an origin, gives the experts of the best category’s list', () => {
    expect(recommend(input({ facts: {}, categories: [category(0.6)] })).contacts.map((contact) => contact.name)).toEqual(['Iraq expert']);
  });

  it('releases what nothing points to, saying how many rules were undecided', () => {
    const result = recommend(
      input({
        categories: [category(0.49)],
        rules: [
          rule({ rule: 'eu-import-licence', applies: 'yes', documentHeld: true }),
          rule({ rule: 'origin-export', applies: 'unknown', exportRule: 'prohibited' }),
          rule({ rule: 'origin-export', applies: 'yes', exportRule: 'free' }),
        ],
      }),
    );
    expect(result).toEqual({
      action: 'release',
      reasons: [{ key: 'customs.recommendation.reason.nothingFound' }, { key: 'customs.recommendation.reason.undecidedRules', params: { count: 1 } }],
      contacts: [],
    });
  });
});
