import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { rowsFromCsv, rowsFromJson, validateRows } from './external-dataset.js';

function issuesOf(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.issues;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('external dataset validation', () => {
  it('reads rows by region and year with a consistent declared total', () => {
    const { rows, shape } = validateRows(rowsFromCsv('Region,Year,Value\r\n150,2022,40\n2,2022,10\ntotal,2022,50\n'));
    expect(shape).toEqual({ area: 'region', year: true });
    expect(rows).toEqual([
      { area: '150', year: 2022, value: 40 },
      { area: '002', year: 2022, value: 10 },
      { area: 'total', year: 2022, value: 50 },
    ]);
  });

  it('refuses the whole dataset naming every bad row by CSV line and column', () => {
    const csv = ['country,year,value', 'FR,2021,12', 'ZZ,2021,3', 'DE,2021,abc', 'IT,2021,-4', 'FR,2021,7', 'ES,1800,2'].join('\n');
    expect(issuesOf(() => validateRows(rowsFromCsv(csv)))).toEqual([
      { field: 'line 3: country', message: 'unknown country code "ZZ" (ISO 3166-1 alpha-2, or total)' },
      { field: 'line 4: value', message: '"abc" is not a number' },
      { field: 'line 5: value', message: '-4 is negative' },
      { field: 'line 6: country', message: 'the same FR, 2021 as line 2: value' },
      { field: 'line 7: year', message: '"1800" is not a year (1900–2100, or total)' },
    ]);
  });

  it('names a declared total that is not the sum of its parts', () => {
    const csv = 'country,year,value\nFR,2021,12\nDE,2021,3\ntotal,2021,16\nFR,2022,1\nFR,total,13\n';
    expect(issuesOf(() => validateRows(rowsFromCsv(csv)))).toEqual([{ field: 'line 4: value', message: 'the declared total 16 differs from the sum of its 2 parts, 15' }]);
  });

  it('names JSON rows by their path, unknown regions and areas of two kinds included', () => {
    const issues = issuesOf(() => validateRows(rowsFromJson([{ region: '999', value: 1 }, { region: '150', country: 'FR', value: 2 }, { region: '019', value: '5' }])));
    expect(issues.map((issue) => issue.field)).toEqual(['rows[0].country', 'rows[1].region', 'rows[2].country']);
  });

  it('refuses a CSV header without a value column, naming line 1', () => {
    expect(issuesOf(() => rowsFromCsv('country,count\nFR,1\n'))).toEqual([{ field: 'line 1', message: 'columns are country or region, year, value; unknown: count' }]);
  });
});
