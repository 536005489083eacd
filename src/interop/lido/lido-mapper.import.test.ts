/** `egide import --format lido` end to end: real files, bad records, XML attacks, re-imports, and the LIDO → Egide → LIDO round trip. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../import/import-file.js';
import { describeFailure } from '../import/import-pipeline.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { ExportRepository } from '../export.repository.js';
import { exportObjects } from '../object-export.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { LIDO_XSD, standardsPath } from '../testing/standards.js';
import { validateAgainst } from '../testing/xmllint.js';
import { mapLidoRecord } from './lido-mapper.js';
import { readLidoRecords } from './lido-reader.js';
import { lidoWrapDocument } from './lido-writer.js';
import { newMuseum } from '../../test-support/registry.js';

const NS = 'xmlns:lido="http://www.lido-schema.org"';

/** A record with an id, an inventory number and a title. */
const record = (id: string, number: string, title: string, extra = '') =>
  `<lido:lido><lido:lidoRecID>${id}</lido:lidoRecID><lido:descriptiveMetadata xml:lang="en"><lido:objectIdentificationWrap>` +
  `<lido:titleWrap><lido:titleSet><lido:appellationValue>${title}</lido:appellationValue></lido:titleSet></lido:titleWrap>` +
  `<lido:repositoryWrap><lido:repositorySet><lido:workID>${number}</lido:workID></lido:repositorySet></lido:repositoryWrap>${extra}` +
  `</lido:objectIdentificationWrap></lido:descriptiveMetadata></lido:lido>`;
const wrap = (...records: string[]) => `<?xml version="1.0" encoding="UTF-8"?>\n<lido:lidoWrap ${NS}>\n${records.join('\n')}\n</lido:lidoWrap>\n`;

let t: TestApp;
let folder: string;
let files = 0;

function file(xml: string): string {
  const path = join(folder, `records-${++files}.xml`);
  writeFileSync(path, xml);
  return path;
}

const museum = () => newMuseum(t, 'lido-museum', 'LIDO museum');

const importLido = (path: string, organisation: string) => importFile(t.context, { format: 'lido', file: path, organisation, threads: false });

async function objectsOf(organisationId: number) {
  return t.context.db.selectFrom('objects').selectAll().where('organisation_id', '=', organisationId).orderBy('seq').execute();
}

/** An organisation's objects exported as a LIDO lidoWrap. */
async function exportLido(organisationId: number): Promise<string> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  await exportObjects(new ExportRepository(t.context.db), sink, { format: 'lido', audience: 'administrative', organisationId, links });
  return chunks.join('');
}

/**
 * The descriptiveMetadata element of each record of a lidoWrap, as written, but for the repository's
 * name: objects go to the organisation that imports them.
 */
const descriptiveMetadata = (xml: string) =>
  [...xml.matchAll(/<lido:descriptiveMetadata[\s\S]*?<\/lido:descriptiveMetadata>/g)].map((m) => m[0].replace(/^\s+/gm, '').replace(/<lido:repositoryName>[\s\S]*?<\/lido:repositoryName>/, ''));

async function descriptionsOf(xml: string): Promise<ObjectDescription[]> {
  const out: ObjectDescription[] = [];
  for await (const item of readLidoRecords(Readable.from([xml]))) {
    if ('error' in item) throw new Error(item.error);
    out.push(mapLidoRecord(item.record, { lang: 'en' }).description as ObjectDescription);
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  folder = join(t.dataDir, 'lido');
  mkdirSync(folder, { recursive: true });
});
afterAll(() => t.close());

