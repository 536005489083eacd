import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { ExportRepository } from '../export.repository.js';
import { Links } from '../exportable-object.js';
import { fullDescription } from '../testing/fixtures.js';
import { oaiSchema } from '../testing/oai-schema.js';
import { seedObjects } from '../testing/seed.js';
import { standardsPath } from '../testing/standards.js';
import { validateAgainst, xpath } from '../testing/xmllint.js';
import { datestamp, METADATA_FORMATS, OaiProvider, parseUtc } from './oai-provider.js';
import { decodeToken, encodeToken } from './resumption-token.js';

const BASE = 'https://egide.example.org';
const HOST = 'egide.example.org';
const N = (name: string) => `*[local-name()='${name}']`;
const value = (xml: string, path: string) => xpath(xml, `string(${path})`);
const count = (xml: string, path: string) => Number(xpath(xml, `count(${path})`));
const errorCode = (xml: string) => value(xml, `/${N('OAI-PMH')}/${N('error')}/@code`);
const identifiers = (xml: string) =>
  xpath(xml, `//${N('header')}/${N('identifier')}/text()`)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
const tokenOf = (xml: string) => value(xml, `//${N('resumptionToken')}`);

let t: TestApp;
const ids = { louvre: [] as string[], prado: [] as string[], private: [] as string[], reported: [] as string[] };

/** 130 Louvre alerts one minute apart from 2024-01-01, 5 Prado alerts in March, and objects the public may not see. */
beforeAll(async () => {
  // Requests are made to egide.example.org, which a server without EGIDE_BASE_URL answers only when told to.
  t = await createTestApp(undefined, { EGIDE_ALLOWED_HOSTS: 'egide.example.org' });
  const minute = (i: number) => new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString();
  ids.louvre = await seedObjects(
    t,
    'louvre',
    Array.from({ length: 130 }, (_, i) => ({
      description: { ...emptyDescription(`L-${String(i).padStart(3, '0')}`), title: { fr: `Objet volé ${i}`, en: `Stolen object ${i}` } },
      published: true,
      status: 'stolen' as const,
      updatedAt: minute(i),
      sensitive: { storageLocation: `Reserve L, shelf ${i}` },
    })),
  );
  ids.prado = await seedObjects(t, 'prado', [
    { description: fullDescription(), published: true, status: 'missing', updatedAt: '2024-03-01T12:00:00.000Z', sensitive: { storageLocation: 'Sala 12', ownerContact: 'conservacion@prado.example', address: 'Calle Ruiz de Alarcón 23' } },
    ...Array.from({ length: 4 }, (_, i) => ({
      description: { ...emptyDescription(`P-${i}`), title: { es: `Obra ${i}` } },
      published: true,
      status: 'missing' as const,
      updatedAt: `2024-03-0${i + 2}T12:00:00.000Z`,
    })),
  ]);
  ids.private = await seedObjects(t, 'guimet', [
    { description: emptyDescription('G-1'), updatedAt: '2024-01-01T00:30:00.000Z' },
    { description: emptyDescription('G-2'), updatedAt: '2024-03-01T12:00:00.000Z' },
  ]);
  ids.reported = await seedObjects(t, 'guimet', [{ description: emptyDescription('G-3'), reported: true, status: 'stolen', updatedAt: '2024-01-01T00:31:00.000Z' }]);
});
afterAll(() => t.close());

/** Every response: HTTP 200, text/xml, and valid against the OAI-PMH schema with its metadata. */
async function oai(query: string, init?: RequestInit): Promise<string> {
  const response = await t.app.request(`${BASE}/oai${query ? `?${query}` : ''}`, init);
  expect(response.status).toBe(200);
  expect(response.headers.get('Content-Type')).toBe('text/xml; charset=utf-8');
  const xml = await response.text();
  const validation = validateAgainst(oaiSchema(), xml);
  expect(validation.output).toMatch(/validates$/);
  return xml;
}

const oaiId = (id: string) => `oai:${HOST}:${id}`;
const publicCount = () => ids.louvre.length + ids.prado.length;

