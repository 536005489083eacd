import type { ContactKind } from '../red-list-document.js';
import { CONFIDENT_SCORE } from './category-ranking.js';
import type { CategoryCandidate, CheckContact, DeclaredFacts, PublishedList, Reason, Recommendation, RegistryMatch, RuleOutcome } from './check-model.js';

/** Whom to call, first to last, when an object is held or detained. */
const CONTACT_ORDER: readonly ContactKind[] = ['customs', 'police', 'expert', 'ministry', 'museum', 'other'];

export interface RecommendationInput {
  facts: DeclaredFacts;
  registry: readonly RegistryMatch[];
  categories: readonly CategoryCandidate[];
  rules: readonly RuleOutcome[];
  lists: readonly PublishedList[];
}

/**
 * Detain what the registry recognises as stolen or missing; hold for an expert's opinion what a
 * Red List points to, what lacks a document a rule requires, what its origin country forbids to
 * export or what the registry may have; release the rest. The officer confirms or overrides it.
 */
export function recommend(input: RecommendationInput): Recommendation {
  const matches = input.registry.filter((candidate) => candidate.verdict === 'match');
  if (matches.length > 0) {
    return {
      action: 'detain',
      reasons: matches.map((match) => ({ key: 'customs.recommendation.reason.registryMatch', params: { title: match.title, objectId: match.objectId, status: match.status } })),
      contacts: contactsFor(input, 'police'),
    };
  }
  const reasons = holdReasons(input);
  if (reasons.length > 0) return { action: 'hold', reasons, contacts: contactsFor(input, 'customs') };
  const undecided = input.rules.filter((rule) => rule.applies === 'unknown').length;
  return {
    action: 'release',
    reasons: [{ key: 'customs.recommendation.reason.nothingFound' }, ...(undecided > 0 ? [{ key: 'customs.recommendation.reason.undecidedRules', params: { count: undecided } } satisfies Reason] : [])],
    contacts: [],
  };
}

function holdReasons({ registry, categories, rules }: RecommendationInput): Reason[] {
  const reasons: Reason[] = [];
  for (const possible of registry.filter((candidate) => candidate.verdict === 'possible')) {
    reasons.push({ key: 'customs.recommendation.reason.registryPossible', params: { title: possible.title, objectId: possible.objectId } });
  }
  for (const category of categories.filter((candidate) => candidate.score >= CONFIDENT_SCORE)) {
    reasons.push({
      key: 'customs.recommendation.reason.redListCategory',
      params: { list: category.listSlug, category: category.categoryId, score: Math.round(category.score * 100) },
      textParams: { name: category.name },
    });
  }
  for (const rule of rules.filter((outcome) => outcome.applies === 'yes')) {
    if ((rule.rule === 'eu-import-licence' || rule.rule === 'eu-importer-statement') && !rule.documentHeld) {
      reasons.push({ key: rule.rule === 'eu-import-licence' ? 'customs.recommendation.reason.licenceNotHeld' : 'customs.recommendation.reason.statementNotHeld' });
    }
    if (rule.rule === 'origin-export' && (rule.exportRule === 'prohibited' || (rule.exportRule === 'licence' && !rule.documentHeld))) {
      reasons.push({ key: rule.exportRule === 'prohibited' ? 'customs.recommendation.reason.exportProhibited' : 'customs.recommendation.reason.exportCertificateMissing' });
    }
  }
  return reasons;
}

/**
 * The origin country's contacts as its lists record them, `first` kind first; without an origin,
 * the experts of the list whose category ranked best.
 */
function contactsFor({ facts, categories, lists }: RecommendationInput, first: ContactKind): CheckContact[] {
  const origin = facts.originCountry;
  const bestList = categories[0]?.listSlug;
  const chosen = lists.flatMap((list) =>
    list.contacts
      .filter((contact) => (origin ? list.region.countries.includes(origin) && contact.country === origin : list.slug === bestList && contact.kind === 'expert'))
      .map(({ note: _note, ...contact }) => ({ ...contact, listSlug: list.slug })),
  );
  const rank = (kind: ContactKind) => (kind === first ? -1 : CONTACT_ORDER.indexOf(kind));
  return chosen.sort((a, b) => rank(a.kind) - rank(b.kind));
}
