import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../errors.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { importFile } from './import-file.js';
import { newMuseum } from '../../test-support/registry.js';

let t: TestApp;
let folder: string;
let files = 0;

function file(name: string, content: string | Buffer): string {
  const path = join(folder, `${++files}-${name}`);
  writeFileSync(path, content);
  return path;
}

const jsonl = (...records: unknown[]) => records.map((record) => (typeof record === 'string' ? record : JSON.stringify(record))).join('\n') + '\n';

/** A fresh museum, so that tests do not see each other's objects. */
const museum = () => newMuseum(t, 'mapped', 'Mapped museum');

async function objectsOf(organisationId: number) {
  const rows = await t.context.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).orderBy('seq').execute();
  return rows.map((row) => ({ ...row, described: JSON.parse(row.description) as ObjectDescription }));
}

/** A collection management system's export, with its own column names. */
const CSV = [
  'Inv. no.;Titre;Artiste(s);Dimensions;Date',
  'A-1;Portrait d’un évêque;Jan Smith | Atelier de Jan Smith;H 30 x W 40 cm;c. 1650',
  'A-2;Vase;;trente centimètres;1700', // line 3: measurements that cannot be read
  ';Sans numéro;;;', // line 4
  'A-3;Coupe;;12 cm;',
].join('\n');

const CSV_MAPPING = {
  lang: 'fr',
  fields: {
    inventoryNumber: 'Inv. no.',
    title: 'Titre',
    makers: { path: 'Artiste(s)', split: '|' },
    measurements: 'Dimensions',
    dating: 'Date',
  },
};

/** A JSON Lines export: one record per line, the record id apart from the inventory number. */
const RECORDS = [
  { id: 'r1', number: 'B-1', title: { en: 'Jar', fr: 'Jarre' }, kind: 'ceramics', people: [{ name: 'Potter A', role: 'potter' }] },
  { id: 'r2', number: 'B-2', title: { en: 'Bowl' }, kind: 'ceramics' },
  '{"id": "r3", "number": "B-3", ', // line 3: not JSON
  { id: 'r4', number: 'B-4', title: { en: 'Cup' }, kind: 'ceramics' },
];

const JSONL_MAPPING = {
  sourceId: 'id',
  fields: {
    inventoryNumber: 'number',
    title: [{ path: 'title.en', lang: 'en' }, { path: 'title.fr', lang: 'fr' }],
    objectType: { path: 'kind', map: { ceramics: 'ceramics > jar' } },
    makers: { each: 'people[*]', name: 'name', role: 'role' },
  },
};

beforeAll(async () => {
  t = await createTestApp();
  folder = join(t.dataDir, 'mapped');
  mkdirSync(folder, { recursive: true });
});
afterAll(() => t.close());

// As for CSV files, records are read in this thread or, for large files, in a worker thread: both are run.
describe.each([
  { threads: false, mode: 'in this thread' },
  { threads: true, mode: 'read in a worker thread' },
])('imports through a mapping file, $mode', ({ threads }) => {
  it('reads a CSV export by its own columns, reports the rows with a problem with their line, and changes nothing when run again', async () => {
    const { slug, id } = await museum();
    const source = file('objects.csv', CSV);
    const mapping = file('mapping.json', JSON.stringify(CSV_MAPPING));
    const report = await importFile(t.context, { format: 'csv', file: source, mapping, organisation: slug, threads });
    expect(report).toMatchObject({ rows: 4, failed: 0 });
    // The mapping's coverage: the rows each field got a value in (the 4th row has no inventory number).
    expect(report.coverage?.fields).toEqual([
      { field: 'inventoryNumber', records: 3 },
      { field: 'title', records: 4 },
      { field: 'measurements', records: 2 },
      { field: 'dating', records: 2 },
      { field: 'makers', records: 1 },
    ]);
    // The measurement that cannot be read is kept as written, with a warning: the row is imported.
    expect(report.warnings).toContainEqual({
      line: 3,
      field: 'measurements',
      reason: 'cannot read "trente centimètres" (write e.g. "H 30 x W 40 cm", or map a unit): kept as written in the description',
      value: 'trente centimètres',
    });
    const [first] = await objectsOf(id);
    expect(first!.described).toMatchObject({
      inventoryNumber: 'A-1',
      title: { fr: 'Portrait d’un évêque' },
      makers: [{ name: 'Jan Smith' }, { name: 'Atelier de Jan Smith' }],
      measurements: [{ dimension: 'height', value: 30, unit: 'cm' }, { dimension: 'width', value: 40, unit: 'cm' }],
      dating: { display: 'c. 1650', earliest: 1640, latest: 1660 },
    });

    const again = await importFile(t.context, { format: 'csv', file: source, mapping, organisation: slug, threads });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: report.created, failed: 0 });
  });

  it('reads JSON Lines with JSON paths, reports a line that is not JSON and goes on, and keys re-runs on the record id', async () => {
    const { slug, id } = await museum();
    const mapping = file('mapping.json', JSON.stringify(JSONL_MAPPING));
    const source = file('objects.jsonl.gz', gzipSync(jsonl(...RECORDS)));
    const report = await importFile(t.context, { format: 'jsonl', file: source, mapping, organisation: slug, threads });
    expect(report).toMatchObject({ rows: 4, created: 3, failed: 1 });
    expect(report.failures).toEqual([{ line: 3, reason: expect.stringMatching(/^not JSON \(.+\)$/) }]);
    const objects = await objectsOf(id);
    expect(objects.map((object) => [object.inventory_number, object.source_id])).toEqual([['B-1', 'r1'], ['B-2', 'r2'], ['B-4', 'r4']]);
    expect(objects[0]!.described).toMatchObject({ title: { en: 'Jar', fr: 'Jarre' }, makers: [{ name: 'Potter A', role: 'potter' }] });
    expect(objects[0]!.described.objectType.map((term) => term.label.en)).toEqual(['ceramics', 'jars']);

    expect(await importFile(t.context, { format: 'jsonl', file: source, mapping, organisation: slug, threads })).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 1 });
    // The museum renumbered B-2: the same record updates the same object.
    const renumbered = file('renumbered.jsonl', jsonl(RECORDS[0], { ...(RECORDS[1] as object), number: 'B-2a' }, RECORDS[3]));
    expect(await importFile(t.context, { format: 'jsonl', file: renumbered, mapping, organisation: slug, threads })).toMatchObject({ created: 0, updated: 1, unchanged: 2, failed: 0 });
    expect((await objectsOf(id)).map((object) => object.inventory_number)).toEqual(['B-1', 'B-2a', 'B-4']);
  });
});

