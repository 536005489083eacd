/**
 * The import policy on real-world bad input (fixtures/bad-input/): a record with a problem in one
 * field is imported with what can be kept and a warning; --strict fails it instead; a malformed
 * record fails with its position and the import goes on with the next record, or the next file.
 *
 * - objects.csv: a date that ends before it starts, a measurement in words, forty makers in one
 *   cell (separated by " / "), a title over 20,000 characters, a missing image, a term no
 *   vocabulary knows, a Latin-1 byte (invalid UTF-8), and a good row;
 * - records.xml (LIDO): an over-long maker and inscription, a measurement and a year that cannot be
 *   read, a missing image, invalid UTF-8 in a title;
 * - truncated.xml (LIDO): cut in the middle of its third record;
 * - objects.jsonl: a line with a JSON syntax error, one with invalid UTF-8, the last one cut short.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { importFile } from './import-file.js';
import { describeFailure, type RowIssue } from './import-pipeline.js';
import { newMuseum } from '../../test-support/registry.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'bad-input');

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const museum = async () => (await newMuseum(t, 'policy-museum', 'Policy museum')).slug;

/** The objects of a museum by inventory number, with their descriptions and photo counts. */
async function objectsOf(slug: string): Promise<Map<string, { description: ObjectDescription; photos: number }>> {
  const rows = await t.context.db
    .selectFrom('objects')
    .innerJoin('organisations', 'organisations.id', 'objects.organisation_id')
    .select(['objects.seq', 'objects.inventory_number', 'objects.description'])
    .where('organisations.slug', '=', slug)
    .execute();
  const out = new Map<string, { description: ObjectDescription; photos: number }>();
  for (const row of rows) {
    const photos = await t.context.db.selectFrom('object_photos').select((eb) => eb.fn.countAll<number>().as('n')).where('object_seq', '=', row.seq).executeTakeFirstOrThrow();
    out.set(row.inventory_number as string, { description: JSON.parse(row.description) as ObjectDescription, photos: Number(photos.n) });
  }
  return out;
}

const FORTY_MAKERS = Array.from({ length: 40 }, (_, i) => `Artist Number${String(i + 1).padStart(2, '0')} Of The Long Workshop`);

