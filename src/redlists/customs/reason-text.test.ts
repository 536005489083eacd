import { describe, expect, it } from 'vitest';
import type { MatchReason, Reason } from './check-model.js';
import { matchText, reasonText } from './reason-text.js';

const solmar = new Map([['XS', { en: 'Solmar Peninsula (fictional region)', fr: 'Péninsule de Solmar (région fictive)', es: 'Península de Solmar (región ficticia)' }]]);

/** Every detail the ranking emits (category-ranking.ts), as a reader must read it. */
const MATCHES: Array<[MatchReason, { en: string; fr: string; es: string }]> = [
  [{ kind: 'type', detail: 'bowl', weight: 0.3 }, { en: 'Type: bowl', fr: 'Type : bowl', es: 'Tipo: bowl' }],
  [{ kind: 'material', detail: 'ceramic', weight: 0.2 }, { en: 'Material: ceramic', fr: 'Matériau : ceramic', es: 'Material: ceramic' }],
  [{ kind: 'period', detail: '-700..-400', weight: 0.2 }, { en: 'Period: 700–400 BCE', fr: 'Période : 700–400 av. J.-C.', es: 'Período: 700–400 a. C.' }],
  [
    { kind: 'period', detail: 'near:100', weight: 0.1 },
    { en: 'Period: within 100 years of the category’s period', fr: 'Période : à 100 ans de la période de la catégorie', es: 'Período: a 100 años del período de la categoría' },
  ],
  [{ kind: 'period', detail: 'near:1', weight: 0.1 }, { en: 'Period: within a year of the category’s period', fr: 'Période : à un an de la période de la catégorie', es: 'Período: a un año del período de la categoría' }],
  [
    { kind: 'period', detail: 'far:900', weight: 0 },
    {
      en: 'Period: 900 years away from the category’s period, beyond the margin',
      fr: 'Période : à 900 ans de la période de la catégorie, hors de la marge',
      es: 'Período: a 900 años del período de la categoría, fuera del margen',
    },
  ],
  [{ kind: 'region', detail: 'LB', weight: 0.1 }, { en: 'Region: Lebanon', fr: 'Région : Liban', es: 'Región: Líbano' }],
  [
    { kind: 'region', detail: 'XS', weight: 0.1 },
    { en: 'Region: Solmar Peninsula (fictional region) — XS', fr: 'Région : Péninsule de Solmar (région fictive) — XS', es: 'Región: Península de Solmar (región ficticia) — XS' },
  ],
  [{ kind: 'region', detail: 'culture:phoenician', weight: 0.1 }, { en: 'Region: culture “phoenician”', fr: 'Région : culture « phoenician »', es: 'Región: cultura «phoenician»' }],
  [{ kind: 'words', detail: 'painted,rim', weight: 0.1 }, { en: 'Description: painted, rim', fr: 'Description : painted, rim', es: 'Descripción: painted, rim' }],
  [{ kind: 'visual', detail: '0.82', weight: 0.1 }, { en: 'Looks like the examples: 82%', fr: 'Ressemble aux exemples : 82\u00a0%', es: 'Se parece a los ejemplos: 82\u00a0%' }],
];

describe('matchText', () => {
  for (const lang of ['en', 'fr', 'es'] as const) {
    it(`says every kind of match in words, in ${lang}`, () => {
      expect(MATCHES.map(([reason]) => matchText(reason, lang, solmar))).toEqual(MATCHES.map(([, texts]) => texts[lang]));
    });
  }
});

describe('reasonText', () => {
  const reasons: Reason[] = [
    { key: 'customs.reason.originExport.prohibited', params: { country: 'XS' } },
    { key: 'customs.reason.partyTo', params: { country: 'LB', year: 1992 } },
    { key: 'customs.recommendation.reason.registryMatch', params: { title: 'Portrait', objectId: 'abc', status: 'stolen' } },
    { key: 'customs.reason.valueAtLeast', params: { value: 25000, threshold: 18000 } },
    { key: 'customs.reason.exportRuleCategories', textParams: { categories: { en: 'Painted bowls, Bronzes', fr: 'Bols peints, Bronzes', es: 'Cuencos pintados, Bronces' } } },
  ];
  const expected = {
    en: [
      'The law of Solmar Peninsula (fictional region) — XS prohibits the export of such objects.',
      'Lebanon is a party (since 1992).',
      'The photo matches “Portrait” in the registry (Stolen).',
      'Declared value €25,000: at least €18,000.',
      'The rule covers only some categories (Painted bowls, Bronzes): which one the object is in is not certain.',
    ],
  };

  it('names countries, statuses and amounts in words, and picks texts in the reader’s language', () => {
    expect(reasons.map((reason) => reasonText(reason, 'en', solmar))).toEqual(expected.en);
  });

  for (const lang of ['fr', 'es'] as const) {
    it(`leaves no code for a reader in ${lang}`, () => {
      const texts = reasons.map((reason) => reasonText(reason, lang, solmar));
      for (const text of texts) expect(text).not.toMatch(/\{|customs\.|\bstolen\b|\bLB\b/);
      expect(texts.join(' ')).toContain(lang === 'fr' ? 'Liban' : 'Líbano');
      expect(texts[4]).toContain(lang === 'fr' ? 'Bols peints' : 'Cuencos pintados');
    });
  }
});
