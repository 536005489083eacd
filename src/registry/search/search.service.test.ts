import { sql } from 'kysely';
import { FACET_ROWS_SQL } from '../../db/search-store.js';
import { emptyDescription } from '../object-record.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectDescription } from '../object-record.js';
import type { ObjectService } from '../object.service.js';
import { toTerm, typePath } from '../vocabulary.js';
import { findTerm } from '../vocabulary.js';
import { centuryLabel, editsOf, queryWords, withTolerance, type SearchService } from './search.service.js';
import type { SearchQuery, SearchResult } from './search.types.js';

/** Medium tests of search on a real database: words, facets, ranges, visibility, ranking, paging. */
let t: TestApp;
let search: SearchService;
let objects: ObjectService;
const who = {} as Record<'admin' | 'louvre' | 'prado' | 'investigator', Principal>;
const ids = {} as Record<string, string>;

function describe_(inventoryNumber: string, fields: Partial<ObjectDescription> & { type?: string; materialKeys?: string[] }): ObjectDescription {
  const { type, materialKeys, ...rest } = fields;
  return {
    ...emptyDescription(inventoryNumber),
    objectType: type ? typePath(type).map(toTerm) : [],
    materials: (materialKeys ?? []).map((key) => toTerm(findTerm('material', key)!)),
    ...rest,
  };
}

async function create(actor: Principal, key: string, description: ObjectDescription): Promise<string> {
  const view = await objects.create(actor, { description, sensitive: { storageLocation: `Store ${key}` } });
  ids[key] = view.id;
  return view.id;
}

const query = (q: Partial<SearchQuery>): SearchQuery => ({ limit: 20, offset: 0, ...q });
const run = (principal: Principal | null, q: Partial<SearchQuery>, lang: 'fr' | 'en' | 'es' = 'en') => search.search(principal, query(q), lang);
const inventory = (result: SearchResult) => result.items.map((item) => item.inventoryNumber).sort();
const facet = (result: SearchResult, name: keyof SearchResult['facets']) => Object.fromEntries(result.facets[name].map((value) => [value.value, value.count]));

async function principal(role: 'admin' | 'registrar' | 'investigator', org: string): Promise<Principal> {
  const found = await t.context.accounts.principalFromApiToken(await t.token(role, org));
  if (!found) throw new Error('no principal');
  return found;
}

