/** `egide import --format linked-art` end to end: an Egide export imported into another museum, re-imports, broken lines. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/import-file.js';
import { describeFailure } from '../import/import-pipeline.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { ExportRepository } from '../export.repository.js';
import { exportObjects } from '../object-export.js';
import { fullDescription, links, paintingObject } from '../testing/fixtures.js';
import { seedObjects } from '../testing/seed.js';

let t: TestApp;
let folder: string;

const importLinkedArt = (file: string, organisation: string) => importFile(t.context, { format: 'linked-art', file, organisation, threads: false });

async function descriptionsOf(slug: string): Promise<Array<{ source: string | null; description: ObjectDescription }>> {
  const rows = await t.context.db
    .selectFrom('objects')
    .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
    .select(['objects.source_id', 'objects.description'])
    .where('organisations.slug', '=', slug)
    .orderBy('objects.inventory_number')
    .execute();
  return rows.map((row) => ({ source: row.source_id, description: JSON.parse(row.description) as ObjectDescription }));
}

beforeAll(async () => {
  t = await createTestApp();
  folder = join(t.dataDir, 'linked-art');
  mkdirSync(folder, { recursive: true });
  const full = fullDescription();
  // The full description with every place's kind given (Linked Art writes places without one as places of origin).
  await seedObjects(t, 'guimet', [
    { description: { ...full, places: full.places.map((place) => ({ ...place, kind: place.kind ?? 'origin' })) } },
    { description: paintingObject().description },
  ]);
  await t.context.organisations.ensure('receiving-museum', 'Receiving museum', 'museum');
});
afterAll(() => t.close());

describe('importing Linked Art', () => {
  it('an export imported elsewhere gives the same descriptions, keyed on the documents’ ids; again, nothing changes', async () => {
    const repository = new ExportRepository(t.context.db);
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString('utf8'));
        callback();
      },
    });
    await exportObjects(repository, sink, { format: 'linked-art', audience: 'administrative', organisationId: (await repository.organisationId('guimet'))!, links });
    const file = join(folder, 'guimet.jsonl');
    writeFileSync(file, chunks.join(''));

    expect(await importLinkedArt(file, 'receiving-museum')).toMatchObject({ rows: 2, created: 2, failed: 0 });
    const imported = await descriptionsOf('receiving-museum');
    const original = await descriptionsOf('guimet');
    // Linked Art has no date documented.
    expect(imported.map((o) => o.description)).toEqual(original.map((o) => ({ ...o.description, dateDocumented: null })));
    expect(imported.every((o) => o.source?.startsWith(`${links.object('')}`))).toBe(true);

    expect(await importLinkedArt(file, 'receiving-museum')).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });

    // Imported back into the museum it came from: its objects are adopted (keyed on the ids from now on), their date documented kept.
    expect(await importLinkedArt(file, 'guimet')).toMatchObject({ created: 0, updated: 2, unchanged: 0, failed: 0 });
    const adopted = await descriptionsOf('guimet');
    expect(adopted.map((o) => o.description)).toEqual(original.map((o) => o.description));
    expect(adopted.map((o) => o.source)).toEqual(imported.map((o) => o.source));
  });

  it('reports a malformed JSON line and a document that is not an object description, and imports the rest', async () => {
    const doc = (number: string, id: string) =>
      JSON.stringify({ id, type: 'HumanMadeObject', _label: number, identified_by: [{ type: 'Identifier', classified_as: [{ id: 'http://vocab.getty.edu/aat/300312355', type: 'Type' }], content: number }] });
    const file = join(folder, 'mixed.jsonl');
    writeFileSync(file, [doc('M-1', 'urn:m:1'), '{"id": "urn:m:2", "type": "HumanMadeObject"', JSON.stringify({ id: 'urn:m:3', type: 'Person' }), doc('M-4', 'urn:m:4')].join('\n'));
    await t.context.organisations.ensure('mixed-museum', 'Mixed museum', 'museum');
    const report = await importLinkedArt(file, 'mixed-museum');
    expect(report.failures.map(describeFailure)).toEqual([expect.stringMatching(/^line 2: not JSON \(/), 'line 3: document is a Person, not a HumanMadeObject']);
    expect(report).toMatchObject({ rows: 4, created: 2, failed: 2 });
    expect((await descriptionsOf('mixed-museum')).map((o) => [o.source, o.description.inventoryNumber])).toEqual([
      ['urn:m:1', 'M-1'],
      ['urn:m:4', 'M-4'],
    ]);
  });

  it('imports an object without inventory number, keyed on its id', async () => {
    const file = join(folder, 'unnumbered.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'urn:u:1', type: 'ManMadeObject', label: 'Bowl', identified_by: [{ type: 'Name', value: 'Bowl with fish' }] }));
    await t.context.organisations.ensure('unnumbered-museum', 'Unnumbered museum', 'museum');
    expect(await importLinkedArt(file, 'unnumbered-museum')).toMatchObject({ created: 1, failed: 0 });
    const [imported] = await descriptionsOf('unnumbered-museum');
    expect(imported).toMatchObject({ source: 'urn:u:1', description: { title: { en: 'Bowl with fish' } } });
    expect(imported?.description).not.toHaveProperty('inventoryNumber');
  });

  it('imports documents of every version from a folder, and reports those that describe no object with their type', async () => {
    await t.context.organisations.ensure('versions-museum', 'Versions museum', 'museum');
    const report = await importLinkedArt(fileURLToPath(new URL('./fixtures/', import.meta.url)), 'versions-museum');
    expect(report.failures.map(describeFailure).sort()).toEqual([
      'fragment-without-type.json:1: document has no type',
      'visual-item.json:1: document is a VisualItem, not a HumanMadeObject',
    ]);
    expect(report).toMatchObject({ rows: 7, created: 5, failed: 2 });
    // Measurements that cannot be read are imported as text, with a warning.
    expect(report.warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'dutch-ducaton.json', field: 'dimension statement', value: 'about the size of a palm' })]),
    );
    const imported = new Map((await descriptionsOf('versions-museum')).map((o) => [o.description.inventoryNumber, o]));
    expect([...imported.keys()].sort()).toEqual(['1887.12', '1931.44.7', '49.17', '82.PB.70', 'C-3']);
    // Nothing of the kind is lost: title, identifiers, maker, dates, measurements.
    expect(imported.get('1887.12')).toMatchObject({
      source: 'https://collection.example.org/object/1887-12',
      description: { title: { en: 'Portrait of a Woman', fr: 'Portrait de femme' }, makers: [{ name: 'Berthe Morisot' }], dating: { earliest: 1876, latest: 1876 }, measurements: [{ dimension: 'height', value: 65 }, { dimension: 'width', value: 54 }] },
    });
    expect(imported.get('82.PB.70')?.description).toMatchObject({ title: { en: 'Vase of Flowers' }, makers: [{ name: 'Jan van Huysum' }], dating: { display: '1722' }, measurements: [{ dimension: 'height', value: 79.5 }, { dimension: 'width', value: 61 }] });
    expect(imported.get('1931.44.7')?.description).toMatchObject({ title: { en: 'Ducaton of Zeeland' }, measurements: [{ dimension: 'weight', value: 32.48, unit: 'g' }, { dimension: 'diameter', value: 4.2, unit: 'cm' }] });
    expect(imported.get('49.17')?.description.title).toEqual({ en: 'Landscape with a River' });
    expect(imported.get('C-3')?.source).toBe('https://collection.example.org/object/cup-3');
  });
});
