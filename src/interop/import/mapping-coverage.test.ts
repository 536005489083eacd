import { describe, expect, it } from 'vitest';
import { CoverageCollector, countingMapper, formatCoverage } from './mapping-coverage.js';
import { compileMapping } from './mapping-fields.js';
import { MappingSchema } from './mapping-file.js';
import { csvCell, jsonPath } from './mapping-path.js';

const MAPPING = MappingSchema.parse({
  sourceId: 'id',
  fields: {
    inventoryNumber: ['number', 'accession'],
    title: { path: 'Title', when: { path: 'public', equals: 'yes' } },
    makers: { each: 'people[*]', name: 'name', role: 'role' },
    materialsAndTechniques: { text: 'medium', terms: { 'oil paint': 'oil paint' } },
    objectType: { value: 'visual works' },
  },
});

const RECORDS = [
  { id: 'r1', number: 'A-1', public: 'yes', people: [{ name: 'Potter' }], medium: 'Oil paint on canvas', title: 'lower-case title key' },
  { id: 'r2', number: 'A-2', people: [{ name: '' }, { name: 'Smith', role: 'painter' }] },
  { number: 'A-3', people: [] },
  { accession: '' },
];

function covered() {
  const compiled = compileMapping(MAPPING, { path: jsonPath, items: true, lang: 'en', name: 'mapping.json' });
  const coverage = new CoverageCollector();
  const map = countingMapper(compiled.map, coverage.counterFor(MAPPING, jsonPath));
  for (const record of RECORDS) {
    try {
      map(record);
    } catch {
      // A record that cannot be mapped is counted too.
    }
  }
  return coverage.result()!;
}

describe('mapping coverage', () => {
  it('counts the records each field got a value in, and each path was found in, fallback rules included', () => {
    const coverage = covered();
    expect(coverage.records).toBe(4);
    expect(Object.fromEntries(coverage.fields.map(({ field, records }) => [field, records]))).toEqual({
      sourceId: 2,
      inventoryNumber: 3,
      title: 0,
      makers: 2,
      materialsAndTechniques: 1,
      objectType: 4,
    });
    expect(coverage.paths).toEqual([
      { field: 'sourceId', path: 'id', records: 2 },
      { field: 'inventoryNumber', path: 'number', records: 3 },
      // Never reached by the mapping (an inventory number was found first) but counted: found in no record here.
      { field: 'inventoryNumber', path: 'accession', records: 0 },
      { field: 'title', path: 'Title', records: 0 },
      { field: 'title', path: 'public', records: 1 },
      { field: 'materialsAndTechniques.text', path: 'medium', records: 1 },
      { field: 'makers', path: 'people[*]', records: 2 },
      { field: 'makers.name', path: 'name', within: 'people[*]', records: 2 },
      { field: 'makers.role', path: 'role', within: 'people[*]', records: 1 },
    ]);
  });

  it('prints a table, and a warning for each path found in no record', () => {
    const lines = formatCoverage(covered());
    expect(lines.slice(0, 4)).toEqual([
      'mapping coverage, 4 records:',
      '  field                   records  share',
      '  sourceId                      2  50.0 %',
      '  inventoryNumber               3  75.0 %',
    ]);
    expect(lines.filter((line) => line.startsWith('warning:'))).toEqual([
      'warning: inventoryNumber: "accession" found in 0 of 4 records',
      'warning: title: "Title" found in 0 of 4 records',
    ]);
  });

  it('reads the cells of CSV rows, an empty cell being no value', () => {
    const mapping = MappingSchema.parse({ fields: { inventoryNumber: 'Inv', title: 'Titre' } });
    const collector = new CoverageCollector();
    const counter = collector.counterFor(mapping, csvCell);
    counter.count({ Inv: 'A-1', Titre: '' }, undefined);
    counter.count({ Inv: 'A-2', Titre: ' Vase ' }, undefined);
    expect(collector.result()!.paths).toEqual([
      { field: 'inventoryNumber', path: 'Inv', records: 2 },
      { field: 'title', path: 'Titre', records: 1 },
    ]);
  });
});
