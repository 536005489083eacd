/**
 * Property-based fuzzing of the importers: whatever a source holds, reading, mapping and validating a
 * record ends within a bound with a record, a warning or a typed refusal (RowError, SourceError,
 * DomainError) — never another exception, and never an image file outside the source's folder.
 */
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { mapLidoRecord } from '../interop/lido/lido-mapper.js';
import { readLidoRecords } from '../interop/lido/lido-reader.js';
import { lidoDocument } from '../interop/lido/lido-writer.js';
import { mapLinkedArtObject } from '../interop/linked-art/linked-art-reader.js';
import { linkedArtObject } from '../interop/linked-art/linked-art-writer.js';
import { fullObject, links } from '../interop/testing/fixtures.js';
import { ObjectDescriptionSchema } from '../registry/object.schemas.js';
import { CSV_COLUMNS } from '../interop/import/csv-format.js';
import { mapCsvRow } from '../interop/import/csv-mapper.js';
import { openCsvSource } from '../interop/import/csv-source.js';
import { imageFolder } from '../interop/import/import-images.js';
import { prepareRecords, type MappedRecord, type PreparedItem } from '../interop/import/import-pipeline.js';
import { jsonMapping } from '../interop/import/mapping-import.js';
import { FUZZ_RUNS, FUZZ_TIMEOUT_MS, messyText, readOrRefuse } from './fuzz-support.js';

