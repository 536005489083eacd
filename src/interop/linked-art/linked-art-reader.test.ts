import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError, type SourceItem } from '../../registry/import/import-pipeline.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { MAX_RECORD_CHARS } from '../lido/lido-reader.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { mapLinkedArtObject, openLinkedArtSource } from './linked-art-reader.js';
import { readJsonDocuments } from './linked-art-reader-json.js';
import { linkedArtObject } from './linked-art-writer.js';

const described = (doc: unknown) => ObjectDescriptionSchema.parse(mapLinkedArtObject(doc, { lang: 'en' }).description) as ObjectDescription;

async function documents(text: string, size = 5): Promise<Array<SourceItem<unknown>>> {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  const out: Array<SourceItem<unknown>> = [];
  for await (const item of readJsonDocuments(Readable.from(chunks))) out.push(item);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'egide-linked-art-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Linked Art → Object ID', () => {
  it('reads back what Egide exports, but for what Linked Art does not carry', () => {
    for (const object of [fullObject(), paintingObject(), antiquityObject(), minimalObject()]) {
      const doc = JSON.parse(JSON.stringify(linkedArtObject(object, links))) as unknown;
      const original = object.description;
      expect(mapLinkedArtObject(doc, { lang: 'en' }).sourceId).toBe(links.object(object.id));
      // Not carried: the date documented, dates before the common era, places without a kind (written as places of origin).
      const dating = original.dating && (original.dating.earliest ?? 0) < 0 ? { display: original.dating.display } : original.dating;
      const places = original.places.map((place) => ({ ...place, kind: place.kind ?? ('origin' as const) }));
      expect(described(doc)).toEqual({ ...original, dating, places, dateDocumented: null });
    }
  });

  it('reads Getty-style documents: names, accession number, AAT types, dimensions, production with dates', () => {
    const aat = (id: string, label: string) => ({ id: `http://vocab.getty.edu/aat/${id}`, type: 'Type', _label: label });
    const doc = {
      '@context': 'https://linked.art/ns/v1/linked-art.json',
      id: 'https://data.example.museum/object/42',
      type: 'HumanMadeObject',
      _label: 'Still Life',
      identified_by: [
        { type: 'Name', classified_as: [aat('300404670', 'Primary Name')], content: 'Still Life with Flowers', language: [{ id: 'http://vocab.getty.edu/aat/300388277', type: 'Language' }] },
        { type: 'Name', content: 'Stilleven', language: [{ id: 'http://id.loc.gov/vocabulary/iso639-1/nl', type: 'Language' }] },
        { type: 'Identifier', classified_as: [aat('300312355', 'Accession Number')], content: '71.PA.14' },
      ],
      classified_as: [{ ...aat('300033618', 'paintings (visual works)'), classified_as: [aat('300435443', 'Type of Work')] }],
      made_of: [{ id: 'http://vocab.getty.edu/aat/300015050', type: 'Material', _label: 'oil paint' }],
      dimension: [
        { type: 'Dimension', classified_as: [aat('300055644', 'height')], value: 73.5, unit: { id: 'http://vocab.getty.edu/aat/300379098', type: 'MeasurementUnit' } },
        { type: 'Dimension', _label: '12 spans', classified_as: [aat('300055647', 'width')], value: 12, unit: { id: 'http://example.org/span', type: 'MeasurementUnit' } },
      ],
      produced_by: {
        type: 'Production',
        carried_out_by: [{ id: 'https://data.example.museum/person/7', type: 'Person', _label: 'Rachel Ruysch' }],
        timespan: { type: 'TimeSpan', begin_of_the_begin: '1690-01-01T00:00:00Z', end_of_the_end: '1699-12-31T23:59:59Z' },
        took_place_at: [{ id: 'https://data.example.museum/place/1', type: 'Place', _label: 'The Hague' }],
      },
      referred_to_by: [{ type: 'LinguisticObject', classified_as: [aat('300435416', 'Description')], content: 'Flowers in a vase.' }],
    };
    expect(described(doc)).toMatchObject({
      inventoryNumber: '71.PA.14',
      title: { en: 'Still Life with Flowers' },
      objectType: [{ aat: '300033618', label: { en: 'paintings (visual works)', fr: 'peintures', es: 'pinturas' } }],
      materials: [{ aat: '300015050', label: { en: 'oil paint' } }],
      measurements: [{ dimension: 'height', value: 73.5, unit: 'cm' }],
      dating: { display: '1690–1699', earliest: 1690, latest: 1699 },
      makers: [{ name: 'Rachel Ruysch' }],
      places: [{ name: 'The Hague', kind: 'origin' }],
      // A dimension whose unit is unknown is kept as written.
      description: { en: 'Flowers in a vase.\n\n12 spans' },
    });
    expect(mapLinkedArtObject(doc, { lang: 'en' }).sourceId).toBe('https://data.example.museum/object/42');
  });

  it('refuses what is not a HumanMadeObject, and an object without inventory number', () => {
    expect(() => mapLinkedArtObject({ type: 'Person', id: 'x' }, { lang: 'en' })).toThrow('not a Linked Art HumanMadeObject (type: "Person")');
    expect(() => mapLinkedArtObject([1], { lang: 'en' })).toThrow('not a JSON object');
    expect(() => mapLinkedArtObject({ type: 'HumanMadeObject', identified_by: [] }, { lang: 'en' })).toThrow(/^no inventory number/);
  });
});

