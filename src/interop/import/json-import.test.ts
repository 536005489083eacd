import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { dryRunImport } from './import-dry-run.js';
import { importFile } from './import-file.js';
import { newMuseum } from '../../test-support/registry.js';

let t: TestApp;
let root: string;
let folders = 0;

/** A fresh folder holding these files (paths relative to it). */
function folderOf(files: Record<string, string | Buffer>): string {
  const folder = join(root, `export-${++folders}`);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), content);
  }
  return folder;
}

const museum = () => newMuseum(t, 'json', 'JSON museum');

async function objectsOf(organisationId: number) {
  const rows = await t.context.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).orderBy('seq').execute();
  return rows.map((row) => ({ ...row, described: JSON.parse(row.description) as ObjectDescription }));
}

/** A museum's export: one file per object, in nested folders, or arrays; spreadsheet conversions left byte-order marks. */
const record = (n: number, extra: object = {}) => ({ objectId: `o-${n}`, accession: `J-${n}`, label: `Object ${n}`, maker: { name: `Maker ${n}` }, ...extra });
const EXPORT = {
  'a/1.json': `\uFEFF${JSON.stringify({ '\uFEFFobjectId': 'o-1', accession: 'J-1', label: 'Object 1' }, null, 2)}`,
  'a/b/2.json': JSON.stringify([record(2), record(3)], null, 2),
  // Line 4 of the array has two commas: that record is reported, the next one read.
  'c/3.json': ['[', JSON.stringify(record(4)) + ',', '{"objectId": "o-5",', '  "accession": "J-5",, "label": "x"},', JSON.stringify(record(6)), ']'].join('\n'),
  // Cut off in the middle of its second record.
  'd/4.json': ['[', JSON.stringify(record(7)) + ',', '{"objectId": "o-8", "accession": "J-'].join('\n'),
  // Not UTF-8 (Latin-1 "é") in the title of its first record: kept without that byte, with a warning.
  'e/5.json': Buffer.concat([Buffer.from('[{"objectId": "o-9", "accession": "J-9", "label": "Caf'), Buffer.from([0xe9]), Buffer.from(`"},\n${JSON.stringify(record(10))}]`)]),
  'e/notes.txt': 'not an export file',
};

const MAPPING = JSON.stringify({
  sourceId: 'objectId',
  fields: { inventoryNumber: 'accession', title: 'label', makers: { name: 'maker.name' }, description: 'Description' },
});

beforeAll(async () => {
  t = await createTestApp();
  root = join(t.dataDir, 'json-import');
  mkdirSync(root, { recursive: true });
});
afterAll(() => t.close());

describe.each([
  { threads: false, mode: 'in this thread' },
  { threads: true, mode: 'read in a worker thread' },
])('egide import --format json, $mode', ({ threads }) => {
  it('imports a folder of JSON files in path order, nested folders included, reporting each bad record or file at its place and going on', async () => {
    const { slug, id } = await museum();
    const folder = folderOf({ ...EXPORT, 'mapping.map': MAPPING });
    const report = await importFile(t.context, { format: 'json', file: folder, mapping: join(folder, 'mapping.map'), organisation: slug, threads });
    expect(report).toMatchObject({ created: 8, warned: 1, failed: 2 });
    expect(report.failures).toEqual([
      { file: 'c/3.json', line: 3, reason: expect.stringMatching(/^malformed JSON at line 4: expected double-quoted property name/) },
      // The truncated file keeps the record before its end, says where it ends, and the next file is read.
      { file: 'd/4.json', line: 3, reason: expect.stringMatching(/^the file ends on line 3 inside the record that starts on line 3: it is truncated/) },
    ]);
    expect(report.warnings).toEqual([{ file: 'e/5.json', line: 1, recordId: 'o-9', field: 'title.en', reason: expect.stringMatching(/^not valid UTF-8/), value: 'Caf\uFFFD' }]);
    expect(report.stopped).toBeUndefined();
    const objects = await objectsOf(id);
    expect(objects.map((object) => [object.source_id, object.inventory_number])).toEqual([
      ['o-1', 'J-1'],
      ['o-2', 'J-2'],
      ['o-3', 'J-3'],
      ['o-4', 'J-4'],
      ['o-6', 'J-6'],
      ['o-7', 'J-7'],
      ['o-9', 'J-9'],
      ['o-10', 'J-10'],
    ]);
    expect(objects[1]!.described).toMatchObject({ title: { en: 'Object 2' }, makers: [{ name: 'Maker 2' }] });
    expect(objects[6]!.described.title).toEqual({ en: 'Caf' });
    expect(report.coverage).toMatchObject({
      records: 8,
      fields: [
        { field: 'sourceId', records: 8 },
        { field: 'inventoryNumber', records: 8 },
        { field: 'title', records: 8 },
        { field: 'makers', records: 6 },
        { field: 'description', records: 0 },
      ],
    });
  });

  it('reads objects as the API writes them without a mapping, and updates them when run again', async () => {
    const { slug, id } = await museum();
    const api = [
      { id: 'x1', description: { inventoryNumber: 'K-1', title: { en: 'Clock' } }, sensitive: { storageLocation: 'Store 3' } },
      { '\uFEFFinventoryNumber': 'K-2', title: { fr: 'Horloge' } },
    ];
    const folder = folderOf({ 'objects.json': JSON.stringify(api) });
    const report = await importFile(t.context, { format: 'json', file: join(folder, 'objects.json'), organisation: slug, threads });
    expect(report).toMatchObject({ created: 2, failed: 0 });
    expect(report.coverage).toBeUndefined();
    const objects = await objectsOf(id);
    expect(objects.map((object) => [object.source_id, object.inventory_number])).toEqual([
      ['x1', 'K-1'],
      [null, 'K-2'],
    ]);
    expect(JSON.parse(objects[0]!.sensitive ?? '{}')).toEqual({ storageLocation: 'Store 3' });
    expect(await importFile(t.context, { format: 'json', file: join(folder, 'objects.json'), organisation: slug, threads })).toMatchObject({ created: 0, unchanged: 2 });
  });
});

