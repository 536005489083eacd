import { describe, expect, it } from 'vitest';
import { emptyDescription } from './object-record.js';
import type { ObjectDescription, Term } from './object-record.js';
import { OBJECT_ID_CATEGORIES, RECOMMENDED_CATEGORIES, hasText, objectIdCompleteness } from './completeness.js';


function fullDescription(): ObjectDescription {
  return {
    inventoryNumber: 'MNA 1234',
    objectType: [{ label: { en: 'ceramics' }, aat: '300151343' }, { label: { en: 'jars' } }],
    title: { fr: 'Jarre aux poissons' },
    materials: [{ label: { en: 'stoneware' } }],
    techniques: [],
    measurements: [{ dimension: 'height', value: 30, unit: 'cm' }],
    inscriptions: [{ kind: 'mark', text: 'seal mark, six characters', position: 'base' }],
    dating: { display: 'Ming dynasty' },
    makers: [{ name: 'Jingdezhen kilns' }],
    subject: { en: 'fish among water plants' },
    distinguishingFeatures: { en: 'chip on the rim, old repair to the neck' },
    description: { en: 'Blue and white jar with four fish.' },
    relatedWrittenMaterial: ['Catalogue 1998, no. 12'],
    places: [{ name: 'Jingdezhen', country: 'CN', kind: 'origin' }],
    crossReferences: ['MNA 1235'],
    dateDocumented: '2024-05-02',
  };
}

describe('objectIdCompleteness', () => {
  it('exports the 11 core and 5 recommended categories', () => {
    expect(OBJECT_ID_CATEGORIES).toHaveLength(11);
    expect(RECOMMENDED_CATEGORIES).toEqual(['inventoryNumber', 'relatedWrittenMaterial', 'places', 'crossReferences', 'dateDocumented']);
  });

  it('finds a fully described, photographed object complete', () => {
    expect(objectIdCompleteness(fullDescription(), 3)).toEqual({
      complete: true,
      score: 1,
      missing: [],
      missingRecommended: [],
      typeNeedsSecondLevel: false,
      inventoryNumber: { state: 'present' },
    });
  });

  it('lists everything missing for an empty description', () => {
    expect(objectIdCompleteness(emptyDescription(), 0)).toEqual({
      complete: false,
      score: 0,
      missing: [...OBJECT_ID_CATEGORIES],
      missingRecommended: [...RECOMMENDED_CATEGORIES],
      typeNeedsSecondLevel: false,
      inventoryNumber: { state: 'missing' },
    });
  });

  it('says when the inventory number is missing, with what the source wrote instead, or shared with other objects', () => {
    const { inventoryNumber: _number, ...unnumbered } = fullDescription();
    expect(objectIdCompleteness({ ...unnumbered, inventoryNumberPlaceholder: 's.n.' }, 1).inventoryNumber).toEqual({ state: 'missing', placeholder: 's.n.' });
    expect(objectIdCompleteness(unnumbered, 1).missingRecommended).toEqual(['inventoryNumber']);
    const sharers = [{ id: 'o2', title: 'Lid' }];
    expect(objectIdCompleteness(fullDescription(), 1, sharers).inventoryNumber).toEqual({ state: 'shared', with: sharers });
    // Neither changes Object ID completeness: the number is a recommended addition.
    expect(objectIdCompleteness(unnumbered, 1).complete).toBe(true);
  });

  it('counts photographs', () => {
    expect(objectIdCompleteness(fullDescription(), 0).missing).toEqual(['photographs']);
    expect(objectIdCompleteness(fullDescription(), Number.NaN).missing).toEqual(['photographs']);
    expect(objectIdCompleteness(fullDescription(), 1).complete).toBe(true);
  });

  it('asks for a second level of object type', () => {
    const d = { ...fullDescription(), objectType: [{ label: { en: 'ceramics' } }] };
    const result = objectIdCompleteness(d, 2);
    expect(result.missing).toEqual(['objectType']);
    expect(result.typeNeedsSecondLevel).toBe(true);
    expect(result.complete).toBe(false);
    expect(result.score).toBeCloseTo(10 / 11, 12);
  });

  it('does not count blank terms as levels, but counts a term known only by its AAT id', () => {
    const blankLevel: Term[] = [{ label: { en: 'ceramics' } }, { label: { en: '  ', fr: '' } }];
    const blank = { ...fullDescription(), objectType: blankLevel };
    expect(objectIdCompleteness(blank, 1).typeNeedsSecondLevel).toBe(true);
    const idLevel: Term[] = [{ label: { en: 'ceramics' } }, { label: {}, aat: '300132254' }];
    const byId = { ...fullDescription(), objectType: idLevel };
    expect(objectIdCompleteness(byId, 1).missing).toEqual([]);
  });

  it('takes materials or techniques', () => {
    const techniquesOnly = { ...fullDescription(), materials: [], techniques: [{ label: { es: 'talla' } }] };
    expect(objectIdCompleteness(techniquesOnly, 1).missing).toEqual([]);
    const neither = { ...fullDescription(), materials: [{ label: { en: ' ' } }], techniques: [] };
    expect(objectIdCompleteness(neither, 1).missing).toEqual(['materialsAndTechniques']);
  });

  it('counts a language map when any language has text', () => {
    const d = { ...fullDescription(), title: { fr: '', es: '  ', en: 'Fish jar' }, subject: { fr: ' ' }, description: {} };
    expect(objectIdCompleteness(d, 1).missing).toEqual(['subject', 'description']);
    expect(objectIdCompleteness(d, 1).score).toBeCloseTo(9 / 11, 12);
  });

  it('needs a real inscription, measurement, maker and date', () => {
    const d: ObjectDescription = {
      ...fullDescription(),
      inscriptions: [{ kind: 'signature', text: '  ' }],
      measurements: [{ dimension: 'height', value: 0, unit: 'cm' }],
      makers: [{ name: '' }],
      dating: { display: ' ' },
    };
    expect(objectIdCompleteness(d, 1).missing).toEqual(['measurements', 'inscriptions', 'dating', 'maker']);
    expect(objectIdCompleteness({ ...d, dating: { display: '', earliest: 1650 } }, 1).missing).not.toContain('dating');
  });

  it('reports missing recommended categories without affecting completeness', () => {
    const d = { ...fullDescription(), inventoryNumber: ' ', places: [{ name: '' }], dateDocumented: null };
    const result = objectIdCompleteness(d, 1);
    expect(result.complete).toBe(true);
    expect(result.missingRecommended).toEqual(['inventoryNumber', 'places', 'dateDocumented']);
  });
});

describe('hasText', () => {
  it('is true when any language has non-blank text', () => {
    expect(hasText({ fr: '', en: 'x' })).toBe(true);
    expect(hasText({ fr: ' \n ' })).toBe(false);
    expect(hasText({})).toBe(false);
    expect(hasText(null)).toBe(false);
  });
});
