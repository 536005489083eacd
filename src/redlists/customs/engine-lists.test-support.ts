import { RedListDocumentSchema, RED_LIST_FORMAT, type RedListDocumentInput } from '../red-list-document.js';
import type { PublishedList } from './check-model.js';

const texts = (en: string) => ({ en, fr: en, es: en });

/**
 * A small Red List for the engine's tests: two countries (IQ, SY), ceramics with bowls and
 * archaeological tablets, a bronze figure category, export rules limited by category and age, and
 * convention ratifications.
 */
export function engineTestList(overrides: Partial<RedListDocumentInput> = {}): PublishedList {
  return RedListDocumentSchema.parse({
    format: RED_LIST_FORMAT,
    slug: 'test-middle-east',
    edition: { number: 2, year: 2024 },
    title: texts('Test list'),
    region: { name: texts('Test region'), countries: ['IQ', 'SY'] },
    languages: ['en'],
    introduction: texts('Introduction'),
    disclaimer: texts('The objects shown are not stolen.'),
    legal: {
      conventions: [
        { convention: 'unesco-1970', country: 'IQ', ratified: 1973 },
        { convention: 'unesco-1970', country: 'FR', ratified: 1997 },
        { convention: 'unidroit-1995', country: 'IQ', ratified: null },
      ],
      laws: [{ country: 'IQ', title: { en: 'Antiquities and Heritage Law' }, reference: 'Law No. 55 of 2002', url: 'https://example.org/iq-55-2002' }],
      exportRules: [
        { country: 'IQ', rule: 'prohibited', categories: ['tablets'], law: 'Law No. 55 of 2002' },
        { country: 'IQ', rule: 'licence', minimumAgeYears: 200, law: 'Law No. 55 of 2002' },
        { country: 'SY', rule: 'free' },
      ],
    },
    contacts: [
      { country: 'IQ', kind: 'expert', name: 'Iraq expert' },
      { country: 'IQ', kind: 'police', name: 'Iraq police' },
      { country: 'IQ', kind: 'customs', name: 'Iraq customs' },
      { country: 'SY', kind: 'customs', name: 'Syria customs' },
    ],
    categories: [
      { id: 'ceramics', name: { en: 'Ceramics', fr: 'Céramiques', es: 'Cerámicas' }, materials: ['clay', 'terracotta', 'pottery'], period: { from: -6000, to: 1800 } },
      {
        id: 'bowls',
        parent: 'ceramics',
        name: { en: 'Incantation bowls', fr: 'Coupes magiques', es: 'Cuencos de encantamiento' },
        objectTypes: ['bowl'],
        period: { from: 300, to: 800 },
        regionOrCulture: { en: 'Sasanian Mesopotamia' },
        description: { en: 'Bowls inscribed in spirals with Aramaic incantations in ink.' },
        euAnnex: 'c',
      },
      {
        id: 'tablets',
        parent: 'ceramics',
        name: { en: 'Cuneiform tablets', fr: 'Tablettes cunéiformes', es: 'Tablillas cuneiformes' },
        objectTypes: ['tablet'],
        aat: [{ id: 'http://vocab.getty.edu/aat/300265051', label: 'clay tablets' }],
        period: { from: -3300, to: -100 },
        regionOrCulture: { en: 'Sumerian, Babylonian, Assyrian' },
        euAnnex: 'c',
      },
      {
        id: 'bronze-figures',
        name: { en: 'Bronze figurines', fr: 'Figurines en bronze', es: 'Figurillas de bronce' },
        objectTypes: ['figurine', 'statuette'],
        materials: ['bronze', 'copper'],
        period: { from: -3000, to: -500 },
        euAnnex: 'e',
      },
    ],
    ...overrides,
  });
}
