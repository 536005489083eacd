import type { Category, Texts } from '../red-list-document.js';
import { categoryKey, type CategoryCandidate, type DeclaredFacts, type MatchReason, type PublishedList, type VisualScores } from './check-model.js';
import { bestMatch, keywordIndex, keywordStems } from './keywords.js';

/**
 * Ranks the categories of the published lists against what the officer declared. Each kind of
 * evidence has a weight; a category's score is the weighted sum of how well each matched (0–1), so
 * it says how much of the possible evidence points to it and every part of it is a listed reason.
 */
export const WEIGHTS = { type: 0.35, material: 0.2, period: 0.15, region: 0.15, words: 0.15 } as const;
/** A declared period this far from the category's, beyond the tolerance, halves the category's score. */
export const PERIOD_MISMATCH_FACTOR = 0.5;
/** At or above this score a category is relied on (its EU Annex category) and an expert is asked. */
export const CONFIDENT_SCORE = 0.5;
export const DEFAULT_LIMIT = 5;

export interface PreparedCategory {
  listSlug: string;
  edition: number;
  categoryId: string;
  name: Texts;
  euAnnex?: Category['euAnnex'];
  leaf: boolean;
  /** Stem → the word it came from, for each kind of evidence. */
  types: Map<string, string>;
  materials: Map<string, string>;
  period?: { from: number; to: number };
  countries: ReadonlySet<string>;
  culture: Map<string, string>;
  words: Map<string, string>;
}

/** The categories of the lists, their words stemmed once: build it when the lists are loaded and keep it. */
export interface CategoryIndex {
  categories: PreparedCategory[];
  /** How many categories each type or material word describes: a rarer word tells more. */
  sharedBy: Map<string, number>;
}

export function prepareCategories(lists: readonly PublishedList[]): CategoryIndex {
  const categories = lists.flatMap(prepareList);
  const sharedBy = new Map<string, number>();
  for (const category of categories) {
    for (const word of new Set([...category.types.keys(), ...category.materials.keys()])) sharedBy.set(word, (sharedBy.get(word) ?? 0) + 1);
  }
  return { categories, sharedBy };
}

function prepareList(list: PublishedList): PreparedCategory[] {
  const byId = new Map(list.categories.map((category) => [category.id, category]));
  const parents = new Set(list.categories.flatMap((category) => (category.parent ? [category.parent] : [])));
  const countries = new Set(list.region.countries);
  return list.categories.map((category) => {
    const lineage = ancestry(category, byId);
    const inherited = <T>(pick: (c: Category) => T | undefined) => lineage.map(pick).find((value) => value !== undefined);
    const texts = (value: Texts | undefined) => Object.values(value ?? {}).join(' ');
    const cultureText = texts(inherited((c) => c.regionOrCulture));
    const period = inherited((c) => c.period);
    return {
      listSlug: list.slug,
      edition: list.edition.number,
      categoryId: category.id,
      name: category.name,
      ...(category.euAnnex ? { euAnnex: category.euAnnex } : {}),
      leaf: !parents.has(category.id),
      types: stems([...category.objectTypes, texts(category.name), ...category.aat.map((concept) => concept.label)]),
      // Its own materials, or its nearest ancestor's (a broader category lists those of all its types);
      // the broader categories' names are usually the material or domain (`Ceramics` → `Bowls`).
      materials: stems([...(inherited((c) => (c.materials.length > 0 ? c.materials : undefined)) ?? []), ...lineage.slice(1).map((c) => texts(c.name))]),
      ...(period ? { period: { from: period.from, to: period.to } } : {}),
      countries,
      culture: stems([cultureText]),
      words: stems([texts(category.name), texts(category.description), texts(category.features), cultureText]),
    };
  });
}

/** The category, then its parent, up to the top (a cycle, refused at import, stops the walk). */
export function ancestry(category: Category, byId: ReadonlyMap<string, Category>): Category[] {
  const lineage = [category];
  for (let parent = category.parent; parent && lineage.length <= byId.size; parent = byId.get(parent)?.parent) {
    const next = byId.get(parent);
    if (!next) break;
    lineage.push(next);
  }
  return lineage;
}

const stems = keywordIndex;

export interface RankOptions {
  visual?: VisualScores;
  /** Weight of the visual similarity when it is used, the other weights scaled to make room. */
  visualWeight?: number;
  limit?: number;
}

