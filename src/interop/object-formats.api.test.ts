import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { fullDescription } from './testing/fixtures.js';
import { validateLinkedArt } from './testing/linked-art-schema.js';
import { LIDO_XSD } from './testing/standards.js';
import { validateAgainst, xpath } from './testing/xmllint.js';
import { negotiate } from './object-formats.api.js';

/** Medium tests: LIDO and Linked Art of one object over HTTP, with the JSON view's visibility. */
let t: TestApp;
const tokens = {} as Record<'louvre' | 'prado' | 'investigator' | 'admin', string>;
const ids = {} as Record<'published' | 'private' | 'reported', string>;
const SECRETS = ['Reserve B, shelf 4', 'registrar@louvre.example', '99 rue de Rivoli', 'Head of security', '+33 1 00 00 00 00', 'Room 12, case 3', 'PV-2024-118', 'broken window'];

const auth = (token: string | null, accept?: string) => ({
  headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(accept ? { Accept: accept } : {}) },
});

beforeAll(async () => {
  // Requests are made to egide.example.org, which a server without EGIDE_BASE_URL answers only when told to.
  t = await createTestApp(undefined, { EGIDE_ALLOWED_HOSTS: 'egide.example.org' });
  await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await t.context.organisations.ensure('prado', 'Museo del Prado', 'museum');
  tokens.louvre = await t.token('registrar', 'louvre');
  tokens.prado = await t.token('registrar', 'prado');
  tokens.investigator = await t.token('investigator', 'interpol');
  tokens.admin = await t.token('admin');
  const create = async (inventoryNumber: string) => {
    const response = await t.app.request('/api/v1/objects', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.louvre}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        description: { ...fullDescription(), inventoryNumber },
        sensitive: { storageLocation: 'Reserve B, shelf 4', ownerContact: 'registrar@louvre.example', address: '99 rue de Rivoli' },
      }),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };
  const report = async (id: string, publish: boolean) => {
    const response = await t.app.request(`/api/v1/objects/${id}/incidents`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.louvre}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        method: 'theft',
        reporter: 'Head of security',
        reporterContact: '+33 1 00 00 00 00',
        place: 'Room 12, case 3',
        policeReportNumber: 'PV-2024-118',
        circumstances: 'Entered through a broken window at night.',
        publish,
      }),
    });
    expect(response.status).toBe(201);
  };
  ids.published = await create('API-1');
  ids.private = await create('API-2');
  ids.reported = await create('API-3');
  await report(ids.published, true);
  await report(ids.reported, false);
});
afterAll(() => t.close());

async function lido(path: string, token: string | null, accept?: string) {
  const response = await t.app.request(`https://egide.example.org${path}`, auth(token, accept));
  return { response, body: await response.text() };
}

