import { describe, expect, it } from 'vitest';
import { emptyDescription } from '../registry/object-record.js';
import { lotOutcome, normaliseInventoryNumber, screenLotAgainstObject, type ScreenedObject } from './screen-lot.js';

const vase: ScreenedObject = {
  id: 'obj-1',
  status: 'stolen',
  title: 'Vase with peonies',
  description: {
    ...emptyDescription('MNK 1987.12/3'),
    title: { en: 'Vase with peonies', fr: 'Vase aux pivoines' },
    makers: [{ name: 'Kim Hong-do' }],
    measurements: [
      { dimension: 'height', value: 312, unit: 'mm' },
      { dimension: 'width', value: 18, unit: 'cm' },
      { dimension: 'height', value: 40, unit: 'cm', part: 'stand' },
    ],
    inscriptions: [{ kind: 'number', text: 'K-554' }],
  },
};

describe('screenLotAgainstObject', () => {
  it('normalises inventory numbers as catalogues write them', () => {
    expect(normaliseInventoryNumber('Inv. MNK 1987.12/3')).toBe(normaliseInventoryNumber('mnk1987123'));
    expect(normaliseInventoryNumber('No. 4412')).toBe('4412');
    expect(normaliseInventoryNumber('Écu-12')).toBe('ecu12');
  });

  it('matches on the inventory number with the title, naming each rule and its part of the score', () => {
    const evidence = screenLotAgainstObject({ title: 'A vase with peonies', inventoryNumbers: ['mnk 1987-12-3'] }, vase);
    expect(evidence).toMatchObject({ objectId: 'obj-1', verdict: 'match', status: 'stolen' });
    expect(evidence?.rules.map((hit) => hit.rule)).toEqual(['inventory-number', 'title']);
    expect(evidence?.score).toBe(0.7);
  });

  it('reads a number written on the object, and a title in another language of the record', () => {
    const evidence = screenLotAgainstObject({ title: 'Vase aux pivoines', inventoryNumbers: ['K 554'] }, vase);
    expect(evidence?.verdict).toBe('match');
  });

  it('gives a possible match from a number alone or title and maker, a match from title, maker and measurements within tolerance', () => {
    expect(screenLotAgainstObject({ inventoryNumbers: ['MNK1987123'] }, vase)).toMatchObject({ verdict: 'possible', score: 0.45 });
    expect(screenLotAgainstObject({ title: 'Peonies vase', maker: 'Kim' }, vase)).toMatchObject({ verdict: 'possible', score: 0.4 });
    const described = screenLotAgainstObject({ title: 'Peonies vase', maker: 'Kim Hong-do', measurements: { height: 31.8, width: 17.5 } }, vase);
    expect(described).toMatchObject({ verdict: 'match', score: 0.55 });
    expect(described?.rules.find((hit) => hit.rule === 'measurements')?.detail).toBe('height 31.8≈31.2, width 17.5≈18');
  });

  it('is not a candidate from a title alone, different measurements, or a short common number', () => {
    expect(screenLotAgainstObject({ title: 'Vase with peonies' }, vase)).toBeNull();
    expect(screenLotAgainstObject({ title: 'Vase with peonies', measurements: { height: 45 }, maker: 'Yun Du-seo' }, vase)).toBeNull();
    expect(screenLotAgainstObject({ inventoryNumbers: ['12'] }, { ...vase, description: { ...vase.description, inventoryNumber: '12' } })).toBeNull();
  });
});

describe('lotOutcome', () => {
  const text = (verdict: 'match' | 'possible') => ({ objectId: 'x', title: 'x', status: 'stolen', verdict, score: 0.5, rules: [] });
  const category = (score: number) => ({ listSlug: 'l', edition: 1, categoryId: 'c', name: { en: 'c' }, score });
  it('is a match on any match, possible on a possible one or a confident Red List category, else no match', () => {
    expect(lotOutcome({ text: [text('possible'), text('match')], photos: [], categories: [] })).toBe('match');
    expect(lotOutcome({ text: [text('possible')], photos: [], categories: [] })).toBe('possible');
    expect(lotOutcome({ text: [], photos: [], categories: [category(0.7)] })).toBe('possible');
    expect(lotOutcome({ text: [], photos: [], categories: [category(0.2)] })).toBe('no-match');
  });
});
