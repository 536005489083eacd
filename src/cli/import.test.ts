import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEgide } from '../test-support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvTemplate } from '../registry/import/csv-format.js';
import { createTestApp } from '../test-support/test-app.js';



// Each run starts Node with tsx (about a second): two runs.
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

  it('imports a file: the summary on stdout, failed rows with their line on stderr, exit code 0', async () => {
    const data = join(dir, 'data');
    const t = await createTestApp(data);
    await t.context.organisations.ensure('cli-museum', 'CLI museum', 'museum');
    await t.close();
    const file = join(dir, 'objects.csv');
    writeFileSync(file, 'inventory_number,title,measurements,images\nA-1,"Bowl,\nwith lid",12 cm high,\nA-2,Jar,thirty cm,\nA-3,Vase,,../../etc/passwd\nA-4,Cup,,\n');

    const run = await runEgide(['import', '--format', 'csv', '--org', 'cli-museum', file, '--data', data, '--batch', '2']);
    expect(run.stderr).toBe(
      'line 4: measurements: cannot read "thirty cm" (write e.g. "H 30 x W 40 cm" or "30 x 40 x 5 cm")\n' +
        'line 5: images: "../../etc/passwd" is outside the folder of the import file\n',
    );
    expect(run.stdout).toBe('created 2, updated 0, unchanged 0, failed 2\n');
    expect(run.code).toBe(0);

    const check = await createTestApp(data);
    try {
      const rows = await check.context.db.selectFrom('objects').select(['inventory_number', 'title']).orderBy('seq').execute();
      expect(rows).toEqual([
        { inventory_number: 'A-1', title: 'Bowl,\nwith lid' },
        { inventory_number: 'A-4', title: 'Cup' },
      ]);
    } finally {
      await check.close();
    }
  });
});
