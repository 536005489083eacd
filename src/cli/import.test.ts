import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEgide } from '../test-support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvTemplate } from '../interop/import/csv-format.js';
import { createTestApp } from '../test-support/test-app.js';



// Each run starts Node with tsx (about a second): three runs.
describe('egide import (CLI)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'egide-cli-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--template csv prints the header line on stdout and explains each column on stderr', async () => {
    const run = await runEgide(['import', '--template', 'csv']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'inventory_number,title,object_type,materials,techniques,measurements,inscriptions,date,maker,subject,distinguishing_features,description,place_of_origin,images\n',
    );
    expect(run.stderr.trimEnd().split('\n')).toEqual(csvTemplate().help);
  });

  it('imports a file: the summary on stdout, warnings and failed rows with their line on stderr, exit code 0', async () => {
    const data = join(dir, 'data');
    const t = await createTestApp(data);
    await t.context.organisations.ensure('cli-museum', 'CLI museum', 'museum');
    await t.close();
    const file = join(dir, 'objects.csv');
    writeFileSync(file, 'inventory_number,title,measurements,images\nA-1,"Bowl,\nwith lid",12 cm high,\nA-2,Jar,thirty cm,\nA-3,Vase,,../../etc/passwd\nA-4,Cup,,\nA-5,"Plate,\n');

    const report = join(dir, 'report.jsonl');
    const run = await runEgide(['import', '--format', 'csv', '--org', 'cli-museum', file, '--data', data, '--batch', '2', '--report', report]);
    expect(run.stderr).toBe(
      'line 4: measurements: cannot read "thirty cm" (write e.g. "H 30 x W 40 cm"): kept as written in the description\n' +
        'line 5: images: "../../etc/passwd" is outside the folder of the import file: the record is imported without it\n' +
        `egide: ${file}: line 7: a double quote opened on this line is never closed, so the file could not be read from here on.\n`,
    );
    expect(run.stdout).toBe('created 4, updated 0, unchanged 0, warned 2, failed 0\n');
    // The file could not be read to its end (the rows before are kept).
    expect(run.code).toBe(1);
    // Every warning and failure, one JSON object a line.
    expect(readFileSync(report, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { kind: 'warning', line: 4, field: 'measurements', reason: 'cannot read "thirty cm" (write e.g. "H 30 x W 40 cm"): kept as written in the description', value: 'thirty cm' },
      { kind: 'warning', line: 5, field: 'images', reason: '"../../etc/passwd" is outside the folder of the import file: the record is imported without it', value: '../../etc/passwd' },
      { kind: 'failure', line: 7, reason: 'a double quote opened on this line is never closed, so the file could not be read from here on' },
    ]);

    const check = await createTestApp(data);
    try {
      const rows = await check.context.db.selectFrom('objects').select(['inventory_number', 'title', 'description']).orderBy('seq').execute();
      expect(rows.map((row) => [row.inventory_number, row.title])).toEqual([
        ['A-1', 'Bowl,\nwith lid'],
        ['A-2', 'Jar'],
        ['A-3', 'Vase'],
        ['A-4', 'Cup'],
      ]);
      expect((JSON.parse(rows[1]!.description) as { description: unknown }).description).toEqual({ en: 'thirty cm' });
    } finally {
      await check.close();
    }
  });

  it('--strict: a row with a warning fails instead, and --report lists each of its warnings as a failure', async () => {
    const data = join(dir, 'strict-data');
    const t = await createTestApp(data);
    await t.context.organisations.ensure('cli-strict', 'CLI strict museum', 'museum');
    await t.close();
    const file = join(dir, 'strict.csv');
    writeFileSync(file, 'inventory_number,title,date,images\nS-1,Bowl,1650,\nS-2,Jar,1890-1850,photos/none.jpg\n');
    const report = join(dir, 'strict-report.jsonl');
    const run = await runEgide(['import', '--format', 'csv', '--org', 'cli-strict', file, '--data', data, '--strict', '--report', report]);
    expect(run.stdout).toBe('created 1, updated 0, unchanged 0, warned 0, failed 1\n');
    expect(run.stderr).toBe('line 3: refused (--strict): date: ends before it starts: kept as display text, without years; images: "photos/none.jpg" not found: the record is imported without it\n');
    expect(run.code).toBe(0);
    expect(readFileSync(report, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([
      { kind: 'failure', line: 3, field: 'date', reason: 'ends before it starts: kept as display text, without years', value: '1890-1850' },
      { kind: 'failure', line: 3, field: 'images', reason: '"photos/none.jpg" not found: the record is imported without it', value: 'photos/none.jpg' },
    ]);
  });
});
