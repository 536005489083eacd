import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEgide } from '../../test-support/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyDescription } from '../../registry/object-record.js';
import { createTestApp } from '../../test-support/test-app.js';
import { fullDescription } from '../../interop/testing/fixtures.js';
import { seedObjects } from '../../interop/testing/seed.js';
import { LIDO_XSD } from '../../interop/testing/standards.js';
import { validateAgainst } from '../../interop/testing/xmllint.js';



// The real command in a child process (about a second per run): a few runs on one data folder.
describe('egide export', () => {
  let dataDir: string;
  let outDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-export-cli-'));
    outDir = mkdtempSync(join(tmpdir(), 'egide-export-out-'));
    const t = await createTestApp(dataDir);
    try {
      await seedObjects(t, 'louvre', [
        { description: { ...fullDescription(), inventoryNumber: 'L-1' }, sensitive: { storageLocation: 'Reserve B, shelf 4' } },
        { description: emptyDescription('L-2') },
      ]);
      await seedObjects(t, 'prado', [{ description: emptyDescription('P-1') }]);
    } finally {
      await t.close();
    }
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  });

  it('writes an organisation’s objects to a file as a valid lidoWrap, with progress and a summary on stderr', async () => {
    const out = join(outDir, 'louvre.lido.xml');
    const run = await runEgide(['export', '--format', 'lido', '--org', 'louvre', '--out', out, '--base-url', 'https://egide.example.org', '--data', dataDir]);
    expect(run.stderr).toContain('egide export: 2 of 2 objects');
    expect(run.stderr).toContain(`egide export: 2 objects as lido written to ${out}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const xml = readFileSync(out, 'utf8');
    expect(validateAgainst(LIDO_XSD(), xml).ok).toBe(true);
    expect(xml).toContain('https://egide.example.org/api/v1/objects/');
    expect(xml).not.toContain('Reserve B');
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('streams every organisation to stdout as CSV, and Linked Art as JSON lines', async () => {
    const csv = await runEgide(['export', '--format', 'csv', '--data', dataDir]);
    expect(csv.code).toBe(0);
    expect(csv.stdout.split('\r\n')[0]).toBe('inventory_number,title,object_type,materials,techniques,measurements,inscriptions,date,maker,subject,distinguishing_features,description,place_of_origin,images');
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(4);
    expect(csv.stderr).toContain('URIs use http://localhost:8080');
    const jsonl = await runEgide(['export', '--format', 'linked-art', '--org', 'prado', '--data', dataDir]);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout.trimEnd().split('\n').map((line) => (JSON.parse(line) as { type: string }).type)).toEqual(['HumanMadeObject']);
  });

  it('refuses an unknown organisation or format, and leaves no file behind', async () => {
    const out = join(outDir, 'none.xml');
    const unknown = await runEgide(['export', '--format', 'lido', '--org', 'nowhere', '--out', out, '--data', dataDir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No organisation with the slug "nowhere"');
    expect(existsSync(out)).toBe(false);
    const bad = await runEgide(['export', '--format', 'marc', '--data', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown format "marc"');
  });
});
