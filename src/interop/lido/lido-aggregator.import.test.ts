/**
 * An aggregator's LIDO file (fixtures/aggregator.xml: three holding institutions, a record without
 * number, two sharing one, a placeholder, a record naming no holder) routed to organisations with
 * `--org-from repository`, `--orgs` and `--create-orgs`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/import-file.js';
import { describeFailure, describeWarning } from '../import/import-pipeline.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';

const AGGREGATOR = fileURLToPath(new URL('./fixtures/aggregator.xml', import.meta.url));

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.context.organisations.ensure('mkg', 'MKG Hamburg', 'museum');
  await t.context.organisations.ensure('mad', 'Arts décoratifs', 'museum');
  await t.context.organisations.ensure('fallback', 'Fallback museum', 'museum');
  // Named as the file names its holder (case and accents aside): found without --orgs.
  await t.context.organisations.ensure('mnad', 'museo nacional de artes decorativas', 'museum');
});
afterAll(() => t.close());

const ORGS = { 'Museum für Kunst und Gewerbe Hamburg': 'mkg', 'Musée des Arts décoratifs': 'mad' };

const importAggregator = (options: { orgs?: Record<string, string>; createOrgs?: boolean; organisation?: string }) =>
  importFile(t.context, { format: 'lido', file: AGGREGATOR, orgFrom: 'repository', threads: false, ...options });

async function objectsOf(slug: string) {
  return t.context.db
    .selectFrom('objects')
    .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
    .select(['objects.id', 'objects.source_id', 'objects.inventory_number', 'objects.title', 'objects.created_by'])
    .where('organisations.slug', '=', slug)
    .orderBy('objects.seq')
    .execute();
}

describe('aggregator files routed to their holding institutions', () => {
  it('routes by --orgs and by name, warns of missing and shared numbers, and counts per organisation; a holder without organisation fails, naming it', async () => {
    await t.context.organisations.ensure('mnad-elsewhere', 'Another museum', 'museum');
    const report = await importAggregator({ orgs: { ...ORGS, 'Museo Nacional de Artes Decorativas': 'mnad-elsewhere' } });
    expect(report).toMatchObject({ rows: 6, created: 5, warned: 3, failed: 1 });
    expect(report.failures.map(describeFailure)).toEqual(['record agg-6 (line 62): the record names no holding institution, and no --org was given for such records']);
    expect(report.warnings.map(describeWarning)).toEqual([
      'record agg-2 (line 17): inventoryNumber: missing: the record is imported without one',
      'record agg-4 (line 36): inventoryNumber: shared with record agg-3 (on line 26)',
      'record agg-5 (line 46): inventoryNumber: missing: the record is imported without one',
    ]);
    expect(report.organisations).toEqual({
      mad: { created: 2, updated: 0, unchanged: 0, warned: 1, failed: 0 },
      mkg: { created: 2, updated: 0, unchanged: 0, warned: 1, failed: 0 },
      'mnad-elsewhere': { created: 1, updated: 0, unchanged: 0, warned: 1, failed: 0 },
    });
    expect((await objectsOf('mkg')).map((o) => [o.source_id, o.inventory_number, o.title])).toEqual([
      ['agg-1', '1877.31', 'Teapot'],
      ['agg-2', null, 'Bowl'],
    ]);
    expect((await objectsOf('mad')).map((o) => [o.source_id, o.inventory_number])).toEqual([
      ['agg-3', 'INV 12'],
      ['agg-4', 'INV 12'],
    ]);
    // Each organisation's objects are imported by its own registrar service user.
    const mkgRegistrar = await t.context.accounts.servicePrincipal('mkg', 'registrar');
    expect((await objectsOf('mkg')).every((o) => o.created_by === mkgRegistrar.userId)).toBe(true);

    // The completeness of the objects sharing a number names the other; the placeholder is kept.
    const admin = await t.context.accounts.servicePrincipal('secretariat', 'admin');
    const [chair, pair] = await objectsOf('mad');
    expect((await t.context.objects.get(admin, pair!.id)).completeness.inventoryNumber).toEqual({ state: 'shared', with: [{ id: chair!.id, title: 'Chaise' }] });
    const [fan] = await objectsOf('mnad-elsewhere');
    expect((await t.context.objects.get(admin, fan!.id)).completeness.inventoryNumber).toEqual({ state: 'missing', placeholder: 's.n.' });

    // Without a mapping for a holder, and no organisation of that name, the record fails naming it.
    const unmapped = await importAggregator({ orgs: { 'Musée des Arts décoratifs': 'mad' }, organisation: 'fallback' });
    expect(unmapped.failures.map(describeFailure)).toEqual([
      'record agg-1 (line 7): no organisation for the holding institution "Museum für Kunst und Gewerbe Hamburg": map it in --orgs FILE, or add it with --create-orgs',
      'record agg-2 (line 17): no organisation for the holding institution "Museum für Kunst und Gewerbe Hamburg": map it in --orgs FILE, or add it with --create-orgs',
    ]);
    // Found by its name, mnad gets the fan; --org takes the record that names no holder.
    expect(unmapped.organisations).toEqual({
      fallback: { created: 1, updated: 0, unchanged: 0, warned: 0, failed: 0 },
      mad: { created: 0, updated: 0, unchanged: 2, warned: 1, failed: 0 },
      mnad: { created: 1, updated: 0, unchanged: 0, warned: 1, failed: 0 },
    });
  });

  it('--create-orgs adds a museum per unknown holder, with a unique slug, once', async () => {
    await t.context.organisations.ensure('museum-fur-kunst-und-gewerbe-hamburg', 'Some other museum', 'museum'); // the slug is taken
    const first = await importAggregator({ createOrgs: true, organisation: 'fallback' });
    expect(first.failed).toBe(0);
    expect(Object.keys(first.organisations!)).toEqual(['fallback', 'mnad', 'musee-des-arts-decoratifs', 'museum-fur-kunst-und-gewerbe-hamburg-2']);
    const created = await t.context.organisations.findBySlug('museum-fur-kunst-und-gewerbe-hamburg-2');
    expect(created).toMatchObject({ name: 'Museum für Kunst und Gewerbe Hamburg', kind: 'museum' });
    expect((await objectsOf('museum-fur-kunst-und-gewerbe-hamburg-2')).map((o) => o.source_id)).toEqual(['agg-1', 'agg-2']);

    const again = await importAggregator({ createOrgs: true, organisation: 'fallback' });
    expect(again).toMatchObject({ created: 0, unchanged: 6, failed: 0 });
    expect(await t.context.organisations.findBySlug('museum-fur-kunst-und-gewerbe-hamburg-3')).toBeUndefined();
  });

  it('refuses an --orgs file naming an unknown organisation before importing anything', async () => {
    await expect(importAggregator({ orgs: { 'Musée des Arts décoratifs': 'nowhere' } })).rejects.toThrow('No organisation with the slug "nowhere"');
  });

  it('routes Linked Art documents by their current_owner the same way', async () => {
    const object = (id: string, owner: string | undefined, number?: string) => ({
      '@context': 'https://linked.art/ns/v1/linked-art.json',
      id: `https://example.org/object/${id}`,
      type: 'HumanMadeObject',
      _label: `Object ${id}`,
      identified_by: number ? [{ type: 'Identifier', classified_as: [{ id: 'http://vocab.getty.edu/aat/300312355', type: 'Type' }], content: number }] : [],
      ...(owner ? { current_owner: [{ id: `https://example.org/group/${owner}`, type: 'Group', _label: owner }] } : {}),
    });
    const file = join(t.dataDir, 'aggregated.json');
    writeFileSync(file, JSON.stringify([object('la-1', 'Museum für Kunst und Gewerbe Hamburg', 'LA-1'), object('la-2', 'Musée des Arts décoratifs'), object('la-3', undefined, 'LA-3')]));
    const report = await importFile(t.context, { format: 'linked-art', file, orgFrom: 'repository', orgs: ORGS, organisation: 'fallback', threads: false });
    expect(report).toMatchObject({ created: 3, warned: 1, failed: 0 });
    expect(report.organisations).toMatchObject({ mkg: { created: 1 }, mad: { created: 1, warned: 1 }, fallback: { created: 1 } });
    expect((await objectsOf('mad')).map((o) => [o.source_id, o.inventory_number]).at(-1)).toEqual(['https://example.org/object/la-2', null]);
  });
});