beforeAll(async () => {
  t = await createTestApp();
  objects = t.context.objects;
  search = t.context.search;
  await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await t.context.organisations.ensure('prado', 'Museo del Prado', 'museum');
  who.admin = await principal('admin', 'secretariat');
  who.louvre = await principal('registrar', 'louvre');
  who.prado = await principal('registrar', 'prado');
  who.investigator = await principal('investigator', 'interpol');

  // Louvre
  await create(who.louvre, 'eveque', describe_('L-1', {
    title: { fr: 'Portrait de l’Évêque de Meaux', en: 'Portrait of the Bishop of Meaux' },
    type: 'oil-paintings',
    materialKeys: ['oil-paint', 'canvas'],
    makers: [{ name: 'Hyacinthe Rigaud' }],
    dating: { display: 'vers 1700', earliest: 1695, latest: 1705 },
    measurements: [{ dimension: 'height', value: 350, unit: 'mm' }, { dimension: 'width', value: 280, unit: 'mm' }],
    places: [{ name: 'Paris', country: 'FR' }],
  }));
  await create(who.louvre, 'vase', describe_('L-2', {
    title: { fr: 'Vase à décor de fleurs' },
    type: 'vases',
    materialKeys: ['porcelain'],
    dating: { display: '1790–1810', earliest: 1790, latest: 1810 },
    measurements: [{ dimension: 'height', value: 28.5, unit: 'cm' }, { dimension: 'weight', value: 2.5, unit: 'kg' }],
    places: [{ name: 'Sèvres', country: 'FR' }],
    description: { fr: 'Porcelaine tendre, marque au revers.' },
  }));
  await create(who.louvre, 'tall', describe_('L-3', {
    title: { en: 'Tall bronze figure' },
    type: 'statues',
    materialKeys: ['bronze'],
    measurements: [{ dimension: 'height', value: 42, unit: 'cm' }],
    dating: { display: '5th century BCE', earliest: -480, latest: -420 },
    places: [{ name: 'Athens', country: 'GR' }],
  }));
  await create(who.louvre, 'short', describe_('L-4', { title: { en: 'Small bronze figure' }, type: 'statues', materialKeys: ['bronze'], measurements: [{ dimension: 'height', value: 28.4, unit: 'cm' }] }));
  await create(who.louvre, 'taller', describe_('L-5', { title: { en: 'Bronze figure on a base' }, type: 'statues', materialKeys: ['bronze'], measurements: [{ dimension: 'height', value: 42.1, unit: 'cm' }] }));
  // A body-only match for "landscape", and a title match.
  await create(who.louvre, 'body', describe_('L-6', { title: { en: 'Study of trees' }, description: { en: 'A preparatory drawing for a landscape painting.' }, type: 'drawings' }));
  await create(who.louvre, 'titled', describe_('L-7', { title: { en: 'Landscape with a river' }, type: 'drawings' }));

  // Prado
  await create(who.prado, 'retrato', describe_('P-1', {
    title: { es: 'Retrato de una dama', en: 'Portrait of a lady' },
    type: 'oil-paintings',
    materialKeys: ['oil-paint', 'canvas'],
    makers: [{ name: 'Diego Velázquez' }],
    dating: { display: 'c. 1650', earliest: 1645, latest: 1655 },
    places: [{ name: 'Madrid', country: 'ES' }],
  }));
  await create(who.prado, 'secret', describe_('P-2', { title: { es: 'Bodegón secreto', en: 'Secret still life' }, type: 'oil-paintings', materialKeys: ['oil-paint'] }));
  await create(who.prado, 'reported', describe_('P-3', { title: { es: 'Cáliz de plata', en: 'Silver chalice' }, type: 'liturgical-objects', materialKeys: ['silver'], places: [{ name: 'Toledo', country: 'ES' }] }));

  // The Louvre's bishop is stolen and published; the Prado's chalice is reported missing, not published.
  await objects.reportIncident(who.louvre, ids.eveque!, { method: 'theft', reporter: 'Registrar', publish: true });
  await objects.reportIncident(who.prado, ids.reported!, { method: 'loss', reporter: 'Registrar', publish: false });
});
afterAll(() => t.close());

describe('words', () => {
  it('ignores accents and case, in every language of the records', async () => {
    for (const q of ['eveque', 'ÉVÊQUE', 'évêque', 'Eveque meaux']) expect(inventory(await run(who.admin, { q }))).toEqual(['L-1']);
    expect(inventory(await run(who.admin, { q: 'porcelaine' }))).toEqual(['L-2']);
    expect(inventory(await run(who.admin, { q: 'velazquez' }))).toEqual(['P-1']);
  });

  it('reads the last word as the beginning of a word', async () => {
    expect(inventory(await run(who.admin, { q: 'portr' }))).toEqual(['L-1', 'P-1']);
    expect(inventory(await run(who.admin, { q: 'bishop mea' }))).toEqual(['L-1']);
    expect(inventory(await run(who.admin, { q: 'bo' }))).toEqual(['P-2']);
  });

  it('corrects a word one typo away from a registry word, and says so', async () => {
    const result = await run(who.admin, { q: 'portrat' });
    expect(inventory(result)).toEqual(['L-1', 'P-1']);
    expect(result.corrections).toEqual([['portrat', 'portrait']]);
    expect((await run(who.admin, { q: 'vleazquez' })).corrections).toEqual([['vleazquez', 'velazquez']]);
    const nothing = await run(who.admin, { q: 'zzyzzx' });
    expect(nothing).toMatchObject({ total: 0, items: [], corrections: [] });
  });

  it('finds French and Spanish records, and gives titles in the asked language', async () => {
    const es = await run(who.admin, { q: 'retrato' }, 'es');
    expect(es.items.map((item) => item.title)).toEqual(['Retrato de una dama']);
    const en = await run(who.admin, { q: 'retrato' }, 'en');
    expect(en.items.map((item) => item.title)).toEqual(['Portrait of a lady']);
    expect(inventory(await run(who.admin, { q: 'fleurs' }, 'fr'))).toEqual(['L-2']);
    // "dame" is no registry word; "dama" is one edit away.
    const dame = await run(who.admin, { q: 'dame' });
    expect(inventory(dame)).toEqual(['P-1']);
    expect(dame.corrections).toEqual([['dame', 'dama']]);
  });

  it('drops stop words when other words remain', async () => {
    expect(inventory(await run(who.admin, { q: 'portrait of a lady' }))).toEqual(['P-1']);
    // Nothing but stop words: they are searched for.
    expect(inventory(await run(who.admin, { q: 'the of' }))).toEqual(['L-1']);
  });

  it('ranks a title match above a description match', async () => {
    const result = await run(who.admin, { q: 'landscape' });
    expect(result.items.map((item) => item.inventoryNumber)).toEqual(['L-7', 'L-6']);
  });
});

