import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { csvFieldLabel, csvTemplate, fieldsNotInCsv } from './csv-format.js';
import { dating, inscriptions, languageMap, mapCsvRow, objectType, places, terms } from './csv-mapper.js';
import { imageFolder, resolveImage } from './import-images.js';
import { RowError, type RecordWarning } from './import-pipeline.js';

const root = mkdtempSync(join(tmpdir(), 'egide-csv-mapper-'));
const folder = imageFolder(join(root));
mkdirSync(join(root, 'photos'));
writeFileSync(join(root, 'photos', 'a.jpg'), 'not read here');
writeFileSync(join(root, '..', `${root.split('/').at(-1)}-outside.jpg`), 'outside');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(join(root, '..', `${root.split('/').at(-1)}-outside.jpg`), { force: true });
});

function rowError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RowError);
    return (error as Error).message;
  }
  throw new Error('expected a RowError');
}

describe('languageMap', () => {
  it('reads one text per language, and plain text in the --lang language', () => {
    expect(languageMap('fr:Portrait d’un évêque|en:Portrait of a bishop', 'en', 'title')).toEqual({ fr: 'Portrait d’un évêque', en: 'Portrait of a bishop' });
    expect(languageMap('Portrait of a bishop', 'fr', 'title')).toEqual({ fr: 'Portrait of a bishop' });
    expect(languageMap('Bowl | with lid', 'en', 'title')).toEqual({ en: 'Bowl | with lid' });
    expect(languageMap('pt-BR: Retrato', 'en', 'title')).toEqual({ 'pt-BR': 'Retrato' });
    expect(languageMap('', 'en', 'title')).toEqual({});
  });

  it('keeps a mix of tagged and untagged texts whole, and both texts of a language given twice, with a warning', () => {
    const warnings: RecordWarning[] = [];
    const warn = (warning: RecordWarning) => warnings.push(warning);
    expect(languageMap('en:Bowl|Schale', 'en', 'title', warn)).toEqual({ en: 'en:Bowl|Schale' });
    expect(languageMap('en:Bowl|en:Dish', 'en', 'subject', warn)).toEqual({ en: 'Bowl\n\nDish' });
    expect(warnings.map((warning) => warning.field)).toEqual(['title', 'subject']);
    expect(warnings[1]!.reason).toBe('the language "en" is given twice: both texts are kept');
  });
});

describe('objectType', () => {
  it('resolves each level through the vocabulary, keeping unknown terms as free text', () => {
    const type = objectType('ceramics > jar', 'en');
    expect(type.map((term) => term.label.en)).toEqual(['ceramics', 'jars']);
    expect(type[0]!.aat).toBe('300151343');
    expect(objectType('céramiques › vase à parfum', 'fr')).toEqual([expect.objectContaining({ aat: '300151343' }), { label: { fr: 'vase à parfum' } }]);
  });

  it('completes one known term with its broader types, and keeps one unknown term as it is', () => {
    expect(objectType('oil paintings', 'en').map((term) => term.label.en)).toEqual(['visual works', 'paintings', 'oil paintings']);
    expect(objectType('netsuke', 'en')).toEqual([{ label: { en: 'netsuke' } }]);
  });
});

describe('terms', () => {
  it('splits on ";" and drops repeats', () => {
    const materials = terms('material', 'oil paint; canvas; huile', 'en');
    expect(materials.map((term) => term.label.en)).toEqual(['oil paint', 'canvas']);
    expect(terms('technique', 'carving; secret patina', 'en')[1]).toEqual({ label: { en: 'secret patina' } });
  });
});

