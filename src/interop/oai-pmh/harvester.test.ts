import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { standardsPath } from '../testing/standards.js';
import { HarvestStateRepository } from './harvest-state.repository.js';
import { harvest, HarvestError, type HarvestOptions } from './harvester.js';
import { errorResponse, identifyResponse, oaiEnvelope, startFakeOaiServer, type FakeAnswer, type FakeOaiServer } from './oai-client.test-support.js';

const example = (name: string) => readFileSync(standardsPath('lido', 'examples', name), 'utf8');
/** Page 1: Kenom's real ListRecords response (20 LIDO records), whose token asks for page 2. */
const KENOM_TOKEN = 'oai_1721138630738';
const page1 = () => example('kenom-oai-pmh-listrecords.xml');
/** Page 2: two records of other museums (MKG Hamburg, CIMEC), a record deleted at the source, and the end of the list. */
function page2(): string {
  const mkg = example('mkg-hamburg-cabinet.xml').replace(/^<\?xml[^>]*>\s*/, '');
  const cimec = /<lido:lido>[\s\S]*<\/lido:lido>/.exec(example('cimec-denarius.xml'))![0].replace('<lido:lido>', '<lido:lido xmlns:lido="http://www.lido-schema.org">');
  const record = (id: string, lido: string) => `<record><header><identifier>${id}</identifier><datestamp>2024-07-01</datestamp></header><metadata>${lido}</metadata></record>`;
  return oaiEnvelope(
    `<ListRecords>
      ${record('oai:mkg:1', mkg)}
      ${record('oai:cimec:1', cimec)}
      <record><header status="deleted"><identifier>record_DE-68_kenom_999</identifier><datestamp>2024-07-02</datestamp></header></record>
      <resumptionToken completeListSize="23" cursor="20"/>
    </ListRecords>`,
  );
}
const IDENTIFY_DATE = '2024-07-16T16:03:49Z';

/** The fake repository: Identify, then page 1 for a new list, page 2 for Kenom's token; `override` answers first when it returns something. */
function repository(override: (query: URLSearchParams) => FakeAnswer | undefined = () => undefined) {
  return (query: URLSearchParams): FakeAnswer => {
    const answer = override(query);
    if (answer) return answer;
    if (query.get('verb') === 'Identify') return { body: identifyResponse('YYYY-MM-DDThh:mm:ssZ', IDENTIFY_DATE) };
    if (query.get('resumptionToken') === KENOM_TOKEN) return { body: page2() };
    if (query.get('metadataPrefix') === 'lido') return { body: page1() };
    return { body: errorResponse('badArgument') };
  };
}

let t: TestApp;
let server: FakeOaiServer;
let waits: number[];
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());
beforeEach(async () => {
  server = await startFakeOaiServer(repository());
  waits = [];
});
afterEach(() => server.close());

let orgs = 0;
/** A fresh organisation for each harvest scenario. */
async function newOrganisation(): Promise<string> {
  const slug = `harvested-${(orgs += 1)}`;
  await t.context.organisations.ensure(slug, `Harvested ${orgs}`, 'museum');
  return slug;
}

function run(organisation: string, options: Partial<HarvestOptions> = {}) {
  const notices: string[] = [];
  const report = harvest(t.context, {
    url: server.url,
    metadataPrefix: 'lido',
    organisation,
    // The fake repository listens on 127.0.0.1, which harvests refuse unless allowed.
    client: { retry: { attempts: 3, baseDelayMs: 10 }, sleep: async (ms) => void waits.push(ms), allowPrivate: true },
    onNotice: (message) => notices.push(message),
    ...options,
  });
  return { report, notices };
}

async function objectsOf(slug: string) {
  return t.context.db
    .selectFrom('objects')
    .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
    .select(['objects.source_id', 'objects.inventory_number', 'objects.title'])
    .where('organisations.slug', '=', slug)
    .orderBy('objects.source_id')
    .execute();
}

async function stateOf(slug: string) {
  const organisation = (await t.context.organisations.findBySlug(slug))!;
  return new HarvestStateRepository(t.context.db).find({ url: server.url, metadataPrefix: 'lido', set: '', organisationId: organisation.id });
}