describe('the OAI-PMH schema used by these tests', () => {
  it('accepts a real OAI-PMH response (Kenom ListRecords of LIDO records)', () => {
    const real = readFileSync(standardsPath('lido', 'examples', 'kenom-oai-pmh-listrecords.xml'), 'utf8');
    expect(validateAgainst(oaiSchema(), real).ok).toBe(true);
  });
  it('validates the records inside <metadata> strictly (LIDO, oai_dc, nothing unknown)', () => {
    const record = (metadata: string) =>
      `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2024-01-01T00:00:00Z</responseDate><request>${BASE}/oai</request><GetRecord><record><header><identifier>oai:${HOST}:1</identifier><datestamp>2024-01-01</datestamp></header><metadata>${metadata}</metadata></record></GetRecord></OAI-PMH>`;
    expect(validateAgainst(oaiSchema(), record('<lido:lido xmlns:lido="http://www.lido-schema.org"><lido:bogus/></lido:lido>')).ok).toBe(false);
    expect(validateAgainst(oaiSchema(), record('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:bogus>x</dc:bogus></oai_dc:dc>')).ok).toBe(false);
    expect(validateAgainst(oaiSchema(), record('<foo:x xmlns:foo="urn:foo"/>')).ok).toBe(false);
  });
  it('refuses a malformed envelope', () => {
    const bad = `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><request>${BASE}/oai</request><error code="oops">x</error></OAI-PMH>`;
    expect(validateAgainst(oaiSchema(), bad).ok).toBe(false);
  });
});

describe('Identify', () => {
  it('describes the repository', async () => {
    const xml = await oai('verb=Identify');
    const I = `/${N('OAI-PMH')}/${N('Identify')}`;
    expect(value(xml, `${I}/${N('baseURL')}`)).toBe(`${BASE}/oai`);
    expect(value(xml, `${I}/${N('protocolVersion')}`)).toBe('2.0');
    expect(value(xml, `${I}/${N('earliestDatestamp')}`)).toBe('2024-01-01T00:00:00Z');
    expect(value(xml, `${I}/${N('deletedRecord')}`)).toBe('persistent');
    expect(value(xml, `${I}/${N('granularity')}`)).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(value(xml, `${I}/${N('adminEmail')}`)).toBe(`admin@${HOST}`);
    expect(value(xml, `${I}/${N('description')}/${N('oai-identifier')}/${N('repositoryIdentifier')}`)).toBe(HOST);
    expect(value(xml, `/${N('OAI-PMH')}/${N('request')}/@verb`)).toBe('Identify');
    expect(value(xml, `/${N('OAI-PMH')}/${N('responseDate')}`)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });
  it('answers POST (application/x-www-form-urlencoded) as GET', async () => {
    const xml = await oai('', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'verb=Identify' });
    expect(value(xml, `//${N('Identify')}/${N('baseURL')}`)).toBe(`${BASE}/oai`);
  });
  it('ignores credentials: an invalid token still gets the public repository', async () => {
    const response = await t.app.request(`${BASE}/oai?verb=Identify`, { headers: { Authorization: 'Bearer wrong' } });
    expect(response.status).toBe(200);
  });
});

describe('ListMetadataFormats', () => {
  it('offers oai_dc and lido with their schemas and namespaces', async () => {
    const xml = await oai('verb=ListMetadataFormats');
    expect(xpath(xml, `//${N('metadataPrefix')}/text()`).split('\n').filter(Boolean)).toEqual(['oai_dc', 'lido']);
    expect(value(xml, `//${N('metadataFormat')}[${N('metadataPrefix')}='oai_dc']/${N('schema')}`)).toBe('http://www.openarchives.org/OAI/2.0/oai_dc.xsd');
    expect(value(xml, `//${N('metadataFormat')}[${N('metadataPrefix')}='oai_dc']/${N('metadataNamespace')}`)).toBe('http://www.openarchives.org/OAI/2.0/oai_dc/');
    expect(value(xml, `//${N('metadataFormat')}[${N('metadataPrefix')}='lido']/${N('schema')}`)).toBe('http://www.lido-schema.org/schema/v1.1/lido-v1.1.xsd');
    expect(value(xml, `//${N('metadataFormat')}[${N('metadataPrefix')}='lido']/${N('metadataNamespace')}`)).toBe('http://www.lido-schema.org');
  });
  it('for one public item, and idDoesNotExist for an unknown or non-public one', async () => {
    expect(count(await oai(`verb=ListMetadataFormats&identifier=${oaiId(ids.prado[0]!)}`), `//${N('metadataFormat')}`)).toBe(2);
    expect(errorCode(await oai(`verb=ListMetadataFormats&identifier=${oaiId('0000000000000000')}`))).toBe('idDoesNotExist');
    expect(errorCode(await oai(`verb=ListMetadataFormats&identifier=${oaiId(ids.private[0]!)}`))).toBe('idDoesNotExist');
  });
});

