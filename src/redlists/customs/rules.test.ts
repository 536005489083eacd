import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageRange, olderThan, yearsSince } from './age.js';
import type { CategoryCandidate, DeclaredFacts, RuleOutcome } from './check-model.js';
import { engineTestList } from './engine-lists.test-support.js';
import { assessRules, EU_MEMBER_STATES } from './rules.js';

const today = new Date('2025-06-01T00:00:00Z');
const lists = [engineTestList()];
const candidate = (categoryId: string, euAnnex?: CategoryCandidate['euAnnex']): CategoryCandidate => ({
  listSlug: 'test-middle-east',
  edition: 2,
  categoryId,
  name: { en: categoryId },
  ...(euAnnex ? { euAnnex } : {}),
  score: 0.8,
  reasons: [],
});
const rules = (facts: DeclaredFacts, category?: CategoryCandidate) => assessRules({ facts, lists, today, ...(category ? { category } : {}) });
const outcome = (outcomes: RuleOutcome[], rule: RuleOutcome['rule']) => outcomes.find((entry) => entry.rule === rule);
const euRules = (outcomes: RuleOutcome[]) => outcomes.filter((entry) => entry.rule.startsWith('eu-') && entry.rule !== 'eu-illicit-export').map((entry) => `${entry.rule}:${entry.applies}`);

describe('ages', () => {
  it('counts BCE years without a year 0', () => {
    expect(yearsSince(1, today)).toBe(2024);
    expect(yearsSince(-1, today)).toBe(2025);
    expect(ageRange({ from: -500, to: -300 }, today)).toEqual({ youngest: 2324, oldest: 2524 });
  });

  it.each([
    [{ from: 1700, to: 1774 }, 'yes'],
    [{ from: 1775, to: 1800 }, 'no'],
    [{ from: 1700, to: 1775 }, 'straddles'],
    [undefined, 'unknown'],
  ] as const)('tells whether %j is more than 250 years old: %s', (period, expected) => {
    expect(olderThan(period, 250, today)).toBe(expected);
  });
});

