/**
 * Egide's OAI-PMH repository as a third-party harvester sees it: the `oai-pmh` package from npm
 * (xml2js-based, CommonJS) talking to the app over real HTTP.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { createTestApp, serveTestApp, type TestApp } from '../../test-support/test-app.js';
import { seedObjects } from '../testing/seed.js';

/** The parts of the package's API these tests use; xml2js objects (`$` holds attributes, `_` text). */
interface OaiPmhClient {
  identify(): Promise<Record<string, string>>;
  listMetadataFormats(options?: { identifier?: string }): Promise<Array<{ metadataPrefix: string; schema: string; metadataNamespace: string }>>;
  listSets(): AsyncIterable<{ setSpec: string; setName: string }>;
  listRecords(options: { metadataPrefix: string; set?: string; from?: string }): AsyncIterable<ClientRecord>;
  listIdentifiers(options: { metadataPrefix: string; set?: string }): AsyncIterable<ClientHeader>;
  getRecord(identifier: string, metadataPrefix: string): Promise<ClientRecord>;
}
interface ClientHeader {
  $?: { status?: string };
  identifier: string;
  datestamp: string;
  setSpec: string | string[];
}
interface ClientRecord {
  header: ClientHeader;
  metadata?: Record<string, unknown>;
}

const { OaiPmh } = createRequire(import.meta.url)('oai-pmh') as { OaiPmh: new (baseUrl: string, options?: { retry?: boolean }) => OaiPmhClient };

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

let t: TestApp;
let server: Awaited<ReturnType<typeof serveTestApp>>;
let client: OaiPmhClient;
let host: string;
const ids = { louvre: [] as string[], prado: [] as string[] };

/** 150 Louvre alerts (two pages), 3 Prado alerts, one of them recovered since, and a private object. */
beforeAll(async () => {
  t = await createTestApp();
  ids.louvre = await seedObjects(
    t,
    'louvre',
    Array.from({ length: 150 }, (_, i) => ({
      description: { ...emptyDescription(`L-${i}`), title: { fr: `Objet volé ${i}` } },
      published: true,
      updatedAt: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString(),
    })),
  );
  ids.prado = await seedObjects(
    t,
    'prado',
    ['P-1', 'P-2', 'P-3'].map((number) => ({ description: { ...emptyDescription(number), title: { es: `Obra ${number}` } }, published: true, status: 'missing' as const, updatedAt: '2024-03-01T00:00:00.000Z' })),
  );
  await seedObjects(t, 'guimet', [{ description: emptyDescription('G-1') }]);
  const actor = (await t.context.accounts.principalFromApiToken(await t.token('admin')))!;
  await t.context.objects.changeStatus(actor, ids.prado[0]!, 'found', 'found in storage');
  server = await serveTestApp(t);
  host = new URL(server.url).host.split(':')[0]!;
  client = new OaiPmh(`${server.url}/oai`, { retry: false });
});
afterAll(async () => {
  await server.close();
  await t.close();
});

const oaiId = (id: string) => `oai:${host}:${id}`;

describe('Egide harvested by the npm oai-pmh client', () => {
  it('identify', async () => {
    const identify = await client.identify();
    expect(identify.baseURL).toBe(`${server.url}/oai`);
    expect(identify.protocolVersion).toBe('2.0');
    expect(identify.deletedRecord).toBe('persistent');
    expect(identify.granularity).toBe('YYYY-MM-DDThh:mm:ssZ');
    expect(identify.earliestDatestamp).toBe('2024-01-01T00:00:00Z');
  });

  it('listMetadataFormats, for the repository and for one record', async () => {
    expect((await client.listMetadataFormats()).map((f) => f.metadataPrefix)).toEqual(['oai_dc', 'lido']);
    const formats = await client.listMetadataFormats({ identifier: oaiId(ids.louvre[0]!) });
    expect(formats.find((f) => f.metadataPrefix === 'lido')?.metadataNamespace).toBe('http://www.lido-schema.org');
  });

  it('listSets: organisations and statuses with public records, never the private ones', async () => {
    const specs = (await collect(client.listSets())).map((s) => s.setSpec);
    expect(specs).toEqual(['org', 'org:louvre', 'org:prado', 'status', 'status:missing', 'status:stolen']);
  });

  it('listRecords follows the resumption token through every page, each record once', async () => {
    const records = await collect(client.listRecords({ metadataPrefix: 'lido' }));
    const identifiers = records.map((r) => r.header.identifier);
    expect(identifiers).toHaveLength(153);
    expect(new Set(identifiers).size).toBe(153);
    expect(new Set(identifiers)).toEqual(new Set([...ids.louvre, ...ids.prado].map(oaiId)));
    const first = records.find((r) => r.header.identifier === oaiId(ids.louvre[0]!))!;
    const lido = first.metadata?.['lido:lido'] as Record<string, unknown>;
    expect(lido['lido:lidoRecID']).toMatchObject({ _: ids.louvre[0] });
  });

  it('sees the recovered alert as a deleted record, in listRecords, listIdentifiers and getRecord', async () => {
    const records = await collect(client.listRecords({ metadataPrefix: 'oai_dc', set: 'org:prado' }));
    const deleted = records.filter((r) => r.header.$?.status === 'deleted');
    expect(deleted.map((r) => r.header.identifier)).toEqual([oaiId(ids.prado[0]!)]);
    expect(deleted[0]!.metadata).toBeUndefined();
    expect(deleted[0]!.header.setSpec).toEqual(['org:prado', 'status:missing']);
    const headers = await collect(client.listIdentifiers({ metadataPrefix: 'lido', set: 'status:missing' }));
    expect(headers.map((h) => [h.identifier, h.$?.status ?? 'present'])).toEqual(
      expect.arrayContaining([
        [oaiId(ids.prado[1]!), 'present'],
        [oaiId(ids.prado[0]!), 'deleted'],
      ]),
    );
    const record = await client.getRecord(oaiId(ids.prado[0]!), 'lido');
    expect(record.header.$?.status).toBe('deleted');
  });

  it('gets the protocol errors as errors with their code', async () => {
    await expect(client.getRecord(oaiId('0000000000000000'), 'lido')).rejects.toMatchObject({ code: 'idDoesNotExist' });
    await expect(collect(client.listRecords({ metadataPrefix: 'marc21' }))).rejects.toMatchObject({ code: 'cannotDisseminateFormat' });
    await expect(collect(client.listRecords({ metadataPrefix: 'lido', from: '2030-01-01' }))).rejects.toMatchObject({ code: 'noRecordsMatch' });
  });
});