describe('facets and filters', () => {
  it('counts types, materials, statuses, countries and centuries over the results, with labels in the asked language', async () => {
    const result = await run(who.admin, { q: 'bronze' }, 'fr');
    expect(result.total).toBe(3);
    expect(result.facets.type).toEqual([{ value: 'statues', label: 'statues', count: 3 }]);
    expect(result.facets.material).toEqual([{ value: 'bronze', label: 'bronze', count: 3 }]);
    expect(facet(result, 'country')).toEqual({ GR: 1 });
    expect(result.facets.country[0]?.label).toBe('Grèce');
    expect(result.facets.period).toEqual([{ value: '-500', label: 'Ve siècle av. J.-C.', count: 1 }]);

    const all = await run(who.admin, {}, 'es');
    expect(all.total).toBe(10);
    expect(facet(all, 'status')).toEqual({ 'in-collection': 8, stolen: 1, missing: 1 });
    expect(all.facets.status.find((value) => value.value === 'stolen')?.label).toBe('Robado');
    expect(facet(all, 'material')).toMatchObject({ 'oil-paint': 3, canvas: 2, bronze: 3, porcelain: 1, silver: 1 });
    expect(all.facets.material.find((value) => value.value === 'oil-paint')?.label).toBe('óleo');
    expect(facet(all, 'type')).toMatchObject({ 'oil-paintings': 3, statues: 3, drawings: 2, vases: 1, 'liturgical-objects': 1 });
    expect(facet(all, 'country')).toEqual({ FR: 2, ES: 2, GR: 1 });
  });

  it('filters on each facet; a broader type takes in the narrower ones', async () => {
    expect(inventory(await run(who.admin, { type: ['paintings'] }))).toEqual(['L-1', 'P-1', 'P-2']);
    expect(inventory(await run(who.admin, { type: ['sculpture'], material: ['bronze'] }))).toEqual(['L-3', 'L-4', 'L-5']);
    expect(inventory(await run(who.admin, { material: ['porcelain', 'silver'] }))).toEqual(['L-2', 'P-3']);
    expect(inventory(await run(who.admin, { status: ['stolen', 'missing'] }))).toEqual(['L-1', 'P-3']);
    expect(inventory(await run(who.admin, { country: ['es'] }))).toEqual(['P-1', 'P-3']);
    expect(inventory(await run(who.admin, { q: 'portrait', country: ['FR'] }))).toEqual(['L-1']);
    const filtered = await run(who.admin, { type: ['paintings'], country: ['ES'] });
    expect(filtered.total).toBe(1);
    expect(facet(filtered, 'type')).toEqual({ 'oil-paintings': 1 });
  });

  it('matches a century when the dating overlaps it, before the common era too', async () => {
    expect(inventory(await run(who.admin, { period: ['1700'] }))).toEqual(['L-1', 'L-2']);
    expect(inventory(await run(who.admin, { period: ['1800'] }))).toEqual(['L-2']);
    expect(inventory(await run(who.admin, { period: ['1600', '1800'] }))).toEqual(['L-1', 'L-2', 'P-1']);
    expect(inventory(await run(who.admin, { period: ['-500'] }))).toEqual(['L-3']);
    const counts = facet(await run(who.admin, { q: 'vase' }), 'period');
    expect(counts).toEqual({ '1700': 1, '1800': 1 });
    expect(centuryLabel(1800, 'en')).toBe('19th century');
    expect(centuryLabel(0, 'fr')).toBe('Ier siècle');
    expect(centuryLabel(-100, 'es')).toBe('siglo I a. C.');
  });

  it('widens measurement ranges by the tolerance: 30–40 cm at 5 % is 28.5–42 cm', async () => {
    expect(withTolerance({ min: 30, max: 40 }, 0.05)).toEqual({ min: 28.5, max: 42 });
    expect(inventory(await run(who.admin, { height: { min: 30, max: 40 }, tolerance: 0.05 }))).toEqual(['L-1', 'L-2', 'L-3']);
    expect(inventory(await run(who.admin, { height: { min: 30, max: 40 } }))).toEqual(['L-1']);
    expect(inventory(await run(who.admin, { height: { min: 42 } }))).toEqual(['L-3', 'L-5']);
    expect(inventory(await run(who.admin, { height: { max: 28.4 } }))).toEqual(['L-4']);
    expect(inventory(await run(who.admin, { weight: { min: 2, max: 3 } }))).toEqual(['L-2']);
    expect(inventory(await run(who.admin, { width: { max: 30 }, q: 'portrait' }))).toEqual(['L-1']);
  });
});

