import { describe, expect, it } from 'vitest';
import { RED_LIST_FORMAT, RedListDocumentSchema, type RedListDocument } from './red-list-document.js';
import { andesList, levantList, publishedSource } from './red-list-public.test-support.js';
import { RedListSearch, type RedListSearchQuery } from './red-list-search.js';

const search = new RedListSearch(publishedSource([levantList(), andesList()]));
const ids = async (query: RedListSearchQuery) => (await search.search(query)).hits.map((hit) => `${hit.list.slug}/${hit.category.id}`);

describe('Red List search: words', () => {
  it('ignores accents and case, in every language of a list', async () => {
    expect(await ids({ q: 'CERAMIQUES' })).toEqual(['levant-demo/ceramics']);
    expect(await ids({ q: 'céramica' })).toEqual(['andes/ceramica-mochica']);
    expect(await ids({ q: 'خزف' })).toEqual(['levant-demo/ceramics']);
  });

  it('reads a word as the beginning of longer ones', async () => {
    expect(await ids({ q: 'statuet' })).toEqual(['levant-demo/bronze-statuettes']);
    expect(await ids({ q: 'moch' })).toEqual(['andes/ceramica-mochica']);
  });

  it('forgives one typo and says which word it read', async () => {
    const result = await search.search({ q: 'statuetes' });
    expect(result.hits.map((hit) => hit.category.id)).toEqual(['bronze-statuettes']);
    expect(result.corrections).toEqual([['statuetes', 'statuettes']]);
    // Two typos are not forgiven.
    expect(await ids({ q: 'statoetes' })).toEqual([]);
  });

  it('needs every word, and leaves stop words out', async () => {
    expect(await ids({ q: 'painted bowls' })).toEqual(['levant-demo/painted-bowls']);
    expect(await ids({ q: 'bowls of the painted kind' })).toEqual([]);
    expect(await ids({ q: 'the painted bowls' })).toEqual(['levant-demo/painted-bowls']);
  });

  it('ranks a name above a type keyword, a type above features, features above a description', async () => {
    // "lamps" is the name of oil-lamps and in the description of painted-bowls.
    expect(await ids({ q: 'lamps' })).toEqual(['levant-demo/oil-lamps', 'levant-demo/painted-bowls']);
    // "bowl": a type keyword of Moche ceramics, the name (and a type keyword) of painted bowls.
    expect(await ids({ q: 'bowl' })).toEqual(['levant-demo/painted-bowls', 'andes/ceramica-mochica']);
    const [first] = (await search.search({ q: 'patina' })).hits;
    expect(first?.matched).toEqual(['features']);
  });

  it('tells the fields each hit matched in, with its list, edition and score', async () => {
    const [hit] = (await search.search({ q: 'bronze' })).hits;
    expect(hit).toMatchObject({ list: { slug: 'levant-demo', edition: 2, demonstration: true }, category: { id: 'bronze-statuettes' }, matched: ['name'] });
    expect(hit!.score).toBeGreaterThan(0);
    const metalwork = (await search.search({ q: 'bronze', list: 'levant-demo' })).hits.find((each) => each.category.id === 'metalwork');
    expect(metalwork?.matched).toEqual(['material']);
  });

  it('finds AAT labels and gives broader categories', async () => {
    const [hit] = (await search.search({ q: 'vessels' })).hits;
    expect(hit?.category.id).toBe('painted-bowls');
    expect(hit?.matched).toEqual(['type']);
    expect(hit?.ancestors.map((ancestor) => ancestor.id)).toEqual(['ceramics']);
  });
});

describe('Red List search: filters', () => {
  it('by country of the list’s region', async () => {
    expect(await ids({ q: 'ceramic', country: 'pe' })).toEqual(['andes/ceramica-mochica']);
    expect(await ids({ country: 'SY' })).toHaveLength(5);
    expect(await ids({ country: 'FR' })).toEqual([]);
  });

  it('by material, a broader category’s included', async () => {
    expect(await ids({ material: 'Bronze' })).toEqual(['levant-demo/metalwork', 'levant-demo/bronze-statuettes']);
    expect(await ids({ material: 'wool' })).toEqual(['andes/textiles']);
  });

  it('by a period overlapping the category’s own, or its broader category’s', async () => {
    expect(await ids({ from: -500, to: -400, list: 'levant-demo' })).toEqual([
      'levant-demo/ceramics',
      'levant-demo/painted-bowls',
      'levant-demo/metalwork',
      'levant-demo/bronze-statuettes',
    ]);
    expect(await ids({ from: 1600 })).toEqual([]);
    expect(await ids({ to: -2500 })).toEqual(['levant-demo/ceramics']);
    // Lists in slug order.
    expect(await ids({ from: 1500, to: 1500 })).toEqual(['andes/textiles', 'levant-demo/ceramics']);
  });

  it('by list, with words', async () => {
    expect(await ids({ q: 'bowl', list: 'andes' })).toEqual(['andes/ceramica-mochica']);
  });

  it('pages with limit and offset, and counts every hit', async () => {
    const result = await search.search({ limit: 2, offset: 1 });
    expect(result.total).toBe(7);
    expect(result.hits).toHaveLength(2);
  });
});

describe('Red List search: the index', () => {
  it('is rebuilt when the lists’ version changes', async () => {
    let documents: RedListDocument[] = [andesList()];
    const source = { version: 1, listPublished: () => Promise.resolve(documents.map((document) => ({ slug: document.slug, edition: 1, document }))) };
    const own = new RedListSearch(source);
    expect((await own.search({ q: 'lamps' })).total).toBe(0);
    documents = [andesList(), levantList()];
    expect((await own.search({ q: 'lamps' })).total).toBe(0);
    source.version = 2;
    expect((await own.search({ q: 'lamps' })).total).toBe(2);
  });

  it('offers the countries, materials and lists it holds', async () => {
    const options = await search.options();
    expect(options.countries).toEqual(['BO', 'LB', 'PE', 'SY']);
    expect(options.materials).toEqual(['bronze', 'ceramic', 'clay', 'copper', 'cotton', 'wool']);
    expect(options.lists.map((list) => list.slug)).toEqual(['andes', 'levant-demo']);
  });

  it('finds with words, typos and filters across 30 lists of 60 categories', async () => {
    const big = Array.from({ length: 30 }, (_, l) =>
      RedListDocumentSchema.parse({
        ...andesList(),
        format: RED_LIST_FORMAT,
        slug: `list-${l}`,
        categories: Array.from({ length: 60 }, (_, c) => ({
          id: `category-${c}`,
          name: { es: `Categoría ${c} de cerámica`, en: `Category ${c} of ceramics ${l}` },
          description: { en: `Long description ${c} with bowls, bottles, figurines and many other words ${l}` },
          period: { from: -1000 + c * 10, to: 500 + c * 10 },
          materials: ['ceramic', `material-${c % 7}`],
        })),
      }),
    );
    const large = new RedListSearch(publishedSource(big));
    await large.search({});
    // Speed is measured by `npm run bench:redlists` (a p95 table), never here: this checks the answers at that size.
    for (const q of ['ceramics', 'figur', 'bottels', 'category 12', 'many words bowls']) {
      const result = await large.search({ q, from: -200, to: 300, material: 'material-3' });
      expect(result.total, q).toBeGreaterThan(0);
      for (const hit of result.hits) {
        expect(hit.category.materials, q).toContain('material-3');
        expect(hit.category.period!.from, q).toBeLessThanOrEqual(300);
        expect(hit.category.period!.to, q).toBeGreaterThanOrEqual(-200);
      }
    }
  });
});
