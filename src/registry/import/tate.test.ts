import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectDescriptionSchema } from '../object.schemas.js';
import { readTateRecords, tateMediumTerms, tateObjectType, tateRecordToDescription, type TateRecord } from './tate.js';

const DATASET = '/work/shared/datasets/tate/tate-artworks.jsonl.gz';
const dir = mkdtempSync(join(tmpdir(), 'egide-tate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function firstRecords(path: string, n: number): Promise<TateRecord[]> {
  const records: TateRecord[] = [];
  for await (const record of readTateRecords(path)) {
    records.push(record);
    if (records.length === n) break;
  }
  return records;
}

const labels = (terms: Array<{ label: Record<string, string> }>) => terms.map((term) => term.label.en);

describe('tateRecordToDescription on the real export', () => {
  it.skipIf(!existsSync(DATASET))('maps the first records of the dataset to valid Object ID descriptions', async () => {
    const records = await firstRecords(DATASET, 300);
    expect(records).toHaveLength(300);
    for (const record of records) {
      const description = tateRecordToDescription(record);
      expect(() => ObjectDescriptionSchema.parse(description), record.acno).not.toThrow();
      expect(description.objectType.length, record.acno).toBeGreaterThanOrEqual(1);
      expect(description.dateDocumented).toBeNull();
    }

    const first = tateRecordToDescription(records[0]!);
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

    const third = tateRecordToDescription(records[2]!);
    expect(third.dating).toEqual({ display: '?c.1785', earliest: 1785, latest: 1785 });
    expect(labels(third.objectType)).toEqual(['visual works', 'drawings']);
  });

  it.skipIf(!existsSync(DATASET))('reads prints, paintings and reliefs further in the export', async () => {
    const wanted = new Set(['A00005', 'A00702', 'A00704']);
    const found = new Map<string, TateRecord>();
    for await (const record of readTateRecords(DATASET)) {
      if (wanted.has(record.acno)) found.set(record.acno, record);
      if (found.size === wanted.size) break;
    }
    const print = tateRecordToDescription(found.get('A00005')!);
    expect(labels(print.objectType)).toEqual(['visual works', 'prints', 'engravings']);
    expect(labels(print.techniques)).toEqual(['engraving']);
    expect(print.dating).toEqual({ display: '1826–7, reprinted 1892', earliest: 1826, latest: 1827 });
    const painting = tateRecordToDescription(found.get('A00702')!);
    expect(labels(painting.objectType)).toEqual(['visual works', 'paintings', 'oil paintings']);
    expect(painting.materials.map((term) => term.label.en)).toEqual(['oil paint', 'mahogany']);
    expect(painting.materials[1]).toEqual({ label: { en: 'mahogany' } });
    const relief = tateRecordToDescription(found.get('A00704')!);
    expect(labels(relief.objectType)).toEqual(['visual works', 'sculpture', 'reliefs']);
    expect(labels(relief.materials)).toEqual(['bronze']);
    expect(relief.measurements).toEqual([]);
  });
});

describe('tateRecordToDescription on crafted records', () => {
  it('gives at least one type level, two when the classification is known', () => {
    expect(labels(tateObjectType(null, 'Film'))).toEqual(['visual works']);
    expect(labels(tateObjectType('installation', 'Video'))).toEqual(['visual works', 'installations']);
    expect(labels(tateObjectType('on paper, print', 'Screenprint on paper'))).toEqual(['visual works', 'prints', 'screenprints']);
    expect(labels(tateObjectType('on paper, unique', 'Graphite on paper'))).toEqual(['visual works', 'drawings']);
    expect(labels(tateObjectType('painting', 'Acrylic paint on canvas'))).toEqual(['visual works', 'paintings', 'acrylic paintings']);
    expect(labels(tateObjectType('sculpture', 'Bronze'))).toEqual(['visual works', 'sculpture']);
    expect(labels(tateObjectType('photograph', 'Gelatin silver print'))).toEqual(['visual works']);
  });

  it('reads materials and techniques from the medium, vocabulary first, free text otherwise', () => {
    const etching = tateMediumTerms('Etching and aquatint on paper');
    expect(labels(etching.techniques)).toEqual(['etching', 'aquatint']);
    expect(labels(etching.materials)).toEqual(['paper']);
    expect(etching.techniques[1]).toEqual({ label: { en: 'aquatint' } });
    const photo = tateMediumTerms('Photograph, gelatin silver print on paper');
    expect(labels(photo.techniques)).toEqual(['photography', 'gelatin silver print']);
    const mixed = tateMediumTerms('Oil paint, graphite and gold leaf on canvas. Frame: carved wood');
    expect(labels(mixed.materials)).toEqual(['oil paint', 'graphite', 'gold leaf', 'canvas', 'wood']);
    expect(tateMediumTerms(null)).toEqual({ materials: [], techniques: [] });
    expect(labels(tateMediumTerms('Copper plate').materials)).toEqual(['copper']);
  });

  it('maps every field of a full record', () => {
    const description = tateRecordToDescription({
      acno: 'T01234',
      title: '  Study for “The Bridge”  ',
      contributors: [
        { fc: 'Second Maker', role: 'after', displayOrder: 2 },
        { fc: 'First Maker', role: 'artist', displayOrder: 1 },
      ],
      dateText: 'c.1920–5',
      dateRange: { startYear: 1920, endYear: 1925 },
      classification: 'painting',
      medium: 'Oil paint on board',
      dimensions: 'support: 597 x 749 mm\r\nframe: 760 x 913 x 85 mm',
      units: 'mm',
      inscription: 'date inscribed',
      subjects: { name: 'subject', children: [{ name: 'places', children: [{ name: 'London' }, { name: 'bridge' }] }] },
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
    expect(() => ObjectDescriptionSchema.parse(description)).not.toThrow();
  });
});

describe('readTateRecords', () => {
  it('streams plain and gzipped JSON Lines, skipping blank lines, and names a bad line', async () => {
    const lines = [JSON.stringify({ acno: 'X1', title: 'One' }), '', JSON.stringify({ acno: 'X2', title: 'Two' })].join('\n');
    writeFileSync(join(dir, 'a.jsonl'), `${lines}\n`);
    writeFileSync(join(dir, 'a.jsonl.gz'), gzipSync(lines));
    for (const file of ['a.jsonl', 'a.jsonl.gz']) {
      const acnos: string[] = [];
      for await (const record of readTateRecords(join(dir, file))) acnos.push(record.acno);
      expect(acnos).toEqual(['X1', 'X2']);
    }
    writeFileSync(join(dir, 'bad.jsonl'), `${JSON.stringify({ acno: 'X1' })}\n{oops\n`);
    await expect(async () => {
      for await (const record of readTateRecords(join(dir, 'bad.jsonl'))) void record;
    }).rejects.toThrow(/bad\.jsonl:2: not a JSON record/);
    await expect(async () => {
      for await (const record of readTateRecords(join(dir, 'missing.jsonl.gz'))) void record;
    }).rejects.toThrow(/ENOENT/);
  });
});
