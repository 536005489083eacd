import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvColumn } from '../import/csv-format.js';
import { mapCsvRow } from '../import/csv-mapper.js';
import { openCsvSource } from '../import/csv-source.js';
import { withInventoryNumberRead } from '../../registry/inventory-number.js';
import { emptyDescription, type ObjectDescription } from '../../registry/object-record.js';
import type { ExportableObject } from '../exportable-object.js';
import { fullObject, paintingObject } from '../testing/fixtures.js';
import { CSV_COLUMNS, CSV_HEADER, csvLine, csvRow } from './object-csv.js';

/**
 * Export → import through the CSV import's own row mapper (interop/import/csv-mapper.ts): the
 * cells must be what the importer reads, not only what this module thinks it wrote.
 */
let folder: string;
beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'egide-csv-'));
  for (const name of ['p1.jpg', 'p2.png']) writeFileSync(join(folder, name), 'image bytes');
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function roundTrip(objects: ExportableObject[], lang: string, images: string[][] = []) {
  const text = CSV_HEADER + objects.map((o, i) => csvLine(csvRow(o, { lang, images: images[i] ?? [] }))).join('');
  const rows = parse(text, { columns: true, bom: true }) as Array<Partial<Record<CsvColumn, string>>>;
  return rows.map((row) => mapCsvRow(row, { lang, folder }));
}

/** What the CSV import fills in: every field but those without a column. */
function withoutUncarried(d: ObjectDescription) {
  const { relatedWrittenMaterial: _r, crossReferences: _c, dateDocumented: _d, ...rest } = d;
  return rest;
}

/** A record within what the CSV format expresses: vocabulary terms, a circa date, no roles, places of origin. */
function csvSafeObject(): ExportableObject {
  const painting = paintingObject();
  return {
    ...painting,
    description: {
      ...painting.description,
      title: { en: 'Portrait of a bishop', fr: 'Portrait d’un évêque' },
      techniques: [{ label: { fr: 'peinture', en: 'painting', es: 'pintura' }, aat: '300054216' }],
      inscriptions: [{ kind: 'signature', text: 'Ph. de Champaigne', position: 'lower right' }, { kind: 'stamp', text: 'Douane, 1905' }],
      dating: { display: 'c. 1650', earliest: 1640, latest: 1660 },
      makers: [{ name: 'Philippe de Champaigne' }, { name: 'Workshop of Philippe de Champaigne' }],
      subject: { en: 'A bishop, half-length', es: 'Un obispo, de medio cuerpo' },
      distinguishingFeatures: { en: 'Tear lower left, "relined" in 1950' },
      description: { en: 'Oil on canvas.\nOval format.', fr: 'Huile sur toile.\nFormat ovale.' },
      places: [{ name: 'Paris', country: 'FR', kind: 'origin' }],
    },
  };
}