describe('ListSets', () => {
  it('lists organisations and statuses that have public records, under their parent sets', async () => {
    const xml = await oai('verb=ListSets');
    const specs = xpath(xml, `//${N('setSpec')}/text()`).split('\n').filter(Boolean);
    expect(specs).toEqual(['org', 'org:louvre', 'org:prado', 'status', 'status:missing', 'status:stolen']);
    expect(specs).not.toContain('org:guimet');
    expect(value(xml, `//${N('set')}[${N('setSpec')}='org:prado']/${N('setName')}`)).toBe('Prado');
  });
});

describe('GetRecord', () => {
  it('gives a public record as LIDO, valid against lido-v1.1.xsd inside the response, with its header', async () => {
    const xml = await oai(`verb=GetRecord&identifier=${oaiId(ids.prado[0]!)}&metadataPrefix=lido`);
    const R = `/${N('OAI-PMH')}/${N('GetRecord')}/${N('record')}`;
    expect(value(xml, `${R}/${N('header')}/${N('identifier')}`)).toBe(oaiId(ids.prado[0]!));
    expect(value(xml, `${R}/${N('header')}/${N('datestamp')}`)).toBe('2024-03-01T12:00:00Z');
    expect(xpath(xml, `${R}/${N('header')}/${N('setSpec')}/text()`).split('\n').filter(Boolean)).toEqual(['org:prado', 'status:missing']);
    expect(value(xml, `${R}/${N('metadata')}/${N('lido')}/${N('lidoRecID')}`)).toBe(ids.prado[0]);
    expect(value(xml, `/${N('OAI-PMH')}/${N('request')}/@metadataPrefix`)).toBe('lido');
  });
  it('gives a public record as oai_dc', async () => {
    const xml = await oai(`verb=GetRecord&identifier=${oaiId(ids.prado[0]!)}&metadataPrefix=oai_dc`);
    const DC = `//${N('metadata')}/${N('dc')}`;
    expect(value(xml, `${DC}/${N('title')}[@xml:lang='en']`)).toBe('Dragon & cloud jar');
    expect(value(xml, `${DC}/${N('publisher')}`)).toBe('Prado');
    expect(value(xml, `${DC}/${N('identifier')}[1]`)).toBe(`${BASE}/api/v1/objects/${ids.prado[0]}`);
    expect(count(xml, `${DC}/${N('creator')}`)).toBe(2);
  });
  it('never carries sensitive fields', async () => {
    for (const prefix of ['lido', 'oai_dc']) {
      const xml = await oai(`verb=GetRecord&identifier=${oaiId(ids.prado[0]!)}&metadataPrefix=${prefix}`);
      for (const secret of ['Sala 12', 'conservacion@prado.example', 'Ruiz de Alarcón']) expect(xml).not.toContain(secret);
    }
  });
  it('errors: cannotDisseminateFormat, idDoesNotExist (unknown, not public, other repository), badArgument', async () => {
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId(ids.prado[0]!)}&metadataPrefix=marc21`))).toBe('cannotDisseminateFormat');
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId('0000000000000000')}&metadataPrefix=lido`))).toBe('idDoesNotExist');
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId(ids.private[0]!)}&metadataPrefix=lido`))).toBe('idDoesNotExist');
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId(ids.reported[0]!)}&metadataPrefix=lido`))).toBe('idDoesNotExist');
    expect(errorCode(await oai(`verb=GetRecord&identifier=oai:other.example.org:${ids.prado[0]}&metadataPrefix=lido`))).toBe('idDoesNotExist');
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId(ids.prado[0]!)}`))).toBe('badArgument');
  });
});

describe('ListIdentifiers and ListRecords: paging with resumption tokens', () => {
  async function harvest(verb: 'ListIdentifiers' | 'ListRecords', first: string) {
    const pages: string[] = [];
    let xml = await oai(`verb=${verb}&${first}`);
    pages.push(xml);
    while (tokenOf(xml)) {
      xml = await oai(`verb=${verb}&resumptionToken=${encodeURIComponent(tokenOf(xml))}`);
      pages.push(xml);
    }
    return pages;
  }

  it('pages 100 headers at a time until an empty token ends the list', async () => {
    const pages = await harvest('ListIdentifiers', 'metadataPrefix=oai_dc');
    expect(pages).toHaveLength(2);
    const T = `//${N('resumptionToken')}`;
    expect(count(pages[0]!, `//${N('header')}`)).toBe(100);
    expect(value(pages[0]!, `${T}/@completeListSize`)).toBe(String(publicCount()));
    expect(value(pages[0]!, `${T}/@cursor`)).toBe('0');
    expect(count(pages[1]!, `//${N('header')}`)).toBe(publicCount() - 100);
    expect(count(pages[1]!, T)).toBe(1);
    expect(tokenOf(pages[1]!)).toBe('');
    expect(value(pages[1]!, `${T}/@cursor`)).toBe('100');
    expect(value(pages[1]!, `${T}/@completeListSize`)).toBe(String(publicCount()));
    const all = pages.flatMap(identifiers);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...ids.louvre, ...ids.prado].map(oaiId).sort());
    // Oldest change first.
    expect(all[0]).toBe(oaiId(ids.louvre[0]!));
    expect(all.at(-1)).toBe(oaiId(ids.prado[4]!));
    // A resumed request echoes only the verb and the token.
    expect(value(pages[1]!, `/${N('OAI-PMH')}/${N('request')}/@metadataPrefix`)).toBe('');
    expect(value(pages[1]!, `/${N('OAI-PMH')}/${N('request')}/@resumptionToken`)).not.toBe('');
  });

  it('pages full LIDO and oai_dc records, each valid, and a list that fits in one page has no token', async () => {
    const pages = await harvest('ListRecords', 'metadataPrefix=lido');
    expect(pages.map((p) => count(p, `//${N('record')}`))).toEqual([100, publicCount() - 100]);
    expect(pages.flatMap((p) => xpath(p, `//${N('lidoRecID')}/text()`).split('\n').filter(Boolean))).toHaveLength(publicCount());
    const dcPages = await harvest('ListRecords', 'metadataPrefix=oai_dc');
    expect(dcPages.map((p) => count(p, `//${N('metadata')}/${N('dc')}`))).toEqual([100, publicCount() - 100]);
    const small = await oai('verb=ListRecords&metadataPrefix=oai_dc&set=org:prado');
    expect(count(small, `//${N('record')}`)).toBe(5);
    expect(count(small, `//${N('resumptionToken')}`)).toBe(0);
  });

  it('does not skip records changed during a harvest', async () => {
    const first = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc');
    // An object of the first page changes: it moves to the end of the list.
    await t.context.db.updateTable('objects').set({ updated_at: '2024-12-31T00:00:00.000Z' }).where('id', '=', ids.louvre[5]!).execute();
    const second = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(tokenOf(first))}`);
    const seen = new Set([...identifiers(first), ...identifiers(second)]);
    for (const id of [...ids.louvre, ...ids.prado]) expect(seen.has(oaiId(id))).toBe(true);
    await t.context.db.updateTable('objects').set({ updated_at: new Date(Date.UTC(2024, 0, 1, 0, 5)).toISOString() }).where('id', '=', ids.louvre[5]!).execute();
  });

  it('refuses bad tokens: garbage, another verb’s token, a token with other arguments', async () => {
    expect(errorCode(await oai('verb=ListRecords&resumptionToken=not-a-token'))).toBe('badResumptionToken');
    const token = tokenOf(await oai('verb=ListIdentifiers&metadataPrefix=lido'));
    expect(errorCode(await oai(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`))).toBe('badResumptionToken');
    expect(errorCode(await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(token)}&metadataPrefix=lido`))).toBe('badArgument');
    expect(errorCode(await oai('verb=ListSets&resumptionToken=anything'))).toBe('badResumptionToken');
  });
});

describe('selective harvesting: from, until, sets', () => {
  const countFor = async (query: string) => {
    const xml = await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&${query}`);
    return errorCode(xml) || Number(value(xml, `//${N('resumptionToken')}/@completeListSize`)) || count(xml, `//${N('header')}`);
  };

  it('from and until at day granularity, inclusive', async () => {
    expect(await countFor('from=2024-03-01')).toBe(5);
    expect(await countFor('until=2024-01-01')).toBe(130);
    expect(await countFor('from=2024-03-02&until=2024-03-03')).toBe(2);
  });
  it('from and until at seconds granularity, inclusive', async () => {
    expect(await countFor('from=2024-01-01T00:10:00Z&until=2024-01-01T00:19:00Z')).toBe(10);
    expect(await countFor('from=2024-03-01T12:00:00Z&until=2024-03-01T12:00:00Z')).toBe(1);
    expect(await countFor('from=2024-01-01T02:09:00Z&until=2024-02-28T00:00:00Z')).toBe(1);
  });
  it('noRecordsMatch when nothing changed in the range', async () => {
    expect(await countFor('until=2023-12-31')).toBe('noRecordsMatch');
    expect(await countFor('from=2025-01-01')).toBe('noRecordsMatch');
  });
  it('badArgument for malformed dates, mixed granularities and from after until', async () => {
    for (const query of ['from=2024-13-01', 'from=2024-02-30', 'from=yesterday', 'until=2024-01-01T00:00:00', 'from=2024-01-01T00:00:00.5Z', 'from=2024-01-01&until=2024-02-01T00:00:00Z', 'from=2024-02-01&until=2024-01-01']) {
      expect(await countFor(query), query).toBe('badArgument');
    }
  });
  it('sets per organisation and per status, parent sets, and unknown sets', async () => {
    expect(await countFor('set=org:prado')).toBe(5);
    expect(await countFor('set=org:louvre')).toBe(130);
    expect(await countFor('set=status:missing')).toBe(5);
    expect(await countFor('set=status:stolen')).toBe(130);
    expect(await countFor('set=org')).toBe(publicCount());
    expect(await countFor('set=org:guimet')).toBe('noRecordsMatch');
    expect(await countFor('set=org:nowhere')).toBe('noRecordsMatch');
    expect(await countFor('set=color:blue')).toBe('noRecordsMatch');
    expect(await countFor('set=org:prado&from=2024-03-04')).toBe(2);
  });
  it('keeps the arguments of the first request in its tokens', async () => {
    const xml = await oai('verb=ListIdentifiers&metadataPrefix=lido&set=org:louvre&from=2024-01-01T00:20:00Z');
    expect(value(xml, `//${N('resumptionToken')}/@completeListSize`)).toBe('110');
    const next = await oai(`verb=ListIdentifiers&resumptionToken=${encodeURIComponent(tokenOf(xml))}`);
    expect(identifiers(next)).toHaveLength(10);
    expect(identifiers(next).every((id) => ids.louvre.map(oaiId).includes(id))).toBe(true);
  });
});

