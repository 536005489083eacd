import { CONFIDENT_SCORE, rankCategories } from './category-ranking.js';
import type { AssessInput, CheckAssessment, FactName, MissingInput } from './check-model.js';
import { recommend } from './recommendation.js';
import { assessRules } from './rules.js';
import { VISUAL_WEIGHT } from './visual-similarity.js';

/** The facts an officer is asked for; the others (description, documents) only add to the answer. */
const EXPECTED_FACTS: readonly FactName[] = ['objectType', 'material', 'period', 'originCountry', 'destinationCountry'];

/**
 * The customs check's answer from what it has: registry candidates, ranked Red List categories,
 * the rules and a recommendation, and what was missing to answer more fully. Pure: the caller
 * identifies the photo, scores it visually and loads the lists.
 */
export function assessCheck(input: AssessInput): CheckAssessment {
  const { facts, index, lists, today } = input;
  const categories = rankCategories(index, facts, input.visual ? { visual: input.visual, visualWeight: VISUAL_WEIGHT } : {});
  const confident = categories[0] && categories[0].score >= CONFIDENT_SCORE ? categories[0] : undefined;
  const rules = assessRules({ facts, lists, today, ...(confident ? { category: confident } : {}) });
  const recommendation = recommend({ facts, registry: input.registryMatches, categories, rules, lists });
  const missing = new Set<MissingInput>([
    ...(input.hasPhoto ? [] : (['photo'] as const)),
    ...EXPECTED_FACTS.filter((fact) => facts[fact] === undefined),
    ...rules.flatMap((rule) => rule.missingFacts),
  ]);
  return { registry: input.registryMatches, categories, rules, recommendation, missing: [...missing] };
}
