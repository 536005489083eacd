import type { Category } from '../red-list-document.js';
import { ancestry, prepareCategories, rankCategories } from './category-ranking.js';
import type { DeclaredFacts, PublishedList } from './check-model.js';
import { synonymsOf } from './keywords.js';
import { VISUAL_WEIGHT, VisualExampleIndex } from './visual-similarity.js';

/**
 * How well the category ranking finds the right category, measured the same way by the tests and
 * `npm run bench:redlists`: each example of each category becomes a check whose facts an officer
 * could have declared for it — the type as written in the list, as a synonym or not said; the
 * material said or not; the period shifted or not said; the origin one of the list's countries or
 * not said — and, to measure the visual part, the example's own photo, left out of the examples it
 * is compared with. Deterministic for a given `random`.
 */
export interface QualityMetrics {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  /** Mean reciprocal rank of the right category among the first RANKED (0 beyond). */
  mrr: number;
}

export interface QualityInput {
  lists: readonly PublishedList[];
  random: () => number;
  /** The descriptor of an example photo (`describePhoto`), to measure with the visual part too. */
  describeExample?: (list: PublishedList, category: Category, example: number) => Float32Array;
  visualWeight?: number;
}

const RANKED = 10;

export function measureRankingQuality(input: QualityInput): { facts: QualityMetrics; withVisual?: QualityMetrics } {
  const index = prepareCategories(input.lists);
  const visual = input.describeExample ? new VisualExampleIndex() : undefined;
  const queries: Array<{ list: PublishedList; category: Category; facts: DeclaredFacts; photo?: Float32Array; slot: number }> = [];
  for (const list of input.lists) {
    for (const category of list.categories) {
      category.examples.forEach((_, example) => {
        const photo = input.describeExample?.(list, category, example);
        if (photo) visual!.add(list.slug, category.id, photo);
        queries.push({ list, category, facts: noisyFacts(list, category, input.random), ...(photo ? { photo } : {}), slot: queries.length });
      });
    }
  }
  const rankOf = (query: (typeof queries)[number], withVisual: boolean) => {
    const options = withVisual && visual && query.photo ? { visual: visual.similarities(query.photo, query.slot), visualWeight: input.visualWeight ?? VISUAL_WEIGHT } : {};
    const ranked = rankCategories(index, query.facts, { ...options, limit: RANKED });
    return ranked.findIndex((candidate) => candidate.listSlug === query.list.slug && candidate.categoryId === query.category.id) + 1;
  };
  const facts = metrics(queries.map((query) => rankOf(query, false)));
  return visual ? { facts, withVisual: metrics(queries.map((query) => rankOf(query, true))) } : { facts };
}

function metrics(ranks: number[]): QualityMetrics {
  const share = (hit: (rank: number) => boolean) => (ranks.length === 0 ? 0 : ranks.filter(hit).length / ranks.length);
  return {
    queries: ranks.length,
    recallAt1: share((rank) => rank === 1),
    recallAt3: share((rank) => rank >= 1 && rank <= 3),
    mrr: ranks.length === 0 ? 0 : ranks.reduce((sum, rank) => sum + (rank > 0 ? 1 / rank : 0), 0) / ranks.length,
  };
}

/** What an officer might declare for an object of the category: partial, approximate, in other words. */
export function noisyFacts(list: PublishedList, category: Category, random: () => number): DeclaredFacts {
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const lineage = ancestry(category, new Map(list.categories.map((c) => [c.id, c])));
  const facts: DeclaredFacts = {};
  const type = pick(category.objectTypes.length > 0 ? category.objectTypes : Object.values(category.name));
  if (type && random() >= 0.2) facts.objectType = random() < 0.3 ? (pick(synonymsOf(type)) ?? type) : type;
  const material = pick(lineage.find((c) => c.materials.length > 0)?.materials ?? []);
  if (material && random() >= 0.3) facts.material = material;
  const period = lineage.find((c) => c.period)?.period;
  if (period && random() >= 0.25) {
    const shift = Math.round((random() * 2 - 1) * Math.max(25, (period.to - period.from) * 0.15));
    facts.period = { from: period.from + shift, to: period.to + shift };
  }
  const country = pick(list.region.countries);
  if (country && random() >= 0.3) facts.originCountry = country;
  return facts;
}