describe('dating', () => {
  it.each([
    ['1650', 1650, 1650],
    ['c. 1650', 1640, 1660],
    ['circa 1650', 1640, 1660],
    ['1650-1660', 1650, 1660],
    ['1650 – 1660', 1650, 1660],
    ['1650-60', 1650, 1660],
    ['1650s', 1650, 1659],
    ['17th century', 1600, 1699],
  ])('%s → %i–%i', (text, earliest, latest) => {
    expect(dating(text)).toEqual({ display: text, earliest, latest });
  });

  it('keeps other text for display only, and a range that ends before it starts too, with a warning', () => {
    expect(dating('Ming dynasty')).toEqual({ display: 'Ming dynasty' });
    expect(dating('')).toBeNull();
    const warnings: RecordWarning[] = [];
    expect(dating('1660-1650', { warn: (warning) => warnings.push(warning), field: 'date' })).toEqual({ display: '1660-1650' });
    expect(warnings).toEqual([{ field: 'date', reason: 'ends before it starts: kept as display text, without years', value: '1660-1650' }]);
  });

  it('warns when a date has digits it cannot read as years, keeping it for display; a date in words is no warning', () => {
    const warnings: RecordWarning[] = [];
    const warned = { warn: (warning: RecordWarning) => warnings.push(warning), field: 'date' };
    expect(dating('circa early 1890s?', warned)).toEqual({ display: 'circa early 1890s?' });
    expect(dating('Ming dynasty', warned)).toEqual({ display: 'Ming dynasty' });
    expect(dating('c. 1650', warned)).toEqual({ display: 'c. 1650', earliest: 1640, latest: 1660 });
    expect(warnings).toEqual([{ field: 'date', reason: 'no years could be read from it: kept as display text, without years', value: 'circa early 1890s?' }]);
  });
});

describe('inscriptions, places', () => {
  it('reads "kind: text @ position" separated by "|"', () => {
    expect(inscriptions('signature: J. Smith @ lower right | Dieu et mon droit')).toEqual([
      { kind: 'signature', text: 'J. Smith', position: 'lower right' },
      { kind: 'inscription', text: 'Dieu et mon droit' },
    ]);
  });

  it('reads "Name (CC)" with an ISO country code, and keeps a place with an unknown code as written, with a warning', () => {
    expect(places('Delft (NL); Paris (fr); Somewhere')).toEqual([
      { name: 'Delft', country: 'NL', kind: 'origin' },
      { name: 'Paris', country: 'FR', kind: 'origin' },
      { name: 'Somewhere', kind: 'origin' },
    ]);
    expect(places('London (UK)')[0]!.country).toBe('GB');
    const warnings: RecordWarning[] = [];
    expect(places('Atlantis (XQ)', (warning) => warnings.push(warning))).toEqual([{ name: 'Atlantis (XQ)', kind: 'origin' }]);
    expect(warnings[0]).toMatchObject({ field: 'place_of_origin', value: 'Atlantis (XQ)', reason: expect.stringContaining('"XQ" is not a country code') });
  });
});

describe('mapCsvRow', () => {
  it('maps a full row to a description that ObjectDescriptionSchema accepts', () => {
    const mapped = mapCsvRow(
      {
        inventory_number: ' INV-1 ',
        title: 'fr:Portrait d’un évêque|en:Portrait of a bishop',
        object_type: 'paintings > oil paintings',
        materials: 'oil paint; canvas',
        techniques: 'painting',
        measurements: 'H 30 x W 40 cm; frame: 35 x 45 cm',
        inscriptions: 'signature: J. Smith @ lower right',
        date: 'c. 1650',
        maker: 'Jan Smith; Workshop of Jan Smith',
        subject: 'a bishop',
        distinguishing_features: 'scratch,\nlower left',
        description: 'Oil on canvas',
        place_of_origin: 'Delft (NL)',
        images: 'photos/a.jpg',
      },
      { lang: 'en', folder },
    );
    const description = ObjectDescriptionSchema.parse(mapped.description);
    expect(description).toMatchObject({
      inventoryNumber: 'INV-1',
      measurements: [
        { dimension: 'height', value: 30, unit: 'cm' },
        { dimension: 'width', value: 40, unit: 'cm' },
        { dimension: 'height', value: 35, unit: 'cm', part: 'frame' },
        { dimension: 'width', value: 45, unit: 'cm', part: 'frame' },
      ],
      dating: { display: 'c. 1650', earliest: 1640, latest: 1660 },
      makers: [{ name: 'Jan Smith' }, { name: 'Workshop of Jan Smith' }],
      distinguishingFeatures: { en: 'scratch,\nlower left' },
      places: [{ name: 'Delft', country: 'NL', kind: 'origin' }],
    });
    expect(mapped.images).toEqual([{ name: 'photos/a.jpg', path: join(folder, 'photos', 'a.jpg') }]);
  });

  it('keeps an unreadable measurement or date as text, an unknown term as free text, and leaves a missing image out, each with a warning', () => {
    const mapped = mapCsvRow(
      { inventory_number: 'X', description: 'A jar.', measurements: 'H 30 cm; about thirty centimetres', date: '1890-1850', materials: 'unobtainium', images: 'photos/a.jpg|photos/missing.jpg' },
      { lang: 'en', folder },
    );
    expect(mapped.description).toMatchObject({
      measurements: [{ dimension: 'height', value: 30, unit: 'cm' }],
      description: { en: 'A jar.\n\nH 30 cm; about thirty centimetres' },
      dating: { display: '1890-1850' },
      materials: [{ label: { en: 'unobtainium' } }],
    });
    expect(mapped.images).toEqual([{ name: 'photos/a.jpg', path: join(folder, 'photos', 'a.jpg') }]);
    expect(mapped.warnings?.map((warning) => [warning.field, warning.value])).toEqual([
      ['measurements', 'H 30 cm; about thirty centimetres'],
      ['materials', 'unobtainium'],
      ['date', '1890-1850'],
      ['images', 'photos/missing.jpg'],
    ]);
    expect(mapped.warnings?.[3]?.reason).toBe('"photos/missing.jpg" not found: the record is imported without it');
    // A row that reads cleanly has no warnings.
    expect(mapCsvRow({ inventory_number: 'X', title: 'Jar' }, { lang: 'en', folder }).warnings).toBeUndefined();
  });
});