describe('a truncated JSON file', () => {
  it('keeps the records before its end and says where it ends', async () => {
    const { slug, id } = await museum();
    const folder = folderOf({ 'cut.json': EXPORT['d/4.json'], 'mapping.map': MAPPING });
    const report = await importFile(t.context, { format: 'json', file: join(folder, 'cut.json'), mapping: join(folder, 'mapping.map'), organisation: slug });
    expect(report).toMatchObject({ created: 1, stopped: { line: 3, reason: expect.stringMatching(/^the file ends on line 3 inside the record that starts on line 3/) } });
    expect((await objectsOf(id)).map((object) => object.source_id)).toEqual(['o-7']);
  });
});

describe('a dry run', () => {
  it('reads, maps and validates the first records, and writes nothing', async () => {
    const { id } = await museum();
    const folder = folderOf({ ...EXPORT, 'mapping.map': MAPPING });
    const report = await dryRunImport({ format: 'json', file: folder, mapping: join(folder, 'mapping.map'), records: 4 });
    expect(report).toMatchObject({ records: 4, valid: 4, failures: [] });
    expect(report.coverage).toMatchObject({ records: 4, fields: expect.arrayContaining([{ field: 'description', records: 0 }]) });
    expect(await objectsOf(id)).toEqual([]);
  });
});

// Each run starts Node with tsx (about a second): two runs.
describe('egide import --format json (CLI)', () => {
  it('prints the mapping coverage after the import, with a warning for a path found in no record, and --dry-run writes nothing', async () => {
    const data = join(root, 'cli-data');
    const app = await createTestApp(data);
    await app.context.organisations.ensure('cli-json', 'CLI JSON museum', 'museum');
    await app.close();
    const records = [JSON.stringify(record(1)), JSON.stringify(record(2, { label: '' })), '{"objectId": "o-x", "accession": }', JSON.stringify(record(3))];
    const folder = folderOf({ 'a/objects.json': `[\n${records.join(',\n')}\n]`, 'mapping.map': MAPPING });
    const args = ['import', '--format', 'json', '--mapping', join(folder, 'mapping.map'), '--org', 'cli-json', '--data', data, folder];

    const dry = await runEgide([...args, '--dry-run', '3']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('dry run, nothing written: 3 records read, 2 would be imported (0 with warnings), 1 would fail\nmapping coverage, 2 records:\n');
    expect(dry.stdout).toMatch(/\n {2}title +1 {2}50\.0 %\n/);
    expect(dry.stderr).toMatch(/^a\/objects\.json:4: malformed JSON at line 4: /m);

    const run = await runEgide(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^created 3, updated 0, unchanged 0, (warned 0, )?failed 1\n/);
    expect(run.stdout).toMatch(/\n {2}title +2 {2}66\.7 %\n/);
    expect(run.stdout).toContain('\nwarning: description: "Description" found in 0 of 3 records\n');
  });
});
