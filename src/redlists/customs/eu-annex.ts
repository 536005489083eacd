import type { EuAnnexCategory } from '../red-list-document.js';
import type { CategoryCandidate, DeclaredFacts, Reason } from './check-model.js';
import { searchTokens } from '../../i18n/search-text.js';
import { keywordStems, stem } from './keywords.js';

/**
 * Which Annex category of Regulation (EU) 2019/880 the object falls in: the one the list gives its
 * best-ranked category when that ranks high enough to be relied on, otherwise what the declared
 * type and description say of an excavated object (c) or a part of a monument (d). Other types
 * are left unknown: the declared words cannot tell the remaining categories (a, b, e–l) apart.
 */
const ANNEX_WORDS: ReadonlyArray<readonly [EuAnnexCategory, string]> = [
  ['c', 'archaeological archeological archaeology excavated excavation excavations dug archeologique archeologie fouille fouilles arqueologico arqueologia excavacion excavado'],
  ['d', 'monument monumental architectural frieze capital column lintel mosaic fresco temple frise chapiteau colonne linteau mosaique fresque architectonique friso capitel columna dintel mosaico fresco monumento arquitectonico'],
];
const ANNEX_STEMS = ANNEX_WORDS.map(([annex, words]) => [annex, new Set(keywordStems(words))] as const);

export interface AnnexEvidence {
  annex?: EuAnnexCategory;
  reason: Reason;
}

export function annexEvidence(facts: DeclaredFacts, category: CategoryCandidate | undefined): AnnexEvidence {
  if (category?.euAnnex) {
    return { annex: category.euAnnex, reason: { key: 'customs.reason.annexFromCategory', params: { annex: category.euAnnex, list: category.listSlug, category: category.categoryId } } };
  }
  const declared = searchTokens(`${facts.objectType ?? ''} ${facts.description ?? ''}`);
  for (const [annex, stems] of ANNEX_STEMS) {
    const word = declared.find((token) => stems.has(stem(token)));
    if (word) return { annex, reason: { key: 'customs.reason.annexFromType', params: { annex, word } } };
  }
  return { reason: { key: 'customs.reason.annexUnknown' } };
}
