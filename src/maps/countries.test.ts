import { describe, expect, it } from 'vitest';
import { alpha2OfNumeric, COUNTRIES, countriesInRegion, isCountryCode, isRegionCode, numericOf, REGIONS, regionName, regionOf } from './countries.js';
import { atlasCountries } from './world-atlas.js';

describe('countries', () => {
  it('lists each country once, by its alpha-2 and its numeric code', () => {
    expect(new Set(COUNTRIES.map((country) => country.alpha2)).size).toBe(COUNTRIES.length);
    expect(new Set(COUNTRIES.map((country) => country.numeric)).size).toBe(COUNTRIES.length);
  });

  it('converts alpha-2 and numeric codes both ways', () => {
    expect(numericOf('FR')).toBe('250');
    expect(alpha2OfNumeric('250')).toBe('FR');
    expect(alpha2OfNumeric('4')).toBe('AF');
    expect(numericOf('XK')).toBeUndefined();
    expect(alpha2OfNumeric('999')).toBeUndefined();
  });

  it('places countries in their M49 region, sub-region and intermediate region', () => {
    expect(regionOf('FR')).toEqual({ region: '150', subRegion: '155', intermediateRegion: null });
    expect(regionOf('ng')).toEqual({ region: '002', subRegion: '202', intermediateRegion: '011' });
    expect(regionOf('XK')?.region).toBe('150');
    expect(regionOf('AQ')).toBeUndefined();
    expect(regionOf('ZZ')).toBeUndefined();
    expect(countriesInRegion('155')).toEqual(['AT', 'BE', 'FR', 'DE', 'LI', 'LU', 'MC', 'NL', 'CH']);
    expect(countriesInRegion('150')).toContain('IT');
    expect(countriesInRegion('419')).toEqual([...countriesInRegion('029'), ...countriesInRegion('013'), ...countriesInRegion('005')]);
    expect(countriesInRegion('999')).toEqual([]);
  });

  it('every region has countries and a name in each language', () => {
    for (const code of REGIONS) {
      expect(countriesInRegion(code).length, code).toBeGreaterThan(0);
      for (const lang of ['fr', 'en', 'es'] as const) expect(regionName(code, lang), `${lang} ${code}`).not.toBe(code);
    }
    expect(regionName('202', 'fr')).toBe('Afrique subsaharienne');
    expect(regionName('nope', 'en')).toBe('nope');
  });

  it('validates codes', () => {
    expect(isCountryCode('FR')).toBe(true);
    expect(isCountryCode('XK')).toBe(true);
    expect(isCountryCode('fr')).toBe(false);
    expect(isCountryCode('ZZ')).toBe(false);
    expect(isRegionCode('150')).toBe(true);
    expect(isRegionCode('001')).toBe(false);
  });

  it('names every world-atlas feature that is an ISO country, Kosovo included', () => {
    const unnamed = atlasCountries('50m').filter((item) => item.country === null).map((item) => item.feature.properties?.['name']);
    expect(unnamed.sort()).toEqual(['Indian Ocean Ter.', 'N. Cyprus', 'Siachen Glacier', 'Somaliland']);
    expect(atlasCountries('110m').some((item) => item.country === 'XK')).toBe(true);
  });
});
