import { olderThan, type AgeTest } from './age.js';
import type { FactName, Reason, RuleOutcome, RulesInput } from './check-model.js';
import { annexEvidence } from './eu-annex.js';
import { originExportOutcome } from './origin-rules.js';
import { conventionOutcomes } from './conventions.js';

/**
 * The rules an object meets at the border, from what is declared and what the lists record:
 * Regulation (EU) 2019/880 for entry into the EU, the origin country's export rules and the
 * conventions. A missing fact makes a rule 'unknown' and is listed, never guessed.
 */

/** The 27 member states (ISO 3166-1: Greece is GR), whose customs territory the regulation covers. */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);
/** Annex Part B: products of excavations (c) and elements of dismembered monuments (d), whatever their value. */
export const IMPORT_LICENCE_AGE = 250;
/** Annex Part C: the other categories, from this age and value. */
export const IMPORTER_STATEMENT_AGE = 200;
export const IMPORTER_STATEMENT_VALUE_EUR = 18_000;

export const REGULATION_2019_880 = {
  title: {
    en: 'Regulation (EU) 2019/880 on the introduction and the import of cultural goods',
    fr: 'Règlement (UE) 2019/880 concernant l’introduction et l’importation de biens culturels',
    es: 'Reglamento (UE) 2019/880 relativo a la introducción y la importación de bienes culturales',
  },
  reference: 'Regulation (EU) 2019/880',
  url: 'https://eur-lex.europa.eu/eli/reg/2019/880/oj',
};

export function assessRules(input: RulesInput): RuleOutcome[] {
  const origin = originExportOutcome(input);
  return [...euOutcomes(input, origin), origin, ...conventionOutcomes(input)];
}

function euOutcomes(input: RulesInput, origin: RuleOutcome): RuleOutcome[] {
  const { facts } = input;
  const destination = facts.destinationCountry;
  if (destination !== undefined && !EU_MEMBER_STATES.has(destination)) {
    return [noDocument([{ key: 'customs.reason.destinationOutsideEu', params: { country: destination } }])];
  }
  // Art. 1(2): goods created or discovered in the customs territory of the Union are not covered.
  if (facts.originCountry !== undefined && EU_MEMBER_STATES.has(facts.originCountry)) {
    return [noDocument([{ key: 'customs.reason.originInEu', params: { country: facts.originCountry } }])];
  }
  const unknownDestination: FactName[] = destination === undefined ? ['destinationCountry'] : [];
  const licence = importLicence(input, unknownDestination);
  const statement = importerStatement(input, unknownDestination);
  const needed = [licence, statement].filter((outcome) => outcome.applies !== 'no');
  const regime = needed.length > 0 ? needed : [noDocument(distinct([...licence.reasons, ...statement.reasons]), unknownDestination)];
  return [...regime, illicitExport(origin, unknownDestination)];
}

function noDocument(reasons: Reason[], missingFacts: FactName[] = []): RuleOutcome {
  return { rule: 'eu-no-document', applies: missingFacts.length > 0 ? 'unknown' : 'yes', reasons, missingFacts, references: [REGULATION_2019_880] };
}

function importLicence(input: RulesInput, missing: FactName[]): RuleOutcome {
  const annex = annexEvidence(input.facts, input.category);
  const age = ageReason(olderThan(input.facts.period, IMPORT_LICENCE_AGE, input.today), IMPORT_LICENCE_AGE);
  const inAnnex: Tri = annex.annex === undefined ? 'unknown' : annex.annex === 'c' || annex.annex === 'd' ? 'yes' : 'no';
  const applies = all([inAnnex, age.test], missing);
  return {
    rule: 'eu-import-licence',
    applies,
    ...(applies === 'yes' ? { documentHeld: input.facts.documents?.importLicence === true } : {}),
    reasons: [annex.reason, age.reason],
    missingFacts: [...missing, ...typeMissing(input, inAnnex), ...age.missing],
    references: [{ ...REGULATION_2019_880, reference: `${REGULATION_2019_880.reference}, Art. 4; Annex, Part B` }],
  };
}