describe('JSON Lines without a mapping', () => {
  it('reads objects as the API writes them, or descriptions alone', async () => {
    const { slug, id } = await museum();
    const source = file(
      'egide.jsonl',
      jsonl(
        { id: 'x9k2', inventoryNumber: 'ignored', description: { inventoryNumber: 'C-1', title: { en: 'Clock' } }, sensitive: { storageLocation: 'Store 3' }, status: 'stolen' },
        { inventoryNumber: 'C-2', title: { fr: 'Horloge' }, dating: { display: '1750', earliest: 1750, latest: 1750 } },
        { description: { inventoryNumber: 'C-3' }, sensitive: { storageLocation: 42 } },
        { description: { title: { en: 'No number' } } },
      ),
    );
    const report = await importFile(t.context, { format: 'jsonl', file: source, organisation: slug });
    // A sensitive field the schema refuses is left out with a warning (its value in no report); the record is imported.
    expect(report).toMatchObject({ created: 4, failed: 0 });
    expect(report.warnings).toContainEqual({ line: 3, field: 'sensitive.storageLocation', reason: expect.stringMatching(/: left out$/) });
    const objects = await objectsOf(id);
    expect(objects.slice(0, 3).map((object) => [object.inventory_number, object.source_id, object.status, object.sensitive && JSON.parse(object.sensitive)])).toEqual([
      ['C-1', 'x9k2', 'in-collection', { storageLocation: 'Store 3' }],
      ['C-2', null, 'in-collection', {}],
      ['C-3', null, 'in-collection', {}],
    ]);
    expect(JSON.parse(objects[0]!.sensitive ?? '{}')).toEqual({ storageLocation: 'Store 3' });
    expect(objects[1]!.described).toMatchObject({ title: { fr: 'Horloge' }, dating: { display: '1750', earliest: 1750, latest: 1750 } });
  });
});

describe('mapping mistakes', () => {
  it('are reported before anything is imported', async () => {
    const { slug, id } = await museum();
    const source = file('objects.csv', CSV);
    const mapping = file('mapping.json', JSON.stringify({ fields: { inventoryNumber: 'Inv. no.', titel: 'Titre', makers: 'Artist' } }));
    const error = await importFile(t.context, { format: 'csv', file: source, mapping, organisation: slug }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as Error).message).toBe(`${mapping}: this mapping cannot be used:\n  fields.titel: unknown field (the fields are ${'inventoryNumber, objectType, title, materials, techniques, materialsAndTechniques, measurements, inscriptions, dating, makers, subject, distinguishingFeatures, description, relatedWrittenMaterial, places, crossReferences, dateDocumented, organisation'})`);
    const columns = file('columns.json', JSON.stringify({ fields: { inventoryNumber: 'Inv. no.', makers: 'Artist' } }));
    await expect(importFile(t.context, { format: 'csv', file: source, mapping: columns, organisation: slug, threads: true })).rejects.toThrow(
      `${columns}: this mapping cannot be used:\n  fields.makers.path: no column "Artist" in the file (its columns: "Inv. no.", "Titre", "Artiste(s)", "Dimensions", "Date")`,
    );
    await expect(importFile(t.context, { format: 'lido', file: source, mapping: columns, organisation: slug })).rejects.toThrow('A mapping file reads the formats csv, json, jsonl, not lido.');
    expect(await objectsOf(id)).toEqual([]);
  });
});

// Each run starts Node with tsx (about a second): two runs.
describe('egide import --mapping (CLI)', () => {
  it('--template mapping prints an example mapping on stdout and explains it on stderr', async () => {
    const run = await runEgide(['import', '--template', 'mapping']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ lang: 'en', sourceId: 'id', fields: { inventoryNumber: 'accessionNumber' } });
    expect(run.stderr).toContain('  materialsAndTechniques: medium statements');
  });

  it('imports a JSON Lines file through a mapping: the summary on stdout, the line that is not JSON on stderr', async () => {
    const data = join(folder, 'cli-data');
    const app = await createTestApp(data);
    await app.context.organisations.ensure('cli-mapped', 'CLI mapped museum', 'museum');
    await app.close();
    const mapping = file('mapping.json', JSON.stringify(JSONL_MAPPING));
    const source = file('objects.jsonl', jsonl(...RECORDS));
    const run = await runEgide(['import', '--format', 'jsonl', '--mapping', mapping, '--org', 'cli-mapped', '--data', data, source]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created 3, updated 0, unchanged 0, warned 0, failed 1\n/);
    expect(run.stderr).toMatch(/^line 3: not JSON \(.+\)\n$/);
  });
});
