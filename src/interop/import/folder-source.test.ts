import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { csvTemplate } from './csv-format.js';
import { folderFiles } from './folder-source.js';
import { importFile } from './import-file.js';
import { describeFailure, describeWarning, type ImportProgress } from './import-pipeline.js';

const HEADER = csvTemplate().header;
const row = (number: string, title: string) => `${number},${title},,,,,,,,,,,,`;

let t: TestApp;
let folder: string;

beforeAll(async () => {
  t = await createTestApp();
  await t.context.organisations.ensure('folder-museum', 'Folder museum', 'museum');
  folder = join(t.dataDir, 'batch');
  mkdirSync(join(folder, '2024', 'spring'), { recursive: true });
  mkdirSync(join(folder, '.trash'), { recursive: true });
  const write = (name: string, ...lines: string[]) => writeFileSync(join(folder, name), `${lines.join('\n')}\n`);
  write('b.csv', HEADER, row('F-3', 'Cup'), 'F-4,Bad size,,,,thirty centimetres,,,,,,,,');
  write('a.csv', HEADER, row('F-1', 'Jar'), row('F-2', 'Bowl'));
  write('2024/spring/c.CSV', HEADER, row('F-5', 'Plate'), 'F-6,"never closed,,,,,,,,,,,,', row('F-7', 'Lost'));
  write('2024/d.csv', 'number,name', 'F-8,Unknown columns');
  write('2024/e.csv', HEADER, row('F-1', 'Jar again'));
  write('notes.txt', 'not a CSV file');
  write('.hidden.csv', HEADER, row('H-1', 'Hidden'));
  write('.trash/old.csv', HEADER, row('H-2', 'Trashed'));
});
afterAll(() => t.close());

describe('importing a folder', () => {
  it('lists the files of the format, in subfolders too, sorted by path, without hidden ones', () => {
    expect(folderFiles({ extensions: ['.csv'] }, folder)).toEqual(['2024/d.csv', '2024/e.csv', '2024/spring/c.CSV', 'a.csv', 'b.csv']);
  });

  it.each([false, true])('imports every file, reports failures and warnings at file:line and goes on after a broken file (worker thread: %s)', async (threads) => {
    const progress: ImportProgress[] = [];
    const report = await importFile(t.context, { format: 'csv', file: folder, organisation: 'folder-museum', threads, onProgress: (p) => progress.push(p) });
    expect(report.failures.map(describeFailure)).toEqual([
      '2024/d.csv:1: unknown columns "number", "name"; the columns are inventory_number, title, object_type, materials, techniques, measurements, inscriptions, date, maker, subject, distinguishing_features, description, place_of_origin, images (see egide import --template csv)',
      '2024/spring/c.CSV:3: a double quote opened on this line is never closed, so the file could not be read from here on',
      'a.csv:2: inventory_number: "F-1" is already used at 2024/e.csv:2',
    ]);
    // Warnings travel from the worker thread too, placed at file:line; the row is imported.
    expect(report.warnings.map(describeWarning)).toEqual(['b.csv:3: measurements: cannot read "thirty centimetres" (write e.g. "H 30 x W 40 cm"): kept as written in the description']);
    expect(report.stopped).toBeUndefined();
    const objects = await t.context.db
      .selectFrom('objects')
      .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
      .select('inventory_number')
      .where('organisations.slug', '=', 'folder-museum')
      .orderBy('inventory_number')
      .execute();
    expect(objects.map((o) => o.inventory_number)).toEqual(['F-1', 'F-2', 'F-3', 'F-4', 'F-5']);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  it('refuses a folder without a file of the format', async () => {
    const empty = join(t.dataDir, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'readme.txt'), 'nothing to import');
    await expect(importFile(t.context, { format: 'csv', file: empty, organisation: 'folder-museum', threads: false })).rejects.toThrow(/no csv file \(\.csv\) in this folder/);
  });
});