describe('protocol errors, in the body with HTTP 200', () => {
  it('badVerb: missing, unknown or repeated verb; the request element then has no attributes', async () => {
    for (const query of ['', 'verb=Explode', 'verb=Identify&verb=Identify', 'verb=identify']) {
      const xml = await oai(query);
      expect(errorCode(xml), query).toBe('badVerb');
      expect(count(xml, `/${N('OAI-PMH')}/${N('request')}/@*`)).toBe(0);
      expect(value(xml, `/${N('OAI-PMH')}/${N('request')}`)).toBe(`${BASE}/oai`);
    }
  });
  it('badArgument: unknown, repeated or missing arguments', async () => {
    for (const query of ['verb=Identify&foo=bar', 'verb=ListRecords', 'verb=ListRecords&metadataPrefix=lido&metadataPrefix=oai_dc', 'verb=GetRecord&metadataPrefix=lido', 'verb=ListSets&set=org']) {
      const xml = await oai(query);
      expect(errorCode(xml), query).toBe('badArgument');
      expect(count(xml, `/${N('OAI-PMH')}/${N('request')}/@*`)).toBe(0);
    }
  });
  it('cannotDisseminateFormat for list requests in an unknown format', async () => {
    const xml = await oai('verb=ListRecords&metadataPrefix=mods');
    expect(errorCode(xml)).toBe('cannotDisseminateFormat');
    expect(value(xml, `/${N('OAI-PMH')}/${N('request')}/@metadataPrefix`)).toBe('mods');
  });
  it('echoes only argument values the protocol’s types allow, so that error responses stay valid', async () => {
    const xml = await oai(`verb=GetRecord&identifier=${encodeURIComponent('not an identifier')}&metadataPrefix=${encodeURIComponent('bad prefix!')}`);
    expect(errorCode(xml)).toBe('cannotDisseminateFormat');
    expect(value(xml, `/${N('OAI-PMH')}/${N('request')}/@verb`)).toBe('GetRecord');
    expect(count(xml, `/${N('OAI-PMH')}/${N('request')}/@metadataPrefix | /${N('OAI-PMH')}/${N('request')}/@identifier`)).toBe(0);
    const unknownSet = await oai(`verb=ListIdentifiers&metadataPrefix=lido&set=${encodeURIComponent('no such set')}`);
    expect(errorCode(unknownSet)).toBe('noRecordsMatch');
  });
  it('a POST that is not a form is a request without a verb', async () => {
    expect(errorCode(await oai('', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"verb":"Identify"}' }))).toBe('badVerb');
  });

  describe('in repositories configured without sets or formats for an item', () => {
    const respond = (provider: OaiProvider, args: Record<string, string>) => provider.respond(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, [v]])));
    const links = new Links(BASE);

    it('noSetHierarchy when sets are off', async () => {
      const provider = new OaiProvider(new ExportRepository(t.context.db), { links, adminEmail: 'oai@egide.example.org', sets: false });
      for (const xml of [await respond(provider, { verb: 'ListSets' }), await respond(provider, { verb: 'ListRecords', metadataPrefix: 'lido', set: 'org:prado' })]) {
        expect(validateAgainst(oaiSchema(), xml).ok).toBe(true);
        expect(errorCode(xml)).toBe('noSetHierarchy');
      }
      const listed = await respond(provider, { verb: 'ListIdentifiers', metadataPrefix: 'lido', from: '2024-03-05' });
      expect(count(listed, `//${N('setSpec')}`)).toBe(0);
    });

    it('noMetadataFormats when no format can express the item', async () => {
      const provider = new OaiProvider(new ExportRepository(t.context.db), {
        links,
        adminEmail: 'oai@egide.example.org',
        formats: METADATA_FORMATS.map((f) => (f.prefix === 'lido' ? { ...f, supports: () => false } : f)).filter((f) => f.prefix === 'lido'),
      });
      const xml = await respond(provider, { verb: 'ListMetadataFormats', identifier: oaiId(ids.prado[0]!) });
      expect(validateAgainst(oaiSchema(), xml).ok).toBe(true);
      expect(errorCode(xml)).toBe('noMetadataFormats');
      expect(errorCode(await respond(provider, { verb: 'GetRecord', identifier: oaiId(ids.prado[0]!), metadataPrefix: 'lido' }))).toBe('cannotDisseminateFormat');
    });
  });
});

