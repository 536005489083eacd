/**
 * What every search store must do (the port of db/search-store.ts): run `searchStoreContract(...)`
 * inside a test file with a function opening an empty, migrated database of the engine. Objects
 * are written as the repositories write them (rows, then the engine's index writer), and the
 * store is asked what search.service.ts asks: words already folded and split (`searchTokens`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import type { DatabaseHandle, Db } from '../../db/database.js';
import { createSearchStore, searchIndexOf } from '../../db/search-stores.js';
import { audienceOf } from '../visibility.js';
import { DEFAULT_LIMITS, type SearchCriteria, type SearchDocument, type SearchLimits, type SearchWord, type StoreResult } from '../../db/search-store.js';

interface Fixture {
  key: string;
  organisation: 'louvre' | 'prado';
  doc: Partial<SearchDocument>;
  type?: string;
  materials?: string[];
  country?: string;
  years?: [number, number];
  heightCm?: number;
  status?: string;
  published?: number;
  reported?: number;
}

const FIXTURES: Fixture[] = [
  { key: 'eveque', organisation: 'louvre', doc: { title: "Portrait de l'Évêque de Meaux", maker: 'Hyacinthe Rigaud', classification: 'oil paintings canvas' }, type: 'oil-paintings', materials: ['oil-paint', 'canvas'], country: 'FR', years: [1695, 1705], heightCm: 35, status: 'stolen', published: 1, reported: 1 },
  { key: 'vase', organisation: 'louvre', doc: { title: 'Vase à décor de fleurs', classification: 'vases porcelain', body: 'Porcelaine tendre, marque au revers.' }, type: 'vases', materials: ['porcelain'], country: 'FR', years: [1790, 1810], heightCm: 28.5 },
  { key: 'maker', organisation: 'louvre', doc: { title: 'Study of trees', maker: 'Landscape Painter' }, type: 'drawings' },
  { key: 'body', organisation: 'louvre', doc: { title: 'Sketchbook', body: 'A preparatory drawing for a landscape painting.' }, type: 'drawings' },
  { key: 'titled', organisation: 'louvre', doc: { title: 'Landscape with a river' }, type: 'drawings', heightCm: 42 },
  { key: 'retrato', organisation: 'prado', doc: { title: 'Retrato de una dama Portrait of a lady', maker: 'Diego Velázquez' }, type: 'oil-paintings', materials: ['oil-paint'], country: 'ES', years: [1645, 1655] },
  { key: 'secret', organisation: 'prado', doc: { title: 'Bodegón secreto', body: 'hidden' }, type: 'oil-paintings' },
  { key: 'chalice', organisation: 'prado', doc: { title: 'Cáliz de plata Silver chalice' }, type: 'liturgical-objects', materials: ['silver'], country: 'ES', status: 'missing', reported: 1 },
];

const word = (text: string, prefix = false): SearchWord => ({ text, prefix });
const criteria = (fields: Partial<SearchCriteria>): SearchCriteria => ({ words: [], ranges: {}, alertsOnly: false, sort: 'relevance', limit: 20, offset: 0, ...fields });
const counts = (map: Map<string, number>) => Object.fromEntries([...map].filter(([, n]) => n > 0));

export function searchStoreContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`search store contract: ${name}`, () => {
    let handle: DatabaseHandle;
    let db: Db;
    const seqs = new Map<string, number>();
    const keyOf = new Map<number, string>();
    const who = {} as Record<'admin' | 'louvre' | 'prado' | 'investigator', Principal>;
    const search = (principal: Principal | null, fields: Partial<SearchCriteria>, limits: Partial<SearchLimits> = {}) =>
      createSearchStore(db, { ...DEFAULT_LIMITS, ...limits }).search(audienceOf(principal), criteria(fields));
    const keys = (result: StoreResult) => result.hits.map((hit) => keyOf.get(hit.seq));
    const sortedKeys = (result: StoreResult) => keys(result).sort();

    async function add(fixture: Fixture, organisations: Record<string, number>, at: number): Promise<void> {
      const now = new Date(Date.UTC(2024, 0, 1, 0, at)).toISOString();
      const { seq } = await db
        .insertInto('objects')
        .values({
          id: `id-${fixture.key}`,
          organisation_id: organisations[fixture.organisation]!,
          inventory_number: fixture.key,
          status: fixture.status ?? 'in-collection',
          title: fixture.doc.title ?? '',
          object_type: fixture.type ?? null,
          description: JSON.stringify({ key: fixture.key }),
          sensitive: '{}',
          earliest_year: fixture.years?.[0] ?? null,
          latest_year: fixture.years?.[1] ?? null,
          height_cm: fixture.heightCm ?? null,
          width_cm: null,
          depth_cm: null,
          diameter_cm: null,
          weight_kg: null,
          country: fixture.country ?? null,
          published: fixture.published ?? 0,
          reported: fixture.reported ?? 0,
          created_at: now,
          updated_at: now,
          created_by: null,
          updated_by: null,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      if (fixture.materials?.length) await db.insertInto('object_materials').values(fixture.materials.map((material) => ({ object_seq: seq, material }))).execute();
      await searchIndexOf(db).put(db, seq, { title: '', maker: '', classification: '', body: '', ...fixture.doc });
      seqs.set(fixture.key, seq);
      keyOf.set(seq, fixture.key);
    }

    beforeAll(async () => {
      handle = await open();
      db = handle.db;
      const organisations: Record<string, number> = {};
      for (const slug of ['secretariat', 'louvre', 'prado', 'interpol']) {
        const row = await db
          .insertInto('organisations')
          .values({ slug, name: slug, kind: slug === 'interpol' ? 'agency' : slug === 'secretariat' ? 'secretariat' : 'museum', created_at: new Date().toISOString() })
          .returning('id')
          .executeTakeFirstOrThrow();
        organisations[slug] = row.id;
      }
      const principal = (role: Principal['role'], slug: string): Principal => ({ userId: 1, displayName: slug, role, organisationId: organisations[slug]!, organisationSlug: slug, via: 'token' });
      who.admin = principal('admin', 'secretariat');
      who.louvre = principal('registrar', 'louvre');
      who.prado = principal('registrar', 'prado');
      who.investigator = principal('investigator', 'interpol');
      for (const [i, fixture] of FIXTURES.entries()) await add(fixture, organisations, i);
    });
    afterAll(() => handle.close());

    it('finds folded words, whole or as prefixes, all of them in one object', async () => {
      expect(keys(await search(who.admin, { words: [word('eveque')] }))).toEqual(['eveque']);
      expect(keys(await search(who.admin, { words: [word('velazquez')] }))).toEqual(['retrato']);
      expect(keys(await search(who.admin, { words: [word('porcelaine')] }))).toEqual(['vase']);
      expect(sortedKeys(await search(who.admin, { words: [word('portr', true)] }))).toEqual(['eveque', 'retrato']);
      expect((await search(who.admin, { words: [word('portr')] })).total).toBe(0);
      expect(keys(await search(who.admin, { words: [word('portrait'), word('mea', true)] }))).toEqual(['eveque']);
      expect((await search(who.admin, { words: [word('portrait'), word('chalice')] })).total).toBe(0);
      expect((await search(who.admin, { words: [word('zzyzzx', true)] })).total).toBe(0);
    });

    it('ranks title matches above maker matches above body matches', async () => {
      const result = await search(who.admin, { words: [word('landscape')] });
      expect(keys(result)).toEqual(['titled', 'maker', 'body']);
      expect(result).toMatchObject({ total: 3, totalExact: true });
      expect(result.rankedByColumn).toBeUndefined();
    });

    it('applies the visibility rule to hits, totals and facets', async () => {
      const all = await search(null, {});
      expect(keys(all)).toEqual(['eveque']);
      expect(all.total).toBe(1);
      expect(counts(all.facets.material)).toEqual({ 'oil-paint': 1, canvas: 1 });
      expect((await search(null, { words: [word('secret', true)] })).total).toBe(0);
      expect((await search(who.louvre, { words: [word('secreto')] })).total).toBe(0);
      expect(keys(await search(who.prado, { words: [word('secreto')] }))).toEqual(['secret']);
      expect(sortedKeys(await search(who.investigator, {}))).toEqual(['chalice', 'eveque']);
      expect(sortedKeys(await search(who.prado, { words: [word('portrait')] }))).toEqual(['eveque', 'retrato']);
      const louvre = await search(who.louvre, {});
      expect(louvre.total).toBe(5);
      expect(counts(louvre.facets.country)).toEqual({ FR: 2 });
    });

    it('counts facets over the results and filters on each', async () => {
      const all = await search(who.admin, {});
      expect(all).toMatchObject({ total: 8, totalExact: true });
      expect(counts(all.facets.status)).toEqual({ 'in-collection': 6, stolen: 1, missing: 1 });
      expect(counts(all.facets.type)).toEqual({ 'oil-paintings': 3, vases: 1, drawings: 3, 'liturgical-objects': 1 });
      expect(counts(all.facets.period)).toEqual({ '1600': 2, '1700': 2, '1800': 1 });
      const paintings = await search(who.admin, { words: [word('portrait')], types: ['oil-paintings'] });
      expect(counts(paintings.facets.country)).toEqual({ FR: 1, ES: 1 });
      expect(counts(paintings.facets.material)).toEqual({ 'oil-paint': 2, canvas: 1 });
      expect(sortedKeys(await search(who.admin, { materials: ['porcelain', 'silver'] }))).toEqual(['chalice', 'vase']);
      expect(sortedKeys(await search(who.admin, { statuses: ['stolen', 'missing'] }))).toEqual(['chalice', 'eveque']);
      expect(sortedKeys(await search(who.admin, { countries: ['ES'] }))).toEqual(['chalice', 'retrato']);
      expect(sortedKeys(await search(who.admin, { periods: [1700] }))).toEqual(['eveque', 'vase']);
      expect(sortedKeys(await search(who.admin, { ranges: { height_cm: { min: 30, max: 42 } } }))).toEqual(['eveque', 'titled']);
      expect(keys(await search(who.admin, { alertsOnly: true, types: ['oil-paintings'] }))).toEqual(['eveque']);
      expect(keys(await search(who.admin, { words: [word('landscape')], ranges: { height_cm: { min: 40 } } }))).toEqual(['titled']);
    });

    it('pages newest first', async () => {
      const first = await search(who.admin, { sort: 'newest', limit: 3 });
      expect(keys(first)).toEqual(['chalice', 'secret', 'retrato']);
      expect(keys(await search(who.admin, { sort: 'newest', limit: 3, offset: 6 }))).toEqual(['vase', 'eveque']);
      expect(keys(await search(who.admin, { words: [word('landscape')], sort: 'newest' }))).toEqual(['titled', 'body', 'maker']);
    });

    it('says when a search examined fewer matches than there are', async () => {
      const result = await search(who.admin, { words: [word('landscape')] }, { openExamine: 2, probeExamine: 2, homeExamine: 2, facetLimit: 1 });
      expect(result).toMatchObject({ totalExact: false, examined: 2, rankedByColumn: true, facetsOver: 1 });
      expect(result.total).toBeLessThanOrEqual(2);
      // Title and maker matches first, newest first within each.
      expect(keys(result)[0]).toBe('titled');
    });

    it('counts objects per index term, and checks words against what the caller sees', async () => {
      const store = createSearchStore(db, DEFAULT_LIMITS);
      expect(await store.termFrequencies(['portrait', 'landscape', 'nothing', 'dama'])).toEqual(new Map([['portrait', 2], ['landscape', 3], ['dama', 1]]));
      expect(await store.matchesVisible(audienceOf(who.prado), [word('secreto')])).toBe(true);
      expect(await store.matchesVisible(audienceOf(null), [word('secreto')])).toBe(false);
      expect(await store.matchesVisible(audienceOf(null), [word('eveque'), word('meaux')])).toBe(true);
    });

    it('suggests visible objects whose title or maker matches, newest first', async () => {
      const store = createSearchStore(db, DEFAULT_LIMITS);
      const suggested = async (principal: Principal | null, words: SearchWord[]) =>
        (await store.suggest(audienceOf(principal), words, 10)).map((row) => (JSON.parse(row.description) as { key: string }).key);
      expect(await suggested(who.admin, [word('land', true)])).toEqual(['titled', 'maker']);
      expect(await suggested(null, [word('portr', true)])).toEqual(['eveque']);
      expect(await suggested(who.louvre, [word('secr', true)])).toEqual([]);
    });

    it('follows changes: a new text, a publication, a removal, the maintenance after an import', async () => {
      const store = createSearchStore(db, DEFAULT_LIMITS);
      const seq = seqs.get('secret')!;
      await searchIndexOf(db).put(db, seq, { title: 'Still life with lemons', maker: '', classification: '', body: '' });
      expect((await store.termFrequencies(['secreto', 'lemons'])).get('lemons')).toBe(1);
      expect((await store.termFrequencies(['secreto'])).has('secreto')).toBe(false);
      await db.updateTable('objects').set({ published: 1 }).where('seq', '=', seq).execute();
      expect(keys(await search(null, { words: [word('lemons')] }))).toEqual(['secret']);
      expect(counts((await search(null, {})).facets.type)).toEqual({ 'oil-paintings': 2 });
      await db.deleteFrom('objects').where('seq', '=', seq).execute();
      expect((await search(null, { words: [word('lemons')] })).total).toBe(0);
      expect((await search(who.admin, {})).total).toBe(7);
      await searchIndexOf(db).optimize(db);
      expect(sortedKeys(await search(who.admin, { words: [word('portrait')] }))).toEqual(['eveque', 'retrato']);
    });
  });
}
