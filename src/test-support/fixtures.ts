import type { Partner } from '../network/partner.js';

/** A valid partner that is not in the seed, for create and replace tests. */
export function newPartner(overrides: Partial<Partner> = {}): Partner {
  return {
    slug: 'louvre',
    category: 'museum-institution',
    name: { fr: 'Musée du Louvre', en: 'Louvre Museum', es: 'Museo del Louvre' },
    acronym: { fr: '', en: '', es: '' },
    description: {
      fr: 'Le plus grand musée d’art et d’antiquités de Paris.',
      en: 'The largest art and antiquities museum in Paris.',
      es: 'El mayor museo de arte y antigüedades de París.',
    },
    cooperation: {
      fr: 'Le musée forme les registraires du réseau à la documentation des collections.',
      en: 'The museum trains the network’s registrars in collection documentation.',
      es: 'El museo forma a los registradores de la red en la documentación de colecciones.',
    },
    themes: ['training', 'documentation'],
    since: {
      year: 2024,
      agreement: { fr: 'Protocole d’accord', en: 'Memorandum of understanding', es: 'Memorando de entendimiento' },
    },
    website: 'https://www.louvre.fr',
    ...overrides,
  };
}