describe('resumption tokens and dates', () => {
  it('round-trip their state, opaque base64url', () => {
    const state = { verb: 'ListRecords' as const, metadataPrefix: 'lido', set: 'org:prado', from: '2024-01-01T00:00:00.000Z', after: { updatedAt: '2024-03-01T12:00:00.000Z', id: 'abc' }, cursor: 100 };
    const token = encodeToken(state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeToken(token, 'ListRecords')).toEqual({ ...state, until: undefined });
    expect(decodeToken(token, 'ListIdentifiers')).toBeUndefined();
    expect(decodeToken(Buffer.from('{"v":1,"verb":"ListRecords","p":"lido","a":"x","i":"y","c":-1}').toString('base64url'), 'ListRecords')).toBeUndefined();
  });
  it('read from/until as inclusive bounds', () => {
    expect(parseUtc('2024-01-31', 'from')).toEqual({ iso: '2024-01-31T00:00:00.000Z', granularity: 'day' });
    expect(parseUtc('2024-01-31', 'until')).toEqual({ iso: '2024-01-31T23:59:59.999Z', granularity: 'day' });
    expect(parseUtc('2024-01-31T10:00:00Z', 'until')).toEqual({ iso: '2024-01-31T10:00:00.999Z', granularity: 'seconds' });
    expect(parseUtc('2023-02-29', 'from')).toBeUndefined();
  });
});

