import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { emptyDescription, type ObjectDescription } from '../object-record.js';
import { importActor } from './import-file.js';
import { describeFailure, type ImportSource, type SourceItem } from './import-pipeline.js';
import { runImport } from './import-writer.js';

/** A record of a test source: its id in the source (if any), inventory number and title. */
interface Rec {
  id?: string;
  number: string;
  title: string;
}

let t: TestApp;
let orgs = 0;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function museum(): Promise<string> {
  const slug = `source-ids-${++orgs}`;
  await t.context.organisations.ensure(slug, `Museum ${orgs}`, 'museum');
  return slug;
}

function source(items: ReadonlyArray<SourceItem<Rec>>): ImportSource<Rec> {
  return {
    async *records() {
      yield* items;
    },
  };
}

/** Imports the records, one per line, keyed on their id when they have one. */
async function importRecords(slug: string, items: ReadonlyArray<Rec | SourceItem<Rec>>, batchSize = 500) {
  const { organisation, actor } = await importActor(t.context, slug);
  return runImport<Rec>({
    db: t.context.db,
    objects: t.context.objects,
    actor,
    organisationId: organisation.id,
    source: source(items.map((item, i) => ('line' in item ? item : { line: i + 1, record: item }))),
    map: (rec) => ({
      description: { ...emptyDescription(rec.number), title: { en: rec.title } } satisfies ObjectDescription,
      ...(rec.id === undefined ? {} : { sourceId: rec.id }),
    }),
    reason: 'test import',
    batchSize,
  });
}

async function objectsOf(slug: string) {
  return t.context.db
    .selectFrom('objects')
    .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
    .select(['objects.seq', 'objects.inventory_number', 'objects.source_id', 'objects.title', 'objects.version'])
    .where('organisations.slug', '=', slug)
    .orderBy('objects.seq')
    .execute();
}

describe('imports keyed on the source record id', () => {
  it('updates the object imported from a record even when its inventory number changed', async () => {
    const slug = await museum();
    const first = await importRecords(slug, [
      { id: 'rec-1', number: 'A-1', title: 'Jar' },
      { id: 'rec-2', number: 'A-2', title: 'Bowl' },
    ]);
    expect(first).toMatchObject({ created: 2, failed: 0 });
    const again = await importRecords(slug, [
      { id: 'rec-1', number: 'A-1', title: 'Jar' },
      { id: 'rec-2', number: 'A-2', title: 'Bowl' },
    ]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });

    const renumbered = await importRecords(slug, [
      { id: 'rec-1', number: 'A-1', title: 'Jar' },
      { id: 'rec-2', number: 'B-2', title: 'Bowl' },
    ]);
    expect(renumbered).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    expect(await objectsOf(slug)).toEqual([
      expect.objectContaining({ inventory_number: 'A-1', source_id: 'rec-1', version: 1 }),
      expect.objectContaining({ inventory_number: 'B-2', source_id: 'rec-2', version: 2 }),
    ]);
  });

  it('adopts an object with the same inventory number and no source id, and keeps others keyed on the number', async () => {
    const slug = await museum();
    await importRecords(slug, [
      { number: 'C-1', title: 'Chair' },
      { number: 'C-2', title: 'Table' },
    ]);
    const adopted = await importRecords(slug, [{ id: 'rec-9', number: 'C-1', title: 'Chair' }]);
    expect(adopted).toMatchObject({ created: 0, updated: 1, failed: 0 });
    const [chair] = await objectsOf(slug);
    expect(chair).toMatchObject({ inventory_number: 'C-1', source_id: 'rec-9' });
    const history = await t.context.db.selectFrom('object_history').select('changes').where('object_seq', '=', chair!.seq).orderBy('id').execute();
    expect(JSON.parse(history.at(-1)!.changes)).toEqual({ sourceId: [null, 'rec-9'] });

    // Without an id, records still match on the inventory number, also an adopted object.
    const byNumber = await importRecords(slug, [
      { number: 'C-1', title: 'Armchair' },
      { number: 'C-2', title: 'Table' },
    ]);
    expect(byNumber).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.source_id, row.title])).toEqual([
      ['C-1', 'rec-9', 'Armchair'],
      ['C-2', null, 'Table'],
    ]);
  });

  it('reports a record whose inventory number belongs to another record, with its id, and imports the rest', async () => {
    const slug = await museum();
    await importRecords(slug, [
      { id: 'rec-1', number: 'D-1', title: 'Vase' },
      { id: 'rec-2', number: 'D-2', title: 'Cup' },
    ]);
    const report = await importRecords(
      slug,
      [
        { id: 'rec-3', number: 'D-1', title: 'Other vase' }, // D-1 is rec-1's
        { id: 'rec-1', number: 'D-2', title: 'Vase' }, // rec-1 cannot take rec-2's number
        { id: 'rec-4', number: 'D-4', title: 'Plate' },
        { id: 'rec-4', number: 'D-5', title: 'Plate again' }, // the same record twice
        { id: 'rec-5', number: 'D-4', title: 'Saucer' }, // the same number twice
        { line: 6, recordId: 'rec-6', error: 'unreadable record' },
      ],
      2,
    );
    expect(report).toMatchObject({ rows: 6, created: 1, updated: 0, unchanged: 0, failed: 5 });
    expect(report.failures.map(describeFailure)).toEqual([
      'record rec-3 (line 1): inventory number "D-1" is already used by the object imported from record rec-1',
      'record rec-1 (line 2): inventory number "D-2" is already used by the object imported from record rec-2',
      'record rec-4 (line 4): the record id is already used on line 3',
      'record rec-5 (line 5): inventoryNumber: "D-4" is already used on line 3',
      'record rec-6 (line 6): unreadable record',
    ]);
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.source_id, row.title])).toEqual([
      ['D-1', 'rec-1', 'Vase'],
      ['D-2', 'rec-2', 'Cup'],
      ['D-4', 'rec-4', 'Plate'],
    ]);
  });

  it('refuses to adopt an object that another record of the same batch already updates', async () => {
    const slug = await museum();
    await importRecords(slug, [{ id: 'rec-1', number: 'E-1', title: 'Lamp' }]);
    // rec-1 moves to E-2, and a record without id claims E-1 (still rec-1's object in the database).
    const report = await importRecords(slug, [
      { id: 'rec-1', number: 'E-2', title: 'Lamp' },
      { number: 'E-1', title: 'Lamp shade' },
    ]);
    expect(report).toMatchObject({ updated: 1, failed: 1 });
    expect(report.failures).toEqual([{ line: 2, reason: 'inventory number "E-1" is claimed by another record of this import' }]);
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.title])).toEqual([['E-2', 'Lamp']]);
  });

  it('places failures of a folder import at file:line', () => {
    expect(describeFailure({ file: 'lido/b.xml', line: 12, recordId: 'x', reason: 'bad' })).toBe('record x (lido/b.xml:12): bad');
    expect(describeFailure({ file: 'lido/b.xml', line: 12, reason: 'bad' })).toBe('lido/b.xml:12: bad');
  });
});
