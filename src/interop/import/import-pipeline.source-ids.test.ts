import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { emptyDescription, type ObjectDescription } from '../../registry/object-record.js';
import { importActor } from './import-file.js';
import { describeFailure, type ImportSource, type SourceItem } from './import-pipeline.js';
import { runImport } from './import-writer.js';
import { newMuseum } from '../../test-support/registry.js';

/** A record of a test source: its id in the source (if any), inventory number and title. */
interface Rec {
  id?: string;
  number?: string;
  title?: string;
}

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const museum = async () => (await newMuseum(t, 'source-ids', 'Museum')).slug;

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
    objects: t.context.objects,
    actor,
    organisationId: organisation.id,
    source: source(items.map((item, i) => ('line' in item ? item : { line: i + 1, record: item }))),
    map: (rec) => ({
      description: { ...emptyDescription(rec.number), title: rec.title === undefined ? {} : { en: rec.title } } satisfies ObjectDescription,
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

  it('imports records whose number other records have, warning of a number shared in the source, and refuses a repeated record id', async () => {
    const slug = await museum();
    await importRecords(slug, [
      { id: 'rec-1', number: 'D-1', title: 'Vase' },
      { id: 'rec-2', number: 'D-2', title: 'Cup' },
    ]);
    const report = await importRecords(
      slug,
      [
        { id: 'rec-3', number: 'D-1', title: 'Other vase' }, // D-1 is also rec-1's
        { id: 'rec-1', number: 'D-2', title: 'Vase' }, // rec-1 takes rec-2's number too
        { id: 'rec-4', number: 'D-4', title: 'Plate' },
        { id: 'rec-4', number: 'D-5', title: 'Plate again' }, // the same record twice
        { id: 'rec-5', number: 'D-4', title: 'Saucer' }, // the same number twice
        { line: 6, recordId: 'rec-6', error: 'unreadable record' },
      ],
      2,
    );
    expect(report).toMatchObject({ rows: 6, created: 3, updated: 1, unchanged: 0, warned: 1, failed: 2 });
    expect(report.failures.map(describeFailure)).toEqual([
      'record rec-4 (line 4): the record id is already used on line 3',
      'record rec-6 (line 6): unreadable record',
    ]);
    expect(report.warnings).toEqual([{ line: 5, recordId: 'rec-5', field: 'inventoryNumber', reason: 'shared with record rec-4 (on line 3)', value: 'D-4' }]);
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.source_id, row.title])).toEqual([
      ['D-2', 'rec-1', 'Vase'],
      ['D-2', 'rec-2', 'Cup'],
      ['D-1', 'rec-3', 'Other vase'],
      ['D-4', 'rec-4', 'Plate'],
      ['D-4', 'rec-5', 'Saucer'],
    ]);
    // Keyed on the number, a record cannot tell which of the objects sharing it it updates.
    const byNumber = await importRecords(slug, [{ number: 'D-4', title: 'Plate' }]);
    expect(byNumber.failures.map(describeFailure)).toEqual(['line 1: 2 objects have the inventory number "D-4": it does not say which one this record updates']);
  });

  it('keeps today’s rule for records without id: a number twice in the source is refused', async () => {
    const slug = await museum();
    const report = await importRecords(slug, [
      { number: 'F-1', title: 'Bowl' },
      { number: 'F-1', title: 'Another bowl' },
      { id: 'rec-1', number: 'F-1', title: 'A third one' },
    ]);
    expect(report).toMatchObject({ created: 1, failed: 2 });
    expect(report.failures.map(describeFailure)).toEqual([
      'line 2: inventoryNumber: "F-1" is already used on line 1',
      'record rec-1 (line 3): inventoryNumber: "F-1" is already used on line 1',
    ]);
  });

  it('imports records without a number or with a placeholder, with a warning, keyed on their id or title; refuses one that identifies nothing', async () => {
    const slug = await museum();
    const records: Rec[] = [
      { id: 'rec-1', title: 'Ring' },
      { id: 'rec-2', number: 's.n.', title: 'Brooch' },
      { id: 'rec-3', number: 'o. Nr.' }, // no title, but an id
      { number: '—', title: 'Coin' }, // no id: keyed on its title
      { number: 'ohne Nummer' }, // nothing to identify it
      { id: 'rec-4', number: '0', title: 'Zero' }, // a real number
    ];
    const first = await importRecords(slug, records);
    expect(first).toMatchObject({ created: 5, warned: 4, failed: 1 });
    expect(first.failures.map(describeFailure)).toEqual(['line 5: the record identifies nothing: no record id, no inventoryNumber and no title']);
    expect(first.warnings.map(({ line, reason, value }) => [line, reason, value])).toEqual([
      [1, 'missing: the record is imported without one', undefined],
      [2, 'missing: the record is imported without one', 's.n.'],
      [3, 'missing: the record is imported without one', 'o. Nr.'],
      [4, 'missing: the record is imported without one', '—'],
    ]);
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.source_id, row.title])).toEqual([
      [null, 'rec-1', 'Ring'],
      [null, 'rec-2', 'Brooch'],
      [null, 'rec-3', 'o. Nr.'],
      [null, null, 'Coin'],
      ['0', 'rec-4', 'Zero'],
    ]);
    const { organisation } = await importActor(t.context, slug);
    const stored = await t.context.db.selectFrom('objects').select('description').where('organisation_id', '=', organisation.id).where('source_id', '=', 'rec-2').executeTakeFirstOrThrow();
    expect(JSON.parse(stored.description)).toMatchObject({ inventoryNumberPlaceholder: 's.n.' });
    expect(JSON.parse(stored.description)).not.toHaveProperty('inventoryNumber');
    // Again: every object is found again, none duplicated.
    const again = await importRecords(slug, records);
    expect(again).toMatchObject({ created: 0, unchanged: 5, failed: 1 });
  });

  it('imports every record without id and number that repeats a title, keyed on the title and its rank, and finds them again', async () => {
    const slug = await museum();
    const fragments = [{ title: 'Untitled fragment' }, { title: 'Coin' }, { title: 'Untitled fragment' }, { title: 'Untitled fragment' }];
    const first = await importRecords(slug, fragments);
    expect(first).toMatchObject({ created: 4, failed: 0, warned: 4 });
    expect(first.warnings.filter((w) => /title is already used/.test(w.reason)).map((w) => [w.line, w.reason])).toEqual([
      [3, 'no inventoryNumber, and the title is already used on line 1: keyed on the title and its rank (2) among such records; give it a number to keep it apart when the source changes'],
      [4, 'no inventoryNumber, and the title is already used on line 1: keyed on the title and its rank (3) among such records; give it a number to keep it apart when the source changes'],
    ]);
    expect((await objectsOf(slug)).map((row) => row.title).sort()).toEqual(['Coin', 'Untitled fragment', 'Untitled fragment', 'Untitled fragment']);
    // The same file again: the same objects, none duplicated.
    expect(await importRecords(slug, fragments)).toMatchObject({ created: 0, unchanged: 4, failed: 0 });
    expect(await objectsOf(slug)).toHaveLength(4);
  });

  it('refuses an update of an object that another record of the same batch already updates', async () => {
    const slug = await museum();
    await importRecords(slug, [{ id: 'rec-1', number: 'E-1', title: 'Lamp' }]);
    // rec-1 moves to E-2, and a record without id claims E-1 (still rec-1's object in the database).
    const report = await importRecords(slug, [
      { id: 'rec-1', number: 'E-2', title: 'Lamp' },
      { number: 'E-1', title: 'Lamp shade' },
    ]);
    expect(report).toMatchObject({ updated: 1, failed: 1 });
    expect(report.failures).toEqual([{ line: 2, reason: 'the object it updates is claimed by another record of this import' }]);
    expect((await objectsOf(slug)).map((row) => [row.inventory_number, row.title])).toEqual([['E-2', 'Lamp']]);
  });

  it('places failures of a folder import at file:line', () => {
    expect(describeFailure({ file: 'lido/b.xml', line: 12, recordId: 'x', reason: 'bad' })).toBe('record x (lido/b.xml:12): bad');
    expect(describeFailure({ file: 'lido/b.xml', line: 12, reason: 'bad' })).toBe('lido/b.xml:12: bad');
  });
});