const requests = () => server.requests.map((query) => Object.fromEntries(query));

describe('harvesting a repository', () => {
  it('follows the resumption token through every page, imports the LIDO records and counts deletions', async () => {
    const org = await newOrganisation();
    const pages: number[] = [];
    const report = await run(org, { onPage: (p) => pages.push(p.pages) }).report;
    expect(requests()).toEqual([{ verb: 'Identify' }, { verb: 'ListRecords', metadataPrefix: 'lido' }, { verb: 'ListRecords', resumptionToken: KENOM_TOKEN }]);
    expect(pages).toEqual([1, 2]);
    expect(report).toMatchObject({ pages: 2, records: 23, deleted: 1, deletedIdentifiers: ['record_DE-68_kenom_999'], harvestedUntil: IDENTIFY_DATE, from: null });
    expect(report.created + report.failed).toBe(22);
    expect(report.failures).toEqual([]);
    const objects = await objectsOf(org);
    expect(objects).toHaveLength(22);
    expect(objects.map((o) => o.source_id)).toEqual(expect.arrayContaining(['record_DE-68_kenom_123644', 'DE-MUS-059918/dc00018494', '000FBE0B1E2D4E48A4FEDAA8BE3C80F1']));
    expect(await stateOf(org)).toMatchObject({ status: 'finished', resumption_token: null, pages: 2, created: 22, deleted: 1, harvested_until: IDENTIFY_DATE, last_error: null });
  });

  it('imports a record with a bad field with a warning placed at its page, reports every issue as it happens, and fails it under strict', async () => {
    const lido =
      '<lido:lido xmlns:lido="http://www.lido-schema.org"><lido:lidoRecID>w-1</lido:lidoRecID><lido:descriptiveMetadata xml:lang="en"><lido:objectIdentificationWrap>' +
      '<lido:titleWrap><lido:titleSet><lido:appellationValue>Warned</lido:appellationValue></lido:titleSet></lido:titleWrap>' +
      '<lido:repositoryWrap><lido:repositorySet><lido:workID>W-1</lido:workID></lido:repositorySet></lido:repositoryWrap>' +
      '<lido:objectMeasurementsWrap><lido:objectMeasurementsSet><lido:displayObjectMeasurements>ca. dreißig Zentimeter</lido:displayObjectMeasurements></lido:objectMeasurementsSet></lido:objectMeasurementsWrap>' +
      '</lido:objectIdentificationWrap></lido:descriptiveMetadata></lido:lido>';
    const page = oaiEnvelope(`<ListRecords><record><header><identifier>oai:w:1</identifier><datestamp>2024-07-01</datestamp></header><metadata>${lido}</metadata></record></ListRecords>`);
    server.handler = repository((query) => (query.get('verb') === 'ListRecords' ? { body: page } : undefined));
    const org = await newOrganisation();
    const issues: unknown[] = [];
    const report = await run(org, { onIssue: (issue) => issues.push(issue) }).report;
    expect(report).toMatchObject({ created: 1, warned: 1, failed: 0, unlistedWarnings: 0 });
    const warning = { page: 1, recordId: 'w-1', field: 'lido:displayObjectMeasurements', value: 'ca. dreißig Zentimeter' };
    expect(report.warnings).toEqual([expect.objectContaining(warning)]);
    expect(issues).toEqual([expect.objectContaining({ kind: 'warning', ...warning })]);
    expect(await objectsOf(org)).toEqual([{ source_id: 'w-1', inventory_number: 'W-1', title: 'Warned' }]);

    const strict = await newOrganisation();
    expect(await run(strict, { strict: true }).report).toMatchObject({ created: 0, warned: 0, failed: 1, failures: [expect.objectContaining({ page: 1, recordId: 'w-1' })] });
    expect(await objectsOf(strict)).toEqual([]);
  });

  it('harvests again from the date the last complete run began: nothing new is nothing to do', async () => {
    const org = await newOrganisation();
    await run(org).report;
    server.requests.length = 0;
    server.handler = repository((query) => (query.get('from') ? { body: errorResponse('noRecordsMatch') } : undefined));
    const again = await run(org).report;
    expect(requests()).toEqual([{ verb: 'Identify' }, { verb: 'ListRecords', metadataPrefix: 'lido', from: IDENTIFY_DATE }]);
    expect(again).toMatchObject({ pages: 0, records: 0, created: 0, from: IDENTIFY_DATE, harvestedUntil: IDENTIFY_DATE });
    // Asked for everything again (--from given): records come back unchanged, never duplicated.
    server.handler = repository();
    const full = await run(org, { from: '2000-01-01' }).report;
    expect(full).toMatchObject({ pages: 2, created: 0, unchanged: 22 });
    expect(await objectsOf(org)).toHaveLength(22);
  });

  it('sends dates at the granularity of a day-only repository, and the set', async () => {
    const org = await newOrganisation();
    server.handler = repository((query) => (query.get('verb') === 'Identify' ? { body: identifyResponse('YYYY-MM-DD') } : { body: errorResponse('noRecordsMatch') }));
    await run(org, { from: '2024-05-01T10:00:00Z', set: 'institution:DE-68' }).report;
    expect(requests()[1]).toEqual({ verb: 'ListRecords', metadataPrefix: 'lido', from: '2024-05-01', set: 'institution:DE-68' });
  });

  it('waits as a busy repository asks (503 with Retry-After), then goes on', async () => {
    const org = await newOrganisation();
    let busy = true;
    server.handler = repository((query) => {
      if (query.get('resumptionToken') && busy) {
        busy = false;
        return { status: 503, headers: { 'Retry-After': '7' } };
      }
      return undefined;
    });
    const { report, notices } = run(org, { client: { retry: { attempts: 3, maxDelayMs: 60_000 }, sleep: async (ms) => void waits.push(ms), allowPrivate: true } });
    expect(await report).toMatchObject({ pages: 2, deleted: 1 });
    expect(waits).toEqual([7000]);
    expect(notices).toEqual(['HTTP 503 Service Unavailable: trying again in 7 s (attempt 2)']);
  });
});

