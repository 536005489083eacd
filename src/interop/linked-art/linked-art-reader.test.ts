import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { SourceError, type SourceItem } from '../import/import-pipeline.js';
import type { ObjectDescription } from '../../registry/object-record.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { MAX_RECORD_CHARS } from '../lido/lido-reader.js';
import { antiquityObject, fullObject, links, minimalObject, paintingObject } from '../testing/fixtures.js';
import { mapLinkedArtObject, NotAnObjectDocument, openLinkedArtSource } from './linked-art-reader.js';
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

  it('refuses what is not a HumanMadeObject; an object without inventory number is read without one', () => {
    expect(() => mapLinkedArtObject({ type: 'Person', id: 'x' }, { lang: 'en' })).toThrow(new NotAnObjectDocument('Person'));
    expect(() => mapLinkedArtObject([1], { lang: 'en' })).toThrow('not a JSON object');
    const unnumbered = mapLinkedArtObject({ id: 'urn:x:1', type: 'HumanMadeObject', _label: 'Bowl', identified_by: [] }, { lang: 'en' });
    expect(unnumbered).toMatchObject({ sourceId: 'urn:x:1', description: { title: { en: 'Bowl' } } });
    expect(unnumbered.description).not.toHaveProperty('inventoryNumber');
  });
});