describe('GET /api/v1/objects/{id}.lido.xml and .jsonld', () => {
  it('gives the public a published object as LIDO, valid, with URIs under the request’s origin', async () => {
    const { response, body } = await lido(`/api/v1/objects/${ids.published}.lido.xml`, null);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
    expect(validateAgainst(LIDO_XSD(), body).ok).toBe(true);
    expect(xpath(body, "string(/*[local-name()='lido']/*[local-name()='objectPublishedID'])")).toBe(`https://egide.example.org/api/v1/objects/${ids.published}`);
    expect(response.headers.get('Link')).toContain(`<https://egide.example.org/api/v1/objects/${ids.published}.jsonld>; rel="alternate"`);
  });

  it('gives the same object as Linked Art, valid against the object schema', async () => {
    const { response, body } = await lido(`/api/v1/objects/${ids.published}.jsonld`, null);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"');
    const document = JSON.parse(body) as { id: string };
    expect(validateLinkedArt(document).errors).toEqual([]);
    expect(document.id).toBe(`https://egide.example.org/api/v1/objects/${ids.published}`);
  });

  it('never exports sensitive fields or incident details, not even to the owner, investigators or admins', async () => {
    for (const token of [null, tokens.louvre, tokens.investigator, tokens.admin]) {
      for (const suffix of ['.lido.xml', '.jsonld']) {
        const { response, body } = await lido(`/api/v1/objects/${ids.published}${suffix}`, token);
        expect(response.status).toBe(200);
        for (const secret of SECRETS) expect(body, `${secret} in ${suffix}`).not.toContain(secret);
      }
    }
    // …while the JSON view does give them to the owner: the exports leave them out on purpose.
    const json = await (await t.app.request(`/api/v1/objects/${ids.published}`, auth(tokens.louvre))).text();
    expect(json).toContain('Reserve B, shelf 4');
    expect(json).toContain('Head of security');
  });

  it('has the JSON view’s visibility: 404 for those who may not see the object', async () => {
    const status = async (id: string, token: string | null, suffix: string) => (await lido(`/api/v1/objects/${id}${suffix}`, token)).response.status;
    for (const suffix of ['.lido.xml', '.jsonld']) {
      expect(await status(ids.private, null, suffix)).toBe(404);
      expect(await status(ids.private, tokens.prado, suffix)).toBe(404);
      expect(await status(ids.private, tokens.investigator, suffix)).toBe(404);
      expect(await status(ids.private, tokens.louvre, suffix)).toBe(200);
      expect(await status(ids.private, tokens.admin, suffix)).toBe(200);
      expect(await status(ids.reported, null, suffix)).toBe(404);
      expect(await status(ids.reported, tokens.investigator, suffix)).toBe(200);
      expect(await status('0000000000000000', tokens.admin, suffix)).toBe(404);
    }
    const { response } = await lido(`/api/v1/objects/${ids.private}.lido.xml`, null);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('uses EGIDE_BASE_URL for URIs when it is set', async () => {
    process.env.EGIDE_BASE_URL = 'https://registry.museums.example/';
    try {
      const { body } = await lido(`/api/v1/objects/${ids.published}.jsonld`, null);
      expect((JSON.parse(body) as { id: string }).id).toBe(`https://registry.museums.example/api/v1/objects/${ids.published}`);
    } finally {
      delete process.env.EGIDE_BASE_URL;
    }
  });
});

describe('GET /api/v1/objects/{id} by content negotiation', () => {
  it('answers LIDO for application/xml and application/lido+xml, Linked Art for application/ld+json', async () => {
    const xml = await lido(`/api/v1/objects/${ids.published}`, null, 'application/xml');
    expect(xml.response.headers.get('Content-Type')).toBe('application/xml; charset=utf-8');
    expect(validateAgainst(LIDO_XSD(), xml.body).ok).toBe(true);
    const lidoType = await lido(`/api/v1/objects/${ids.published}`, null, 'application/lido+xml');
    expect(lidoType.response.headers.get('Content-Type')).toBe('application/lido+xml; charset=utf-8');
    const jsonld = await lido(`/api/v1/objects/${ids.published}`, null, 'application/ld+json');
    expect(jsonld.response.headers.get('Content-Type')).toContain('application/ld+json');
    expect(validateLinkedArt(JSON.parse(jsonld.body)).valid).toBe(true);
    expect(jsonld.response.headers.get('Vary')).toBe('Accept');
  });

  it('keeps the JSON view for JSON, */*, no Accept and browsers, and says it varies by Accept', async () => {
    for (const accept of ['application/json', '*/*', undefined, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8']) {
      const { response, body } = await lido(`/api/v1/objects/${ids.published}`, null, accept);
      expect(response.headers.get('Content-Type'), accept).toMatch(/^application\/json/);
      expect((JSON.parse(body) as { id: string }).id).toBe(ids.published);
      expect(response.headers.get('Vary')).toContain('Accept');
    }
  });

  it('keeps visibility under negotiation too', async () => {
    expect((await lido(`/api/v1/objects/${ids.private}`, null, 'application/xml')).response.status).toBe(404);
    expect((await lido(`/api/v1/objects/${ids.private}`, tokens.prado, 'application/ld+json')).response.status).toBe(404);
    expect((await lido(`/api/v1/objects/${ids.private}`, tokens.louvre, 'application/ld+json')).response.status).toBe(200);
  });

  it('reads Accept with qualities', () => {
    expect(negotiate('application/ld+json;q=0.5, application/json;q=0.9').format).toBe('json');
    expect(negotiate('application/json;q=0.5, application/ld+json').format).toBe('linked-art');
    expect(negotiate('application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"').format).toBe('linked-art');
    expect(negotiate('text/xml').format).toBe('lido');
    expect(negotiate('application/*').format).toBe('json');
    expect(negotiate('image/png').format).toBe('json');
    expect(negotiate('application/xml;q=0').format).toBe('json');
  });

  it('documents both routes in the OpenAPI description', async () => {
    const doc = (await (await t.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/objects/{id}.lido.xml', '/objects/{id}.jsonld']));
  });
});