describe('a harvest that stops, and resumes', () => {
  it('keeps its place when a page fails mid-way, and the same harvest resumes there without duplicates', async () => {
    const org = await newOrganisation();
    // Page 2 is cut off after half of its bytes, every time.
    const body = page2();
    server.handler = repository((query) => (query.get('resumptionToken') ? { body, cutAt: body.length / 2 } : undefined));
    const failure = await run(org).report.catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HarvestError);
    expect((failure as Error).message).toMatch(
      new RegExp(`^${server.url}\\?verb=ListRecords&resumptionToken=${KENOM_TOKEN}: the response was cut off \\(.+\\); gave up after 3 attempts\\. The harvest stopped after 1 page\\(s\\); run the same command again to resume it there\\.$`),
    );
    const stopped = await stateOf(org);
    expect(stopped).toMatchObject({ status: 'failed', resumption_token: KENOM_TOKEN, pages: 1, created: 20, finished_at: null });
    expect(stopped?.last_error).toBe((failure as Error).message);
    expect(await objectsOf(org)).toHaveLength(20);

    server.handler = repository();
    server.requests.length = 0;
    const { report, notices } = run(org);
    const resumed = await report;
    expect(notices).toEqual(['resuming the interrupted harvest at page 2']);
    expect(requests()).toEqual([{ verb: 'ListRecords', resumptionToken: KENOM_TOKEN }]);
    expect(resumed).toMatchObject({ resumedAtPage: 2, pages: 2, records: 23, created: 22, deleted: 1, harvestedUntil: IDENTIFY_DATE });
    const objects = await objectsOf(org);
    expect(objects).toHaveLength(22);
    expect(new Set(objects.map((o) => o.source_id)).size).toBe(22);
  });

  it('refuses a response with a DOCTYPE (XXE), importing nothing from it, and keeps its place', async () => {
    const org = await newOrganisation();
    const xxe = page2().replace('<OAI-PMH', '<!DOCTYPE OAI-PMH [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<OAI-PMH').replace('oai:mkg:1', '&xxe;');
    server.handler = repository((query) => (query.get('resumptionToken') ? { body: xxe } : undefined));
    await expect(run(org).report).rejects.toThrow(`${server.url}?verb=ListRecords&resumptionToken=${KENOM_TOKEN}: line 2: the response has a DOCTYPE, which OAI-PMH never needs: refused (it could declare entities).`);
    expect(waits).toEqual([]);
    expect(await objectsOf(org)).toHaveLength(20);
    expect(await stateOf(org)).toMatchObject({ status: 'failed', resumption_token: KENOM_TOKEN });
  });

  it('harvests the list again from its start when the saved token has expired', async () => {
    const org = await newOrganisation();
    server.handler = repository((query) => (query.get('resumptionToken') ? { status: 500 } : undefined));
    await expect(run(org).report).rejects.toThrow(/HTTP 500 Internal Server Error; gave up after 3 attempts/);
    server.handler = repository((query) => (query.get('resumptionToken') && server.requests.length === 1 ? { body: errorResponse('badResumptionToken', 'expired') } : undefined));
    server.requests.length = 0;
    const { report, notices } = run(org);
    expect(await report).toMatchObject({ pages: 3, created: 22, unchanged: 20 });
    expect(notices).toEqual(['resuming the interrupted harvest at page 2', 'the repository no longer accepts the saved resumption token: harvesting the list again from its start']);
    expect(requests().map((q) => q.resumptionToken ?? q.verb)).toEqual([KENOM_TOKEN, 'Identify', 'ListRecords', KENOM_TOKEN]);
  });

  it('stops when the resumption tokens come round again, naming the token and the page, and keeps its place', async () => {
    const org = await newOrganisation();
    const withToken = (token: string) => page2().replace(/<resumptionToken[^>]*\/>/, `<resumptionToken>${token}</resumptionToken>`);
    // Page 2 (Kenom's token) leads to "B", and "B" back to Kenom's token: a loop of two pages.
    server.handler = repository((query) => {
      const token = query.get('resumptionToken');
      if (token === KENOM_TOKEN) return { body: withToken('B') };
      if (token === 'B') return { body: withToken(KENOM_TOKEN) };
      return undefined;
    });
    await expect(run(org).report).rejects.toThrow(
      `${server.url}: page 3 gave the resumption token "${KENOM_TOKEN}", which page 1 gave already: the list goes round in a loop; stopping rather than harvesting it forever. The harvest stopped after 2 page(s)`,
    );
    expect(requests().map((q) => q.resumptionToken ?? q.verb)).toEqual(['Identify', 'ListRecords', KENOM_TOKEN, 'B']);
    expect(await stateOf(org)).toMatchObject({ status: 'failed', resumption_token: 'B', pages: 2 });
  });

  it('explains the repository’s errors', async () => {
    const org = await newOrganisation();
    server.handler = repository((query) => (query.get('verb') === 'ListRecords' ? { body: errorResponse('cannotDisseminateFormat', 'only oai_dc') } : undefined));
    await expect(run(org).report).rejects.toThrow(/the repository answered cannotDisseminateFormat \(only oai_dc\): the repository does not offer records as "lido"\. The harvest stopped after 0 page\(s\)/);
    server.handler = repository((query) => (query.get('verb') === 'ListRecords' ? { body: errorResponse('badArgument') } : undefined));
    await expect(run(org, { set: 'nowhere' }).report).rejects.toThrow(/the repository refused the request's arguments \(is "nowhere" one of its sets\?\)/);
  });

  it('refuses what cannot be harvested before asking anything', async () => {
    const org = await newOrganisation();
    await expect(run(org, { metadataPrefix: 'oai_dc' }).report).rejects.toThrow('Records in "oai_dc" cannot be imported: harvest with --metadata-prefix lido.');
    await expect(run(org, { from: '2024-02-30' }).report).rejects.toThrow('--from "2024-02-30" is not a UTC date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ).');
    await expect(run(org, { set: 'a b' }).report).rejects.toThrow('--set "a b" is not an OAI-PMH set spec (such as org:louvre).');
    await expect(run(org, { url: 'ftp://example.org/oai' }).report).rejects.toThrow('"ftp://example.org/oai" is not an http or https URL.');
    await expect(run('nowhere').report).rejects.toThrow(/No organisation with the slug "nowhere"/);
    expect(server.requests).toEqual([]);
  });
});
