import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentificationJson } from '../../identify/identify.api.js';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import { runEgide } from '../../test-support/cli.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { createTestApp } from '../../test-support/test-app.js';

// Each run starts Node with tsx (about a second): a few runs, sharing one data folder, in order.
describe('egide index and egide identify', () => {
  let dataDir: string;
  let fieldPhoto: string;
  let paintingId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-identify-'));
    const t = await createTestApp(dataDir);
    try {
      await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
      const registrar = await t.context.accounts.servicePrincipal('louvre', 'registrar');
      for (const n of [0, 1, 2]) {
        const input = CreateObjectSchema.parse({ description: { inventoryNumber: `INV-${n}`, title: { en: `Painting ${n}` }, objectType: [{ label: { en: 'paintings' } }] } });
        const object = await t.context.objects.create(registrar, input);
        await t.context.photos.addPhoto(registrar, object.id, await painting(n), `painting-${n}.jpg`);
        if (n === 0) paintingId = object.id;
      }
    } finally {
      await t.close();
    }
    fieldPhoto = join(dataDir, 'field.jpg');
    writeFileSync(fieldPhoto, await rephotographed(await painting(0)));
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('index status counts the photos the triggers queued; rebuild indexes them all', async () => {
    expect((await runEgide(['index', 'status', '--data', dataDir])).stdout).toBe('indexed\t0\npending\t3\nfailed\t0\n');
    const rebuild = await runEgide(['index', 'rebuild', '--data', dataDir]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stderr).toContain('egide index: 3 photos queued');
    // Indexed at slots 1…3 (the first slot SQLite gives), then 0…2: the photo at 3 moves to 0.
    expect(rebuild.stderr).toContain('egide index: slots compacted (1 photo moved)');
    expect(rebuild.stdout).toMatch(/^indexed 3 photos in [\d.]+ s \([\d,]+ photos\/s\); failed 0; index 3 photos\n$/);
    expect((await runEgide(['index', 'status', '--data', dataDir])).stdout).toBe('indexed\t3\npending\t0\nfailed\t0\n');
    // Four CLI processes, each starting tsx and opening the registry: 13 s on PostgreSQL with the machine loaded.
  }, 90_000);

  it('identify --json answers as the API does; by default it searches every object, --as-org narrows it', async () => {
    const run = await runEgide(['identify', fieldPhoto, '--json', '--top', '3', '--data', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as IdentificationJson;
    expect(result.verdict).toBe('match');
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]).toMatchObject({ objectId: paintingId, inventoryNumber: 'INV-0', title: 'Painting 0', verdict: 'match' });
    expect(result.candidates[0]!.evidenceUrl).toBe(`/media/identifications/${result.identificationId}/evidence/${paintingId}`);

    // Another museum's registrar does not see the Louvre's inventory.
    await runEgide(['org', 'add', '--slug', 'prado', '--name', 'Museo del Prado', '--data', dataDir]);
    const narrowed = await runEgide(['identify', fieldPhoto, '--as-org', 'prado', '--role', 'registrar', '--data', dataDir]);
    expect(narrowed.code, narrowed.stderr).toBe(0);
    expect(narrowed.stdout).toMatch(/^verdict: no-match \(not among the registered objects searched\)\nidentification: [0-9a-z]{16}\n$/);
  }, 90_000);

  it('refuses what it cannot identify with a clear message', async () => {
    const missing = await runEgide(['identify', join(dataDir, 'nothing.jpg'), '--data', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read');
    writeFileSync(join(dataDir, 'notes.txt'), 'not a photo');
    const notImage = await runEgide(['identify', join(dataDir, 'notes.txt'), '--data', dataDir]);
    expect(notImage.code).toBe(1);
    expect(notImage.stderr).toContain('egide: This file is not an image Egide can read');
  });
});