function importerStatement(input: RulesInput, missing: FactName[]): RuleOutcome {
  const { facts } = input;
  const annex = annexEvidence(facts, input.category);
  const age = ageReason(olderThan(facts.period, IMPORTER_STATEMENT_AGE, input.today), IMPORTER_STATEMENT_AGE);
  const inAnnex: Tri = annex.annex === undefined ? 'unknown' : annex.annex === 'c' || annex.annex === 'd' ? 'no' : 'yes';
  const value: Tri = facts.declaredValueEur === undefined ? 'unknown' : facts.declaredValueEur >= IMPORTER_STATEMENT_VALUE_EUR ? 'yes' : 'no';
  const valueReason: Reason =
    facts.declaredValueEur === undefined
      ? { key: 'customs.reason.valueUnknown' }
      : { key: value === 'yes' ? 'customs.reason.valueAtLeast' : 'customs.reason.valueBelow', params: { value: facts.declaredValueEur, threshold: IMPORTER_STATEMENT_VALUE_EUR } };
  const applies = all([inAnnex, age.test, value], missing);
  return {
    rule: 'eu-importer-statement',
    applies,
    ...(applies === 'yes' ? { documentHeld: facts.documents?.importerStatement === true } : {}),
    reasons: [annex.reason, age.reason, valueReason],
    missingFacts: [...missing, ...typeMissing(input, inAnnex), ...age.missing, ...(value === 'unknown' ? (['declaredValueEur'] as const) : [])],
    references: [{ ...REGULATION_2019_880, reference: `${REGULATION_2019_880.reference}, Art. 5; Annex, Part C` }],
  };
}

/**
 * Art. 3(1): goods taken out of their origin country against its law may not enter at all. A
 * licence the declarant does not say they hold is for the officer to ask for: 'unknown'.
 */
function illicitExport(origin: RuleOutcome, missing: FactName[]): RuleOutcome {
  const rule = origin.applies === 'no' ? 'free' : origin.exportRule;
  const certain = origin.applies === 'yes' && missing.length === 0;
  const applies = rule === 'free' || (rule === 'licence' && origin.documentHeld === true) ? 'no' : rule === 'prohibited' && certain ? 'yes' : 'unknown';
  const key = {
    free: 'customs.reason.exportNotRestricted',
    licence: origin.documentHeld === true ? 'customs.reason.exportCertificateHeld' : 'customs.reason.exportNeedsCertificate',
    prohibited: 'customs.reason.exportProhibited',
  } as const;
  return {
    rule: 'eu-illicit-export',
    applies,
    reasons: [{ key: rule === undefined ? 'customs.reason.exportUnknown' : key[rule] }],
    missingFacts: applies === 'no' ? [] : [...missing, ...origin.missingFacts],
    references: [{ ...REGULATION_2019_880, reference: `${REGULATION_2019_880.reference}, Art. 3(1)` }],
  };
}

type Tri = RuleOutcome['applies'];

/** Every condition: 'no' as soon as one is not met, 'yes' when all are and nothing is missing, otherwise 'unknown'. */
function all(conditions: Tri[], missing: readonly FactName[]): Tri {
  if (conditions.includes('no')) return 'no';
  return conditions.every((condition) => condition === 'yes') && missing.length === 0 ? 'yes' : 'unknown';
}

/** The Annex category is unknown: the type would tell it, if it was not declared. */
const typeMissing = (input: RulesInput, inAnnex: Tri): FactName[] => (inAnnex === 'unknown' && input.facts.objectType === undefined ? ['objectType'] : []);

function ageReason(test: AgeTest, threshold: number): { test: Tri; reason: Reason; missing: FactName[] } {
  const key = { yes: 'customs.reason.olderThan', no: 'customs.reason.notOlderThan', straddles: 'customs.reason.periodStraddles', unknown: 'customs.reason.ageUnknown' } as const;
  return { test: test === 'straddles' ? 'unknown' : test, reason: { key: key[test], params: { years: threshold } }, missing: test === 'unknown' ? ['period'] : [] };
}

function distinct(reasons: Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((reason) => {
    const key = JSON.stringify(reason);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
