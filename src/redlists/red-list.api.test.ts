import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import { jpeg } from '../test-support/photo-images.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { andesList, levantList, publishLists } from './red-list-public.test-support.js';

const BASE = '/api/v1';
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await publishLists(t, [levantList({ edition: { number: 1, year: 2024 } }), levantList(), andesList()]);
});
afterAll(() => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(`${BASE}${path}`, { headers });
async function json<T = Record<string, unknown>>(path: string, headers: Record<string, string> = {}): Promise<T> {
  const response = await get(path, headers);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}
async function problem(path: string, status: number): Promise<Problem> {
  const response = await get(path);
  expect(response.status, path).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  return (await response.json()) as Problem;
}

describe('Red List read API', () => {
  it('lists the latest edition of every published list', async () => {
    const { items } = await json<{ items: Array<Record<string, unknown>> }>('/red-lists');
    expect(items.map((item) => [item.slug, item.edition, item.editions, item.demonstration, item.categoryCount])).toEqual(
      expect.arrayContaining([
        ['levant-demo', 2, [2, 1], true, 5],
        ['andes', 1, [1], false, 2],
      ]),
    );
    expect(items).toHaveLength(2);
    const { items: inPeru } = await json<{ items: Array<{ slug: string }> }>('/red-lists?country=pe');
    expect(inPeru.map((item) => item.slug)).toEqual(['andes']);
    expect((await problem('/red-lists?country=Peru', 400)).errors?.map((issue) => issue.field)).toEqual(['country']);
  });

  it('gives a list’s latest document, or an earlier edition', async () => {
    const latest = await json<{ edition: number; latest: boolean; document: { edition: { year: number } } }>('/red-lists/levant-demo');
    expect([latest.edition, latest.latest, latest.document.edition.year]).toEqual([2, true, 2025]);
    const first = await json<{ edition: number; latest: boolean }>('/red-lists/levant-demo?edition=1');
    expect([first.edition, first.latest]).toEqual([1, false]);
  });

  it('answers 404 for an unknown list, edition or category, and 400 naming a bad edition', async () => {
    await problem('/red-lists/nowhere', 404);
    await problem('/red-lists/levant-demo?edition=9', 404);
    await problem('/red-lists/levant-demo/categories/nothing', 404);
    expect((await problem('/red-lists/levant-demo?edition=two', 400)).errors?.map((issue) => issue.field)).toEqual(['edition']);
  });

  it('gives a category with its broader and narrower categories and its images', async () => {
    const body = await json<{ category: { id: string }; ancestors: Array<{ id: string }>; children: unknown[]; exampleImages: Array<Record<string, string>>; list: { edition: number } }>(
      '/red-lists/levant-demo/categories/painted-bowls',
    );
    expect(body.category.id).toBe('painted-bowls');
    expect(body.ancestors.map((ancestor) => ancestor.id)).toEqual(['ceramics']);
    expect(body.children).toEqual([]);
    expect(body.exampleImages[0]).toEqual({
      original: '/media/red-lists/levant-demo/2/original/bowl-1.jpg',
      display: '/media/red-lists/levant-demo/2/display/bowl-1.jpg',
      thumbnail: '/media/red-lists/levant-demo/2/thumbnail/bowl-1.jpg',
    });
    const parent = await json<{ children: Array<{ id: string }> }>('/red-lists/levant-demo/categories/ceramics');
    expect(parent.children.map((child) => child.id)).toEqual(['painted-bowls', 'oil-lamps']);
  });
});

describe('Red List search API', () => {
  it('finds categories across lists, typos forgiven, with the fields matched', async () => {
    const body = await json<{ total: number; corrections: unknown[]; items: Array<{ list: { slug: string }; category: { id: string }; matched: string[] }> }>(
      `/red-lists/search?q=${encodeURIComponent('statuetes')}`,
    );
    expect(body.total).toBe(1);
    expect(body.corrections).toEqual([{ from: 'statuetes', to: 'statuettes' }]);
    expect(body.items[0]).toMatchObject({ list: { slug: 'levant-demo' }, category: { id: 'bronze-statuettes' }, matched: ['name'] });
  });

  it('filters by country, material and period', async () => {
    const ids = async (query: string) => (await json<{ items: Array<{ category: { id: string } }> }>(`/red-lists/search?${query}`)).items.map((item) => item.category.id);
    expect(await ids('country=pe')).toEqual(['textiles', 'ceramica-mochica']);
    expect(await ids('material=bronze')).toEqual(['metalwork', 'bronze-statuettes']);
    expect(await ids('q=ceramic&from=-600&to=-500')).toEqual(['ceramics']);
  });

  it('refuses bad parameters with 400 naming each, and a period whose start is after its end', async () => {
    expect((await problem('/red-lists/search?country=France', 400)).errors?.map((issue) => issue.field)).toEqual(['country']);
    expect((await problem('/red-lists/search?from=soon', 400)).errors?.map((issue) => issue.field)).toEqual(['from']);
    expect((await problem('/red-lists/search?limit=5000', 400)).errors?.map((issue) => issue.field)).toEqual(['limit']);
    const reversed = await problem('/red-lists/search?from=100&to=-100', 400);
    expect(reversed.errors).toEqual([{ field: 'from', message: 'must not be after to' }]);
  });
});

describe('Red List categories as JSON-LD', () => {
  type JsonLd = Record<string, unknown> & { '@context': unknown[] };

  it('is served at .jsonld and by Accept, Linked Art shaped, with the AAT concepts, names per language, period and examples', async () => {
    const response = await get('/red-lists/levant-demo/categories/painted-bowls.jsonld');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"');
    const document = (await response.json()) as JsonLd;
    expect(document['@context'][0]).toBe('https://linked.art/ns/v1/linked-art.json');
    expect(document).toMatchObject({
      id: 'http://localhost/api/v1/red-lists/levant-demo/categories/painted-bowls',
      type: 'Type',
      _label: 'Painted bowls',
      broader: [{ id: 'http://localhost/api/v1/red-lists/levant-demo/categories/ceramics', type: 'Type' }],
      'skos:broadMatch': [{ id: 'http://vocab.getty.edu/aat/300152126', type: 'Type', _label: 'bowls (vessels)' }],
      timespan: { type: 'TimeSpan', begin_of_the_begin: '-0799-01-01T00:00:00Z', end_of_the_end: '-0299-12-31T23:59:59Z' },
    });
    expect(document['skos:prefLabel']).toEqual([
      { '@value': 'Bols peints', '@language': 'fr' },
      { '@value': 'Painted bowls', '@language': 'en' },
      { '@value': 'أوعية مرسومة', '@language': 'ar' },
    ]);
    const names = document.identified_by as Array<{ content: string; language: Array<{ id: string }> }>;
    expect(names.map((name) => [name.content, name.language[0]?.id])).toContainEqual(['Bols peints', 'http://vocab.getty.edu/aat/300388306']);
    const [example] = document.representation as Array<{ type: string; digitally_shown_by: Array<{ access_point: Array<{ id: string }> }>; referred_to_by: Array<{ content: string }> }>;
    expect(example?.type).toBe('VisualItem');
    expect(example?.digitally_shown_by[0]?.access_point[0]?.id).toBe('http://localhost/media/red-lists/levant-demo/2/display/bowl-1.jpg');
    expect(example?.referred_to_by.map((statement) => statement.content)).toEqual(expect.arrayContaining(['National Museum of Korea', 'KOGL Type 1']));
    // Every id is an absolute IRI: what a JSON-LD processor needs to link the nodes.
    for (const id of JSON.stringify(document).matchAll(/"id":"([^"]*)"/g)) expect(id[1]).toMatch(/^https?:\/\//);

    const negotiated = await get('/red-lists/levant-demo/categories/painted-bowls', { Accept: 'application/ld+json' });
    expect(negotiated.headers.get('Content-Type')).toMatch(/^application\/ld\+json/);
    expect(negotiated.headers.get('Vary')).toBe('Accept');
    expect(await negotiated.json()).toEqual(document);
    const plain = await get('/red-lists/levant-demo/categories/painted-bowls', { Accept: 'application/json' });
    expect(plain.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(plain.headers.get('Vary')).toContain('Accept');
  });

  it('answers 404 for an unknown category and 400 for a bad edition', async () => {
    await problem('/red-lists/levant-demo/categories/nothing.jsonld', 404);
    await problem('/red-lists/levant-demo/categories/ceramics.jsonld?edition=x', 400);
    const first = (await (await get('/red-lists/levant-demo/categories/ceramics.jsonld?edition=1')).json()) as { member_of: Array<{ id: string }> };
    expect(first.member_of[0]?.id).toBe('http://localhost/api/v1/red-lists/levant-demo?edition=1');
  });
});

describe('the OpenAPI document', () => {
  it('lists the Red List routes under their tag', async () => {
    const document = await json<{ paths: Record<string, Partial<Record<'get' | 'post', { tags: string[] }>>>; tags: Array<{ name: string }> }>('/openapi.json');
    for (const path of ['/red-lists', '/red-lists/search', '/red-lists/import', '/red-lists/{slug}', '/red-lists/{slug}/categories/{id}', '/red-lists/{slug}/categories/{id}.jsonld']) {
      const operation = document.paths[path]?.get ?? document.paths[path]?.post;
      expect(operation?.tags, path).toEqual(['Red Lists']);
    }
    expect(document.tags.map((tag) => tag.name)).toContain('Red Lists');
  });
});

describe('Red List import API', () => {
  const form = async (document: unknown, options: { images?: string[]; publish?: boolean } = {}) => {
    const body = new FormData();
    body.set('document', new File([JSON.stringify(document)], 'red-list.json', { type: 'application/json' }));
    for (const name of options.images ?? []) body.append('images', new File([await jpeg(120, 90)], name, { type: 'image/jpeg' }));
    if (options.publish) body.set('publish', 'true');
    return body;
  };
  const post = async (body: BodyInit, token?: string) =>
    t.app.request(`${BASE}/red-lists/import`, { method: 'POST', body, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  const imported = levantList({ slug: 'levant-imported' });

  it('imports and publishes a list with its images for an admin, then finds it unchanged', async () => {
    const token = await t.token('admin');
    const response = await post(await form(imported, { images: ['bowl-1.jpg', 'bowl-2.jpg'], publish: true }), token);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ slug: 'levant-imported', edition: 2, status: 'published', warnings: [], unchanged: false });
    expect((await json<{ edition: number }>('/red-lists/levant-imported')).edition).toBe(2);
    const again = await post(await form(imported, { images: ['bowl-1.jpg', 'bowl-2.jpg'], publish: true }), token);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { unchanged: boolean }).unchanged).toBe(true);
  });

  it('names what is wrong in the document and writes nothing', async () => {
    const token = await t.token('admin');
    const response = await post(await form({ ...imported, slug: 'levant-broken', colour: 'red' }, { images: ['bowl-1.jpg'] }), token);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('colour');
    await problem('/red-lists/levant-broken', 404);
    const notJson = new FormData();
    notJson.set('document', '{ not json');
    const refused = await post(notJson, token);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors?.map((issue) => issue.field)).toEqual(['document']);
  });

  it('is for admins and Red List editors, as multipart', async () => {
    expect((await post(await form(imported))).status).toBe(401);
    expect((await post(await form(imported), await t.token('registrar'))).status).toBe(403);
    expect((await post(JSON.stringify(imported), await t.token('admin'))).status).toBe(415);
  });
});
