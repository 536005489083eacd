import { describe, expect, it } from 'vitest';
import { DAYS_BUCKET, factsOf, periodOf, type SourceObject } from './observatory-facts.js';

describe('periodOf', () => {
  it.each([
    [null, null, 'undated'],
    [-3000, -2500, 'before-1000-bce'],
    [-1000, -1000, '1000-1-bce'],
    [-50, 30, '1000-1-bce'],
    [1, 1000, '1-1000-ce'],
    [1000, 1000, '1-1000-ce'],
    [1001, 1001, 'century-11'],
    [1850, 1910, 'century-19'],
    [1900, 1900, 'century-19'],
    [1901, null, 'century-20'],
    [null, 2024, 'century-21'],
    [2150, 2150, 'century-21'],
  ] as const)('%s–%s is %s', (earliest, latest, period) => {
    expect(periodOf(earliest, latest)).toBe(period);
  });
});

const object = (overrides: Partial<SourceObject> = {}): SourceObject => ({
  seq: 7,
  status: 'recovered',
  objectType: 'oil-paintings',
  earliestYear: 1850,
  latestYear: 1870,
  materials: ['oil-paint', 'canvas', 'oil-paint'],
  incidents: [
    { country: 'FR', method: 'burglary', placeKind: 'museum', reportedOn: '2023-02-01', discoveredOn: '2023-01-30' },
    { country: 'BE', method: 'theft', placeKind: null, reportedOn: '2020-05-01', discoveredOn: null },
  ],
  recoveries: ['2023-05-02T10:00:00.000Z'],
  sightings: [{ country: 'DE', at: '2023-04-01T00:00:00.000Z' }],
  ...overrides,
});

describe('factsOf', () => {
  it('gives one fact per incident, recovery and sighting, each following the incident reported before it', () => {
    const facts = factsOf(object());
    expect(facts.map((f) => [f.measure, f.year, f.month, f.country, f.origin, f.placeKind, f.method, f.days])).toEqual([
      ['reported', 2020, 5, 'BE', '', '', 'theft', null],
      ['reported', 2023, 1, 'FR', '', 'museum', 'burglary', null],
      ['recovered', 2023, 5, 'FR', '', 'museum', 'burglary', 90],
      ['sightings', 2023, 4, 'DE', 'FR', 'museum', 'burglary', null],
    ]);
    expect(facts[0]).toMatchObject({ objectType: 'oil-paintings', period: 'century-19', status: 'recovered', materials: ['canvas', 'oil-paint'] });
  });

  it('keeps a recovery without incident, without days, and an object without incidents out of the reports', () => {
    expect(factsOf(object({ incidents: [], sightings: [] }))).toEqual([expect.objectContaining({ measure: 'recovered', country: '', days: null, method: '' })]);
  });
});

describe('days to recovery', () => {
  it('are kept to the month', () => {
    const recovered = factsOf(object({ incidents: [object().incidents[1]!], sightings: [] })).find((fact) => fact.measure === 'recovered');
    // 2020-05-01 → 2023-05-02: 1,096 days, kept as 1,080.
    expect(recovered).toMatchObject({ measure: 'recovered', days: 36 * DAYS_BUCKET });
  });
});
