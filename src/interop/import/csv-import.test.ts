import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../../roles.js';
import { DomainError } from '../../errors.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { ObjectRepository } from '../../registry/object.repository.js';
import { csvTemplate } from './csv-format.js';
import { importCsv as importFile } from './import-file.js';
import type { ImportProgress } from './import-pipeline.js';
import { newMuseum } from '../../test-support/registry.js';

const HEADER = csvTemplate().header;
/** Sees every object, to check what search finds. */
const ADMIN: Principal = { userId: 0, displayName: 'admin', role: 'admin', organisationId: 0, organisationSlug: '', via: 'token' };

let t: TestApp;
let folder: string;
let files = 0;

/** A CSV file in the test folder (beside its photos/ folder). */
function csv(...rows: string[]): string {
  const path = join(folder, `objects-${++files}.csv`);
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

/** A fresh museum, so that tests do not see each other's objects. */
const museum = () => newMuseum(t, 'museum', 'Museum');

async function objectsOf(organisationId: number) {
  return t.context.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).orderBy('seq').execute();
}

async function countOf(table: 'objects' | 'object_history' | 'object_photos', organisationId: number): Promise<number> {
  const query =
    table === 'objects'
      ? t.context.db.selectFrom('objects').where('organisation_id', '=', organisationId)
      : t.context.db.selectFrom(table).innerJoin('objects', 'objects.seq', `${table}.object_seq`).where('objects.organisation_id', '=', organisationId);
  const row = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

const description = (row: { description: string }) => JSON.parse(row.description) as ObjectDescription;

beforeAll(async () => {
  t = await createTestApp();
  folder = join(t.dataDir, 'import');
  mkdirSync(join(folder, 'photos'), { recursive: true });
  const image = (colour: string) => sharp({ create: { width: 64, height: 48, channels: 3, background: colour } }).jpeg().toBuffer();
  writeFileSync(join(folder, 'photos', 'front.jpg'), await image('#c04040'));
  writeFileSync(join(folder, 'photos', 'back.jpg'), await image('#4040c0'));
  writeFileSync(join(folder, 'photos', 'notes.txt'), 'not an image');
});
afterAll(() => t.close());

const FIVE = [
  HEADER,
  'A-1,fr:Portrait d’un évêque|en:Portrait of a bishop,paintings > oil paintings,oil paint; canvas,painting,H 30 x W 40 cm,signature: J. Smith @ lower right,c. 1650,Jan Smith,a bishop,,Oil on canvas,Delft (NL),',
  'A-2,Jar,ceramics > jar,earthenware,,30 cm high,,1650-1660,,,,,,',
  'A-3,Coin,coins,silver,,Diam. 2 cm,,1712,,,,,,',
  'A-4,Chair,furniture > chairs,wood,carving,H 90 cm,,18th century,,,,,Paris (FR),',
  'A-5,Untitled,,,,,,,,,,,,',
];

// The cases run with the records read in this thread; the main ones again with the records read in a
// worker thread, as for large files (starting a worker takes about a second here).
describe.each([
  { threads: false, mode: 'in this thread' },
  { threads: true, mode: 'read in a worker thread' },
])('CSV import, $mode', ({ threads }) => {
  const importCsv = (context: TestApp['context'], options: Parameters<typeof importFile>[1]) => importFile(context, { ...options, threads });
  // The rest of the cases do not depend on where records are read: they run once, in this thread.
  const inThreadOnly = (name: string, test: () => Promise<void>) => {
    if (!threads) it(name, test);
  };

  it('creates every object of the file, as the organisation’s registrar service, and reports the counts', async () => {
    const { slug, id, name } = await museum();
    const progress: ImportProgress[] = [];
    const report = await importCsv(t.context, { file: csv(...FIVE), organisation: slug, batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({ rows: 5, created: 5, updated: 0, unchanged: 0, failed: 0, failures: [] });
    expect(report.stopped).toBeUndefined();

    const rows = await objectsOf(id);
    expect(rows.map((row) => row.inventory_number)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5']);
    expect(description(rows[0]!)).toMatchObject({
      title: { fr: 'Portrait d’un évêque', en: 'Portrait of a bishop' },
      dating: { display: 'c. 1650', earliest: 1640, latest: 1660 },
      places: [{ name: 'Delft', country: 'NL', kind: 'origin' }],
    });
    expect(rows[0]).toMatchObject({ title: 'Portrait of a bishop', object_type: 'oil-paintings', height_cm: 30, country: 'NL', status: 'in-collection' });

    const history = await t.context.db.selectFrom('object_history').selectAll().where('object_seq', '=', rows[0]!.seq).execute();
    expect(history).toEqual([expect.objectContaining({ action: 'created', actor: `${name} (registrar service)`, reason: expect.stringMatching(/^import of objects-\d+\.csv$/) })]);
    // The full-text index has the imported objects.
    const found = await t.context.search.search(ADMIN, { q: 'eveque', limit: 10, offset: 0 }, 'en');
    expect(found.items.map((hit) => hit.id)).toContain(rows[0]!.id);

    // Progress after each batch (3 batches of 2, 2, 1), then the end.
    expect(progress.map((p) => p.created)).toEqual([2, 4, 5, 5]);
    expect(progress.at(-1)?.fraction).toBe(1);
  });

  inThreadOnly('updates instead of duplicating when the file is imported again, and leaves unchanged rows alone', async () => {
    const { slug, id } = await museum();
    const file = csv(...FIVE);
    await importCsv(t.context, { file, organisation: slug });
    const again = await importCsv(t.context, { file, organisation: slug });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 0 });

    const edited = csv(...FIVE.map((row) => (row.startsWith('A-2,') ? row.replace('A-2,Jar,', 'A-2,Storage jar,') : row)), 'A-6,New,,,,,,,,,,,,');
    const third = await importCsv(t.context, { file: edited, organisation: slug });
    expect(third).toMatchObject({ created: 1, updated: 1, unchanged: 4, failed: 0 });
    expect(await countOf('objects', id)).toBe(6);
    const jar = (await objectsOf(id)).find((row) => row.inventory_number === 'A-2')!;
    expect(jar).toMatchObject({ title: 'Storage jar', version: 2 });
    const history = await t.context.db.selectFrom('object_history').selectAll().where('object_seq', '=', jar.seq).orderBy('id').execute();
    expect(history.map((entry) => entry.action)).toEqual(['created', 'updated']);
    expect(JSON.parse(history[1]!.changes)).toEqual({ title: [{ en: 'Jar' }, { en: 'Storage jar' }] });
  });

  it('reports each broken row with its line and reason, also after a multi-line cell, and imports the rest, rows with a bad cell with a warning', async () => {
    const { slug, id } = await museum();
    const file = csv(
      HEADER, // line 1
      'B-1,Good,,,,,,,,,"scratched,', // lines 2-4: a quoted cell over three lines
      'repaired',
      'twice",,,', // (end of B-1)
      'B-2,Bad size,,,,thirty centimetres,,,,,,,,', // 5
      ',No number,,,,,,,,,,,,', // 6
      'B-1,Twice,,,,,,,,,,,,', // 7
      'B-3,"Bad date,', // 8-9
      'on two lines",,,,,,1660-1650,,,,,,', //
      'B-4,Atlantis,,,,,,,,,,,Atlantis (XQ),', // 10
      'B-5,Escape,,,,,,,,,,,,../../etc/passwd', // 11
      'B-6,Absolute,,,,,,,,,,,,/etc/passwd', // 12
      'B-7,Missing image,,,,,,,,,,,,photos/none.jpg', // 13
      'B-8,Too many cells,,,,,,,,,,,,,', // 14
      '', // 15: blank, skipped
      'B-9,Good too,,,,,,,,,,,,', // 16
    );
    const report = await importCsv(t.context, { file, organisation: slug, batchSize: 2 });
    expect(report.failures).toEqual([
      { line: 7, reason: 'inventory_number: "B-1" is already used on line 2' },
      { line: 14, reason: expect.stringContaining('15 cells where the header has 14') },
    ]);
    // A cell that cannot be read costs the row nothing but a warning: what it says is kept as text.
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        { line: 5, field: 'measurements', reason: 'cannot read "thirty centimetres" (write e.g. "H 30 x W 40 cm"): kept as written in the description', value: 'thirty centimetres' },
        { line: 8, field: 'date', reason: 'ends before it starts: kept as display text, without years', value: '1660-1650' },
        { line: 10, field: 'place_of_origin', reason: '"XQ" is not a country code (ISO 3166-1, e.g. FR, NL, ES): the place is kept as written', value: 'Atlantis (XQ)' },
        { line: 11, field: 'images', reason: '"../../etc/passwd" is outside the folder of the import file: the record is imported without it', value: '../../etc/passwd' },
        { line: 12, field: 'images', reason: expect.stringContaining('"/etc/passwd" is an absolute path'), value: '/etc/passwd' },
        { line: 13, field: 'images', reason: '"photos/none.jpg" not found: the record is imported without it', value: 'photos/none.jpg' },
      ]),
    );
    expect(report).toMatchObject({ rows: 11, failed: 2 });
    expect(report.warned).toBeGreaterThanOrEqual(6);
    const rows = await objectsOf(id);
    expect(rows.map((row) => row.inventory_number)).toEqual(expect.arrayContaining(['B-1', 'B-2', 'B-3', 'B-4', 'B-5', 'B-6', 'B-7', 'B-9']));
    expect(description(rows[0]!).distinguishingFeatures).toEqual({ en: 'scratched,\nrepaired\ntwice' });
    const kept = (number: string) => description(rows.find((row) => row.inventory_number === number)!);
    expect(kept('B-2').description).toEqual({ en: 'thirty centimetres' });
    expect(kept('B-3').dating).toEqual({ display: '1660-1650' });
    expect(kept('B-4').places).toEqual([{ name: 'Atlantis (XQ)', kind: 'origin' }]);
  });

  inThreadOnly('imports values the schema refuses, repaired, with a warning naming their column', async () => {
    const { slug, id } = await museum();
    const report = await importCsv(t.context, { file: csv(HEADER, `C-1,${'x'.repeat(20_001)},,,,,,,,,,,,`), organisation: slug });
    expect(report).toMatchObject({ created: 1, warned: 1, failed: 0 });
    expect(report.warnings).toEqual([{ line: 2, field: 'title (en)', reason: expect.stringMatching(/cut at 20,000 characters/), value: expect.stringMatching(/^x+…$/) }]);
    expect(description((await objectsOf(id))[0]!).title.en).toHaveLength(20_000);
  });

  inThreadOnly('attaches images once: importing again does not attach them a second time', async () => {
    const { slug, id } = await museum();
    const file = csv(HEADER, 'D-1,Vase,,,,,,,,,,,,photos/front.jpg|photos/back.jpg', 'D-2,Bowl,,,,,,,,,,,,photos\\front.jpg', 'D-3,Text,,,,,,,,,,,,photos/notes.txt');
    const first = await importCsv(t.context, { file, organisation: slug });
    expect(first).toMatchObject({ created: 3, warned: 1, failed: 0, images: { attached: 3, alreadyAttached: 0, failed: 1 } });
    expect(first.warnings).toEqual([{ line: 4, field: 'images', reason: expect.stringMatching(/^cannot be attached \(.+\): the record is imported without it$/), value: 'photos/notes.txt' }]);
    expect(await countOf('object_photos', id)).toBe(3);

    const second = await importCsv(t.context, { file, organisation: slug });
    expect(second).toMatchObject({ unchanged: 3, images: { attached: 0, alreadyAttached: 3, failed: 1 } });
    expect(await countOf('object_photos', id)).toBe(3);
    const vase = (await objectsOf(id))[0]!;
    const photos = await t.context.db.selectFrom('object_photos').selectAll().where('object_seq', '=', vase.seq).orderBy('position').execute();
    expect(photos.map((photo) => photo.position)).toEqual([1, 2]);
  });

  it('a killed import keeps whole batches only, and running it again completes it', async () => {
    const { slug, id } = await museum();
    const rows = Array.from({ length: 8 }, (_, i) => `K-${i + 1},Object ${i + 1},,,,,,,,,,,,`);
    const file = csv(HEADER, ...rows);
    // Killed right after the first batch was committed.
    const killed = importCsv(t.context, {
      file,
      organisation: slug,
      batchSize: 3,
      afterBatch: () => {
        throw new Error('killed');
      },
    });
    await expect(killed).rejects.toThrow('killed');
    expect(await countOf('objects', id)).toBe(3);
    expect(await countOf('object_history', id)).toBe(3);

    // Killed in the middle of the second batch's transaction: none of that batch is kept.
    const addHistoryMany = vi.spyOn(ObjectRepository.prototype, 'addHistoryMany').mockRejectedValueOnce(new Error('killed mid-batch'));
    await expect(importCsv(t.context, { file, organisation: slug, batchSize: 3 })).rejects.toThrow('killed mid-batch');
    addHistoryMany.mockRestore();
    expect((await objectsOf(id)).map((row) => row.inventory_number)).toEqual(['K-1', 'K-2', 'K-3']);
    expect(await countOf('object_history', id)).toBe(3);

    const rerun = await importCsv(t.context, { file, organisation: slug, batchSize: 3 });
    expect(rerun).toMatchObject({ created: 5, unchanged: 3, failed: 0 });
    expect(await countOf('objects', id)).toBe(8);
    expect(await countOf('object_history', id)).toBe(8);
  });

  it('stops at a quote that is never closed, keeping the rows before it', async () => {
    const { slug, id } = await museum();
    const report = await importCsv(t.context, { file: csv(HEADER, 'E-1,Fine,,,,,,,,,,,,', 'E-2,"Broken,,,,,,,,,,,,', 'E-3,Lost,,,,,,,,,,,,'), organisation: slug });
    expect(report.stopped).toEqual({ line: 3, reason: expect.stringContaining('never closed') });
    expect(report.created).toBe(1);
    expect((await objectsOf(id)).map((row) => row.inventory_number)).toEqual(['E-1']);
  });

  inThreadOnly('keeps what the file does not carry: its missing columns and the fields CSV has no column for', async () => {
    const { slug, id } = await museum();
    await importCsv(t.context, { file: csv('inventory_number,title,maker', 'F-1,Jug,Ann Potter'), organisation: slug });
    const actor = await t.context.accounts.servicePrincipal(slug, 'registrar');
    const [row] = await objectsOf(id);
    await t.context.objects.update(actor, row!.id, { description: { crossReferences: ['Catalogue 1923, no. 4'] } }, row!.version);

    const report = await importCsv(t.context, { file: csv('inventory_number,title', 'F-1,Stoneware jug'), organisation: slug });
    expect(report).toMatchObject({ updated: 1 });
    const after = description((await objectsOf(id))[0]!);
    expect(after).toMatchObject({ title: { en: 'Stoneware jug' }, makers: [{ name: 'Ann Potter' }], crossReferences: ['Catalogue 1923, no. 4'] });
  });

  it('refuses an unknown organisation and an unreadable file, importing nothing', async () => {
    const refused = async (promise: Promise<unknown>) => {
      const error = await promise.then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(DomainError);
      return (error as Error).message;
    };
    expect(await refused(importCsv(t.context, { file: csv(...FIVE), organisation: 'atlantis' }))).toBe(
      'No organisation with the slug "atlantis" (see egide org list; add one with egide org add).',
    );
    const { slug } = await museum();
    expect(await refused(importCsv(t.context, { file: join(folder, 'nothing-here.csv'), organisation: slug }))).toContain('no such file');
    expect(await refused(importCsv(t.context, { file: csv(...FIVE), organisation: slug, lang: 'English' }))).toContain('not a language tag');
  });
});
