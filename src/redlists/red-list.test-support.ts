import type { Principal } from '../roles.js';
import { jpeg, png } from '../test-support/photo-images.js';
import type { TestApp } from '../test-support/test-app.js';
import { RED_LIST_FORMAT, type RedListDocumentInput } from './red-list-document.js';

/**
 * A small, complete Red List in French, English and Spanish (a domain, a type under it, two example
 * photos), as a file would hold it: the storage, validation and import tests start from it.
 */
export function sampleRedList(overrides: Partial<RedListDocumentInput> = {}): RedListDocumentInput {
  const t = (fr: string, en: string, es: string) => ({ fr, en, es });
  return {
    format: RED_LIST_FORMAT,
    slug: 'test-region',
    edition: { number: 1, year: 2026 },
    title: t('Liste rouge de test', 'Test Red List', 'Lista Roja de prueba'),
    region: { name: t('Région de test', 'Test region', 'Región de prueba'), countries: ['IQ', 'SY'] },
    languages: ['fr', 'en', 'es'],
    introduction: t('Introduction.', 'Introduction.', 'Introducción.'),
    disclaimer: t('Ces objets ne sont pas volés.', 'These objects are not stolen.', 'Estos objetos no son robados.'),
    legal: {
      conventions: [{ convention: 'unesco-1970', country: 'IQ', ratified: 1973 }],
      laws: [{ country: 'IQ', title: t('Loi sur les antiquités', 'Antiquities law', 'Ley de antigüedades'), reference: 'Law 55/2002', year: 2002 }],
      exportRules: [{ country: 'IQ', rule: 'prohibited', categories: ['tablets'], law: 'Law 55/2002' }],
    },
    contacts: [{ country: 'IQ', kind: 'police', name: 'Antiquities police', email: 'police@example.org' }],
    categories: [
      { id: 'writing', name: t('Écriture', 'Writing', 'Escritura') },
      {
        id: 'tablets',
        parent: 'writing',
        name: t('Tablettes cunéiformes', 'Cuneiform tablets', 'Tablillas cuneiformes'),
        period: { from: -3200, to: 100 },
        objectTypes: ['tablet'],
        materials: ['clay'],
        examples: [
          { image: 'tablet-1.jpg', credit: 'Test museum', licence: 'CC0', institution: 'Test museum', inventoryNumber: 'T-1' },
          { image: 'tablet-2.png', credit: 'Test museum', licence: 'CC0', institution: 'Test museum', description: t('Revers', 'Back', 'Reverso') },
        ],
      },
    ],
    ...overrides,
  };
}

/** The images `sampleRedList` names. */
export async function sampleImages(): Promise<Map<string, Buffer>> {
  return new Map([
    ['tablet-1.jpg', await jpeg(640, 480)],
    ['tablet-2.png', await png(300, 200)],
  ]);
}

let people = 0;

/** A person of `role` at the secretariat (the role must be allowed there). */
export async function person(t: TestApp, role: Principal['role']): Promise<Principal> {
  people += 1;
  return t.context.accounts.addPerson({
    email: `red-lists-${people}@example.org`,
    displayName: `${role} ${people}`,
    password: 'a long enough test password',
    organisationSlug: 'secretariat',
    role,
  });
}