describe('Regulation (EU) 2019/880', () => {
  const archaeological = { objectType: 'archaeological bowl', originCountry: 'IQ', destinationCountry: 'FR' };

  it('lists the 27 member states', () => {
    expect(EU_MEMBER_STATES.size).toBe(27);
    expect(EU_MEMBER_STATES.has('GR')).toBe(true);
    expect(EU_MEMBER_STATES.has('GB')).toBe(false);
  });

  it.each([
    ['249 years', { from: 1776, to: 1776 }, ['eu-no-document:yes']],
    ['250 years', { from: 1775, to: 1775 }, ['eu-no-document:yes']],
    ['251 years', { from: 1774, to: 1774 }, ['eu-import-licence:yes']],
    ['a BCE period', { from: -500, to: -300 }, ['eu-import-licence:yes']],
    ['a period spanning 250 years', { from: 1700, to: 1800 }, ['eu-import-licence:unknown']],
  ])('an excavated object of %s needs an import licence whatever its value', (_, period, expected) => {
    expect(euRules(rules({ ...archaeological, period, declaredValueEur: 10 }))).toEqual(expected);
  });

  it('says where the Annex category comes from: the declared words, or the category relied on', () => {
    const fromType = outcome(rules({ ...archaeological, period: { from: -500, to: -300 } }), 'eu-import-licence')!;
    expect(fromType.reasons[0]).toEqual({ key: 'customs.reason.annexFromType', params: { annex: 'c', word: 'archaeological' } });
    const fromCategory = outcome(rules({ objectType: 'capital', period: { from: 1100, to: 1200 }, destinationCountry: 'FR' }, candidate('tablets', 'c')), 'eu-import-licence')!;
    expect(fromCategory.reasons[0]).toEqual({ key: 'customs.reason.annexFromCategory', params: { annex: 'c', list: 'test-middle-east', category: 'tablets' } });
    expect(outcome(rules({ objectType: 'marble capital', period: { from: 1100, to: 1200 }, destinationCountry: 'DE' }), 'eu-import-licence')!.applies).toBe('yes');
  });

  it('knows whether the declarant holds the licence', () => {
    const facts = { ...archaeological, period: { from: -500, to: -300 } };
    expect(outcome(rules(facts), 'eu-import-licence')!.documentHeld).toBe(false);
    expect(outcome(rules({ ...facts, documents: { importLicence: true } }), 'eu-import-licence')!.documentHeld).toBe(true);
  });

  const figurine = { objectType: 'figurine', originCountry: 'SY', destinationCountry: 'IT' };
  it.each([
    ['201 years, €18,000', { from: 1824, to: 1824 }, 18_000, ['eu-importer-statement:yes']],
    ['201 years, €17,999', { from: 1824, to: 1824 }, 17_999, ['eu-no-document:yes']],
    ['200 years, €50,000', { from: 1825, to: 1825 }, 50_000, ['eu-no-document:yes']],
    ['a period spanning 200 years, €50,000', { from: 1800, to: 1850 }, 50_000, ['eu-importer-statement:unknown']],
    ['a BCE period, €1,000,000', { from: -700, to: -600 }, 1_000_000, ['eu-importer-statement:yes']],
  ])('another Annex category at %s needs an importer statement only from 200 years and €18,000', (_, period, value, expected) => {
    expect(euRules(rules({ ...figurine, period, declaredValueEur: value }, candidate('bronze-figures', 'e')))).toEqual(expected);
  });

  it('says what is missing instead of guessing', () => {
    const statement = outcome(rules({ ...figurine, period: { from: 1700, to: 1800 } }, candidate('bronze-figures', 'e')), 'eu-importer-statement')!;
    expect(statement.applies).toBe('unknown');
    expect(statement.missingFacts).toEqual(['declaredValueEur']);
    const nothing = rules({});
    expect(euRules(nothing)).toEqual(['eu-import-licence:unknown', 'eu-importer-statement:unknown']);
    expect(outcome(nothing, 'eu-import-licence')!.missingFacts).toEqual(['destinationCountry', 'objectType', 'period']);
    expect(outcome(nothing, 'origin-export')).toMatchObject({ applies: 'unknown', missingFacts: ['originCountry'] });
  });

  it('does not apply outside the EU, nor to goods from a member state', () => {
    const outside = rules({ ...archaeological, destinationCountry: 'US', period: { from: -500, to: -300 } });
    expect(euRules(outside)).toEqual(['eu-no-document:yes']);
    expect(outcome(outside, 'eu-no-document')!.reasons).toEqual([{ key: 'customs.reason.destinationOutsideEu', params: { country: 'US' } }]);
    expect(outcome(outside, 'eu-illicit-export')).toBeUndefined();
    const european = rules({ ...archaeological, originCountry: 'IT', period: { from: -500, to: -300 } });
    expect(outcome(european, 'eu-no-document')!.reasons).toEqual([{ key: 'customs.reason.originInEu', params: { country: 'IT' } }]);
  });

  it('is monotone: older or more valuable never needs less', () => {
    const needs = (outcomes: RuleOutcome[]) => euRules(outcomes).filter((rule) => rule.endsWith(':yes') && !rule.startsWith('eu-no-document')).length;
    fc.assert(
      fc.property(fc.integer({ min: -3000, max: 2020 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), fc.boolean(), (to, older, value, more, excavated) => {
        const category = excavated ? candidate('tablets', 'c') : candidate('bronze-figures', 'e');
        const base = { destinationCountry: 'FR', originCountry: 'SY', period: { from: to - 10, to }, declaredValueEur: value };
        const aged = { ...base, period: { from: to - 10 - older, to: to - older } };
        const richer = { ...base, declaredValueEur: value + more };
        expect(needs(rules(aged, category))).toBeGreaterThanOrEqual(needs(rules(base, category)));
        expect(needs(rules(richer, category))).toBeGreaterThanOrEqual(needs(rules(base, category)));
      }),
    );
  });
});

describe('origin country export rules', () => {
  it.each([
    ['a category the prohibition names', { originCountry: 'IQ', period: { from: -2000, to: -1800 } }, candidate('tablets', 'c'), { applies: 'yes', exportRule: 'prohibited' }],
    ['another category old enough for the licence', { originCountry: 'IQ', period: { from: 400, to: 600 } }, candidate('bowls', 'c'), { applies: 'yes', exportRule: 'licence', documentHeld: false }],
    ['an object too young for any rule', { originCountry: 'IQ', period: { from: 1900, to: 1950 } }, candidate('bowls', 'c'), { applies: 'no' }],
    ['no category relied on', { originCountry: 'IQ', period: { from: 400, to: 600 } }, undefined, { applies: 'unknown', exportRule: 'prohibited' }],
    ['a country whose export is free', { originCountry: 'SY' }, undefined, { applies: 'yes', exportRule: 'free' }],
  ])('applies the rules of the lists to %s', (_, facts, category, expected) => {
    expect(outcome(rules(facts, category), 'origin-export')).toMatchObject(expected);
  });

  it('names the law and whether a licence is held', () => {
    const result = rules({ originCountry: 'IQ', destinationCountry: 'FR', period: { from: 400, to: 600 }, documents: { exportCertificate: true } }, candidate('bowls', 'c'));
    expect(outcome(result, 'origin-export')).toMatchObject({
      documentHeld: true,
      references: [{ title: { en: 'Antiquities and Heritage Law' }, reference: 'Law No. 55 of 2002', url: 'https://example.org/iq-55-2002' }],
    });
    expect(outcome(result, 'eu-illicit-export')!.applies).toBe('no');
    const prohibited = rules({ originCountry: 'IQ', destinationCountry: 'FR', period: { from: -2000, to: -1800 } }, candidate('tablets', 'c'));
    expect(outcome(prohibited, 'eu-illicit-export')!.applies).toBe('yes');
  });

  it('says when no list covers the origin country', () => {
    expect(outcome(rules({ originCountry: 'PE' }), 'origin-export')).toMatchObject({ applies: 'unknown', reasons: [{ key: 'customs.reason.noListForOrigin', params: { country: 'PE' } }] });
  });
});

describe('conventions', () => {
  it('binds two countries that are both parties, as the lists record them', () => {
    const result = rules({ originCountry: 'IQ', destinationCountry: 'FR' }).filter((entry) => entry.rule === 'convention');
    expect(result.map((entry) => `${entry.convention}:${entry.applies}`)).toEqual(['unesco-1970:yes', 'unidroit-1995:no']);
    expect(result[0]!.reasons).toEqual([
      { key: 'customs.reason.partyTo', params: { country: 'IQ', year: 1973 } },
      { key: 'customs.reason.partyTo', params: { country: 'FR', year: 1997 } },
    ]);
  });

  it('leaves a convention undecided when a country is missing', () => {
    const result = rules({ destinationCountry: 'FR' }).filter((entry) => entry.rule === 'convention');
    expect(result).toMatchObject([{ convention: 'unesco-1970', applies: 'unknown', missingFacts: ['originCountry'] }]);
  });
});