describe('image paths', () => {
  it('refuses absolute paths, URLs and paths leading outside the folder of the CSV file', () => {
    expect(rowError(() => resolveImage(folder, '/etc/passwd'))).toBe('images: "/etc/passwd" is an absolute path; name the file relative to the folder of the import file');
    expect(rowError(() => resolveImage(folder, '../../etc/passwd'))).toBe('images: "../../etc/passwd" is outside the folder of the import file');
    expect(rowError(() => resolveImage(folder, 'photos/../../x.jpg'))).toContain('outside the folder');
    expect(rowError(() => resolveImage(folder, '..\\..\\etc\\passwd'))).toContain('outside the folder');
    expect(rowError(() => resolveImage(folder, 'C:\\Windows\\win.ini'))).toContain('absolute path');
    expect(rowError(() => resolveImage(folder, 'https://example.org/a.jpg'))).toContain('is a URL');
    expect(rowError(() => resolveImage(folder, 'photos/missing.jpg'))).toBe('images: "photos/missing.jpg" not found');
    expect(rowError(() => resolveImage(folder, 'photos'))).toBe('images: "photos" is not a file');
  });

  it('refuses a symbolic link inside the folder that points outside it', () => {
    symlinkSync(join(root, '..', `${root.split('/').at(-1)}-outside.jpg`), join(root, 'photos', 'link.jpg'));
    expect(rowError(() => resolveImage(folder, 'photos/link.jpg'))).toContain('outside the folder');
    expect(resolveImage(folder, './photos//a.jpg').path).toBe(join(folder, 'photos', 'a.jpg'));
  });
});

describe('CSV format', () => {
  it('names description fields as the CSV columns do', () => {
    expect(csvFieldLabel(['places', 0, 'country'])).toBe('place_of_origin (country)');
    expect(csvFieldLabel(['title', 'fr'])).toBe('title (fr)');
    expect(csvFieldLabel(['dating', 'latest'])).toBe('date (latest)');
  });

  it('keeps the fields a file does not carry', () => {
    expect(fieldsNotInCsv(['inventory_number', 'title'])).toEqual(expect.arrayContaining(['makers', 'crossReferences', 'dateDocumented', 'places']));
    expect(fieldsNotInCsv(['inventory_number', 'title'])).not.toContain('title');
  });

  it('the template header has the 14 columns, each explained', () => {
    const { header, help } = csvTemplate();
    expect(header).toBe(
      'inventory_number,title,object_type,materials,techniques,measurements,inscriptions,date,maker,subject,distinguishing_features,description,place_of_origin,images',
    );
    expect(help).toHaveLength(14);
    expect(help[0]).toMatch(/^inventory_number: the column is required/);
  });
});
