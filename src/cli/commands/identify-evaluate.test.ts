import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitWallpapers } from '../../identify/evaluation/wallpapers.js';
import type { EvaluationReport } from '../../identify/evaluation/report.js';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import { runEgide } from '../../test-support/cli.js';
import { createTestApp } from '../../test-support/test-app.js';

describe('egide identify evaluate', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-evaluate-'));
    const t = await createTestApp(dataDir);
    try {
      await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
      const registrar = await t.context.accounts.servicePrincipal('louvre', 'registrar');
      for (const [n, file] of splitWallpapers().references.slice(0, 2).entries()) {
        const object = await t.context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber: `INV-${n}`, title: { en: `Artwork ${n}` } } }));
        await t.context.photos.addPhoto(registrar, object.id, await readFile(file), `artwork-${n}.webp`);
      }
      await t.context.indexingQueue.drain();
    } finally {
      await t.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('writes the report to stdout and --out, keeps it in the database, with progress on stderr', async () => {
    const out = join(dataDir, 'report.json');
    const run = await runEgide(['identify', 'evaluate', '--queries', '4', '--seed', '9', '--out', out, '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('egide identify evaluate: 4 of 4 queries');
    const report = JSON.parse(run.stdout) as EvaluationReport;
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(report);
    expect(report).toMatchObject({ seed: 9, registry: { objects: 2, photographedObjects: 2, photos: 2 }, queries: { total: 4, positives: 2, negatives: 2 }, settings: { searchedAs: 'admin' } });
    expect(report.results).toMatchObject({ positives: 2, negatives: 2 });

    const t = await createTestApp(dataDir);
    try {
      expect(await t.context.identifyEvaluations.latest()).toEqual(report);
    } finally {
      await t.close();
    }
    // Two CLI processes' worth of work, with the machine loaded: ~50 s on PostgreSQL.
  }, 180_000);

  it('refuses a number of queries out of range, and still identifies a photo named on the command line', async () => {
    const refused = await runEgide(['identify', 'evaluate', '--queries', '1', '--data', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('egide: --queries must be a whole number from 2 to 10000, not "1".');
    const photo = await runEgide(['identify', join(dataDir, 'nothing.jpg'), '--data', dataDir]);
    expect(photo.code).toBe(1);
    expect(photo.stderr).toContain('Cannot read');
  }, 60_000);
});
