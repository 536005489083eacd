import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryTokens, type RegistryTokens } from '../../test-support/registry.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { emptyDescription } from '../object-record.js';
import type { SearchResult } from './search.types.js';

/** Medium tests of the search API: parameters, visibility through tokens, the alert list. */
let t: TestApp;
let tokens: RegistryTokens;

const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  t.app.request(path, { headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });

async function create(token: string, description: Record<string, unknown>): Promise<string> {
  const response = await t.app.request('/api/v1/objects', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ description: { ...emptyDescription(), ...description }, sensitive: { storageLocation: 'Vault 7' } }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  t = await createTestApp();
  tokens = await registryTokens(t);
  const bishop = await create(tokens.louvre, {
    inventoryNumber: 'L-1',
    title: { fr: 'Portrait de l’Évêque', en: 'Portrait of the Bishop' },
    objectType: [{ label: { en: 'paintings' } }, { label: { en: 'oil paintings' } }],
    materials: [{ label: { en: 'oil paint' } }],
    measurements: [{ dimension: 'height', value: 285, unit: 'mm' }],
    dating: { display: '1750', earliest: 1750, latest: 1750 },
    places: [{ name: 'Paris', country: 'FR' }],
  });
  await create(tokens.louvre, { inventoryNumber: 'L-2', title: { en: 'Portrait of a child' }, objectType: [{ label: { en: 'drawings' } }] });
  await create(tokens.prado, { inventoryNumber: 'P-1', title: { es: 'Retrato de un niño' }, objectType: [{ label: { en: 'oil paintings' } }] });
  const response = await t.app.request(`/api/v1/objects/${bishop}/incidents`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokens.louvre}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ method: 'theft', reporter: 'The registrar', publish: true }),
  });
  expect(response.status).toBe(201);
});
afterAll(() => t.close());

describe('GET /api/v1/search', () => {
  it('searches with repeated filters, ranges with tolerance and a language', async () => {
    const response = await get('/api/v1/search?q=eveque&type=paintings&type=sculpture&height=30-40&tolerance=5%25&country=fr&period=1700&lang=fr', tokens.admin);
    expect(response.status).toBe(200);
    const body = (await response.json()) as SearchResult;
    expect(body.total).toBe(1);
    expect(body.items[0]).toMatchObject({ inventoryNumber: 'L-1', title: 'Portrait de l’Évêque', status: 'stolen', onAlertList: true, objectType: 'oil-paintings', organisation: { slug: 'louvre' } });
    expect(body.facets.type).toEqual([{ value: 'oil-paintings', label: "peintures à l'huile", count: 1 }]);
    expect(body.facets.period).toEqual([{ value: '1700', label: 'XVIIIe siècle', count: 1 }]);
    expect(JSON.stringify(body)).not.toContain('Vault 7');
    // Without the tolerance, 28.5 cm is out of 30–40.
    expect(((await (await get('/api/v1/search?q=eveque&height=30-40', tokens.admin)).json()) as SearchResult).total).toBe(0);
    expect(((await (await get('/api/v1/search?height=-28.5&tolerance=0', tokens.admin)).json()) as SearchResult).total).toBe(1);
  });

  it('limits every caller to what they may see', async () => {
    const titles = async (token?: string) => ((await (await get('/api/v1/search?q=portrait&sort=newest', token)).json()) as SearchResult).items.map((item) => item.inventoryNumber).sort();
    expect(await titles()).toEqual(['L-1']);
    expect(await titles(tokens.louvre)).toEqual(['L-1', 'L-2']);
    expect(await titles(tokens.prado)).toEqual(['L-1']);
    expect(((await (await get('/api/v1/search?q=retrato', tokens.prado)).json()) as SearchResult).total).toBe(1);
    expect(((await (await get('/api/v1/search?q=retrato', tokens.louvre)).json()) as SearchResult).total).toBe(0);
  });

  it('corrects a typo and reports it', async () => {
    const body = (await (await get('/api/v1/search?q=portrat', tokens.louvre)).json()) as SearchResult;
    expect(body.corrections).toEqual([['portrat', 'portrait']]);
    expect(body.total).toBe(2);
  });

  it('names invalid parameters in a 400 problem', async () => {
    for (const query of ['height=40-30', 'height=abc', 'width=-', 'status=lost', 'period=1850', 'limit=1000', 'tolerance=lots', 'country=FRA']) {
      const response = await get(`/api/v1/search?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    }
  });

  it('takes the language from Accept-Language when none is given', async () => {
    const body = (await (await get('/api/v1/search?q=eveque', undefined, { 'Accept-Language': 'es' })).json()) as SearchResult;
    expect(body.facets.status).toEqual([{ value: 'stolen', label: 'Robado', count: 1 }]);
  });
});

describe('GET /api/v1/search/suggest', () => {
  it('suggests titles and makers of visible objects only', async () => {
    const items = async (q: string, token?: string) => ((await (await get(`/api/v1/search/suggest?q=${encodeURIComponent(q)}`, token)).json()) as { items: Array<{ text: string }> }).items.map((item) => item.text);
    expect(await items('portr')).toEqual(['Portrait of the Bishop']);
    expect((await items('portr', tokens.louvre)).sort()).toEqual(['Portrait of a child', 'Portrait of the Bishop']);
    expect(await items('retr', tokens.louvre)).toEqual([]);
    expect(await items('retr', tokens.prado)).toEqual(['Retrato de un niño']);
    expect(await items('')).toEqual([]);
  });
});

describe('GET /api/v1/alerts', () => {
  it('lists the published alerts, the same for every caller', async () => {
    const list = async (token?: string) => (await (await get('/api/v1/alerts?lang=en', token)).json()) as { total: number; items: Array<{ inventoryNumber: string }> };
    const forPublic = await list();
    expect(forPublic.total).toBe(1);
    expect(forPublic.items.map((item) => item.inventoryNumber)).toEqual(['L-1']);
    expect(await list(tokens.admin)).toEqual(forPublic);
    expect(await list(tokens.prado)).toEqual(forPublic);
  });
});

describe('OpenAPI', () => {
  it('documents the search routes and their parameters', async () => {
    const doc = (await (await get('/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/search', '/search/suggest', '/alerts']));
    const names = doc.paths['/search']?.get?.parameters?.map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['q', 'type', 'material', 'status', 'country', 'period', 'height', 'width', 'depth', 'weight', 'tolerance', 'sort', 'limit', 'offset', 'lang']));
  });
});
