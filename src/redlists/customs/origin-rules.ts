import type { ExportRule, RedListDocument, Texts } from '../red-list-document.js';
import { olderThan, type AgeTest } from './age.js';
import { ancestry } from './category-ranking.js';
import type { FactName, LegalReference, Reason, RuleOutcome, RulesInput } from './check-model.js';

type ExportRuleEntry = RedListDocument['legal']['exportRules'][number];

/** From the most permissive to the strictest. */
const STRICTNESS: Record<ExportRule, number> = { free: 0, licence: 1, prohibited: 2 };

/**
 * What the origin country's law says of taking the object out, as the lists covering that country
 * record it. A rule may be limited to some categories and to objects of some age: when the check
 * cannot tell whether a rule covers the object, the strictest rule that may apply is reported as
 * 'unknown' with what would decide it.
 */
export function originExportOutcome({ facts, lists, category, today }: RulesInput): RuleOutcome {
  const origin = facts.originCountry;
  const base = { rule: 'origin-export' as const, references: [] as LegalReference[] };
  if (origin === undefined) return { ...base, applies: 'unknown', reasons: [{ key: 'customs.reason.originUnknown' }], missingFacts: ['originCountry'] };
  const covering = lists.filter((list) => list.region.countries.includes(origin));
  if (covering.length === 0) return { ...base, applies: 'unknown', reasons: [{ key: 'customs.reason.noListForOrigin', params: { country: origin } }], missingFacts: [] };
  const rules = covering.flatMap((list) => list.legal.exportRules.filter((rule) => rule.country === origin).map((rule) => ({ list, rule })));
  if (rules.length === 0) return { ...base, applies: 'unknown', reasons: [{ key: 'customs.reason.noExportRuleRecorded', params: { country: origin } }], missingFacts: [] };

  const assessed = rules.map((entry) => ({ ...entry, ...coverage(entry.list, entry.rule, { facts, category, today }) }));
  const strictest = (covers: AgeTest) =>
    assessed.filter((entry) => entry.covers === covers).sort((a, b) => STRICTNESS[b.rule.rule] - STRICTNESS[a.rule.rule])[0];
  const certain = strictest('yes');
  const possible = strictest('unknown');
  const decisive = possible && (!certain || STRICTNESS[possible.rule.rule] > STRICTNESS[certain.rule.rule]) ? possible : certain;
  if (!decisive) return { ...base, applies: 'no', reasons: [{ key: 'customs.reason.exportRulesDoNotCover', params: { country: origin } }], missingFacts: [] };

  const exportRule = decisive.rule.rule;
  const law = decisive.rule.law;
  return {
    rule: 'origin-export',
    applies: decisive === certain ? 'yes' : 'unknown',
    exportRule,
    ...(exportRule === 'licence' ? { documentHeld: facts.documents?.exportCertificate === true } : {}),
    reasons: [{ key: `customs.reason.originExport.${exportRule}`, params: { country: origin } }, ...decisive.reasons],
    missingFacts: decisive === certain ? [] : decisive.missing,
    references: law === undefined ? [] : [lawReference(decisive.list, origin, law)],
  };
}

function coverage(
  list: RedListDocument,
  rule: ExportRuleEntry,
  { facts, category, today }: Pick<RulesInput, 'facts' | 'category' | 'today'>,
): { covers: AgeTest; reasons: Reason[]; missing: FactName[] } {
  const reasons: Reason[] = [];
  const missing: FactName[] = [];
  let byCategory: AgeTest = 'yes';
  if (rule.categories) {
    byCategory = category?.listSlug === list.slug ? (lineageOf(list, category.categoryId).some((id) => rule.categories!.includes(id)) ? 'yes' : 'no') : 'unknown';
    if (byCategory === 'unknown') {
      reasons.push({ key: 'customs.reason.exportRuleCategories', textParams: { categories: categoryNames(list, rule.categories) } });
      if (facts.objectType === undefined) missing.push('objectType');
    }
  }
  let byAge: AgeTest = 'yes';
  if (rule.minimumAgeYears !== undefined) {
    // "Objects younger than the minimum are not covered": covered from that age on.
    byAge = olderThan(facts.period, rule.minimumAgeYears - 1, today);
    if (byAge === 'straddles' || byAge === 'unknown') {
      reasons.push({ key: 'customs.reason.exportRuleMinimumAge', params: { years: rule.minimumAgeYears } });
      if (byAge === 'unknown') missing.push('period');
      byAge = 'unknown';
    }
  }
  const covers: AgeTest = byCategory === 'no' || byAge === 'no' ? 'no' : byCategory === 'yes' && byAge === 'yes' ? 'yes' : 'unknown';
  return { covers, reasons, missing };
}

/** A rule naming a broader category covers the narrower ones under it. */
function lineageOf(list: RedListDocument, categoryId: string): string[] {
  const byId = new Map(list.categories.map((category) => [category.id, category]));
  const category = byId.get(categoryId);
  return category ? ancestry(category, byId).map((c) => c.id) : [categoryId];
}

function lawReference(list: RedListDocument, country: string, reference: string): LegalReference {
  const law = list.legal.laws.find((entry) => entry.country === country && entry.reference === reference);
  return law ? { title: law.title, reference, ...(law.url ? { url: law.url } : {}) } : { reference };
}

/** The categories' names, listed in each of the list's languages (a name missing in one is given in its first). */
function categoryNames(list: RedListDocument, ids: readonly string[]): Texts {
  const names = ids.map((id) => list.categories.find((category) => category.id === id)?.name ?? { [list.languages[0]!]: id });
  return Object.fromEntries(list.languages.map((lang) => [lang, names.map((name) => name[lang] ?? Object.values(name)[0]!).join(', ')]));
}