const work = mkdtempSync(join(tmpdir(), 'egide-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A source folder with one image, a subfolder, and a symbolic link leading out of it. */
const folder = join(work, 'source');
mkdirSync(join(folder, 'sub'), { recursive: true });
writeFileSync(join(folder, 'a.jpg'), 'not really a JPEG');
writeFileSync(join(work, 'outside.jpg'), 'outside the folder');
symlinkSync(join(work, 'outside.jpg'), join(folder, 'link.jpg'));
const realFolder = imageFolder(folder);

const imagePaths = fc.array(
  fc.oneof(
    fc.constantFrom('a.jpg', 'sub/../a.jpg', './a.jpg', 'link.jpg', '../outside.jpg', 'sub/../../outside.jpg', '/etc/passwd', 'C:\\Windows\\win.ini', '..\\outside.jpg', 'file:///etc/passwd', 'https://evil.example/x.jpg', 'sub', '%2e%2e/outside.jpg', ''),
    messyText(20),
  ),
  { maxLength: 4 },
).map((paths) => paths.join('|'));

function expectImagesInside(mapped: MappedRecord | undefined): void {
  for (const image of mapped?.images ?? []) {
    const rel = relative(realFolder, image.path);
    expect(rel.startsWith(`..${sep}`) || rel === '..' || rel.startsWith(sep), `${image.name} led to ${image.path}`).toBe(false);
  }
}

/** The pipeline's validation and repair of a mapped record: one item, valid or refused with a reason. */
async function validated(mapped: MappedRecord): Promise<PreparedItem> {
  const items: PreparedItem[] = [];
  for await (const item of prepareRecords({ records: async function* () { yield { line: 1, record: null }; } }, () => mapped)) items.push(item);
  expect(items).toHaveLength(1);
  const [item] = items;
  if ('reason' in item!) expect(item.reason).not.toBe('');
  else expect(ObjectDescriptionSchema.safeParse(item!.description).success).toBe(true);
  return item!;
}

async function mapAndValidate(map: () => MappedRecord): Promise<void> {
  const mapped = await readOrRefuse(map);
  expectImagesInside(mapped);
  if (mapped) await validated(mapped);
}

describe('CSV', () => {
  const row = fc.record(Object.fromEntries(CSV_COLUMNS.map((column) => [column, column === 'images' ? imagePaths : messyText()])), { requiredKeys: [] });

  it('maps any row to a record, warnings or a typed refusal, with images only from its folder', async () => {
    await fc.assert(fc.asyncProperty(row, (cells) => mapAndValidate(() => mapCsvRow(cells, { lang: 'en', folder: realFolder }))), { numRuns: FUZZ_RUNS * 3 });
  }, FUZZ_TIMEOUT_MS);

  it('reads any file: each row is a record or an error item, and only a SourceError stops it', async () => {
    const file = join(folder, 'fuzz.csv');
    const body = fc.array(fc.array(fc.oneof(messyText(30), fc.constantFrom('"', '""', '"a,b"', ',', ';', '\n', '\r\n')), { maxLength: 8 }).map((cells) => cells.join(',')), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(',', ';', '\t'), body, async (delimiter, lines) => {
        writeFileSync(file, [CSV_COLUMNS.join(delimiter), ...lines].join('\n'));
        await readOrRefuse(async () => {
          for await (const item of openCsvSource(file).records()) {
            if ('record' in item) await mapAndValidate(() => mapCsvRow(item.record, { lang: 'en', folder: realFolder }));
            else expect(item.error).not.toBe('');
          }
        });
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);
});

describe('LIDO', () => {
  // A complete record as Egide writes it: every field the mapper reads, each text and attribute value a slot.
  const template = lidoDocument(fullObject(), links);
  const parts = template.split(/(>[^<]+<|="[^"]*")/);
  /** Odd parts are slots, inside the root element; namespaces stay, or no record would be read. */
  const root = parts.findIndex((part) => part.startsWith('lido:lido '));
  const isSlot = (i: number) => i % 2 === 1 && i > root && !/(xmlns:\w+|schemaLocation)$/.test(parts[i - 1]!);
  /** Text as XML can hold it: markup escaped, characters XML 1.0 forbids (NUL, lone surrogates…) left out. */
  const escape = (text: string) =>
    text.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const withSlots = (fill: (i: number, slot: string) => string | null) =>
    parts.map((part, i) => {
      const value = isSlot(i) ? fill(i, part) : null;
      if (value === null) return part;
      return part.startsWith('=') ? `="${value}"` : `>${value}<`;
    }).join('');

  async function readAll(xml: string): Promise<number> {
    let read = 0;
    for await (const item of readLidoRecords(Readable.from([xml]))) {
      if ('record' in item) {
        read += 1;
        await mapAndValidate(() => mapLidoRecord(item.record, { lang: 'en', folder: realFolder }));
      } else expect(item.error).not.toBe('');
    }
    return read;
  }

  it('reads the record with any texts and attributes, and maps it or refuses it with its reason', async () => {
    const change = fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: messyText().map(escape) });
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: parts.length, maxLength: parts.length }), async (changes) => {
        // Escaped texts keep the XML well formed: the record is read, whatever they say.
        expect(await readOrRefuse(() => readAll(withSlots((i) => changes[i] ?? null)))).toBe(1);
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('stops at markup broken anywhere, a DOCTYPE or an entity with a typed error', async () => {
    const breakage = fc.constantFrom('<', '&', ']]>', '&xxe;', '<!DOCTYPE x [<!ENTITY a "b">]>', '\u0001', '</lido:lido>');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: parts.length }), breakage, async (at, broken) => {
        await readOrRefuse(() => readAll(withSlots((i) => (i >= at && i <= at + 1 ? broken : null))));
      }),
      { numRuns: FUZZ_RUNS },
    );
  }, FUZZ_TIMEOUT_MS);

  it('refuses arbitrary documents with a typed error, never a crash', async () => {
    await fc.assert(fc.asyncProperty(messyText(300), async (text) => { await readOrRefuse(() => readAll(text)); }), { numRuns: FUZZ_RUNS });
  }, FUZZ_TIMEOUT_MS);
});

describe('Linked Art', () => {
  const template = linkedArtObject(fullObject(), links);

  /** The template with some of its values (leaves or whole nodes) replaced. */
  function mutated(changes: ReadonlyArray<{ at: number; value: unknown }>): unknown {
    let index = 0;
    const byIndex = new Map(changes.map((c) => [c.at, c.value]));
    const walk = (node: unknown): unknown => {
      const here = index++;
      if (byIndex.has(here)) return byIndex.get(here);
      if (Array.isArray(node)) return node.map(walk);
      if (node !== null && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, walk(value)]));
      return node;
    };
    return walk(template);
  }

  const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), messyText(), fc.constantFrom('HumanMadeObject', 'Person', 'VisualItem', 'crm:E22_Human-Made_Object', null, [], {}));

  it('maps any variation of a document, or refuses it with a RowError', async () => {
    const changes = fc.array(fc.record({ at: fc.nat({ max: 400 }), value }), { minLength: 1, maxLength: 12 });
    await fc.assert(fc.asyncProperty(changes, (c) => mapAndValidate(() => mapLinkedArtObject(mutated(c), { lang: 'en' }))), { numRuns: FUZZ_RUNS * 2 });
  }, FUZZ_TIMEOUT_MS);

  it('maps any JSON value, or refuses it with a RowError', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue(), (doc) => mapAndValidate(() => mapLinkedArtObject(doc, { lang: 'en' }))), { numRuns: FUZZ_RUNS });
  }, FUZZ_TIMEOUT_MS);
});

describe('JSON records through a mapping file (Tate’s)', () => {
  const map = jsonMapping({ lang: 'en', mapping: 'mappings/tate.json' }).map;
  const contributor = fc.record({ fc: messyText(), role: messyText(), date: messyText() }, { requiredKeys: [] });
  const record = fc.record(
    {
      id: fc.oneof(fc.integer(), messyText(), fc.jsonValue({ maxDepth: 1 })),
      acno: messyText(),
      title: fc.oneof(messyText(), fc.jsonValue({ maxDepth: 2 })),
      classification: fc.oneof(fc.constantFrom('painting', 'on paper, unique', 'on paper, print', 'sculpture'), messyText()),
      medium: messyText(120),
      dateText: messyText(),
      dimensions: messyText(),
      contributors: fc.oneof(fc.array(contributor, { maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })),
      subjects: fc.jsonValue({ maxDepth: 4 }),
    },
    { requiredKeys: [] },
  );

  it('maps any record, or refuses it with a typed error', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(record, fc.jsonValue()), (r) => mapAndValidate(() => map(r))), { numRuns: FUZZ_RUNS * 2 });
  }, FUZZ_TIMEOUT_MS);
});