describe.each([false, true])('the CSV fixture of every class of bad cell (worker thread: %s)', (threads) => {
  it('imports every row, keeping what each bad cell says, with a warning naming its line and column', async () => {
    const slug = await museum();
    const issues: RowIssue[] = [];
    const report = await importFile(t.context, { format: 'csv', file: join(FIXTURES, 'objects.csv'), organisation: slug, threads, onIssue: (issue) => issues.push(issue) });
    expect(report).toMatchObject({ rows: 8, created: 8, warned: 7, failed: 0 });
    expect(report.warnings.map((warning) => [warning.line, warning.field, warning.value])).toEqual([
      [2, 'date', '1890-1850'],
      [3, 'measurements', 'about thirty centimetres'],
      [4, 'maker (name)', expect.stringMatching(new RegExp(`^${FORTY_MAKERS[0]} / ${FORTY_MAKERS[1]} / .*…$`))],
      [5, 'title (en)', expect.stringMatching(/^A very long title .*…$/)],
      [6, 'images', 'photos/missing.jpg'],
      [7, 'materials', 'unobtainium'],
      [8, 'title (en)', 'Caf\uFFFD table'],
    ]);
    // The full report has them all, as they happened.
    expect(issues.map((issue) => [issue.kind, issue.line])).toEqual([2, 3, 4, 5, 6, 7, 8].map((line) => ['warning', line]));

    const objects = await objectsOf(slug);
    expect([...objects.keys()].sort()).toEqual(['BAD-DATE', 'BAD-SIZE', 'BAD-UTF8', 'GOOD', 'LONG-TITLE', 'MAKERS-40', 'NO-IMAGE', 'UNKNOWN-TERM']);
    const kept = (number: string) => objects.get(number)!.description;
    expect(kept('BAD-DATE').dating).toEqual({ display: '1890-1850' });
    expect(kept('BAD-SIZE')).toMatchObject({ measurements: [], description: { en: 'about thirty centimetres' } });
    expect(kept('MAKERS-40').makers).toEqual(FORTY_MAKERS.map((name) => ({ name })));
    expect(kept('LONG-TITLE').title.en).toHaveLength(20_000);
    expect(objects.get('NO-IMAGE')!.photos).toBe(0);
    expect(kept('UNKNOWN-TERM').materials).toEqual([{ label: { en: 'unobtainium' } }]);
    expect(kept('BAD-UTF8').title).toEqual({ en: 'Caf table' });
    expect(kept('GOOD').dating).toEqual({ display: '1650', earliest: 1650, latest: 1650 });
  });

  it('--strict: each row with a warning fails instead, listing its warnings as the reason it was refused, and only the good row is imported', async () => {
    const slug = await museum();
    const issues: RowIssue[] = [];
    const report = await importFile(t.context, { format: 'csv', file: join(FIXTURES, 'objects.csv'), organisation: slug, threads, strict: true, onIssue: (issue) => issues.push(issue) });
    expect(report).toMatchObject({ rows: 8, created: 1, warned: 0, failed: 7, warnings: [] });
    expect(report.failures.map((failure) => failure.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(describeFailure(report.failures[0]!)).toBe('line 2: refused (--strict): date: ends before it starts: kept as display text, without years');
    expect(issues.every((issue) => issue.kind === 'failure')).toBe(true);
    expect([...(await objectsOf(slug)).keys()]).toEqual(['GOOD']);
  });
});

describe('the LIDO fixtures', () => {
  it('imports records with over-long values, unreadable measurements and years, a missing image and invalid UTF-8, each with its warnings', async () => {
    const slug = await museum();
    const report = await importFile(t.context, { format: 'lido', file: join(FIXTURES, 'records.xml'), organisation: slug });
    expect(report).toMatchObject({ rows: 3, created: 3, warned: 3, failed: 0 });
    expect(report.warnings.map((warning) => [warning.recordId, warning.field])).toEqual([
      ['lido-long', 'lido:displayObjectMeasurements'],
      ['lido-long', 'lido:earliestDate'],
      ['lido-long', 'inscriptions.0.text'],
      ['lido-long', 'makers.0.name'],
      ['lido-image', 'lido:linkResource'],
      ['lido-utf8', 'title.en'],
    ]);
    expect(report.warnings.find((warning) => warning.field === 'makers.0.name')!.reason).toMatch(/split into 40 makers$/);

    const objects = await objectsOf(slug);
    const long = objects.get('L-1')!.description;
    expect(long.makers).toEqual(FORTY_MAKERS.map((name) => ({ name })));
    expect(long.inscriptions).toEqual([]);
    // The inscription too long for its field, and the measurement that cannot be read, are in the description.
    expect(long.description.en).toContain('ca. dreißig Zentimeter');
    expect(long.description.en).toContain(`inscriptions: Inscribed ${'with a very long dedication '.repeat(80).trim()}`);
    expect(long.dating).toEqual({ display: 'late 17th century', latest: 1699 });
    expect(objects.get('L-2')!.photos).toBe(0);
    expect(objects.get('L-3')!.description.title).toEqual({ en: 'Caf table' });
  });

  it('--strict fails each of those records', async () => {
    const slug = await museum();
    const report = await importFile(t.context, { format: 'lido', file: join(FIXTURES, 'records.xml'), organisation: slug, strict: true });
    expect(report).toMatchObject({ rows: 3, created: 0, failed: 3 });
    expect(report.failures.map((failure) => failure.recordId)).toEqual(['lido-long', 'lido-image', 'lido-utf8']);
  });

  it('keeps the records of a truncated file, says where it stopped, and goes on with the next file of a folder', async () => {
    const slug = await museum();
    const alone = await importFile(t.context, { format: 'lido', file: join(FIXTURES, 'truncated.xml'), organisation: slug });
    expect(alone).toMatchObject({ created: 2, failed: 1 });
    expect(alone.failures.map(describeFailure)).toEqual([expect.stringMatching(/^record cut-3 \(line 5\): malformed XML at line 5, column \d+: unclosed tag: lido:lido$/)]);

    const folder = join(t.dataDir, 'truncated-folder');
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(FIXTURES, 'truncated.xml'), join(folder, 'a.xml'));
    writeFileSync(join(folder, 'b.xml'), readFileSync(join(FIXTURES, 'truncated.xml'), 'utf8').replaceAll('cut-', 'next-').replaceAll('C-', 'N-'));
    const other = await museum();
    const both = await importFile(t.context, { format: 'lido', file: folder, organisation: other });
    expect(both.stopped).toBeUndefined();
    expect(both.failures.map(describeFailure)).toEqual([expect.stringMatching(/^record cut-3 \(a\.xml:5\): malformed XML/), expect.stringMatching(/^record next-3 \(b\.xml:5\): malformed XML/)]);
    expect([...(await objectsOf(other)).keys()].sort()).toEqual(['C-1', 'C-2', 'N-1', 'N-2']);
  });
});

describe('the JSON Lines fixture', () => {
  it('reports a JSON syntax error and a line cut short with their line, keeps the readable part of invalid UTF-8, and imports the rest', async () => {
    const slug = await museum();
    const report = await importFile(t.context, { format: 'jsonl', file: join(FIXTURES, 'objects.jsonl'), organisation: slug });
    expect(report).toMatchObject({ rows: 5, created: 3, warned: 1, failed: 2 });
    expect(report.failures.map(describeFailure)).toEqual([expect.stringMatching(/^line 2: not JSON \(/), expect.stringMatching(/^line 5: not JSON \(/)]);
    expect(report.warnings).toEqual([{ line: 3, field: 'title.en', reason: expect.stringMatching(/^not valid UTF-8/), value: 'Caf\uFFFD table' }]);
    const objects = await objectsOf(slug);
    expect([...objects.keys()].sort()).toEqual(['J-1', 'J-3', 'J-4']);
    expect(objects.get('J-3')!.description.title).toEqual({ en: 'Caf table' });
  });
});