export function rankCategories(index: CategoryIndex, facts: DeclaredFacts, options: RankOptions = {}): CategoryCandidate[] {
  const declared = {
    type: keywordStems(facts.objectType ?? ''),
    material: keywordStems(facts.material ?? ''),
    words: [...new Set(keywordStems(facts.description ?? ''))],
  };
  const scored = index.categories.map((category) => {
    const { matched, ...result } = score(category, facts, declared, options);
    // Among equal scores, the category whose matched words fewer others share.
    const distinctiveness = matched.reduce((sum, stem) => sum + 1 / (index.sharedBy.get(stem) ?? 1), 0);
    return { category, distinctiveness, ...result };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || b.distinctiveness - a.distinctiveness || Number(b.category.leaf) - Number(a.category.leaf) || a.category.listSlug.localeCompare(b.category.listSlug) || a.category.categoryId.localeCompare(b.category.categoryId))
    .slice(0, options.limit ?? DEFAULT_LIMIT)
    .map(({ category, score: value, reasons }) => ({
      listSlug: category.listSlug,
      edition: category.edition,
      categoryId: category.categoryId,
      name: category.name,
      ...(category.euAnnex ? { euAnnex: category.euAnnex } : {}),
      score: Math.round(value * 1000) / 1000,
      reasons,
    }));
}

interface Declared {
  type: string[];
  material: string[];
  words: string[];
}

/** The score, its reasons (with the category's words), and the stems of the type and material matched. */
function score(category: PreparedCategory, facts: DeclaredFacts, declared: Declared, options: RankOptions): { score: number; reasons: MatchReason[]; matched: string[] } {
  const reasons: MatchReason[] = [];
  const add = (kind: MatchReason['kind'], detail: string, weight: number) => {
    if (weight > 0) reasons.push({ kind, detail, weight: Math.round(weight * 1000) / 1000 });
  };
  const type = bestMatch(declared.type, category.types);
  if (type) add('type', category.types.get(type.word)!, WEIGHTS.type * type.strength);
  const material = bestMatch(declared.material, category.materials);
  if (material) add('material', category.materials.get(material.word)!, WEIGHTS.material * material.strength);
  const period = facts.period && category.period ? periodMatch(facts.period, category.period) : undefined;
  if (period && period.strength > 0) add('period', period.detail, WEIGHTS.period * period.strength);
  if (facts.originCountry && category.countries.has(facts.originCountry)) add('region', facts.originCountry, WEIGHTS.region);
  else {
    const culture = declared.words.find((word) => category.culture.has(word));
    if (culture) add('region', `culture:${category.culture.get(culture)!}`, WEIGHTS.region);
  }
  const words = declared.words.filter((word) => category.words.has(word));
  if (words.length > 0) add('words', words.map((word) => category.words.get(word)!).join(','), WEIGHTS.words * Math.min(1, words.length / 3));

  let total = reasons.reduce((sum, reason) => sum + reason.weight, 0);
  if (period?.strength === 0) {
    // Said, so that the page can tell why a category of the right type ranks low.
    reasons.push({ kind: 'period', detail: period.detail, weight: 0 });
    total *= PERIOD_MISMATCH_FACTOR;
  }
  const similarity = options.visual?.get(categoryKey(category.listSlug, category.categoryId));
  if (options.visual && options.visualWeight) {
    const visualWeight = options.visualWeight;
    total = total * (1 - visualWeight) + visualWeight * (similarity ?? 0);
    for (const reason of reasons) reason.weight = Math.round(reason.weight * (1 - visualWeight) * 1000) / 1000;
    if (similarity) add('visual', similarity.toFixed(2), visualWeight * similarity);
  }
  return { score: total, reasons, matched: [type?.word, material?.word].filter((stem) => stem !== undefined) };
}

/**
 * How well the declared period meets the category's: 1 when they overlap, ½ when they overlap only
 * once the category's is widened by a tolerance (a tenth of its span, at least 50 years: apparent
 * periods are estimates), 0 beyond.
 */
export function periodMatch(declared: { from: number; to: number }, category: { from: number; to: number }): { strength: number; detail: string } {
  const tolerance = Math.max(50, Math.round((category.to - category.from) / 10));
  const from = Math.max(declared.from, category.from);
  const to = Math.min(declared.to, category.to);
  if (from <= to) return { strength: 1, detail: `${from}..${to}` };
  const gap = from - to;
  return gap <= tolerance ? { strength: 0.5, detail: `near:${gap}` } : { strength: 0, detail: `far:${gap}` };
}