describe('visibility', () => {
  it('shows the public only the published alert list: results, counts, facets and suggestions', async () => {
    const all = await run(null, {});
    expect(inventory(all)).toEqual(['L-1']);
    expect(all.total).toBe(1);
    expect(facet(all, 'status')).toEqual({ stolen: 1 });
    expect(facet(all, 'material')).toEqual({ 'oil-paint': 1, canvas: 1 });
    expect(facet(all, 'country')).toEqual({ FR: 1 });
    const portrait = await run(null, { q: 'portrait' });
    expect(inventory(portrait)).toEqual(['L-1']);
    expect(facet(portrait, 'type')).toEqual({ 'oil-paintings': 1 });
    expect((await run(null, { q: 'secret' })).total).toBe(0);
    expect((await run(null, { type: ['oil-paintings'] })).total).toBe(1);
    expect((await run(null, { material: ['silver'] })).total).toBe(0);
    expect(await search.suggest(null, 'se', 'en')).toEqual([]);
    expect((await search.suggest(null, 'portr', 'en')).map((s) => s.text)).toEqual(['Portrait of the Bishop of Meaux']);
  });

  it('never lets a correction reveal a word found only in hidden objects', async () => {
    // "secrets" is one edit from "secret", a word of a Prado object the public cannot see.
    const result = await run(null, { q: 'secrets' });
    expect(result).toMatchObject({ total: 0, corrections: [] });
    expect((await run(who.prado, { q: 'secrets' })).corrections).toEqual([['secrets', 'secret']]);
  });

  it('shows a registrar their organisation’s objects and the alert list, never another organisation’s', async () => {
    const louvre = await run(who.louvre, {});
    expect(louvre.total).toBe(7);
    expect(inventory(louvre)).not.toContain('P-2');
    const prado = await run(who.prado, { q: 'portrait' });
    expect(inventory(prado)).toEqual(['L-1', 'P-1']);
    expect((await run(who.louvre, { q: 'secret' })).total).toBe(0);
    expect(facet(await run(who.louvre, {}), 'country')).toEqual({ FR: 2, GR: 1 });
    expect((await search.suggest(who.louvre, 'secr', 'en')).length).toBe(0);
    expect((await search.suggest(who.prado, 'secr', 'en')).map((s) => s.text)).toEqual(['Secret still life']);
  });

  it('shows investigators every reported object, published or not', async () => {
    const result = await run(who.investigator, {});
    expect(inventory(result)).toEqual(['L-1', 'P-3']);
    expect(facet(result, 'status')).toEqual({ stolen: 1, missing: 1 });
    expect(inventory(await run(who.investigator, { q: 'chalice' }))).toEqual(['P-3']);
    expect((await run(who.investigator, { q: 'secret' })).total).toBe(0);
  });

  it('lists the same alerts, newest first, for every caller', async () => {
    const forPublic = await search.alerts(20, 0, 'fr');
    expect(forPublic.items.map((item) => item.inventoryNumber)).toEqual(['L-1']);
    expect(forPublic.items[0]).toMatchObject({ onAlertList: true, status: 'stolen', title: 'Portrait de l’Évêque de Meaux', makers: ['Hyacinthe Rigaud'], dating: 'vers 1700' });
    expect(JSON.stringify(forPublic)).not.toContain('Store');
  });
});

