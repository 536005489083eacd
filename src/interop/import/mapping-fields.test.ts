import { describe, expect, it } from 'vitest';
import { ObjectDescriptionSchema } from '../../registry/object.schemas.js';
import { RowError } from './import-pipeline.js';
import { compileMapping } from './mapping-fields.js';
import { parseMapping } from './mapping-file.js';
import { csvColumn, jsonPath } from './mapping-path.js';
import { MAX_MATCHED_LENGTH } from './regex-safety.js';

/** The mapper of a mapping of JSON records. */
function jsonMapper(mapping: unknown, lang = 'en') {
  return compileMapping(parseMapping(mapping, 'test.json'), { path: jsonPath, items: true, lang, name: 'test.json' });
}

const labels = (terms: Array<{ label: Record<string, string> }>) => terms.map((term) => term.label.en);

describe('mapping rules', () => {
  it('read dotted paths with array steps, and numbers as text', () => {
    const { map } = jsonMapper({
      sourceId: 'id',
      fields: {
        inventoryNumber: 'ids[0].value',
        relatedWrittenMaterial: ['links[*].href', 'catalogue.url'],
        crossReferences: 'related[*]',
      },
    });
    const mapped = map({
      id: 1035,
      ids: [{ value: ' INV 1 ' }, { value: 'other' }],
      links: [{ href: 'https://a.example/1' }, { href: 'https://a.example/1' }, { title: 'no link' }],
      catalogue: { url: 'https://b.example/1' },
      related: 'INV 2',
    });
    expect(mapped.sourceId).toBe('1035');
    expect(mapped.description).toMatchObject({
      inventoryNumber: 'INV 1',
      relatedWrittenMaterial: ['https://a.example/1', 'https://b.example/1'],
      crossReferences: [],
    });
  });

  it('apply when, split, match, map and join in that order, and constants', () => {
    const { map } = jsonMapper({
      fields: {
        inventoryNumber: { path: 'number', match: '^No\\. (\\S+)$' },
        materials: { path: 'materials', split: ';', map: { 'oil on canvas': 'oil paint', canvas: '', '*': 'wood' } },
        techniques: { when: { path: 'kind', equals: ['Print', 'drawing'] }, path: 'technique' },
        objectType: [{ when: { path: 'kind', equals: 'painting' }, value: 'oil paintings' }, { value: 'ceramics > jar' }],
        subject: { path: 'tags[*]', split: ',', join: ' · ' },
      },
    });
    const painting = map({ number: 'No. 12', kind: 'Painting', materials: 'Oil on canvas; Canvas', technique: 'etching', tags: ['saint, bishop', 'saint'] }).description;
    expect(painting).toMatchObject({ inventoryNumber: '12', subject: { en: 'saint · bishop' }, techniques: [] });
    expect(labels((painting as { materials: [] }).materials)).toEqual(['oil paint']);
    expect(labels((painting as { objectType: [] }).objectType)).toEqual(['visual works', 'paintings', 'oil paintings']);
    const print = map({ number: 'No. 13', kind: 'print', materials: 'pine', technique: 'etching' }).description;
    expect(labels((print as { materials: [] }).materials)).toEqual(['wood']);
    expect(labels((print as { techniques: [] }).techniques)).toEqual(['etching']);
    expect(labels((print as { objectType: [] }).objectType)).toEqual(['ceramics', 'jars']);
    // A record the match does not fit has no inventory number (the import warns, or refuses a record that identifies nothing).
    expect((map({ number: 'twelve' }).description as { inventoryNumber?: string }).inventoryNumber).toBeUndefined();
  });

  it('fail a record whose value is too long for a regular expression to read, naming the field and rule', () => {
    const { map } = jsonMapper({ fields: { inventoryNumber: 'n', title: [{ path: 'a' }, { path: 't', match: '^(\\w+)' }] } });
    expect(map({ n: '1', t: 'x'.repeat(MAX_MATCHED_LENGTH) }).description).toMatchObject({ title: { en: 'x'.repeat(MAX_MATCHED_LENGTH) } });
    expect(() => map({ n: '1', t: 'x'.repeat(MAX_MATCHED_LENGTH + 1) })).toThrow(
      new RowError(`title: a value of ${MAX_MATCHED_LENGTH + 1} characters is longer than the ${MAX_MATCHED_LENGTH} a regular expression ("match" at fields.title[1]) reads`),
    );
  });

  it('give each language of a text its first value, in the rule’s language or the mapping’s', () => {
    const mapping = { lang: 'fr', fields: { inventoryNumber: 'n', title: [{ path: 'titre' }, { path: 'titleEn', lang: 'en' }, { path: 'autreTitre' }], description: 'notes' } };
    const { map } = jsonMapper(mapping, 'es');
    expect(map({ n: '1', titre: '  Portrait  d’un\névêque ', titleEn: 'Portrait of a bishop', autreTitre: 'Évêque', notes: 'x' }).description).toMatchObject({
      title: { fr: 'Portrait d’un évêque', en: 'Portrait of a bishop' },
      description: { fr: 'x' },
    });
    const { lang, ...withoutLang } = mapping;
    expect(lang).toBe('fr');
    expect(jsonMapper(withoutLang, 'es').map({ n: '1', titre: 'Retrato' }).description).toMatchObject({ title: { es: 'Retrato' } });
  });

  it('read makers, inscriptions and places item by item', () => {
    const { map } = jsonMapper({
      fields: {
        inventoryNumber: 'n',
        makers: { each: 'people[*]', name: 'name', role: 'role' },
        inscriptions: { each: 'marks[*]', text: 'text', kind: 'type', position: 'where' },
        places: { each: 'origins[*]', name: 'place', country: 'country', kind: { value: 'origin' } },
      },
    });
    const description = map({
      n: '1',
      people: [{ name: 'Jan Smith', role: 'painter' }, { name: 'Workshop of Jan Smith' }, { role: 'nobody' }],
      marks: [{ text: 'J.S.', type: 'Signature', where: 'lower right' }, { text: '1650' }],
      origins: [{ place: 'Delft', country: 'nl' }],
    }).description;
    expect(description).toMatchObject({
      makers: [{ name: 'Jan Smith', role: 'painter' }, { name: 'Workshop of Jan Smith' }],
      inscriptions: [
        { kind: 'signature', text: 'J.S.', position: 'lower right' },
        { kind: 'inscription', text: '1650' },
      ],
      places: [{ name: 'Delft', country: 'NL', kind: 'origin' }],
    });
  });

  it('read dates from their text, or take the years from their own paths', () => {
    const fromText = jsonMapper({ fields: { inventoryNumber: 'n', dating: 'date' } }).map;
    expect(fromText({ n: '1', date: 'c. 1650' }).description).toMatchObject({ dating: { display: 'c. 1650', earliest: 1640, latest: 1660 } });
    expect(fromText({ n: '1' }).description).toMatchObject({ dating: null });
    // A date that cannot be read is kept as display text, with a warning.
    expect(fromText({ n: '1', date: '1660-1650' })).toMatchObject({
      description: { dating: { display: '1660-1650' } },
      warnings: [{ field: 'dating', reason: 'ends before it starts: kept as display text, without years', value: '1660-1650' }],
    });
    expect(fromText({ n: '1', date: '1660-1650' }).description).toEqual(expect.objectContaining({ dating: { display: '1660-1650' } }));
    const withYears = jsonMapper({ fields: { inventoryNumber: 'n', dating: { display: ['date', 'from'], earliest: 'from', latest: 'to' } } }).map;
    expect(withYears({ n: '1', date: 'about 1650', from: 1645, to: '1655' }).description).toMatchObject({ dating: { display: 'about 1650', earliest: 1645, latest: 1655 } });
    expect(withYears({ n: '1', from: 1645 }).description).toMatchObject({ dating: { display: '1645', earliest: 1645 } });
    expect(withYears({ n: '1', date: 'x', from: 'no date' })).toEqual(
      expect.objectContaining({
        description: expect.objectContaining({ dating: { display: 'x' } }),
        warnings: [{ field: 'dating.earliest', reason: 'not a year: the date is kept as display text', value: 'no date' }],
      }),
    );
  });

  it('read measurements with a unit for bare numbers, keeping what cannot be read in the description with a warning unless told to skip it', () => {
    const strict = jsonMapper({ fields: { inventoryNumber: 'n', measurements: { text: 'size', unit: 'unit' } } }).map;
    expect(strict({ n: '1', size: 'support: 597 x 749\nframe: 760 x 913 x 85', unit: 'mm' }).description).toMatchObject({
      measurements: [
        { dimension: 'height', value: 597, unit: 'mm', part: 'support' },
        { dimension: 'width', value: 749, unit: 'mm', part: 'support' },
        { dimension: 'height', value: 760, unit: 'mm', part: 'frame' },
        { dimension: 'width', value: 913, unit: 'mm', part: 'frame' },
        { dimension: 'depth', value: 85, unit: 'mm', part: 'frame' },
      ],
    });
    const unread = strict({ n: '1', size: '30 cm; thirty cm' });
    expect(unread.description).toMatchObject({ measurements: [{ dimension: 'height', value: 30, unit: 'cm' }], description: { en: '30 cm; thirty cm' } });
    expect(unread.warnings).toEqual([expect.objectContaining({ field: 'measurements', value: '30 cm; thirty cm', reason: expect.stringContaining('cannot read "thirty cm"') })]);
    const cubits = strict({ n: '1', size: '30', unit: 'cubits' });
    expect(cubits.description).toMatchObject({ measurements: [], description: { en: '30' } });
    expect(cubits.warnings?.map((warning) => warning.field)).toEqual(['measurements.unit', 'measurements']);
    const lenient = jsonMapper({ fields: { inventoryNumber: 'n', measurements: { text: 'size', unreadable: 'skip' } } }).map;
    expect(lenient({ n: '1', size: '30 cm; thirty cm' })).toEqual({ description: expect.objectContaining({ measurements: [{ dimension: 'height', value: 30, unit: 'cm' }], description: {} }) });
  });

  it('reads CSV rows by column, leaving invalid UTF-8 to the pipeline', () => {
    const mapping = parseMapping({ fields: { inventoryNumber: 'Inv. no.', makers: { path: 'Artist(s)', split: ';' } } }, 'test.json');
    const { map, keep } = compileMapping(mapping, { path: csvColumn(['Inv. no.', 'Artist(s)']), items: false, lang: 'en', name: 'test.json' });
    expect(map({ 'Inv. no.': 'A-1', 'Artist(s)': 'Jan Smith; Workshop of Jan Smith' }).description).toMatchObject({
      inventoryNumber: 'A-1',
      makers: [{ name: 'Jan Smith' }, { name: 'Workshop of Jan Smith' }],
    });
    // The pipeline leaves the unreadable bytes out with a warning (import-pipeline.repair.test.ts).
    expect(map({ 'Inv. no.': 'A-2', 'Artist(s)': 'Jan Sm\uFFFDth' }).description).toMatchObject({ makers: [{ name: 'Jan Sm\uFFFDth' }] });
    // Fields the mapping does not fill keep their stored values on update.
    expect(keep).toEqual(['objectType', 'title', 'materials', 'techniques', 'measurements', 'inscriptions', 'dating', 'subject', 'distinguishingFeatures', 'description', 'relatedWrittenMaterial', 'places', 'crossReferences', 'dateDocumented']);
  });

  it('gives descriptions the schema accepts', () => {
    const { map } = jsonMapper({ fields: { inventoryNumber: 'n', title: 't', dateDocumented: 'd' } });
    const parsed = ObjectDescriptionSchema.safeParse(map({ n: 'A-1', t: 'Jar', d: '2024-03-14' }).description);
    expect(parsed.success && parsed.data).toMatchObject({ inventoryNumber: 'A-1', title: { en: 'Jar' }, dateDocumented: '2024-03-14', makers: [] });
  });
});
