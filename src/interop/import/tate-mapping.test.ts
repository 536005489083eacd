import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ObjectDescription, Term } from '../../registry/object-record.js';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { TATE_MAPPING } from './demo-museum.js';
import { openJsonlSource } from './jsonl-source.js';
import { jsonMapping } from './mapping-import.js';

const DATASET = '/work/shared/datasets/tate/tate-artworks.jsonl.gz';
const tate = jsonMapping({ lang: 'en', mapping: TATE_MAPPING });

/** A Tate record as the mapping reads it, validated as the import validates it. */
function describeRecord(record: Record<string, unknown>): ObjectDescription {
  return ObjectDescriptionSchema.parse(tate.map(record).description) as ObjectDescription;
}

/** The records of the export with these accession numbers (or the first `n`), in file order. */
async function tateRecords(wanted: { acnos?: string[]; first?: number }): Promise<Array<Record<string, unknown>>> {
  const found: Array<Record<string, unknown>> = [];
  for await (const item of openJsonlSource(DATASET).records()) {
    if (!('record' in item)) throw new Error(`line ${item.line}: ${item.error}`);
    if (wanted.acnos ? wanted.acnos.includes(item.record.acno as string) : true) found.push(item.record);
    if (found.length === (wanted.acnos?.length ?? wanted.first)) break;
  }
  return found;
}

const labels = (terms: Term[]) => terms.map((term) => term.label.en);

// The Tate export lives in ../shared, beside every checkout and CI clone: its absence is a failure, not a skip.
describe('mappings/tate.json on the real export', () => {
  it('finds the export', () => expect(existsSync(DATASET), DATASET).toBe(true));

  it('maps the first records to valid Object ID descriptions, with the record id as source id', async () => {
    const records = await tateRecords({ first: 300 });
    expect(records).toHaveLength(300);
    for (const record of records) {
      const description = describeRecord(record);
      expect(description.objectType.length, record.acno as string).toBeGreaterThanOrEqual(1);
      expect(description.dateDocumented).toBeNull();
    }
    expect(tate.map(records[0]!).sourceId).toBe('1035');

    const first = describeRecord(records[0]!);
    expect(first).toMatchObject({
      inventoryNumber: 'A00001',
      title: { en: 'A Figure Bowing before a Seated Old Man with his Arm Outstretched in Benediction. Verso: Indecipherable Sketch' },
      makers: [{ name: 'Robert Blake', role: 'artist' }],
      dating: { display: 'date not known' },
      measurements: [
        { dimension: 'height', value: 394, unit: 'mm', part: 'support' },
        { dimension: 'width', value: 419, unit: 'mm', part: 'support' },
      ],
      subject: { en: 'arm/arms raised, kneeling, sitting, man, man, old, blessing' },
      description: { en: 'Watercolour, ink, chalk and graphite on paper. Verso: graphite on paper. Presented by Mrs John Richmond 1922' },
      relatedWrittenMaterial: ['http://www.tate.org.uk/art/artworks/blake-a-figure-bowing-before-a-seated-old-man-with-his-arm-outstretched-in-benediction-a00001'],
      inscriptions: [],
    });
    expect(labels(first.objectType)).toEqual(['visual works', 'paintings', 'watercolours']);
    expect(labels(first.materials)).toEqual(['watercolour', 'ink', 'chalk', 'graphite', 'paper']);
    expect(first.materials.every((term) => term.aat)).toBe(true);
    // Texts in English, vocabulary terms in the three languages.
    expect(first.materials[0]!.label).toEqual({ fr: 'aquarelle', en: 'watercolour', es: 'acuarela' });

    const third = describeRecord(records[2]!);
    expect(third.dating).toEqual({ display: '?c.1785', earliest: 1785, latest: 1785 });
    expect(labels(third.objectType)).toEqual(['visual works', 'drawings']);
  });

  it('reads prints, paintings and reliefs, and years written as text, further in the export', async () => {
    const found = new Map((await tateRecords({ acnos: ['A00005', 'A00702', 'A00704', 'P20304'] })).map((record) => [record.acno, record]));
    const print = describeRecord(found.get('A00005')!);
    expect(labels(print.objectType)).toEqual(['visual works', 'prints', 'engravings']);
    expect(labels(print.techniques)).toEqual(['engraving']);
    expect(print.dating).toEqual({ display: '1826–7, reprinted 1892', earliest: 1826, latest: 1827 });
    const painting = describeRecord(found.get('A00702')!);
    expect(labels(painting.objectType)).toEqual(['visual works', 'paintings', 'oil paintings']);
    expect(labels(painting.materials)).toEqual(['oil paint', 'mahogany']);
    expect(painting.materials[1]).toEqual({ label: { en: 'mahogany' } });
    const relief = describeRecord(found.get('A00704')!);
    expect(labels(relief.objectType)).toEqual(['visual works', 'sculpture', 'reliefs']);
    expect(labels(relief.materials)).toEqual(['bronze']);
    expect(relief.measurements).toEqual([]);
    // Its dateRange holds the years as text ("1998"): they are still years.
    expect(found.get('P20304')!.dateRange).toMatchObject({ startYear: expect.any(String) });
    expect(describeRecord(found.get('P20304')!).dating).toMatchObject({ earliest: expect.any(Number) });
  });
});

