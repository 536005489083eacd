import { describe, expect, it } from 'vitest';
import { provenanceGaps, provenanceYears } from './provenance.js';

const today = new Date('2026-12-07T00:00:00Z');

describe('provenanceGaps', () => {
  it('reads the years a provenance names, once each, in order', () => {
    expect(provenanceYears('Sold 1952 (lot 12); acquired 1938, Paris; again in 1952; 12345 is not a year')).toEqual([1938, 1952]);
  });

  it('says when there is no provenance at all', () => {
    expect(provenanceGaps({ provenance: '  ' }, today)).toEqual(['no-provenance']);
    expect(provenanceGaps({}, today)).toEqual(['no-provenance']);
  });

  it('finds no gap in a history dated through 1933–1945 and every twenty years since 1970', () => {
    const provenance = 'Galerie X, Paris, 1928; private collection, Lyon, 1936–1951; by descent, 1975; Sotheby’s London 1994; private collection 2012';
    expect(provenanceGaps({ provenance, period: { from: 1850, to: 1860 } }, today)).toEqual([]);
  });

  it('flags a history silent over 1933–1945 for an object that existed then, not for a younger one', () => {
    const provenance = 'Acquired 1925 by the family; sold 1980; 1999; 2015';
    expect(provenanceGaps({ provenance, period: { from: 1700, to: 1750 } }, today)).toEqual(['gap-1933-1945']);
    expect(provenanceGaps({ provenance: 'Commissioned 1960; 1980; 1999; 2015', period: { from: 1960, to: 1960 } }, today)).toEqual([]);
  });

  it('flags a history that stops before 1970 or leaves more than twenty years undocumented since', () => {
    expect(provenanceGaps({ provenance: 'Collection Y, 1935–1968', period: { from: 1800, to: 1800 } }, today)).toEqual(['gap-after-1970']);
    expect(provenanceGaps({ provenance: '1940; 1972; 2001; 2020', period: { from: 1800, to: 1800 } }, today)).toEqual(['gap-after-1970']);
  });
});