describe('deleted records: objects that leave the alert list', () => {
  const H = `//${N('header')}`;
  const deletedIds = (xml: string) =>
    xpath(xml, `${H}[@status='deleted']/${N('identifier')}/text()`)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  let rijks: string[];
  let before: string;

  /** Three Rijksmuseum alerts; the first is recovered through the registry, as a registrar would. */
  beforeAll(async () => {
    rijks = await seedObjects(
      t,
      'rijks',
      ['R-1', 'R-2', 'R-3'].map((number, i) => ({ description: emptyDescription(number), published: true, status: 'stolen' as const, updatedAt: `2025-01-0${i + 1}T00:00:00.000Z` })),
    );
    before = datestamp(new Date().toISOString());
    const actor = (await t.context.accounts.principalFromApiToken(await t.token('admin')))!;
    await t.context.objects.changeStatus(actor, rijks[0]!, 'recovered', 'found at an auction');
  });

  it('reports a recovered object as deleted, dated when it left, in the sets it was in', async () => {
    const xml = await oai(`verb=ListIdentifiers&metadataPrefix=lido&from=${before}`);
    expect(deletedIds(xml)).toEqual([oaiId(rijks[0]!)]);
    const header = `${H}[${N('identifier')}='${oaiId(rijks[0]!)}']`;
    expect(value(xml, `${header}/${N('datestamp')}`) >= before).toBe(true);
    expect(xpath(xml, `${header}/${N('setSpec')}/text()`).split('\n').filter(Boolean)).toEqual(['org:rijks', 'status:stolen']);
    expect(deletedIds(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=org:rijks'))).toEqual([oaiId(rijks[0]!)]);
    expect(deletedIds(await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&set=status:stolen&from=${before}`))).toEqual([oaiId(rijks[0]!)]);
    expect(errorCode(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=status:recovered'))).toBe('noRecordsMatch');
    expect(count(await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&until=2025-01-31'), `${H}[@status='deleted']`)).toBe(0);
  });

  it('gives deleted records in ListRecords and GetRecord as a header without metadata', async () => {
    const list = await oai('verb=ListRecords&metadataPrefix=lido&set=org:rijks');
    expect(count(list, `//${N('record')}`)).toBe(3);
    expect(count(list, `//${N('record')}[${N('header')}/@status='deleted']/${N('metadata')}`)).toBe(0);
    expect(count(list, `//${N('metadata')}`)).toBe(2);
    // Oldest change first: the two alerts of January, then the deletion.
    expect(identifiers(list)).toEqual([rijks[1]!, rijks[2]!, rijks[0]!].map(oaiId));
    const record = await oai(`verb=GetRecord&identifier=${oaiId(rijks[0]!)}&metadataPrefix=oai_dc`);
    expect(value(record, `//${N('record')}/${N('header')}/@status`)).toBe('deleted');
    expect(count(record, `//${N('metadata')}`)).toBe(0);
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId(rijks[0]!)}&metadataPrefix=marc21`))).toBe('cannotDisseminateFormat');
    expect(count(await oai(`verb=ListMetadataFormats&identifier=${oaiId(rijks[0]!)}`), `//${N('metadataFormat')}`)).toBe(2);
  });

  it('pages objects and deletions together in datestamp order, each once', async () => {
    const provider = new OaiProvider(new ExportRepository(t.context.db), { links: new Links(BASE), adminEmail: 'oai@egide.example.org', pageSize: 2 });
    const ask = (args: Record<string, string>) => provider.respond(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, [v]])));
    let xml = await ask({ verb: 'ListIdentifiers', metadataPrefix: 'lido', from: '2025-01-02' });
    const seen = identifiers(xml);
    while (tokenOf(xml)) {
      xml = await ask({ verb: 'ListIdentifiers', resumptionToken: tokenOf(xml) });
      expect(validateAgainst(oaiSchema(), xml).ok).toBe(true);
      seen.push(...identifiers(xml));
    }
    expect(seen).toEqual([rijks[1]!, rijks[2]!, rijks[0]!].map(oaiId));
  });

  it('pages ListRecords of objects and deletions with resumption tokens, in oai_dc and lido, every page valid', async () => {
    const provider = new OaiProvider(new ExportRepository(t.context.db), { links: new Links(BASE), adminEmail: 'oai@egide.example.org', pageSize: 2 });
    const ask = (args: Record<string, string>) => provider.respond(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, [v]])));
    for (const metadataPrefix of ['oai_dc', 'lido']) {
      let xml = await ask({ verb: 'ListRecords', metadataPrefix, set: 'org:rijks' });
      const pages = [xml];
      while (tokenOf(xml)) pages.push((xml = await ask({ verb: 'ListRecords', resumptionToken: tokenOf(xml) })));
      for (const page of pages) expect(validateAgainst(oaiSchema(), page).output, metadataPrefix).toMatch(/validates$/);
      expect(pages, metadataPrefix).toHaveLength(2);
      // Oldest change first: the deletion, the latest, ends the last page.
      expect(count(pages[0]!, `${H}[@status='deleted']`), metadataPrefix).toBe(0);
      expect(deletedIds(pages[1]!), metadataPrefix).toEqual([oaiId(rijks[0]!)]);
      expect(pages.reduce((sum, page) => sum + count(page, `//${N('metadata')}`), 0), metadataPrefix).toBe(2);
    }
  });

  it('lists the sets of withdrawn records', async () => {
    const xml = await oai('verb=ListSets');
    expect(xpath(xml, `//${N('setSpec')}/text()`).split('\n').filter(Boolean)).toContain('org:rijks');
  });

  it('removes the tombstone when the object comes back on the alert list', async () => {
    const actor = (await t.context.accounts.principalFromApiToken(await t.token('admin')))!;
    await t.context.objects.changeStatus(actor, rijks[0]!, 'in-collection', 'returned');
    await t.context.objects.reportIncident(actor, rijks[0]!, { method: 'theft', reporter: 'Registrar', publish: true });
    const record = await oai(`verb=GetRecord&identifier=${oaiId(rijks[0]!)}&metadataPrefix=lido`);
    expect(count(record, `//${N('header')}/@status`)).toBe(0);
    expect(value(record, `//${N('lidoRecID')}`)).toBe(rijks[0]);
    expect(count(await oai('verb=ListIdentifiers&metadataPrefix=lido&set=org:rijks'), `${H}[@status='deleted']`)).toBe(0);
  });

  it('keeps a tombstone for a public object deleted by any code path', async () => {
    const organisation = (await t.context.organisations.findBySlug('rijks'))!;
    const now = new Date().toISOString();
    const row = { organisation_id: organisation.id, status: 'missing', title: 'Gone', description: '{}', sensitive: '{}', published: 1, created_at: now, updated_at: now };
    await t.context.db.insertInto('objects').values({ ...row, id: 'deletedbysql0001', inventory_number: 'R-SQL' }).execute();
    await t.context.db.deleteFrom('objects').where('id', '=', 'deletedbysql0001').execute();
    const xml = await oai(`verb=GetRecord&identifier=${oaiId('deletedbysql0001')}&metadataPrefix=oai_dc`);
    expect(value(xml, `//${N('header')}/@status`)).toBe('deleted');
    expect(xpath(xml, `//${N('setSpec')}/text()`).split('\n').filter(Boolean)).toEqual(['org:rijks', 'status:missing']);
    // An object that was never public leaves nothing behind.
    await t.context.db.insertInto('objects').values({ ...row, published: 0, id: 'privatebysql0001', inventory_number: 'R-SQL-2' }).execute();
    await t.context.db.deleteFrom('objects').where('id', '=', 'privatebysql0001').execute();
    expect(errorCode(await oai(`verb=GetRecord&identifier=${oaiId('privatebysql0001')}&metadataPrefix=oai_dc`))).toBe('idDoesNotExist');
  });
});