describe('mappings/tate.json on crafted records', () => {
  const typeOf = (classification: string | null, medium: string) => labels(describeRecord({ acno: 'X1', classification, medium }).objectType);

  it('gives at least one type level, two when the classification is known', () => {
    expect(typeOf(null, 'Film')).toEqual(['visual works']);
    expect(typeOf('installation', 'Video')).toEqual(['visual works', 'installations']);
    expect(typeOf('on paper, print', 'Screenprint on paper')).toEqual(['visual works', 'prints', 'screenprints']);
    expect(typeOf('on paper, unique', 'Graphite on paper')).toEqual(['visual works', 'drawings']);
    expect(typeOf('painting', 'Acrylic paint on canvas')).toEqual(['visual works', 'paintings', 'acrylic paintings']);
    expect(typeOf('sculpture', 'Bronze')).toEqual(['visual works', 'sculpture']);
    expect(typeOf('photograph', 'Gelatin silver print')).toEqual(['visual works']);
  });

  it('reads materials and techniques from the medium, vocabulary first, free text otherwise', () => {
    const terms = (medium: string) => describeRecord({ acno: 'X1', medium });
    const etching = terms('Etching and aquatint on paper');
    expect(labels(etching.techniques)).toEqual(['etching', 'aquatint']);
    expect(labels(etching.materials)).toEqual(['paper']);
    expect(etching.techniques[1]).toEqual({ label: { en: 'aquatint' } });
    expect(labels(terms('Photograph, gelatin silver print on paper').techniques)).toEqual(['photography', 'gelatin silver print']);
    expect(labels(terms('Oil paint, graphite and gold leaf on canvas. Frame: carved wood').materials)).toEqual(['oil paint', 'graphite', 'gold leaf', 'canvas', 'wood']);
    expect(labels(terms('Copper plate').materials)).toEqual(['copper']);
    // The export's own words: "crayon" is chalk, colours are no material.
    expect(labels(terms('Crayon and black on white paper').materials)).toEqual(['chalk', 'paper']);
    expect(describeRecord({ acno: 'X1' })).toMatchObject({ materials: [], techniques: [] });
  });

  it('maps every field of a full record', () => {
    const description = describeRecord({
      acno: 'T01234',
      id: 99,
      title: '  Study for “The Bridge”  ',
      contributors: [
        { fc: 'First Maker', role: 'artist', displayOrder: 1 },
        { fc: 'Second Maker', role: 'after', displayOrder: 2 },
      ],
      dateText: 'c.1920–5',
      dateRange: { startYear: 1920, endYear: 1925 },
      classification: 'painting',
      medium: 'Oil paint on board',
      dimensions: 'support: 597 x 749 mm\r\nframe: 760 x 913 x 85 mm',
      units: 'mm',
      inscription: 'date inscribed',
      subjects: { name: 'subject', children: [{ name: 'places', children: [{ name: 'cities', children: [{ name: 'London' }, { name: 'bridge' }] }] }] },
      creditLine: 'Purchased 1975.',
      url: 'http://www.tate.org.uk/art/artworks/t01234',
    });
    expect(description).toEqual({
      inventoryNumber: 'T01234',
      objectType: description.objectType,
      title: { en: 'Study for “The Bridge”' },
      materials: description.materials,
      techniques: [],
      measurements: [
        { dimension: 'height', value: 597, unit: 'mm', part: 'support' },
        { dimension: 'width', value: 749, unit: 'mm', part: 'support' },
        { dimension: 'height', value: 760, unit: 'mm', part: 'frame' },
        { dimension: 'width', value: 913, unit: 'mm', part: 'frame' },
        { dimension: 'depth', value: 85, unit: 'mm', part: 'frame' },
      ],
      inscriptions: [{ kind: 'inscription', text: 'date inscribed' }],
      dating: { display: 'c.1920–5', earliest: 1920, latest: 1925 },
      makers: [{ name: 'First Maker', role: 'artist' }, { name: 'Second Maker', role: 'after' }],
      subject: { en: 'London, bridge' },
      distinguishingFeatures: {},
      description: { en: 'Oil paint on board. Purchased 1975' },
      relatedWrittenMaterial: ['http://www.tate.org.uk/art/artworks/t01234'],
      places: [],
      crossReferences: [],
      dateDocumented: null,
    });
    expect(labels(description.objectType)).toEqual(['visual works', 'paintings', 'oil paintings']);
    expect(labels(description.materials)).toEqual(['oil paint', 'board']);
    // What the mapping does not fill keeps its stored value when the demo runs again.
    expect(tate.keep).toEqual(['distinguishingFeatures', 'places', 'crossReferences', 'dateDocumented']);
  });

  it('reports a date range that ends before it starts rather than mending it', () => {
    const mapped = tate.map({ acno: 'D14881', dateText: '1828–9', dateRange: { startYear: 1828, endYear: 1819 } });
    expect(ObjectDescriptionSchema.safeParse(mapped.description).error?.issues).toEqual([expect.objectContaining({ path: ['dating', 'latest'], message: 'earliest must not be after latest' })]);
  });
});
