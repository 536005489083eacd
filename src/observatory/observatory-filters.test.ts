import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { countriesOf, filterParams, parseObservatoryFilters, typeAndNarrower } from './observatory-filters.js';

function refusal(query: Record<string, string>): DomainError {
  try {
    parseObservatoryFilters(query);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('parseObservatoryFilters', () => {
  it('reads every filter, trimmed, the country in capitals, blanks ignored', () => {
    expect(parseObservatoryFilters({ from: '2020', to: ' 2024 ', region: '150', country: 'fr', type: 'paintings', status: 'stolen', measure: 'recovered', format: 'csv', lang: '' })).toEqual({
      from: 2020,
      to: 2024,
      region: '150',
      country: 'FR',
      type: 'paintings',
      status: 'stolen',
      measure: 'recovered',
    });
    expect(parseObservatoryFilters({ from: '', country: '  ' })).toEqual({});
  });

  it.each([
    [{ country: 'ZZ' }, 'country'],
    [{ from: '2025', to: '2020' }, 'from'],
    [{ from: '1850' }, 'from'],
    [{ to: 'next year' }, 'to'],
    [{ region: 'europe' }, 'region'],
    [{ region: '150', country: 'BR' }, 'country'],
    [{ type: 'spaceships' }, 'type'],
    [{ status: 'in-collection' }, 'status'],
    [{ measure: 'value' }, 'measure'],
  ])('refuses %o naming %s', (query, field) => {
    const error = refusal(query);
    expect(error.kind).toBe('invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual([field]);
  });
});

describe('helpers', () => {
  it('includes narrower types', () => {
    expect(typeAndNarrower('paintings')).toEqual(expect.arrayContaining(['paintings', 'oil-paintings', 'watercolours', 'miniatures']));
    expect(typeAndNarrower('visual-works')).toContain('oil-paintings');
    expect(typeAndNarrower('oil-paintings')).toEqual(['oil-paintings']);
  });

  it('gives the countries of a country or region filter', () => {
    expect(countriesOf({ country: 'FR' })).toEqual(['FR']);
    expect(countriesOf({ region: '150' })).toEqual(expect.arrayContaining(['FR', 'DE', 'ES']));
    expect(countriesOf({})).toBeUndefined();
  });

  it('writes the filters back in a stable order', () => {
    expect(filterParams({ measure: 'sightings', country: 'FR', from: 2020 })).toEqual([
      ['from', '2020'],
      ['country', 'FR'],
      ['measure', 'sightings'],
    ]);
  });
});