describe('CSV export → CSV import', () => {
  it('writes the import’s columns', () => {
    expect(CSV_HEADER).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(CSV_COLUMNS).toEqual([
      'inventory_number', 'title', 'object_type', 'materials', 'techniques', 'measurements', 'inscriptions',
      'date', 'maker', 'subject', 'distinguishing_features', 'description', 'place_of_origin', 'images',
    ]);
  });

  it('imports a record back unchanged when the format can express it, images included', () => {
    const safe = csvSafeObject();
    const [mapped] = roundTrip([safe], 'en', [['p1.jpg', 'p2.png']]);
    expect(mapped!.description).toEqual(withoutUncarried(safe.description));
    expect(mapped!.images?.map((i) => i.name)).toEqual(['p1.jpg', 'p2.png']);
  });

  it('imports an object with only an inventory number', () => {
    const [mapped] = roundTrip([{ ...paintingObject(), description: emptyDescription('X-1') }], 'fr');
    expect(mapped!.description).toEqual(withoutUncarried(emptyDescription('X-1')));
  });

  it('writes an object without inventory number with the cell empty, or with the placeholder the source wrote (read as missing again)', () => {
    const titled = { ...emptyDescription(), title: { en: 'Jug' } };
    const [none, placeholder] = [titled, { ...titled, inventoryNumberPlaceholder: 'o. Nr.' }].map((description) => ({ ...paintingObject(), description }));
    expect(csvRow(none!, { lang: 'en' })[0]).toBe('');
    expect(csvRow(placeholder!, { lang: 'en' })[0]).toBe('o. Nr.');
    const [first, second] = roundTrip([none!, placeholder!], 'en');
    expect(first!.description).not.toHaveProperty('inventoryNumber');
    expect(withInventoryNumberRead(second!.description as ObjectDescription)).toEqual(withoutUncarried(placeholder!.description));
  });

  it('writes cells a spreadsheet would run as formulas with a quote in front, and the import reads them back as they were', async () => {
    const safe = csvSafeObject();
    const risky: ExportableObject = {
      ...safe,
      description: {
        ...safe.description,
        inventoryNumber: '=HYPERLINK("http://evil.example","open")',
        makers: [{ name: '@SUM(1+1)' }, { name: '+Workshop' }],
        dating: { display: '-500' },
      },
    };
    const text = CSV_HEADER + csvLine(csvRow(risky, { lang: 'en' }));
    const file = join(folder, 'formulas.csv');
    writeFileSync(file, text);
    const [row] = parse(text, { columns: true }) as Array<Record<CsvColumn, string>>;
    expect(row!.inventory_number).toBe(`'=HYPERLINK("http://evil.example","open")`);
    expect(row!.maker).toBe("'@SUM(1+1); +Workshop");
    expect(row!.date).toBe('-500'); // a year before the common era is a number, not a formula

    const mapped = [];
    for await (const item of openCsvSource(file).records()) if ('record' in item) mapped.push(mapCsvRow(item.record, { lang: 'en', folder }));
    expect(mapped).toHaveLength(1);
    const imported = mapped[0]!.description as ObjectDescription;
    expect(imported.inventoryNumber).toBe(risky.description.inventoryNumber);
    expect(imported.makers).toEqual(risky.description.makers);
    expect(imported.dating?.display).toBe('-500');
  });

  it('writes multilingual texts as fr:…|en:… and single-language cells in the export language', () => {
    const row = csvRow(fullObject(), { lang: 'fr' });
    const cell = (column: CsvColumn) => row[CSV_COLUMNS.indexOf(column)];
    expect(cell('title')).toBe('fr:Jarre aux dragons & nuages <Ming>|en:Dragon & cloud jar|es:Jarra con dragones');
    expect(cell('object_type')).toBe('céramiques > jarres à "anses"');
    expect(cell('materials')).toBe('porcelaine; cobalt blue');
    expect(cell('inscriptions')).toBe('mark: 大明宣德年製 @ base, in a double circle | signature: J. "Doe" <fecit> | label: Lot 12; provenance ¦ unknown @ inside the lid | number: 1977.20 @ foot rim | stamp: Douane 1905 | inscription: Longue vie');
    expect(cell('place_of_origin')).toBe('Jingdezhen (CN); Jiangxi');
  });

  it('imports a record with everything: what the format carries survives, the rest is left out, nothing invented', () => {
    const [mapped] = roundTrip([fullObject()], 'en');
    const d = mapped!.description as ObjectDescription;
    const original = fullObject().description;
    expect(d.title).toEqual(original.title);
    expect(d.description).toEqual(original.description);
    expect(d.subject).toEqual(original.subject);
    expect(d.distinguishingFeatures).toEqual(original.distinguishingFeatures);
    expect(d.measurements).toEqual(original.measurements);
    expect(d.materials[0]).toEqual(original.materials[0]);
    expect(d.objectType[0]).toEqual(original.objectType[0]);
    expect(d.objectType[1]).toEqual({ label: { en: 'jars, handled | lidded' } });
    expect(d.inscriptions.map((i) => [i.kind, i.text, i.position])).toEqual(original.inscriptions.map((i) => [i.kind, i.text.replace(/\|/g, '¦'), i.position]));
    expect(d.makers).toEqual([{ name: 'Imperial kilns of Jingdezhen' }, { name: 'Unknown painter' }]);
    expect(d.places).toEqual([
      { name: 'Jingdezhen', country: 'CN', kind: 'origin' },
      { name: 'Jiangxi', kind: 'origin' },
    ]);
    expect(d.dating).toEqual({ display: 'Xuande period (1426–1435)' });
  });
});
