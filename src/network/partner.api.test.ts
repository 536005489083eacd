import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../http/problem.js';
import { newPartner } from '../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { PARTNER_CATEGORIES, type Partner } from './partner.js';
import { PartnerInLanguageSchema, PartnerSchema } from './partner.schemas.js';
import type { PartnerInLanguage } from './partner.service.js';
import { SEED_PARTNERS } from './seed/partners.js';

const BASE = '/api/v1';

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await response).json() as Promise<T>;
}

async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  const body = (await response.json()) as Problem;
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(body.title).not.toBe('');
  return body;
}

describe('partner API: reading', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const list = async (query = '') => json<{ items: Partner[] }>(t.app.request(`${BASE}/partners${query}`));
  const listIn = async (query: string) => json<{ items: PartnerInLanguage[] }>(t.app.request(`${BASE}/partners${query}`));

  it('lists all 21 seed partners, in directory order, with every text in fr, en and es', async () => {
    const response = await t.app.request(`${BASE}/partners`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/);
    const { items } = (await response.json()) as { items: Partner[] };

    expect(items).toHaveLength(21);
    expect(items).toEqual(SEED_PARTNERS);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['acronym', 'category', 'cooperation', 'description', 'name', 'since', 'slug', 'themes', 'website']);
      expect(PartnerSchema.safeParse(item).success, item.slug).toBe(true);
    }
  });

  it('has the three categories: 6 NGOs, 11 intergovernmental organisations, 4 museum institutions', async () => {
    const { items } = await list();
    const counts = Object.fromEntries(PARTNER_CATEGORIES.map((category) => [category, items.filter((p) => p.category === category).length]));
    expect(counts).toEqual({ ngo: 6, intergovernmental: 11, 'museum-institution': 4 });
  });

  it.each([
    ['fr', 'OMD', 'Organisation mondiale des douanes'],
    ['en', 'WCO', 'World Customs Organization'],
    ['es', 'OMA', 'Organización Mundial de Aduanas'],
  ] as const)('?lang=%s gives every text as a flat string in that language', async (lang, acronym, name) => {
    const { items } = await listIn(`?lang=${lang}`);
    expect(items).toHaveLength(21);
    for (const item of items) {
      expect(PartnerInLanguageSchema.safeParse(item).success, item.slug).toBe(true);
      expect(item.lang).toBe(lang);
      expect(typeof item.name).toBe('string');
      expect(typeof item.description).toBe('string');
    }
    const wco = items.find((item) => item.slug === 'wco');
    expect(wco).toMatchObject({ acronym, name, since: { year: 2000, agreement: null }, website: 'https://www.wcoomd.org' });
    expect(wco?.description).toBe(SEED_PARTNERS.find((p) => p.slug === 'wco')?.description[lang]);
  });

  it('gives a partner’s agreement in the asked language', async () => {
    const seeded = SEED_PARTNERS.find((p) => p.since?.agreement);
    expect(seeded, 'the seed has at least one partner with an agreement').toBeDefined();
    const one = await json<PartnerInLanguage>(t.app.request(`${BASE}/partners/${seeded!.slug}?lang=es`));
    expect(one.since).toEqual({ year: seeded!.since!.year, agreement: seeded!.since!.agreement!.es });
  });

  it.each(PARTNER_CATEGORIES)('?category=%s keeps only that category', async (category) => {
    const { items } = await list(`?category=${category}`);
    expect(slugs(items)).toEqual(slugs(SEED_PARTNERS.filter((p) => p.category === category)));
  });

  it('?theme= keeps the partners having that theme', async () => {
    const { items } = await list('?theme=intellectual-property');
    expect(slugs(items)).toEqual(['ifla', 'wipo']);
    const training = await list('?theme=training');
    expect(slugs(training.items)).toEqual(slugs(SEED_PARTNERS.filter((p) => p.themes.includes('training'))));
    expect(training.items.length).toBeGreaterThan(1);
  });

  it('combines category, theme and language filters', async () => {
    const { items } = await listIn('?category=intergovernmental&theme=training&lang=fr');
    expect(slugs(items)).toEqual(['iccrom', 'wco']);
    expect(items.every((item) => item.lang === 'fr')).toBe(true);
  });

  it.each(['ORGANISATION MONDIALE', 'propriete', 'PROPRIÉTÉ intellectuelle', 'ompi', '  wipo  '])(
    '?q=%s finds WIPO whatever the accents and case',
    async (q) => {
      const { items } = await list(`?q=${encodeURIComponent(q)}`);
      expect(slugs(items)).toContain('wipo');
      expect(items.length).toBeLessThan(21);
    },
  );

  it('?q= needs every word to match', async () => {
    const { items } = await list(`?q=${encodeURIComponent('organisation mondiale douanes')}`);
    expect(slugs(items)).toEqual(['wco']);
    expect((await list('?q=zzzzunmatched')).items).toEqual([]);
    expect((await list('?q=customs&category=ngo')).items).toEqual([]);
  });

  it('an empty ?q= does not filter', async () => {
    expect((await list('?q=')).items).toHaveLength(21);
  });

  it.each([
    ['lang=de', 'lang'],
    ['category=zoo', 'category'],
    ['theme=knitting', 'theme'],
    [`q=${'x'.repeat(201)}`, 'q'],
  ])('?%s → 400 problem naming the field', async (query, field) => {
    const body = await expectProblem(await t.app.request(`${BASE}/partners?${query}`), 400);
    expect(body.errors?.map((issue) => issue.field)).toEqual([field]);
    expect(body.detail).toContain(field);
  });

  it('names every invalid query field at once', async () => {
    const body = await expectProblem(await t.app.request(`${BASE}/partners?lang=xx&category=yy`), 400);
    expect(body.errors?.map((issue) => issue.field).sort()).toEqual(['category', 'lang']);
  });

  it('GET /partners/{slug} returns one partner, multilingual or in one language', async () => {
    const response = await t.app.request(`${BASE}/partners/wco`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(SEED_PARTNERS.find((p) => p.slug === 'wco'));
    const fr = await json<PartnerInLanguage>(t.app.request(`${BASE}/partners/wipo?lang=fr`));
    expect(fr).toMatchObject({ slug: 'wipo', lang: 'fr', acronym: 'OMPI', name: 'Organisation mondiale de la propriété intellectuelle' });
  });

  it('GET /partners/{slug} for an unknown slug → 404 problem', async () => {
    const body = await expectProblem(await t.app.request(`${BASE}/partners/nope`), 404);
    expect(body.detail).toContain('nope');
  });

  it('GET /partners/{slug} with an invalid language → 400 naming lang', async () => {
    const body = await expectProblem(await t.app.request(`${BASE}/partners/wco?lang=de`), 400);
    expect(body.errors?.map((issue) => issue.field)).toEqual(['lang']);
  });

  it('an unknown API path → 404 problem, not an HTML page', async () => {
    await expectProblem(await t.app.request(`${BASE}/nothing-here`), 404);
  });
});

