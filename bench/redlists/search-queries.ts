/**
 * Searches across Red Lists as visitors type them: words in English, French and Spanish, with and
 * without accents, prefixes and typos, alone or with the filters of the search page (country,
 * material, period, one list). Deterministic.
 */
import type { RedListSearchQuery } from '../../src/redlists/red-list-search.js';
import { seededRandom } from '../seeded-random.js';
import { regionCountries } from './synthetic-lists.js';

export interface BenchSearch {
  kind: string;
  query: RedListSearchQuery;
}

const WORDS: ReadonlyArray<readonly [string, string]> = [
  ['words (en)', 'celadon vase'],
  ['words (en)', 'gilt bronze buddha'],
  ['words (en)', 'bronze mirror'],
  ['words (en)', 'gold crown'],
  ['words (en)', 'folding screen'],
  ['words (en)', 'white porcelain jar'],
  ['words (en)', 'stone stele'],
  ['words (en)', 'movable type'],
  ['words (fr)', 'céramique'],
  ['words (fr)', 'bronze doré'],
  ['words (fr)', 'miroir en bronze'],
  ['words (fr)', 'couronne en or'],
  ['words (fr)', 'paravent'],
  ['words (es)', 'cerámica'],
  ['words (es)', 'espejo de bronce'],
  ['words (es)', 'corona de oro'],
  ['words (es)', 'biombo'],
  ['words (es)', 'retrato'],
  ['accents dropped', 'ceramique'],
  ['accents dropped', 'bronze dore'],
  ['accents dropped', 'stele'],
  ['accents dropped', 'ceramica'],
  ['accents dropped', 'epoca tardia'],
  ['typo', 'celadn'],
  ['typo', 'porcelian'],
  ['typo', 'bodhisatva'],
  ['typo', 'mirorr'],
  ['typo', 'portrat'],
  ['prefix', 'bodhi'],
  ['prefix', 'porc'],
  ['prefix', 'cela'],
  ['region word', 'tombes des hautes terres'],
  ['region word', 'coastal'],
];

const MATERIALS = ['gold', 'bronze', 'silk', 'stone', 'porcelain', 'celadon'];
const PERIODS: ReadonlyArray<readonly [number, number]> = [
  [-200, 300],
  [900, 1400],
  [1400, 1900],
  [500, 1000],
];

/** `count` searches over `lists` lists (slugs bench-list-1…), mixing words and filters. */
export function benchSearches(count: number, lists: number): BenchSearch[] {
  const random = seededRandom(50_050);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const searches: BenchSearch[] = [];
  for (let i = 0; i < count; i++) {
    const [kind, q] = WORDS[i % WORDS.length]!;
    const country = pick(regionCountries(Math.floor(random() * lists)));
    const [from, to] = pick(PERIODS);
    switch (i % 6) {
      case 0:
      case 1:
        searches.push({ kind, query: { q } });
        break;
      case 2:
        searches.push({ kind: `${kind} + country`, query: { q, country } });
        break;
      case 3:
        searches.push({ kind: `${kind} + material`, query: { q, material: pick(MATERIALS) } });
        break;
      case 4:
        searches.push({ kind: `${kind} + period`, query: { q, from, to } });
        break;
      default:
        // Filters alone, as a visitor browsing a region or a list.
        searches.push(random() < 0.5 ? { kind: 'filters only: country + period', query: { country, from, to } } : { kind: 'filters only: one list', query: { list: `bench-list-${1 + Math.floor(random() * lists)}` } });
    }
  }
  return searches;
}
