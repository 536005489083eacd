import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateObjectSchema } from '../../registry/object.schemas.js';
import { runEgide } from '../../test-support/cli.js';
import { painting, rephotographed } from '../../test-support/identify-images.js';
import { createTestApp } from '../../test-support/test-app.js';

describe('egide check', () => {
  let dataDir: string;
  let stolenId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'egide-cli-check-'));
    const t = await createTestApp(dataDir);
    try {
      await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
      await t.context.organisations.ensure('galerie', 'Galerie Dupont', 'partner');
      const registrar = await t.context.accounts.servicePrincipal('louvre', 'registrar');
      const object = await t.context.objects.create(registrar, CreateObjectSchema.parse({ description: { inventoryNumber: 'INV 2001.7', title: { en: 'River landscape' }, objectType: [{ label: { en: 'paintings' } }] } }));
      stolenId = object.id;
      await t.context.photos.addPhoto(registrar, object.id, await painting(1), 'landscape.jpg');
      await t.context.objects.reportIncident(registrar, object.id, { method: 'theft', reporter: 'Registrar', publish: true });
      await t.context.indexingQueue.drain();
    } finally {
      await t.close();
    }
    writeFileSync(join(dataDir, 'sale.csv'), ['lot,title,inventory_number,value_eur', '1,Chair,,300', '2,Landscape with river,inv. 2001-7,', '3,Bowl,,many', '4,Still life,,'].join('\n'));
    mkdirSync(join(dataDir, 'lot-photos'));
    writeFileSync(join(dataDir, 'lot-photos', 'lot 4.jpg'), await rephotographed(await painting(1)));
  }, 60_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('screens a catalogue with its photos folder: progress on stderr, one line per lot, exit code 2 on a match', async () => {
    const run = await runEgide(['check', join(dataDir, 'sale.csv'), '--org', 'galerie', '--images', join(dataDir, 'lot-photos'), '--data', dataDir]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('4/4 lots · match 2, possible 0, no match 1, broken 1');
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^line\s+lot\s+title\s+outcome\s+evidence$/);
    expect(lines[1]).toMatch(/^2\s+1\s+Chair\s+no-match/);
    expect(lines[2]).toMatch(new RegExp(`^3\\s+2\\s+Landscape with river\\s+match\\s+${stolenId} match by inventory-number\\+title`));
    expect(lines[3]).toMatch(/^4\s+3\s+Bowl\s+broken\s+value "many" is not an amount in euros$/);
    expect(lines[4]).toMatch(new RegExp(`^5\\s+4\\s+Still life\\s+match\\s+${stolenId} match by photo lot 4.jpg`));
    expect(lines[5]).toMatch(/^check \S+: done$/);
  }, 90_000);
});