describe('Linked Art as published over the years', () => {
  const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as unknown;
  const mapped = (name: string) => mapLinkedArtObject(fixture(name), { lang: 'en' });

  it('reads a 0.x ManMadeObject: "label", "value", bare aat: references, a numeric identifier, what it depicts', () => {
    const record = mapped('v0-man-made-object');
    expect(record).toMatchObject({ sourceId: 'https://collection.example.org/object/1887-12', holder: "Musée d'exemple" });
    expect(record.warnings).toBeUndefined();
    expect(ObjectDescriptionSchema.parse(record.description)).toMatchObject({
      inventoryNumber: '1887.12',
      // A name that is not primary still gives the title of its language.
      title: { en: 'Portrait of a Woman', fr: 'Portrait de femme' },
      objectType: [{ aat: '300033618' }],
      materials: [{ aat: '300015050' }],
      measurements: [
        { dimension: 'height', value: 65, unit: 'cm' },
        { dimension: 'width', value: 54, unit: 'cm' },
      ],
      makers: [{ name: 'Berthe Morisot' }],
      dating: { display: '1876', earliest: 1876, latest: 1876 },
      description: { en: 'A woman in a black dress, seated.' },
      subject: { en: 'Edma Pontillon' },
    });
  });

  it('reads an early 1.0 ManMadeObject with "label" and "content", its owner an object', () => {
    const record = mapped('v1-early-ima');
    expect(record).toMatchObject({ sourceId: 'https://data.discovernewfields.org/object/41022', holder: 'Indianapolis Museum of Art at Newfields' });
    expect(described(fixture('v1-early-ima'))).toMatchObject({
      inventoryNumber: '49.17',
      title: { en: 'Landscape with a River' },
      objectType: [{ aat: '300133025', label: { en: 'works of art' } }, { aat: '300033618' }],
    });
  });

  it('reads a Getty document: culture kept apart from the object type, inscriptions it carries, what it shows, one description of two formats', () => {
    const record = mapped('getty-vase-of-flowers');
    expect(record).toMatchObject({ sourceId: expect.stringMatching(/^https:\/\/data\.getty\.edu\/museum\/collection\/object\//), holder: 'J. Paul Getty Museum' });
    expect(record.warnings).toBeUndefined();
    const description = ObjectDescriptionSchema.parse(record.description);
    expect(description).toMatchObject({
      inventoryNumber: '82.PB.70',
      title: { en: 'Vase of Flowers' },
      objectType: [{ aat: '300033618' }],
      // The statement, whose inch equivalents are dropped; the positional attribute is no measurement.
      measurements: [
        { dimension: 'height', value: 79.5, unit: 'cm' },
        { dimension: 'width', value: 61, unit: 'cm' },
      ],
      inscriptions: [{ kind: 'signature', text: 'Jan Van Huysum fecit' }],
      makers: [{ name: 'Jan van Huysum' }],
      dating: { display: '1722', earliest: 1722, latest: 1722 },
      places: [{ name: 'Amsterdam', country: 'NL', kind: 'origin' }],
      description: { en: 'Flowers of every season in one vase.\n\nCulture or style: Dutch' },
      subject: { en: 'flowers (plants); vases' },
    });
  });

  it('reads JSON-LD written with @id, @type and CIDOC-CRM class names, one class or several', () => {
    expect(mapped('expanded-crm-types')).toMatchObject({
      sourceId: 'https://collection.example.org/object/cup-3',
      description: { inventoryNumber: 'C-3', title: { en: 'Cup with a lid' } },
    });
    const typed = (type: unknown) => ({ '@type': type, identified_by: [{ type: 'Identifier', content: 'T-1' }] });
    expect(described(typed(['la:Artwork', 'http://www.cidoc-crm.org/cidoc-crm/E22_Man-Made_Object'])).inventoryNumber).toBe('T-1');
    expect(() => described(typed(['crm:E36_Visual_Item']))).toThrow(new NotAnObjectDocument('VisualItem'));
  });

  it('turns weights and other dimensions written as text into measurements; what cannot be read stays as text, with a warning', () => {
    const record = mapped('dutch-ducaton');
    expect(record.holder).toBe('Coin Cabinet of Example');
    const description = ObjectDescriptionSchema.parse(record.description);
    expect(description.measurements).toEqual([
      { dimension: 'weight', value: 32.48, unit: 'g' },
      { dimension: 'diameter', value: 4.2, unit: 'cm' },
    ]);
    // Culture and style are not object types.
    expect(description.objectType).toEqual([{ aat: '300037222', label: { en: 'coins (money)', fr: 'monnaies', es: 'monedas' } }]);
    expect(description.description).toEqual({ en: 'Culture or style: Dutch; Baroque\n\ndie axis: 12 clock hours; about the size of a palm' });
    expect(record.warnings).toEqual([
      { field: 'dimension', reason: 'could not be read as a measurement: kept as text in the description', value: 'die axis: 12 clock hours' },
      { field: 'dimension statement', reason: 'could not be read as a measurement: kept as text in the description', value: 'about the size of a palm' },
    ]);
  });

  it('reads statements of weight and size ("8.61 grams", "diam. 2 cm", "H. 12 x W. 8 cm", "Weight: 3.2 kg")', () => {
    const statement = (content: string) => ({ type: 'LinguisticObject', classified_as: [{ id: 'aat:300435430', type: 'Type' }], content });
    const doc = {
      type: 'HumanMadeObject',
      identified_by: [{ type: 'Identifier', content: 'S-1' }],
      referred_to_by: ['8.61 grams', 'diam. 2 cm', 'frame: H. 12 x W. 8 cm', 'Weight: 3.2 kg'].map(statement),
    };
    expect(described(doc).measurements).toEqual([
      { dimension: 'weight', value: 8.61, unit: 'g' },
      { dimension: 'diameter', value: 2, unit: 'cm' },
      { dimension: 'height', value: 12, unit: 'cm', part: 'frame' },
      { dimension: 'width', value: 8, unit: 'cm', part: 'frame' },
      { dimension: 'weight', value: 3.2, unit: 'kg' },
    ]);
    expect(mapLinkedArtObject(doc, { lang: 'en' }).warnings).toBeUndefined();
  });

  it('reads descriptions "of the activity" (300080091), in `subject_of` as the American Art Collaborative wrote them', () => {
    const doc = {
      type: 'ManMadeObject',
      identified_by: [{ type: 'Identifier', content: 'A-1' }],
      subject_of: [
        { type: 'LinguisticObject', classified_as: ['aat:300080091'], value: 'A carved chest.' },
        { id: 'https://museum.example.org/a-1', type: 'LinguisticObject', _label: 'Home page' },
      ],
    };
    expect(described(doc).description).toEqual({ en: 'A carved chest.' });
  });

  it('takes the label as title when there is no name, unless it is the inventory number', () => {
    const doc = (label: string) => ({ type: 'HumanMadeObject', _label: label, identified_by: [{ type: 'Identifier', content: 'B-1' }] });
    expect(described(doc('Bowl with fish')).title).toEqual({ en: 'Bowl with fish' });
    expect(described(doc('B-1')).title).toEqual({});
  });

  it('reads dimension entries given as text, or with a unit known by its label only, as the dimension they are classified as', () => {
    const entry = (aat: string, fields: object) => ({ type: 'Dimension', classified_as: [{ id: `aat:${aat}`, type: 'Type' }], ...fields });
    const doc = {
      type: 'HumanMadeObject',
      identified_by: [{ type: 'Identifier', content: 'S-2' }],
      dimension: [entry('300055624', { _label: '2 cm' }), entry('300056240', { value: 8.61, unit: { id: 'https://coins.example.org/units/g', type: 'MeasurementUnit', _label: 'grams' } })],
    };
    expect(described(doc).measurements).toEqual([
      { dimension: 'diameter', value: 2, unit: 'cm' },
      { dimension: 'weight', value: 8.61, unit: 'g' },
    ]);
  });

  it('reports a document that is not an object with its type, and a fragment without type', () => {
    expect(() => mapped('visual-item')).toThrow(new NotAnObjectDocument('VisualItem'));
    expect(() => mapped('visual-item')).toThrow('document is a VisualItem, not a HumanMadeObject');
    expect(() => mapped('fragment-without-type')).toThrow('document has no type');
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