describe('reading JSON documents', () => {
  it('reads one document, an array, or documents one after the other, each with its line', async () => {
    expect(await documents('{"a": "x}\\"{y", "b": [1, {"c": 2}]}\n')).toEqual([{ line: 1, record: { a: 'x}"{y', b: [1, { c: 2 }] } }]);
    expect(await documents('[\n  {"a": 1},\n  {"b": 2}\n]\n')).toEqual([
      { line: 2, record: { a: 1 } },
      { line: 3, record: { b: 2 } },
    ]);
    expect(await documents('\uFEFF{"a": 1}\n{"b":\n 2}\n')).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 2, record: { b: 2 } },
    ]);
  });

  it('reports a malformed document with line and column, and reads the others', async () => {
    expect(await documents('[\n  {"a": 1},\n  {"b": 2, },\n  {"c": 3}\n]')).toEqual([
      { line: 2, record: { a: 1 } },
      { line: 3, error: expect.stringMatching(/^malformed JSON at line 3, column 12: /) },
      { line: 4, record: { c: 3 } },
    ]);
  });

  it('stops at brackets that never close or close nothing, keeping the documents before', async () => {
    const read = async (text: string) => {
      const items: Array<SourceItem<unknown>> = [];
      try {
        for await (const item of readJsonDocuments(Readable.from([text]))) items.push(item);
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        return { items, error };
      }
      throw new Error('did not stop');
    };
    const open = await read('{"a": 1}\n{"b": [2}\n');
    expect(open.items).toEqual([{ line: 1, record: { a: 1 } }]);
    expect(open.error).toMatchObject({ line: 2, message: 'malformed JSON: a bracket opened at line 2 is never closed' });
    const closes = await read('{"a": 1}}');
    expect(closes.error.message).toBe('malformed JSON at line 1, column 9: "}" closes nothing');
  });

  it('skips a document larger than the limit', async () => {
    const big = JSON.stringify({ a: 'x'.repeat(MAX_RECORD_CHARS) });
    expect(await documents(`[${big}, {"b": 1}]`, 1024 * 1024)).toEqual([
      { line: 1, error: 'the document is larger than 5 MB: skipped' },
      { line: 1, record: { b: 1 } },
    ]);
  });

  it('reads .jsonl files line by line: a malformed line is reported with its line', async () => {
    const file = join(dir, 'objects.jsonl');
    const doc = JSON.stringify(linkedArtObject(paintingObject(), links));
    writeFileSync(file, `${doc}\n{"type": "HumanMadeObject",\n${doc}\n`);
    const items: Array<SourceItem<unknown>> = [];
    for await (const item of openLinkedArtSource(file).records()) items.push(item);
    expect(items.map((item) => ('error' in item ? [item.line, item.error] : [item.line, described(item.record).inventoryNumber]))).toEqual([
      [1, 'RF 1942-31'],
      [2, expect.stringMatching(/^not JSON/)],
      [3, 'RF 1942-31'],
    ]);
  });
});