describe('pages and counts', () => {
  it('pages through many results with the right total', async () => {
    const items = Array.from({ length: 45 }, (_, i) => ({
      description: describe_(`B-${String(i).padStart(2, '0')}`, { title: { en: `Batch print number ${i}` }, type: 'prints', materialKeys: ['paper'] }),
    }));
    const louvre = (await t.context.organisations.findBySlug('louvre'))!;
    await objects.upsertMany(who.louvre, louvre.id, items, 'test');
    const seen = new Set<string>();
    for (const offset of [0, 20, 40]) {
      const page = await run(who.louvre, { q: 'batch', limit: 20, offset });
      expect(page.total).toBe(45);
      expect(page.items.length).toBe(offset === 40 ? 5 : 20);
      for (const item of page.items) seen.add(item.inventoryNumber ?? '');
    }
    expect(seen.size).toBe(45);
    const filtered = await run(who.louvre, { type: ['prints'], limit: 10, offset: 40 });
    expect(filtered).toMatchObject({ total: 45 });
    expect(filtered.items.length).toBe(5);
    expect(filtered.approximate).toBeUndefined();
    expect((await run(null, { q: 'batch' })).total).toBe(0);
  });

  it('keeps the maintained counts equal to a recount after edits, status changes and material changes', async () => {
    const id = await create(who.louvre, 'edited', describe_('L-9', { title: { en: 'Edited ewer' }, type: 'jars', materialKeys: ['silver'], places: [{ name: 'Lyon', country: 'FR' }] }));
    const view = await objects.get(who.louvre, id);
    await objects.update(who.louvre, id, { description: { materials: [toTerm(findTerm('material', 'gold')!)], places: [{ name: 'Roma', country: 'IT' }], dating: { display: '1500', earliest: 1500 } } }, view.version);
    await objects.reportIncident(who.louvre, id, { method: 'theft', reporter: 'R', publish: true });
    await objects.changeStatus(who.louvre, id, 'recovered', 'found by the police');
    const stored = await sql<{ k: string; n: number }>`
      select facet || '|' || value || '|' || organisation_id || '|' || published || '|' || reported as k, n from object_facet_counts where n <> 0`.execute(t.context.db);
    const recount = await sql<{ k: string; n: number }>`
      select facet || '|' || value || '|' || organisation_id || '|' || published || '|' || reported as k, count(*) as n
      from (${sql.raw(FACET_ROWS_SQL)}) facet_rows group by 1`.execute(t.context.db);
    const asMap = (rows: Array<{ k: string; n: number }>) => new Map(rows.map((row) => [row.k, row.n]));
    expect(asMap(stored.rows)).toEqual(asMap(recount.rows));
    expect(inventory(await run(who.admin, { q: 'ewer', material: ['gold'], country: ['IT'], period: ['1500'] }))).toEqual(['L-9']);
    expect(inventory(await run(who.admin, { q: 'ewer', material: ['silver'] }))).toEqual([]);
  });

  it('says when it took shortcuts on a query matching more than it examines', async () => {
    const small = t.context.searchWithLimits({ openExamine: 10, probeExamine: 10, homeExamine: 10, facetLimit: 5, bm25WordLimit: 10, filterKeep: 10, filterScan: 20, driveLimit: 5, scopeScanLimit: 5 });
    const words = await small.search(who.admin, query({ q: 'batch' }), 'en');
    expect(words.approximate).toMatchObject({ totalIsLowerBound: true, examined: 10, rankedByColumn: true });
    expect(words.total).toBeLessThanOrEqual(10);
    const filtered = await small.search(who.admin, query({ type: ['prints'] }), 'en');
    expect(filtered.total).toBe(45); // read from the maintained counts: exact
    expect(filtered.approximate).toMatchObject({ totalIsLowerBound: false, facetsOver: 5 });
    expect((await small.search(who.admin, query({}), 'en')).approximate).toBeUndefined();
  });
});

describe('query words', () => {
  it('folds and splits like the index', () => {
    expect(queryWords('Œuvre d’ÉVÊQUE, 1650!')).toEqual(['oeuvre', 'd', 'eveque', '1650']);
  });

  it('generates the words one edit away', () => {
    const edits = editsOf('portrat');
    expect(edits.has('portrait')).toBe(true);
    expect(edits.has('portart')).toBe(true);
    expect(edits.has('portra')).toBe(true);
    expect(edits.has('portrat')).toBe(false);
  });
});