describe('partner API: writing', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await t.token('admin');
  });
  afterEach(() => t.close());

  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`${BASE}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const all = async () => (await json<{ items: Partner[] }>(t.app.request(`${BASE}/partners`))).items;
  const expectUnchanged = async () => expect(await all()).toEqual(SEED_PARTNERS);

  describe('authentication and roles', () => {
    const writes = [
      ['POST', '/partners', newPartner()],
      ['PUT', '/partners/wco', newPartner({ slug: 'wco' })],
      ['DELETE', '/partners/wco', undefined],
    ] as const;

    it.each(writes)('%s %s without a token → 401 with WWW-Authenticate', async (method, path, body) => {
      const response = await send(method, path, body ?? '');
      const problem = await expectProblem(response, 401);
      expect(response.headers.get('WWW-Authenticate')).toMatch(/^Bearer\b/);
      expect(problem.detail).toMatch(/token/i);
      await expectUnchanged();
    });

    it.each(writes)('%s %s with an unknown token → 401', async (method, path, body) => {
      const response = await send(method, path, body ?? '', bearer('egide_not-a-real-token'));
      await expectProblem(response, 401);
      expect(response.headers.get('WWW-Authenticate')).toContain('invalid_token');
      await expectUnchanged();
    });

    it('a malformed Authorization header → 401', async () => {
      const response = await send('DELETE', '/partners/wco', '', { Authorization: 'Basic YWRtaW46YWRtaW4=' });
      await expectProblem(response, 401);
      await expectUnchanged();
    });

    it('a revoked token → 401', async () => {
      await t.context.db.updateTable('api_tokens').set({ revoked_at: new Date().toISOString() }).execute();
      await expectProblem(await send('DELETE', '/partners/wco', '', bearer(admin)), 401);
      await expectUnchanged();
    });

    it.each(['registrar', 'investigator'] as const)('a %s token → 403 on every write', async (role) => {
      const token = await t.token(role);
      for (const [method, path, body] of writes) {
        const problem = await expectProblem(await send(method, path, body ?? '', bearer(token)), 403);
        expect(problem.detail).toContain(role);
      }
      await expectUnchanged();
    });

    it('a registrar token still reads', async () => {
      const response = await t.app.request(`${BASE}/partners/wco`, { headers: bearer(await t.token('registrar')) });
      expect(response.status).toBe(200);
    });
  });

  describe('with an admin token', () => {
    it('POST creates a partner: 201, Location, the partner in the body and in the list', async () => {
      const partner = newPartner();
      const response = await send('POST', '/partners', partner, bearer(admin));
      expect(response.status).toBe(201);
      expect(response.headers.get('Location')).toBe(`${BASE}/partners/louvre`);
      expect(await response.json()).toEqual(partner);

      const items = await all();
      expect(items).toHaveLength(22);
      expect(items.at(-1)).toEqual(partner);
      const fetched = await t.app.request(response.headers.get('Location')!);
      expect(await fetched.json()).toEqual(partner);
    });

    it('POST accepts application/json with a charset', async () => {
      const response = await send('POST', '/partners', newPartner(), { ...bearer(admin), 'Content-Type': 'application/json; charset=utf-8' });
      expect(response.status).toBe(201);
    });

    it('POST trims texts and accepts a partner without a start date', async () => {
      const partner = newPartner({ since: null, name: { fr: '  Musée du Louvre ', en: 'Louvre Museum', es: 'Museo del Louvre' } });
      const created = await json<Partner>(send('POST', '/partners', partner, bearer(admin)));
      expect(created.name.fr).toBe('Musée du Louvre');
      expect(created.since).toBeNull();
      expect((await json<Partner>(t.app.request(`${BASE}/partners/louvre`))).since).toBeNull();
    });

    it('PUT replaces a partner: 200 and the change is stored', async () => {
      const wco = SEED_PARTNERS.find((p) => p.slug === 'wco')!;
      const changed: Partner = { ...wco, name: { ...wco.name, en: 'World Customs Organisation' }, themes: ['training', 'illicit-traffic', 'ethics'] };
      const response = await send('PUT', '/partners/wco', changed, bearer(admin));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual(changed);

      const items = await all();
      expect(items).toHaveLength(21);
      expect(items.find((p) => p.slug === 'wco')).toEqual(changed);
      // Still at its place in the directory.
      expect(items.findIndex((p) => p.slug === 'wco')).toBe(SEED_PARTNERS.findIndex((p) => p.slug === 'wco'));
    });

    it('PUT to an unknown slug → 404 and nothing created', async () => {
      await expectProblem(await send('PUT', '/partners/nope', newPartner({ slug: 'nope' }), bearer(admin)), 404);
      await expectUnchanged();
    });

    it('DELETE removes a partner: 204 with no body, then 404', async () => {
      const response = await send('DELETE', '/partners/wipo', '', bearer(admin));
      expect(response.status).toBe(204);
      expect(await response.text()).toBe('');
      expect(slugs(await all())).toEqual(slugs(SEED_PARTNERS.filter((p) => p.slug !== 'wipo')));
      await expectProblem(await t.app.request(`${BASE}/partners/wipo`), 404);
      await expectProblem(await send('DELETE', '/partners/wipo', '', bearer(admin)), 404);
    });
  });

  it('a change through the API shows at once on the public pages', async () => {
    const before = await (await t.app.request('/en/partners/wco')).text();
    expect(before).toContain('World Customs Organization');
    expect((await t.app.request('/en/partners')).status).toBe(200);

    const wco = SEED_PARTNERS.find((p) => p.slug === 'wco')!;
    const renamed = { ...wco, name: { ...wco.name, en: 'Customs Organization of the World' } };
    expect((await send('PUT', '/partners/wco', renamed, bearer(admin))).status).toBe(200);
    expect(await (await t.app.request('/en/partners/wco')).text()).toContain('Customs Organization of the World');
    expect(await (await t.app.request('/en/partners')).text()).toContain('>Customs Organization of the World</a>');

    expect((await send('DELETE', '/partners/wco', '', bearer(admin))).status).toBe(204);
    expect((await t.app.request('/en/partners/wco')).status).toBe(404);
    const directory = await (await t.app.request('/en/partners')).text();
    expect(directory).not.toContain('href="/en/partners/wco"');
    expect(directory.match(/data-partner-card/g)).toHaveLength(20);
  });

  describe('invalid requests change nothing', () => {
    it('an invalid body → 400 listing each bad field', async () => {
      const partner = newPartner();
      const body = {
        ...partner,
        name: { ...partner.name, es: '   ' },
        website: 'not a url',
        themes: ['training', 'knitting'],
      };
      const problem = await expectProblem(await send('POST', '/partners', body, bearer(admin)), 400);
      // Each bad field once, with one message.
      const fields = problem.errors?.map((issue) => issue.field).sort();
      expect(fields).toEqual(['name.es', 'themes.1', 'website']);
      for (const issue of problem.errors ?? []) expect(issue.message).not.toBe('');
      for (const field of fields ?? []) expect(problem.detail).toContain(field);
      await expectUnchanged();
    });

    it('missing fields, a bad slug, a repeated theme, a year out of range and a non-http website are each named', async () => {
      const { description: _description, ...partner } = newPartner();
      const body = {
        ...partner,
        slug: 'Not A Slug',
        category: 'museum',
        themes: ['training', 'training'],
        since: { year: 1500, agreement: null },
        website: 'ftp://example.org',
      };
      const problem = await expectProblem(await send('POST', '/partners', body, bearer(admin)), 400);
      const fields = problem.errors?.map((issue) => issue.field).sort();
      expect(fields).toEqual(['category', 'description', 'since.year', 'slug', 'themes', 'website']);
      expect(problem.errors?.find((issue) => issue.field === 'website')?.message).toMatch(/http/);
      await expectUnchanged();
    });

    it('an invalid PUT body → 400 and the partner is not changed', async () => {
      const wco = SEED_PARTNERS.find((p) => p.slug === 'wco')!;
      const problem = await expectProblem(await send('PUT', '/partners/wco', { ...wco, acronym: { fr: 'OMD', en: 'WCO' } }, bearer(admin)), 400);
      expect(problem.errors?.map((issue) => issue.field)).toEqual(['acronym.es']);
      await expectUnchanged();
    });

    it('a body that is not JSON → 415', async () => {
      const response = await send('POST', '/partners', JSON.stringify(newPartner()), { ...bearer(admin), 'Content-Type': 'text/plain' });
      await expectProblem(response, 415);
      const form = await send('PUT', '/partners/wco', 'slug=wco', { ...bearer(admin), 'Content-Type': 'application/x-www-form-urlencoded' });
      await expectProblem(form, 415);
      await expectUnchanged();
    });

    it('malformed JSON → 400 problem', async () => {
      const problem = await expectProblem(await send('POST', '/partners', '{"slug": "louvre",', bearer(admin)), 400);
      expect(problem.detail).toMatch(/json/i);
      await expectUnchanged();
    });

    it('POST with a slug already taken → 409 and the existing partner is kept', async () => {
      const problem = await expectProblem(await send('POST', '/partners', newPartner({ slug: 'wco' }), bearer(admin)), 409);
      expect(problem.detail).toContain('wco');
      await expectUnchanged();
    });

    it('PUT renaming to a slug already taken → 409 and neither partner changes', async () => {
      const wco = SEED_PARTNERS.find((p) => p.slug === 'wco')!;
      await expectProblem(await send('PUT', '/partners/wco', { ...wco, slug: 'wipo' }, bearer(admin)), 409);
      await expectUnchanged();
    });

    it('a failed POST after a successful one leaves only the first', async () => {
      expect((await send('POST', '/partners', newPartner(), bearer(admin))).status).toBe(201);
      await expectProblem(await send('POST', '/partners', newPartner({ name: { fr: 'Autre', en: 'Other', es: 'Otro' } }), bearer(admin)), 409);
      const items = await all();
      expect(items).toHaveLength(22);
      expect(items.at(-1)).toEqual(newPartner());
    });
  });
});

function slugs(items: Array<{ slug: string }>): string[] {
  return items.map((item) => item.slug);
}
