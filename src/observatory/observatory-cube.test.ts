import { describe, expect, it } from 'vitest';
import { FigureCube, type CubeSelection, type TallyBy } from './observatory-cube.js';
import type { Fact } from './observatory-facts.js';

const BREAKDOWNS: TallyBy[] = ['total', 'country', 'year', 'month', 'type', 'material', 'period', 'place-kind', 'method', 'flow', 'days'];
const SELECTIONS: CubeSelection[] = [
  { measure: 'reported' },
  { measure: 'reported', from: 2021, to: 2022, countries: ['FR'], status: 'stolen' },
  { measure: 'recovered', types: ['statues'] },
  { measure: 'sightings' },
];

/** Facts of object `seq`, varied by `version` so that replacing them changes every breakdown. */
function factsOf(seq: number, version: number): Fact[] {
  const pick = <T>(items: readonly T[], salt: number) => items[(seq * 7 + version * 3 + salt) % items.length]!;
  const base = {
    objectSeq: seq,
    year: pick([2020, 2021, 2022], 1),
    month: pick([1, 6, 12], 2),
    country: pick(['FR', 'DE', ''], 3),
    origin: '',
    objectType: pick(['statues', 'paintings'], 4),
    period: pick(['century-19', 'undated'], 5),
    placeKind: pick(['museum', ''], 6),
    method: pick(['burglary', 'unknown'], 7),
    status: pick(['stolen', 'recovered'], 8),
    days: null,
    materials: pick([[], ['bronze'], ['bronze', 'wood']], 9),
  };
  return [
    { ...base, measure: 'reported' },
    ...(base.status === 'recovered' ? [{ ...base, measure: 'recovered' as const, days: pick([0, 30, 390], 10) }] : []),
    ...(seq % 3 === 0 ? [{ ...base, measure: 'sightings' as const, country: pick(['ES', 'MA'], 11), origin: base.country }] : []),
  ];
}

function tallies(cube: FigureCube): unknown[] {
  return SELECTIONS.flatMap((selection) => BREAKDOWNS.flatMap((by) => [true, false].map((published) => [...cube.tally(selection, by, published)].sort())));
}

describe('the cube of facts', () => {
  it('counts facts replaced object by object (dead rows squeezed out, blocks indexed again) as a cube built from the final facts', () => {
    const seqs = Array.from({ length: 300 }, (_, i) => i + 1);
    const updated = new FigureCube();
    updated.replace([], seqs.flatMap((seq) => factsOf(seq, 0)));
    expect(tallies(updated).some((groups) => (groups as unknown[]).length > 0)).toBe(true);
    // Replacing most objects several times passes the share of dead rows that compacts them.
    for (let version = 1; version <= 3; version += 1) {
      const changed = seqs.filter((seq) => seq % 4 !== version);
      updated.replace(changed, changed.flatMap((seq) => factsOf(seq, version)));
    }
    const final = (seq: number) => Math.max(...[0, 1, 2, 3].filter((version) => version === 0 || seq % 4 !== version));
    const fresh = new FigureCube();
    fresh.replace([], seqs.flatMap((seq) => factsOf(seq, final(seq))));
    expect(updated.facts).toBe(fresh.facts);
    expect(tallies(updated)).toEqual(tallies(fresh));
  });

  it('counts the facts of every block only once in exact tallies, and publishes each finest cell alone', () => {
    const cube = new FigureCube();
    const seven = Array.from({ length: 7 }, (_, i) => factsOf(3, 0).map((fact) => ({ ...fact, objectSeq: 1_000 + i, materials: ['bronze'] }))).flat();
    const three = Array.from({ length: 3 }, (_, i) => factsOf(3, 0).map((fact) => ({ ...fact, objectSeq: 2_000 + i, materials: ['wood'] }))).flat();
    cube.replace([], [...seven, ...three]);
    expect(cube.tally({ measure: 'reported' }, 'material', false)).toEqual(new Map([['bronze', 7], ['wood', 3]]));
    // 7 rounds to 5; the cell of 3 is under the threshold, though its block holds 10 facts.
    expect(cube.tally({ measure: 'reported' }, 'material', true)).toEqual(new Map([['bronze', 5]]));
    expect(cube.tally({ measure: 'reported' }, 'total', true)).toEqual(new Map([['', 10]]));
  });
});
