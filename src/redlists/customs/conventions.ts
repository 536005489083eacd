import { CONVENTIONS, type Convention, type Texts } from '../red-list-document.js';
import type { FactName, Reason, RuleOutcome, RulesInput } from './check-model.js';

export const CONVENTION_REFERENCES: Record<Convention, { title: Texts; reference: string; url: string }> = {
  'hague-1954': {
    title: {
      en: 'Convention for the Protection of Cultural Property in the Event of Armed Conflict',
      fr: 'Convention pour la protection des biens culturels en cas de conflit armé',
      es: 'Convención para la Protección de los Bienes Culturales en caso de Conflicto Armado',
    },
    reference: 'The Hague, 1954',
    url: 'https://www.unesco.org/en/legal-affairs/convention-protection-cultural-property-event-armed-conflict-regulations-execution-convention',
  },
  'unesco-1970': {
    title: {
      en: 'Convention on the Means of Prohibiting and Preventing the Illicit Import, Export and Transfer of Ownership of Cultural Property',
      fr: 'Convention concernant les mesures à prendre pour interdire et empêcher l’importation, l’exportation et le transfert de propriété illicites des biens culturels',
      es: 'Convención sobre las Medidas que Deben Adoptarse para Prohibir e Impedir la Importación, la Exportación y la Transferencia de Propiedad Ilícitas de Bienes Culturales',
    },
    reference: 'UNESCO, Paris, 1970',
    url: 'https://www.unesco.org/en/legal-affairs/convention-means-prohibiting-and-preventing-illicit-import-export-and-transfer-ownership-cultural',
  },
  'unidroit-1995': {
    title: {
      en: 'UNIDROIT Convention on Stolen or Illegally Exported Cultural Objects',
      fr: 'Convention d’UNIDROIT sur les biens culturels volés ou illicitement exportés',
      es: 'Convenio de UNIDROIT sobre los Bienes Culturales Robados o Exportados Ilegalmente',
    },
    reference: 'UNIDROIT, Rome, 1995',
    url: 'https://www.unidroit.org/instruments/cultural-property/1995-convention/',
  },
};

type Party = 'yes' | 'no' | 'unknown';

/**
 * Whether each convention binds both the origin and the destination country, as the lists record
 * their ratifications; a convention neither country is recorded for is left out.
 */
export function conventionOutcomes({ facts, lists, today }: RulesInput): RuleOutcome[] {
  const records = lists.flatMap((list) => list.legal.conventions);
  const countries: Array<[FactName, string | undefined]> = [
    ['originCountry', facts.originCountry],
    ['destinationCountry', facts.destinationCountry],
  ];
  return CONVENTIONS.flatMap((convention) => {
    const statuses = countries.map(([fact, country]) => {
      const record = country === undefined ? undefined : records.find((entry) => entry.convention === convention && entry.country === country);
      return { fact, country, record };
    });
    if (statuses.every((status) => !status.record)) return [];
    const parties = statuses.map(({ fact, country, record }): { party: Party; missing: FactName[]; reason?: Reason } => {
      if (country === undefined) return { party: 'unknown', missing: [fact] };
      if (!record) return { party: 'unknown', missing: [], reason: { key: 'customs.reason.conventionNotRecorded', params: { country } } };
      if (record.ratified === null || record.ratified > today.getUTCFullYear()) return { party: 'no', missing: [], reason: { key: 'customs.reason.notPartyTo', params: { country } } };
      return { party: 'yes', missing: [], reason: { key: 'customs.reason.partyTo', params: { country, year: record.ratified } } };
    });
    const applies: Party = parties.some((p) => p.party === 'no') ? 'no' : parties.every((p) => p.party === 'yes') ? 'yes' : 'unknown';
    const outcome: RuleOutcome = {
      rule: 'convention',
      convention,
      applies,
      reasons: parties.flatMap((p) => (p.reason ? [p.reason] : [])),
      missingFacts: parties.flatMap((p) => p.missing),
      references: [CONVENTION_REFERENCES[convention]],
    };
    return [outcome];
  });
}