describe('importing LIDO', () => {
  it('imports the real examples, a lidoWrap, a bare record and an OAI-PMH response, as a folder', async () => {
    const { slug, id } = await museum();
    const report = await importFile(t.context, { format: 'lido', file: standardsPath('lido', 'examples'), organisation: slug });
    expect(report).toMatchObject({ rows: 22, created: 22, failed: 0, failures: [] });
    const rows = await objectsOf(id);
    expect(rows.map((row) => row.source_id)).toEqual(expect.arrayContaining(['000FBE0B1E2D4E48A4FEDAA8BE3C80F1', 'DE-MUS-059918/dc00018494', 'record_DE-68_kenom_123644']));
    expect(rows.find((row) => row.source_id === 'DE-MUS-059918/dc00018494')).toMatchObject({ inventory_number: '1977.20', title: 'Kabinettschrank, Inv. Nr.: 1977.20', height_cm: 106, earliest_year: 1596 });

    // Again, read in a worker thread as large files are: nothing changes.
    const again = await importFile(t.context, { format: 'lido', file: standardsPath('lido', 'examples', 'kenom-oai-pmh-listrecords.xml'), organisation: slug, threads: true });
    expect(again).toMatchObject({ rows: 20, created: 0, updated: 0, unchanged: 20, failed: 0 });
  });

  it('reports broken records with their id, line and reason, imports the rest, and those with a bad field with a warning', async () => {
    const { slug, id } = await museum();
    const path = file(
      wrap(
        record('r-1', 'B-1', 'Good'),
        record('r-2', 'B-2', 'Broken &nbsp; entity'),
        record('r-3', '', 'No number'),
        record('r-4', 'B-4', 'Bad place').replace('</lido:objectIdentificationWrap>', '</lido:objectIdentificationWrap><lido:eventWrap><lido:eventSet><lido:event><lido:eventType><lido:term>Production</lido:term></lido:eventType><lido:eventPlace><lido:place><lido:namePlaceSet><lido:appellationValue>Atlantis</lido:appellationValue></lido:namePlaceSet><lido:partOfPlace lido:politicalEntity="country"><lido:placeID lido:source="ISO 3166-1 alpha-2">xq1</lido:placeID></lido:partOfPlace></lido:place></lido:eventPlace><lido:eventDate><lido:date><lido:earliestDate>1900</lido:earliestDate><lido:latestDate>1800</lido:latestDate></lido:date></lido:eventDate></lido:event></lido:eventSet></lido:eventWrap>'),
        record('r-1', 'B-5', 'Same record id twice'),
        record('r-6', 'B-6', 'Good too'),
      ),
    );
    const report = await importLido(path, slug);
    expect(report.failures.map(describeFailure)).toEqual([
      expect.stringMatching(/^record r-2 \(line 4\): malformed XML at line 4, column \d+: undefined entity\.$/),
      'record r-1 (line 7): the record id is already used on line 3',
    ]);
    // Impossible years are a warning: the record is imported, its date kept as display text.
    expect(report.warnings).toContainEqual({
      line: 6,
      recordId: 'r-4',
      field: 'dating.latest',
      reason: 'earliest must not be after latest: the years are left out, the date is kept as display text',
      value: '1900–1800',
    });
    expect(report).toMatchObject({ rows: 6, failed: 2 });
    const rows = (await objectsOf(id)).map((row) => [row.source_id, row.inventory_number, row.title]);
    expect(rows).toEqual(expect.arrayContaining([['r-1', 'B-1', 'Good'], ['r-4', 'B-4', 'Bad place'], ['r-6', 'B-6', 'Good too']]));
  });

  it('refuses external entities (XXE) and entity bombs: nothing read, nothing imported', async () => {
    const { slug, id } = await museum();
    const xxe = file(`<?xml version="1.0"?>\n<!DOCTYPE lido:lidoWrap SYSTEM "file:///etc/passwd">\n${wrap(record('x-1', 'X-1', '&xxe;')).replace(/^<\?xml[^>]*>\n/, '')}`);
    const report = await importLido(xxe, slug);
    expect(report).toMatchObject({ rows: 0, created: 0, stopped: { line: 2, reason: expect.stringMatching(/DOCTYPE declaration: refused/) } });
    const bomb = file(`<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n${wrap(record('b-1', 'B-1', '&lol2;')).replace(/^<\?xml[^>]*>\n/, '')}`);
    expect(await importLido(bomb, slug)).toMatchObject({ rows: 0, stopped: { reason: expect.stringMatching(/DOCTYPE/) } });
    expect(await objectsOf(id)).toEqual([]);
  });

  it('keeps the records before malformed XML outside records, and says where it stopped', async () => {
    const { slug, id } = await museum();
    const path = file(wrap(record('k-1', 'K-1', 'Kept'), record('k-2', 'K-2', 'Kept too')).replace('</lido:lidoWrap>', '<oops></lido:lidoWrap>'));
    const report = await importLido(path, slug);
    expect(report).toMatchObject({ created: 2, stopped: { line: 5, reason: expect.stringMatching(/^malformed XML at line 5/) } });
    expect(await objectsOf(id)).toHaveLength(2);
  });

  it('re-imports are idempotent and keyed on lidoRecID, even when the inventory number changed', async () => {
    const { slug, id } = await museum();
    const first = file(wrap(record('i-1', 'I-1', 'Vase'), record('i-2', 'I-2', 'Bowl')));
    expect(await importLido(first, slug)).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    expect(await importLido(first, slug)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const renumbered = file(wrap(record('i-1', 'I-1', 'Vase'), record('i-2', 'I-2/a', 'Bowl, renumbered')));
    expect(await importLido(renumbered, slug)).toMatchObject({ created: 0, updated: 1, unchanged: 1, failed: 0 });
    const rows = await objectsOf(id);
    expect(rows.map((row) => [row.source_id, row.inventory_number, row.title, row.version])).toEqual([
      ['i-1', 'I-1', 'Vase', 1],
      ['i-2', 'I-2/a', 'Bowl, renumbered', 2],
    ]);
    const history = await t.context.db.selectFrom('object_history').select(['action', 'reason', 'changes']).where('object_seq', '=', rows[1]!.seq).orderBy('id').execute();
    expect(history.map((entry) => entry.action)).toEqual(['created', 'updated']);
    expect(JSON.parse(history[1]!.changes)).toMatchObject({ inventoryNumber: ['I-2', 'I-2/a'] });
  });

  it('LIDO → Egide → LIDO keeps every Object ID field, and the export validates against LIDO 1.1', async () => {
    const { slug, id } = await museum();
    const objects = [fullObject(), paintingObject(), antiquityObject(), minimalObject()];
    const original = lidoWrapDocument(objects, links);
    expect(await importLido(file(original), slug)).toMatchObject({ created: 4, failed: 0 });
    const exported = await exportLido(id);

    const lint = validateAgainst(LIDO_XSD(), exported);
    expect(lint.output).toMatch(/validates$/);
    expect(lint.ok).toBe(true);
    // The descriptive metadata (every Object ID field but the date documented) is written again as it was, with the
    // importing museum as repository…
    expect(descriptiveMetadata(exported)).toEqual(descriptiveMetadata(original));
    // …and reading both documents gives the same descriptions, date documented included.
    expect(await descriptionsOf(exported)).toEqual(await descriptionsOf(original));
    expect((await descriptionsOf(exported))[0]!.dateDocumented).toBe('2024-03-05');
    // The records are keyed on the ids they had in the first document.
    expect((await objectsOf(id)).map((row) => row.source_id)).toEqual(objects.map((o) => o.id));
  });
});
